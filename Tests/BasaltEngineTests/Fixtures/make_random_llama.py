#!/usr/bin/env python3
"""Writes tiny random-weight llama-architecture GGUF files for the engine's reference tests.

Every file: 2 layers, embedding 256, 4 heads of 64 (2 KV heads), feed-forward 512, vocabulary 300
(dimensions that are multiples of 256, so every tensor type including the K-quants fits), F32 norms.

- `random-<TYPE>.gguf` for F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q5_0, Q5_1, Q4_K, Q5_K, Q6_K: every
  matrix (token embedding, attention, feed-forward, output) of that type, plain RoPE. Types the gguf
  package can quantize come from gguf.quants.quantize of random normals; the K-quants (which it cannot
  quantize) are random block bytes whose f16 scale fields are finite and set so the weights have a
  root mean square near that of the others. Odd-numbered types have a separate `output.weight`, the
  others tie the output to the token embedding.
- `rope-<VARIANT>.gguf`: the same F16 weights with different RoPE metadata: `none` (type none; the
  factor present must be ignored), `linear` (factor 4), `yarn` (factor 4, original context 256, the
  YaRN defaults), `yarn-custom` (explicit ext_factor, attn factors, betas), `freqs` (no type key, a
  llama3-style `rope_freqs.weight`) and `longrope` (a type the engine must reject).

usage: make_random_llama.py OUT_DIR
"""
import os
import sys

import numpy as np
from gguf import GGMLQuantizationType as T
from gguf import GGUFWriter
from gguf.quants import dequantize, quantize

LAYERS, DIM, HEADS, KV_HEADS, FF, VOCAB = 2, 256, 4, 2, 512, 300
HEAD_DIM = DIM // HEADS
TYPES = [T.F32, T.F16, T.BF16, T.Q8_0, T.Q4_0, T.Q4_1, T.Q5_0, T.Q5_1, T.Q4_K, T.Q5_K, T.Q6_K]
K_BLOCK_BYTES = {T.Q4_K: 144, T.Q5_K: 176, T.Q6_K: 210}


def f16_bytes(values: np.ndarray) -> np.ndarray:
    return np.frombuffer(values.astype("<f2").tobytes(), dtype=np.uint8).reshape(values.shape + (2,))


def k_quant(rng, qtype: T, rows: int, cols: int, std: float) -> np.ndarray:
    """Random K-quant blocks whose dequantized values have roughly the given root mean square."""
    nb = cols // 256
    raw = rng.integers(0, 256, size=(rows, nb, K_BLOCK_BYTES[qtype]), dtype=np.uint8)

    def set_scales(scale: float) -> None:
        d = rng.uniform(0.5, 1.5, size=(rows, nb)) * scale
        if qtype == T.Q6_K:  # d is the last field; values d * scale * (q - 32) are centred already
            raw[:, :, 208:210] = f16_bytes(d)
        else:  # d, then dmin, which centres d * scale * q - dmin * min on average (q averages 7.5 or 15.5)
            raw[:, :, 0:2] = f16_bytes(d)
            raw[:, :, 2:4] = f16_bytes(d * (7.5 if qtype == T.Q4_K else 15.5) * rng.uniform(0.8, 1.2, size=(rows, nb)))

    probe = 1e-3
    set_scales(probe)
    measured = np.sqrt(np.mean(dequantize(raw.reshape(rows, -1), qtype) ** 2))
    set_scales(probe * std / measured)
    return raw.reshape(rows, nb * K_BLOCK_BYTES[qtype])


def add_matrix(writer: GGUFWriter, rng, name: str, rows: int, cols: int, qtype: T, std: float) -> None:
    if qtype in K_BLOCK_BYTES:
        writer.add_tensor(name, k_quant(rng, qtype, rows, cols, std), raw_dtype=qtype)
        return
    src = (rng.standard_normal((rows, cols)) * std).astype(np.float32)
    if qtype == T.F32:
        writer.add_tensor(name, src)
    else:
        writer.add_tensor(name, quantize(src, qtype), raw_dtype=qtype)


