"""Independent numpy implementation of the sentence-transformers all-MiniLM-L6-v2 pipeline.

Reads model.safetensors with its own header parser (no torch, no safetensors package), tokenizes with
Hugging Face `tokenizers`, runs BERT on a batch padded to the longest text with an attention mask (additive
-inf-like mask as in transformers), mean-pools over the mask and L2-normalises.

    python3 reference_embed.py                 # writes Fixtures/embed_reference.json (used by the Swift tests)
    python3 reference_embed.py --bench N       # prints embeddings/s at batch 1 and 32 (see benchmarks/embeddings)
"""
import json
import math
import os
import struct
import sys
import time

import numpy as np
from tokenizers import Tokenizer

CACHE = os.environ.get("BASALT_CACHE", "/root/.cache/basalt")
MODEL_DIR = os.environ.get("BASALT_EMBED_MODEL", os.path.join(CACHE, "models/all-minilm-l6-v2"))

TEXTS = [
    "A cat sits on the mat",
    "A kitten is on the rug",
    "Stock markets fell",
    "Hello, world!",
    "The quick brown fox jumps over the lazy dog. " * 3,
    "Café résumé naïve — 你好，世界！ emoji 😀",
    "Machine learning models turn text into vectors so that similar sentences are close together.",
    "x",
]


def load_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    base = 8 + n
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = {"F32": np.float32, "F16": np.float16, "I64": np.int64}[info["dtype"]]
        begin, end = info["data_offsets"]
        tensors[name] = np.frombuffer(raw[base + begin:base + end], dtype=dtype).reshape(info["shape"])
    return tensors


def _erf(x):
    # Exact erf elementwise in float64 (numpy has no erf; scipy is optional).
    flat = x.astype(np.float64).ravel()
    return np.fromiter((math.erf(v) for v in flat), dtype=np.float64, count=flat.size).reshape(x.shape)


def layer_norm(x, w, b, eps):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w + b


class Reference:
    def __init__(self, model_dir=MODEL_DIR, fast_gelu=False):
        self.cfg = json.load(open(os.path.join(model_dir, "config.json")))
        self.t = load_safetensors(os.path.join(model_dir, "model.safetensors"))
        self.tok = Tokenizer.from_file(os.path.join(model_dir, "tokenizer.json"))
        self.tok.no_truncation()
        self.tok.no_padding()
        self.fast_gelu = fast_gelu
        self.cache = {}

    def w(self, name):
        cached = self.cache.get(name)
        if cached is None:
            cached = self.cache[name] = self.t[name].astype(np.float32)
        return cached

    def gelu(self, x):
        if self.fast_gelu:
            try:
                from scipy.special import erf
                return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))
            except ImportError:
                pass
        return (0.5 * x * (1.0 + _erf(x / np.sqrt(2.0)))).astype(np.float32)

    def embed(self, texts, max_len=512):
        encs = [self.tok.encode(t).ids[:max_len] for t in texts]
        longest = max(len(e) for e in encs)
        ids = np.zeros((len(encs), longest), dtype=np.int64)
        mask = np.zeros((len(encs), longest), dtype=np.float32)
        for i, e in enumerate(encs):
            ids[i, :len(e)] = e
            mask[i, :len(e)] = 1
        cfg = self.cfg
        h, heads = cfg["hidden_size"], cfg["num_attention_heads"]
        d = h // heads
        eps = cfg["layer_norm_eps"]
        x = (self.w("embeddings.word_embeddings.weight")[ids]
             + self.w("embeddings.position_embeddings.weight")[np.arange(longest)][None]
             + self.w("embeddings.token_type_embeddings.weight")[0][None, None])
        x = layer_norm(x, self.w("embeddings.LayerNorm.weight"), self.w("embeddings.LayerNorm.bias"), eps)
        additive = (1.0 - mask)[:, None, None, :] * np.finfo(np.float32).min
        b, n = ids.shape
        for layer in range(cfg["num_hidden_layers"]):
            p = f"encoder.layer.{layer}."
            lin = lambda v, name: v @ self.w(p + name + ".weight").T + self.w(p + name + ".bias")
            q = lin(x, "attention.self.query").reshape(b, n, heads, d).transpose(0, 2, 1, 3)
            k = lin(x, "attention.self.key").reshape(b, n, heads, d).transpose(0, 2, 1, 3)
            v = lin(x, "attention.self.value").reshape(b, n, heads, d).transpose(0, 2, 1, 3)
            scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(d) + additive
            scores = scores - scores.max(-1, keepdims=True)
            probs = np.exp(scores)
            probs /= probs.sum(-1, keepdims=True)
            ctx = (probs @ v).transpose(0, 2, 1, 3).reshape(b, n, h)
            x = layer_norm(x + lin(ctx, "attention.output.dense"),
                           self.w(p + "attention.output.LayerNorm.weight"),
                           self.w(p + "attention.output.LayerNorm.bias"), eps)
            ff = self.gelu(lin(x, "intermediate.dense"))
            x = layer_norm(x + lin(ff, "output.dense"), self.w(p + "output.LayerNorm.weight"),
                           self.w(p + "output.LayerNorm.bias"), eps)
        pooled = (x * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return pooled / norms, [len(e) for e in encs]


def write_fixture():
    ref = Reference()
    vectors, counts = ref.embed(TEXTS)
    out = {"texts": TEXTS, "tokenCounts": counts, "vectors": [[round(float(v), 7) for v in row] for row in vectors]}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Fixtures", "embed_reference.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False)
    print("wrote", path)


def bench(seconds):
    ref = Reference(fast_gelu=True)
    corpus = [f"Sentence number {i}: the quick brown fox jumps over the lazy dog near the river bank." for i in range(32)]
    for batch in (1, 32):
        texts = corpus[:batch]
        ref.embed(texts)  # warm-up
        done, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            ref.embed(texts)
            done += batch
        rate = done / (time.perf_counter() - start)
        print(f"numpy batch={batch}: {rate:.1f} embeddings/s")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--bench":
        bench(float(sys.argv[2]))
    else:
        write_fixture()
