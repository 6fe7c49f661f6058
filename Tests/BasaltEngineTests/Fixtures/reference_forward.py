#!/usr/bin/env python3
"""Independent numpy forward pass of a llama-architecture GGUF model (reference for the Swift engine).

Reads weights with the `gguf` package (its own numpy dequantizers), runs the textbook llama
computation in float64 (RMSNorm, rotary embedding on adjacent pairs, grouped-query causal attention,
SwiGLU, tied output when `output.weight` is absent) and writes the logits of the last token as
little-endian float32 to OUT.

RoPE follows llama.cpp's reading of the metadata: `rope_freqs.weight` divides the base frequencies;
`rope.scaling.type` none / linear (also when absent) / yarn with `rope.scaling.factor` (or the older
`rope.scale_linear`). YaRN (arXiv 2309.00071, as in ggml's rope): pairs that turn more than beta_fast
times over the original context keep their frequency, pairs turning fewer than beta_slow times are
interpolated by 1/factor, with a linear ramp (times yarn_ext_factor) between, and cos/sin are scaled
by attn_factor * (1 + 0.1 ln(factor)).

With --round-activations, the input of every product with a quantized (not F32/F16/BF16) weight is
first rounded as the engine's fast path and llama.cpp round it: to 8 bits per block of 32 elements
(256 for the K-quants), see round_activations.

usage: reference_forward.py [--round-activations] MODEL.gguf OUT.f32 TOKEN [TOKEN ...]
"""
import sys

import numpy as np
from gguf import GGMLQuantizationType as T
from gguf import GGUFReader
from gguf.quants import dequantize


def rope_frequencies(meta, arch, base, rot):
    """Unscaled frequencies theta_i = base^(-2i/rot) and the cos/sin magnitude."""
    inv = base ** (-np.arange(0, rot, 2) / rot)
    kind = meta(f"{arch}.rope.scaling.type", "linear")
    factor = factor_of(meta, arch)
    attn = meta(f"{arch}.rope.scaling.attn_factor", 1.0) * meta(f"{arch}.rope.scaling.yarn_attn_factor", 1.0)
    if kind == "yarn" and ext_factor(meta, arch) != 0:
        attn *= 1 + 0.1 * np.log(factor)
    return inv, attn


def factor_of(meta, arch):
    kind = meta(f"{arch}.rope.scaling.type", "linear")
    factor = meta(f"{arch}.rope.scaling.factor", meta(f"{arch}.rope.scale_linear", 0.0))
    if kind == "none" or factor == 0:
        return 1.0
    assert kind in ("linear", "yarn"), kind
    return factor


def ext_factor(meta, arch):
    ext = meta(f"{arch}.rope.scaling.yarn_ext_factor", -1.0)
    return ext if ext >= 0 else 1.0


