#!/usr/bin/env python3
"""Writes a small GGUF file for the engine's GGUF and kernel tests (run by the tests themselves).

For every tensor type the kernels support it stores `w.<TYPE>` (6 rows x 512 columns) and `ref.<TYPE>`,
the same rows dequantized to F32 by the `gguf` package's own numpy code (the independent reference).
Q8_0/Q4_0/Q4_1/Q5_0/Q5_1/F16/BF16 come from gguf.quants.quantize of random normals; the K-quants
(which gguf cannot quantize) are random block bytes with finite f16 scale fields. `x` holds 9 random
activation rows. Metadata covers every GGUF value type, with alignment 64 and architecture `mamba`
(which the llama loader must reject).

usage: make_quant_fixtures.py OUT.gguf
"""
import sys

import numpy as np
from gguf import GGMLQuantizationType as T
from gguf import GGUFWriter
from gguf.quants import dequantize, quantize

ROWS, COLS = 6, 512
rng = np.random.default_rng(1234)


def k_quant_bytes(qtype: T) -> np.ndarray:
    block_bytes = {T.Q4_K: 144, T.Q5_K: 176, T.Q6_K: 210}[qtype]
    nb = COLS // 256
    raw = rng.integers(0, 256, size=(ROWS, nb, block_bytes), dtype=np.uint8)
    def f16_bytes(values):
        return np.frombuffer(values.astype("<f2").tobytes(), dtype=np.uint8).reshape(values.shape + (2,))
    if qtype == T.Q6_K:  # d is the last field
        raw[:, :, 208:210] = f16_bytes(rng.uniform(0.001, 0.01, size=(ROWS, nb)))
    else:  # d, dmin first
        raw[:, :, 0:2] = f16_bytes(rng.uniform(0.001, 0.01, size=(ROWS, nb)))
        raw[:, :, 2:4] = f16_bytes(rng.uniform(0.001, 0.01, size=(ROWS, nb)))
    return raw.reshape(ROWS, nb * block_bytes)


def main() -> None:
    out = sys.argv[1]
    w = GGUFWriter(out, "mamba")
    w.add_custom_alignment(64)
    w.add_uint8("test.u8", 200)
    w.add_int8("test.i8", -100)
    w.add_uint16("test.u16", 60000)
    w.add_int16("test.i16", -30000)
    w.add_uint32("test.u32", 4000000000)
    w.add_int32("test.i32", -2000000000)
    w.add_uint64("test.u64", 1 << 40)
    w.add_int64("test.i64", -(1 << 40))
    w.add_float32("test.f32", 0.25)
    w.add_float64("test.f64", -1.5e300)
    w.add_bool("test.bool", True)
    w.add_string("test.string", "héllo ✓")
    w.add_array("test.strings", ["a", "", "ünï"])
    w.add_array("test.ints", [1, -2, 3])
    w.add_array("test.floats", [0.5, -0.25])

    for qtype in [T.F32, T.F16, T.BF16, T.Q8_0, T.Q4_0, T.Q4_1, T.Q5_0, T.Q5_1, T.Q4_K, T.Q5_K, T.Q6_K]:
        src = (rng.standard_normal((ROWS, COLS)) * rng.uniform(0.1, 3.0, size=(ROWS, 1))).astype(np.float32)
        if qtype in (T.Q4_K, T.Q5_K, T.Q6_K):
            data = k_quant_bytes(qtype)
        elif qtype == T.F32:
            data = src
        else:
            data = quantize(src, qtype)
        ref = dequantize(data, qtype).astype(np.float32).reshape(ROWS, COLS)
        if qtype == T.F32:
            w.add_tensor(f"w.{qtype.name}", data)
        else:
            w.add_tensor(f"w.{qtype.name}", data, raw_dtype=qtype)
        w.add_tensor(f"ref.{qtype.name}", ref)
    w.add_tensor("x", rng.standard_normal((9, COLS)).astype(np.float32))

    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


if __name__ == "__main__":
    main()