def write_model(path: str, qtype: T, seed: int, tied: bool, metadata=lambda w: None, rope_freqs=None) -> None:
    rng = np.random.default_rng(seed)
    w = GGUFWriter(path, "llama")
    w.add_name(os.path.basename(path))
    w.add_block_count(LAYERS)
    w.add_context_length(1024)
    w.add_embedding_length(DIM)
    w.add_feed_forward_length(FF)
    w.add_head_count(HEADS)
    w.add_head_count_kv(KV_HEADS)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_rope_freq_base(10000.0)
    w.add_vocab_size(VOCAB)
    metadata(w)

    def norm(name: str) -> None:
        w.add_tensor(name, (1 + 0.1 * rng.standard_normal(DIM)).astype(np.float32))

    add_matrix(w, rng, "token_embd.weight", VOCAB, DIM, qtype, 0.06)
    for layer in range(LAYERS):
        p = f"blk.{layer}."
        norm(p + "attn_norm.weight")
        add_matrix(w, rng, p + "attn_q.weight", HEADS * HEAD_DIM, DIM, qtype, 0.12)
        add_matrix(w, rng, p + "attn_k.weight", KV_HEADS * HEAD_DIM, DIM, qtype, 0.12)
        add_matrix(w, rng, p + "attn_v.weight", KV_HEADS * HEAD_DIM, DIM, qtype, 0.06)
        add_matrix(w, rng, p + "attn_output.weight", DIM, HEADS * HEAD_DIM, qtype, 0.06)
        norm(p + "ffn_norm.weight")
        add_matrix(w, rng, p + "ffn_gate.weight", FF, DIM, qtype, 0.06)
        add_matrix(w, rng, p + "ffn_up.weight", FF, DIM, qtype, 0.06)
        add_matrix(w, rng, p + "ffn_down.weight", DIM, FF, qtype, 0.045)
    norm("output_norm.weight")
    if not tied:
        add_matrix(w, rng, "output.weight", VOCAB, DIM, qtype, 0.06)
    if rope_freqs is not None:
        w.add_tensor("rope_freqs.weight", rope_freqs.astype(np.float32))

    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


def rope_variants():
    def none(w):
        w.add_string("llama.rope.scaling.type", "none")
        w.add_rope_scaling_factor(4.0)

    def linear(w):
        w.add_string("llama.rope.scaling.type", "linear")
        w.add_rope_scaling_factor(4.0)

    def yarn(w):
        w.add_string("llama.rope.scaling.type", "yarn")
        w.add_rope_scaling_factor(4.0)
        w.add_rope_scaling_orig_ctx_len(256)

    def yarn_custom(w):
        yarn(w)
        w.add_float32("llama.rope.scaling.yarn_ext_factor", 0.5)
        w.add_float32("llama.rope.scaling.yarn_attn_factor", 0.9)
        w.add_float32("llama.rope.scaling.attn_factor", 1.1)
        w.add_float32("llama.rope.scaling.yarn_beta_fast", 16.0)
        w.add_float32("llama.rope.scaling.yarn_beta_slow", 2.0)

    def longrope(w):
        w.add_string("llama.rope.scaling.type", "longrope")
        w.add_rope_scaling_factor(4.0)

    # llama3-style factors: 1 for high frequencies rising to 8 for low ones.
    freqs = np.concatenate([np.ones(12), np.linspace(1, 8, 10), np.full(10, 8.0)])
    return {"none": (none, None), "linear": (linear, None), "yarn": (yarn, None),
            "yarn-custom": (yarn_custom, None), "freqs": (lambda w: None, freqs), "longrope": (longrope, None)}


def main() -> None:
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for index, qtype in enumerate(TYPES):
        write_model(os.path.join(out, f"random-{qtype.name}.gguf"), qtype, seed=100 + index, tied=index % 2 == 0)
    for name, (metadata, freqs) in rope_variants().items():
        write_model(os.path.join(out, f"rope-{name}.gguf"), T.F16, seed=7, tied=False,
                    metadata=metadata, rope_freqs=freqs)


if __name__ == "__main__":
    main()