def scale_mix(meta, arch, base, rot):
    """Per-pair multiplier of the frequency: 1/factor (interpolation) blended towards 1 (extrapolation)."""
    factor = factor_of(meta, arch)
    pairs = np.arange(rot // 2)
    if meta(f"{arch}.rope.scaling.type", "linear") != "yarn":
        return np.full(rot // 2, 1 / factor)
    ctx = meta(f"{arch}.rope.scaling.original_context_length", meta(f"{arch}.context_length"))
    fast = meta(f"{arch}.rope.scaling.yarn_beta_fast", 32.0)
    slow = meta(f"{arch}.rope.scaling.yarn_beta_slow", 1.0)

    def pair_turning(rotations):  # the pair index whose wavelength fits `rotations` times into ctx
        return rot * np.log(ctx / (rotations * 2 * np.pi)) / (2 * np.log(base))

    low = max(0.0, np.floor(pair_turning(fast)))
    high = min(rot - 1.0, np.ceil(pair_turning(slow)))
    ramp = 1 - np.clip((pairs - low) / max(0.001, high - low), 0, 1)
    mix = ramp * ext_factor(meta, arch)
    return (1 - mix) / factor + mix


FLOAT_TYPES = (T.F32, T.F16, T.BF16)
K_TYPES = (T.Q2_K, T.Q3_K, T.Q4_K, T.Q5_K, T.Q6_K)


def round_activations(x, block):
    """x [tokens, k] as the engine's and llama.cpp's 8-bit activation blocks hold it, and per block of 32 the
    difference between the block's stored sum and the sum of its rounded values ([tokens, k / 32]; zeros for
    256-blocks).

    Blocks of 32 (ggml's Q8_0/Q8_1): quants rint(x * 127/amax), scale F16(amax/127), stored sum
    F16(amax/127 * sum(q)). Blocks of 256 (Q8_K): scale amax/127 in float32, quants rint(x / scale)."""
    x32 = x.astype(np.float32).reshape(x.shape[0], -1, block)
    amax = np.abs(x32).max(axis=-1, keepdims=True)
    d = (amax / np.float32(127)).astype(np.float32)
    safe = np.where(amax != 0, amax, np.float32(1))
    if block == 32:
        inv = np.where(amax != 0, np.float32(127) / safe, np.float32(0)).astype(np.float32)
        q = np.rint((x32 * inv).astype(np.float32))
        scale = d.astype(np.float16).astype(np.float64)
        qsum = q.sum(axis=-1, keepdims=True)
        stored = (d * qsum.astype(np.float32)).astype(np.float32).astype(np.float16).astype(np.float64)
        gap = (stored - scale * qsum)[..., 0]
    else:
        inv = np.where(d != 0, np.float32(1) / np.where(d != 0, d, np.float32(1)), np.float32(0)).astype(np.float32)
        q = np.rint((x32 * inv).astype(np.float32))
        scale = d.astype(np.float64)
        gap = np.zeros(x32.shape[:2])
    return (q.astype(np.float64) * scale).reshape(x.shape), gap


OFFSET_BLOCK_BYTES = {T.Q4_0: 18, T.Q4_1: 20, T.Q5_0: 22, T.Q5_1: 24}


def block_offsets(t):
    """[rows, k / 32]: the value a quant of 0 stands for in each block (-8 d, -16 d, or m), for the weight
    types whose products use the activation block's stored sum; None for the others."""
    size = OFFSET_BLOCK_BYTES.get(t.tensor_type)
    if size is None:
        return None
    raw = np.asarray(t.data, dtype=np.uint8).reshape(-1, size)
    d = raw[:, 0:2].copy().view(np.float16).astype(np.float64)[:, 0]
    if t.tensor_type == T.Q4_0:
        o = -8 * d
    elif t.tensor_type == T.Q5_0:
        o = -16 * d
    else:
        o = raw[:, 2:4].copy().view(np.float16).astype(np.float64)[:, 0]
    rows = int(t.shape[-1]) if len(t.shape) > 1 else 1
    return o.reshape(rows, -1)


def main() -> None:
    args = sys.argv[1:]
    rounding = args[0] == "--round-activations"
    if rounding:
        args = args[1:]
    path, out_path, tokens = args[0], args[1], [int(t) for t in args[2:]]
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

    cache = {}

    def w(name):
        if name not in cache:
            t = tensors[name]
            shape = [int(d) for d in reversed(t.shape)]
            cache[name] = dequantize(t.data, t.tensor_type).astype(np.float64).reshape(shape)
        return cache[name]

    def matmul(x, name):  # x [tokens, k] times the transposed weight [rows, k]
        kind = tensors[name].tensor_type
        if rounding and kind not in FLOAT_TYPES:
            x, gap = round_activations(x, 256 if kind in K_TYPES else 32)
            offsets = block_offsets(tensors[name])
            if offsets is not None:
                return x @ w(name).T + gap @ offsets.T
        return x @ w(name).T

    def rmsnorm(x, weight):
        return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps) * weight

    n = len(tokens)
    emb = w("token_embd.weight")
    x = emb[tokens]
    inv, magnitude = rope_frequencies(meta, arch, base, rot)
    if "rope_freqs.weight" in tensors:
        inv = inv / w("rope_freqs.weight").reshape(-1)
    inv = inv * scale_mix(meta, arch, base, rot)
    ang = np.arange(n)[:, None] * inv[None, :]
    cos, sin = np.cos(ang) * magnitude, np.sin(ang) * magnitude

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
        q = rope(matmul(h, p + "attn_q.weight").reshape(n, n_head, head_dim))
        k = rope(matmul(h, p + "attn_k.weight").reshape(n, n_kv, head_dim))
        v = matmul(h, p + "attn_v.weight").reshape(n, n_kv, head_dim)
        out = np.zeros((n, n_head, head_dim))
        for hd in range(n_head):
            kv = hd // (n_head // n_kv)
            s = q[:, hd, :] @ k[:, kv, :].T / np.sqrt(head_dim) + mask
            s = np.exp(s - s.max(axis=1, keepdims=True))
            s /= s.sum(axis=1, keepdims=True)
            out[:, hd, :] = s @ v[:, kv, :]
        x = x + matmul(out.reshape(n, dim), p + "attn_output.weight")
        h = rmsnorm(x, w(p + "ffn_norm.weight"))
        g = matmul(h, p + "ffn_gate.weight")
        u = matmul(h, p + "ffn_up.weight")
        x = x + matmul(g / (1 + np.exp(-g)) * u, p + "ffn_down.weight")
    last = rmsnorm(x[-1], w("output_norm.weight"))
    logits = matmul(last[None, :], "output.weight" if "output.weight" in tensors else "token_embd.weight")[0]
    logits.astype("<f4").tofile(out_path)


if __name__ == "__main__":
    main()
