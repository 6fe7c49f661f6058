#!/usr/bin/env python3
"""Server overhead: Converse and ConverseStream through the real Basalt HTTP stack against a backend that answers
at once (basalt-bench-server), with 1 and 64 concurrent connections (wrk). Prints p50/p99 latency and requests/s.

Usage: benchmarks/server_overhead.py [--duration 10] [--bin .build/release/basalt-bench-server]
Needs wrk (apt-get install wrk)."""
import argparse, json, os, re, socket, subprocess, sys, tempfile, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BODY = json.dumps({"messages": [{"role": "user", "content": [{"text": "Hello, how are you?"}]}],
                   "inferenceConfig": {"maxTokens": 32}})
MODEL = "anthropic.claude-3-haiku-20240307-v1%3A0"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(port):
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
            return
        except Exception:
            time.sleep(0.05)
    sys.exit("server did not start")


def run_wrk(port, path, conns, duration):
    lua = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    lua.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
              f"wrk.body = {json.dumps(BODY)}\n"
              "done = function(summary, latency, requests)\n"
              "  io.write(string.format('RESULT %d %d %d %d %d\\n', summary.requests, summary.duration,"
              " latency:percentile(50), latency:percentile(99), summary.errors.status + summary.errors.connect"
              " + summary.errors.read + summary.errors.write + summary.errors.timeout))\nend\n")
    lua.close()
    threads = min(conns, 2)
    out = subprocess.run(["wrk", "-t", str(threads), "-c", str(conns), "-d", f"{duration}s", "-s", lua.name,
                          f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True).stdout
    os.unlink(lua.name)
    m = re.search(r"RESULT (\d+) (\d+) (\d+) (\d+) (\d+)", out)
    reqs, dur_us, p50, p99, errors = map(int, m.groups())
    return reqs / (dur_us / 1e6), p50 / 1000, p99 / 1000, errors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--bin", default=os.path.join(ROOT, ".build/release/basalt-bench-server"))
    args = ap.parse_args()
    port = free_port()
    server = subprocess.Popen([args.bin, str(port)])
    try:
        wait_ready(port)
        print(f"{'operation':<16}{'clients':>8}{'req/s':>12}{'p50 ms':>10}{'p99 ms':>10}{'errors':>8}")
        for op in ("converse", "converse-stream"):
            for conns in (1, 64):
                rps, p50, p99, errors = run_wrk(port, f"/model/{MODEL}/{op}", conns, args.duration)
                print(f"{op:<16}{conns:>8}{rps:>12.0f}{p50:>10.3f}{p99:>10.3f}{errors:>8}")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
