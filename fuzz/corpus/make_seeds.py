"""Writes the seed corpora of fuzz/run.sh (run from anywhere: python3 fuzz/corpus/make_seeds.py).

event-stream seeds: the two known-answer frames of /work/shared/spec/bedrock-wire.md §4.4 and §4.5 (hex copied
from the spec; their CRCs are checked here with zlib), a §4.6 chunk frame, an `error` message, a frame with
every header type (§4.2), both known-answer frames back to back, and an empty-payload frame.
sigv4 seeds: NUL-separated fields (method, path, query, headers, Authorization, X-Amz-Date, body, flags) built
from the §12.3 worked example, a presigned query, an ARN path and a `Date`-header request.
"""
from __future__ import annotations

import base64
import struct
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent

WORKED_1 = bytes.fromhex(
    "0000009400000057b4ab9aee0b3a6576656e742d74797065070011636f6e74656e74426c6f"
    "636b44656c74610d3a636f6e74656e742d747970650700106170706c69636174696f6e2f6a"
    "736f6e0d3a6d6573736167652d747970650700056576656e747b22636f6e74656e74426c6f"
    "636b496e646578223a302c2264656c7461223a7b2274657874223a224869227d7d1f944657")
WORKED_2 = bytes.fromhex(
    "000000b2000000613590d5d3"
    "0f3a657863657074696f6e2d747970650700137468726f74746c696e67457863657074696f6e"
    "0d3a636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e"
    "0d3a6d6573736167652d74797065070009657863657074696f6e"
    "7b226d657373616765223a22546f6f206d616e792072657175657374732c20706c656173652077616974206265666f72652074"
    "7279696e6720616761696e2e227d"
    "e8ffb26a")


def crc(b: bytes) -> int:
    return zlib.crc32(b) & 0xFFFFFFFF


def check_known(frame: bytes) -> None:
    total, hlen, pcrc = struct.unpack(">III", frame[:12])
    assert total == len(frame) and pcrc == crc(frame[:8]), "prelude"
    assert struct.unpack(">I", frame[-4:])[0] == crc(frame[:-4]), "message crc"


def header(name: str, type_byte: int, value: bytes = b"") -> bytes:
    n = name.encode()
    return bytes([len(n)]) + n + bytes([type_byte]) + value


def s(name: str, text: str) -> bytes:
    v = text.encode()
    return header(name, 7, struct.pack(">H", len(v)) + v)


def frame(headers: bytes, payload: bytes) -> bytes:
    total = 16 + len(headers) + len(payload)
    prelude = struct.pack(">II", total, len(headers))
    prelude += struct.pack(">I", crc(prelude))
    body = prelude + headers + payload
    return body + struct.pack(">I", crc(body))


def event_stream_seeds() -> dict[str, bytes]:
    check_known(WORKED_1)
    check_known(WORKED_2)
    chunk = base64.b64encode(b'{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}')
    all_types = (header("t", 0) + header("f", 1) + header("b", 2, b"\x85") + header("s", 3, b"\x80\x01")
                 + header("i", 4, b"\xff\xff\xff\xfe") + header("l", 5, bytes(range(8)))
                 + header("a", 6, b"\x00\x03\x00\xff\x7f") + s("str", "h\u00e9llo")
                 + header(":date", 8, struct.pack(">q", 1705320000000)) + header("u", 9, bytes(range(16))))
    return {
        "worked-1-contentBlockDelta": WORKED_1,
        "worked-2-exception": WORKED_2,
        "both-worked-frames": WORKED_1 + WORKED_2,
        "chunk": frame(s(":event-type", "chunk") + s(":content-type", "application/json")
                       + s(":message-type", "event"), b'{"bytes":"' + chunk + b'"}'),
        "error-message": frame(s(":error-code", "InternalFailure") + s(":error-message", "boom")
                               + s(":message-type", "error"), b""),
        "all-header-types": frame(all_types, b"{}"),
        "empty": frame(b"", b""),
    }


def sigv4_seeds() -> dict[str, bytes]:
    def req(method, path, query, headers, auth, date, body, flags=b"\x00\x00\x00\x00\x00"):
        hdrs = "\n".join(f"{k}:{v}" for k, v in headers)
        fields = [method, path, query, hdrs, auth, date]
        return b"\x00".join(x.encode() for x in fields) + b"\x00" + body + b"\x00" + flags
    body = b'{"messages":[{"role":"user","content":[{"text":"Hello"}]}]}'
    auth = ("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240115/us-east-1/bedrock/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date, "
            "Signature=01e232367693b843abbbb5d81e208f40822c2878a3bec58fa1697e48a398f065")
    base_headers = [("Content-Type", "application/json"), ("Host", "bedrock-runtime.us-east-1.amazonaws.com")]
    presigned = ("X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20240115%2Fus-east-1%2Fbedrock"
                 "%2Faws4_request&X-Amz-Date=20240115T120000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host"
                 "&X-Amz-Signature=" + "0" * 64)
    return {
        "worked-example": req("POST", "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse", "", base_headers,
                              auth, "20240115T120000Z", body),
        "presigned": req("GET", "/foundation-models", presigned, [("Host", "localhost")], "", "", b""),
        "arn-path-query": req("GET", "/async-invoke/arn%3Aaws%3Abedrock%3Aus-east-1%3A1%3Aasync-invoke%2Fabc/./../x",
                              "maxResults=10&submitTimeAfter=2024-01-01T00%3A00%3A00Z&b=&a", base_headers, "",
                              "Mon, 15 Jan 2024 12:00:00 GMT", b"", b"\x03\x00\x00\x10\x00"),
        "date-header": req("PUT", "/guardrails/g1", "", base_headers + [("Date", "Mon, 15 Jan 2024 12:00:00 GMT")],
                           auth.replace("x-amz-date", "date"), "", b"{}", b"\x01\xff\xff\xff\x00"),
    }


def main() -> None:
    for target, seeds in (("EventStreamFuzz", event_stream_seeds()), ("SigV4Fuzz", sigv4_seeds())):
        d = HERE / target
        d.mkdir(parents=True, exist_ok=True)
        for name, data in seeds.items():
            (d / name).write_bytes(data)
        print(f"{target}: {len(seeds)} seeds in {d}")


if __name__ == "__main__":
    main()
