#!/usr/bin/env python3
"""Independent numpy forward pass of a llama-architecture GGUF model (reference for the Swift engine).

Reads weights with the `gguf` package (its own numpy dequantizers), runs the textbook llama
computation in float64 (RMSNorm, rotary embedding on adjacent pairs, grouped-query causal attention,
SwiGLU, tied output when `output.weight` is absent) and writes the logits of the last token as
little-endian float32 to OUT.

usage: reference_forward.py MODEL.gguf OUT.f32 TOKEN [TOKEN ...]
"""
import sys

import numpy as np
from gguf import GGUFReader
from gguf.quants import dequantize


def main() -> None:
    path, out_path, tokens = sys.argv[1], sys.argv[2], [int(t) for t in sys.argv[3:]]
    reader = GGUFReader(path)

    def meta(key, default=None):
        field = reader.fields.get(key)
        if field is None:
            return default
        return field.contents()

    arch = meta("general.architecture")
    assert arch == "llama", arch
    n_layer = meta(f"{arch}.block_count")
    n_head = meta(f"{arch}.attention.head_count")
    n_kv = meta(f"{arch}.attention.head_count_kv", n_head)
    dim = meta(f"{arch}.embedding_length")
    eps = meta(f"{arch}.attention.layer_norm_rms_epsilon", 1e-5)
    base = meta(f"{arch}.rope.freq_base", 10000.0)
    head_dim = dim // n_head
    rot = meta(f"{arch}.rope.dimension_count", head_dim)

    tensors = {t.name: t for t in reader.tensors}

    def w(name):
        t = tensors[name]
        return dequantize(t.data, t.tensor_type).astype(np.float64).reshape([int(d) for d in reversed(t.shape)])

    def rmsnorm(x, weight):
        return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps) * weight

    n = len(tokens)
    emb = w("token_embd.weight")
    x = emb[tokens]
    pos = np.arange(n)[:, None]
    inv = base ** (-np.arange(0, rot, 2) / rot)
    ang = pos * inv[None, :]
    cos, sin = np.cos(ang), np.sin(ang)

    def rope(v):  # v: [n, heads, head_dim]; rotate adjacent pairs of the first `rot` dims
        v = v.copy()
        a, b = v[:, :, 0:rot:2].copy(), v[:, :, 1:rot:2].copy()
        v[:, :, 0:rot:2] = a * cos[:, None, :] - b * sin[:, None, :]
        v[:, :, 1:rot:2] = a * sin[:, None, :] + b * cos[:, None, :]
        return v

    mask = np.triu(np.full((n, n), -np.inf), 1)
    for layer in range(n_layer):
        p = f"blk.{layer}."
        h = rmsnorm(x, w(p + "attn_norm.weight"))
        q = rope((h @ w(p + "attn_q.weight").T).reshape(n, n_head, head_dim))
        k = rope((h @ w(p + "attn_k.weight").T).reshape(n, n_kv, head_dim))
        v = (h @ w(p + "attn_v.weight").T).reshape(n, n_kv, head_dim)
        out = np.zeros((n, n_head, head_dim))
        for hd in range(n_head):
            kv = hd // (n_head // n_kv)
            s = q[:, hd, :] @ k[:, kv, :].T / np.sqrt(head_dim) + mask
            s = np.exp(s - s.max(axis=1, keepdims=True))
            s /= s.sum(axis=1, keepdims=True)
            out[:, hd, :] = s @ v[:, kv, :]
        x = x + out.reshape(n, dim) @ w(p + "attn_output.weight").T
        h = rmsnorm(x, w(p + "ffn_norm.weight"))
        g = h @ w(p + "ffn_gate.weight").T
        u = h @ w(p + "ffn_up.weight").T
        x = x + (g / (1 + np.exp(-g)) * u) @ w(p + "ffn_down.weight").T
    last = rmsnorm(x[-1], w("output_norm.weight"))
    out_w = w("output.weight") if "output.weight" in tensors else emb
    logits = out_w @ last
    logits.astype("<f4").tofile(out_path)


if __name__ == "__main__":
    main()
