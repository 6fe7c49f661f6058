#!/usr/bin/env python3
"""Embeddings/s at batch 1 and 32: Basalt's built-in encoder (LocalEmbeddingModel, all-MiniLM-L6-v2) against
the independent numpy reference (Tests/BasaltEngineTests/Embeddings/reference_embed.py), same texts.

    python3 benchmarks/embeddings/bench.py [--seconds 5] [--package-path .]

The Swift side runs the `EmbeddingBenchmark` test (enabled by BASALT_EMBED_BENCH=<seconds>); the engine target
is always built optimised (-Ounchecked), so a debug `swift test` build measures optimised code.
Needs: numpy, tokenizers (pip), optionally scipy (fast erf for the reference's GELU).
"""
import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "Tests", "BasaltEngineTests", "Embeddings"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=5)
    ap.add_argument("--package-path", default=ROOT)
    args = ap.parse_args()

    env = dict(os.environ, BASALT_EMBED_BENCH=str(args.seconds))
    proc = subprocess.run(["swift", "test", "--package-path", args.package_path, "--filter", "EmbeddingBenchmark"],
                          env=env, capture_output=True, text=True)
    basalt = {(p, int(b)): float(r)
              for p, b, r in re.findall(r"basalt\[(\w+)\] batch=(\d+): ([\d.]+) embeddings/s", proc.stdout)}
    if not basalt:
        sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-3000:])
        sys.exit("the Swift benchmark printed no figures (model missing or build failed)")

    import io
    import contextlib
    import reference_embed
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        reference_embed.bench(args.seconds)
    numpy = {int(b): float(r) for b, r in re.findall(r"numpy batch=(\d+): ([\d.]+) embeddings/s", out.getvalue())}

    print(f"{'precision':>9}  {'batch':>5}  {'basalt emb/s':>12}  {'numpy emb/s':>11}  {'ratio':>6}")
    for (precision, batch), rate in sorted(basalt.items()):
        n = numpy.get(batch, float("nan"))
        print(f"{precision:>9}  {batch:>5}  {rate:>12.1f}  {n:>11.1f}  {rate / n:>6.2f}x")


if __name__ == "__main__":
    main()
