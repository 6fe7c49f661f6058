#!/usr/bin/env python3
"""Dumps a GGUF file's header as JSON with the `gguf` package's reader (reference for the Swift reader).

Scalars are given as values; arrays as {"count", "head" (first 3), "tail" (last)}; tensors as
name, GGML type number, dimensions (GGUF order) and data offset (relative to the data section).

usage: dump_gguf.py FILE.gguf OUT.json
"""
import json
import sys

from gguf import GGUFReader, GGUFValueType


def plain(v):
    if isinstance(v, float) and v != v:
        return "nan"
    return v


def main() -> None:
    reader = GGUFReader(sys.argv[1])
    meta = {}
    for key, field in reader.fields.items():
        if key.startswith("GGUF."):
            continue
        value = field.contents()
        if field.types[0] == GGUFValueType.ARRAY:
            meta[key] = {"count": len(value), "head": [plain(x) for x in value[:3]],
                         "tail": plain(value[-1]) if value else None}
        else:
            meta[key] = plain(value)
    tensors = [{"name": t.name, "type": int(t.tensor_type), "dims": [int(d) for d in t.shape],
                "offset": int(t.data_offset - reader.data_offset)} for t in reader.tensors]
    with open(sys.argv[2], "w") as f:
        json.dump({"metadata": meta, "tensors": tensors, "data_offset": int(reader.data_offset)}, f)


if __name__ == "__main__":
    main()
