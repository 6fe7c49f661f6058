#!/usr/bin/env python3
"""Exact-arithmetic reference for a llama-architecture GGUF: dequantizes every weight (gguf package) and runs the
forward pass in float64 with no activation quantization, F64 KV and plain softmax. Used to judge which of two
implementations (llama.cpp, Basalt) is closer to the math when their greedy outputs diverge.

usage: exact_logits.py MODEL JOBS_JSON [DUMP_DIR]
JOBS_JSON: {"name": [token ids, prompt + generated], ...}. Prints one JSON line per job with the five largest
logits after the last id ({"name": ..., "top": [[id, logit], ...]}); with DUMP_DIR, also writes all logits
(float32) to DUMP_DIR/name.f32.
"""
import json
import sys

import numpy as np
from gguf import GGUFReader
from gguf.quants import dequantize

model, jobs = sys.argv[1], json.loads(open(sys.argv[2]).read())
dump = sys.argv[3] if len(sys.argv) > 3 else None
r = GGUFReader(model)
f = r.fields
val = lambda k: f[k].parts[f[k].data[0]][0]
T = {t.name: t for t in r.tensors}
cache = {}


def W(n):
    """Dequantized weight (float32, as ggml dequantizes), kept for the following jobs."""
    if n not in cache:
        cache[n] = dequantize(T[n].data, T[n].tensor_type).astype(np.float32)
    return cache[n]


layers, dim = int(val("llama.block_count")), int(val("llama.embedding_length"))
heads, kv_heads = int(val("llama.attention.head_count")), int(val("llama.attention.head_count_kv"))
eps, base = float(val("llama.attention.layer_norm_rms_epsilon")), float(val("llama.rope.freq_base"))
hd = dim // heads
rope_dim = int(val("llama.rope.dimension_count"))


def rms(v, w):
    return v / np.sqrt(np.mean(v * v, axis=-1, keepdims=True) + eps) * w


def forward(ids):
    """Logits after the last of `ids` (float64 activations throughout)."""
    n = len(ids)
    emb = W("token_embd.weight")
    x = emb[ids].astype(np.float64)  # (n, dim)
    pos = np.arange(n)[:, None]
    freqs = base ** (-2.0 * np.arange(rope_dim // 2) / rope_dim)
    ang = pos * freqs[None, :]
    cos, sin = np.cos(ang), np.sin(ang)

    def rope(t):  # t: (n, h, hd), GGML "normal" mode: adjacent pairs
        t = t.copy()
        a, b = t[..., 0:rope_dim:2].copy(), t[..., 1:rope_dim:2].copy()
        t[..., 0:rope_dim:2] = a * cos[:, None, :] - b * sin[:, None, :]
        t[..., 1:rope_dim:2] = a * sin[:, None, :] + b * cos[:, None, :]
        return t

    mask = np.triu(np.full((n, n), -np.inf), 1)
    for l in range(layers):
        p = f"blk.{l}."
        h = rms(x, W(p + "attn_norm.weight"))
        q = rope((h @ W(p + "attn_q.weight").T).reshape(n, heads, hd))
        k = rope((h @ W(p + "attn_k.weight").T).reshape(n, kv_heads, hd))
        v = (h @ W(p + "attn_v.weight").T).reshape(n, kv_heads, hd)
        g = heads // kv_heads
        att = np.empty((n, heads, hd))
        for hh in range(heads):
            s = q[:, hh, :] @ k[:, hh // g, :].T / np.sqrt(hd) + mask
            s = np.exp(s - s.max(axis=1, keepdims=True))
            s /= s.sum(axis=1, keepdims=True)
            att[:, hh, :] = s @ v[:, hh // g, :]
        x = x + att.reshape(n, dim) @ W(p + "attn_output.weight").T
        h = rms(x, W(p + "ffn_norm.weight"))
        gate, up = h @ W(p + "ffn_gate.weight").T, h @ W(p + "ffn_up.weight").T
        x = x + (gate / (1 + np.exp(-gate)) * up) @ W(p + "ffn_down.weight").T
    out_w = W("output.weight") if "output.weight" in T else emb
    logits = rms(x[-1:], W("output_norm.weight")) @ out_w.T
    return logits[0]


for name, ids in jobs.items():
    logits = forward(ids)
    top = np.argsort(-logits)[:5]
    print(json.dumps({"name": name, "top": [[int(i), float(logits[i])] for i in top]}), flush=True)
    if dump:
        logits.astype(np.float32).tofile(f"{dump}/{name}.f32")
