"""Request generator of test_fuzz.py: raw HTTP/1.1 requests, malformed in every layer (framing, head, path, body).

`generate_case(seed, i, hostport)` is a pure function of its arguments (reproducible per case index).
"""
from __future__ import annotations

import base64
import json
import random
import struct
import urllib.parse
import zlib
from dataclasses import dataclass

HAIKU = "anthropic.claude-3-haiku-20240307-v1:0"
FM_ARN = "arn:aws:bedrock:us-east-1::foundation-model/" + HAIKU
PROFILE_ARN = "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0"
RUNTIME_OPS = ["converse", "converse-stream", "invoke", "invoke-with-response-stream", "count-tokens"]


@dataclass
class Case:
    index: int
    family: str
    note: str
    op: str  # a runtime op, "control", "unknown" or "health"
    method: str
    raw: bytes
    may_drop: bool = False  # the server may close without a response (documented in test_fuzz.py)
    expect_error: bool = False
    trickle: int = 0  # send in pieces of this many bytes …
    trickle_delay: float = 0.0  # … this far apart
    half_close: bool = False
    timeout: float = 60.0

    @property
    def method_for_parser(self) -> str:
        return "HEAD" if self.method == "HEAD" else "GET"


# --- valid bases (every generating one asks for one token) ---------------------------------------------------

def converse_body(rich: bool = False) -> dict:
    body: dict = {"messages": [{"role": "user", "content": [{"text": "Hi"}]}], "inferenceConfig": {"maxTokens": 1}}
    if rich:
        body.update({
            "system": [{"text": "Be brief."}],
            "inferenceConfig": {"maxTokens": 1, "temperature": 0.5, "topP": 0.9, "stopSequences": ["\n\n"]},
            "toolConfig": {"tools": [{"toolSpec": {"name": "get_weather", "description": "Weather",
                                                   "inputSchema": {"json": {"type": "object", "properties": {
                                                       "city": {"type": "string"}}}}}}],
                           "toolChoice": {"auto": {}}},
            "additionalModelRequestFields": {"top_k": 5},
            "additionalModelResponseFieldPaths": ["/stop_sequence"],
            "requestMetadata": {"k": "v"},
        })
    return body


INVOKE_BODY = {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 1,
               "messages": [{"role": "user", "content": "Hi"}]}


def count_body(kind: str) -> dict:
    if kind == "converse":
        return {"input": {"converse": {"messages": converse_body()["messages"], "system": [{"text": "s"}]}}}
    return {"input": {"invokeModel": {"body": base64.b64encode(json.dumps(INVOKE_BODY).encode()).decode()}}}


CONTROL_BODIES = {
    ("POST", "inference-profiles"): {"inferenceProfileName": "fz-profile", "modelSource": {"copyFrom": FM_ARN},
                                     "description": "d", "tags": [{"key": "k", "value": "v"}]},
    ("POST", "tagResource"): {"resourceARN": FM_ARN, "tags": [{"key": "k", "value": "v"}]},
    ("POST", "untagResource"): {"resourceARN": FM_ARN, "tagKeys": ["k"]},
    ("POST", "listTagsForResource"): {"resourceARN": FM_ARN},
    ("POST", "provisioned-model-throughput"): {"modelUnits": 1, "provisionedModelName": "fz-pt", "modelId": HAIKU},
    ("PATCH", "provisioned-model-throughput/{}"): {"desiredProvisionedModelName": "fz-pt2"},
    ("POST", "model-import-jobs"): {"jobName": "fz-job", "importedModelName": "fz-model",
                                    "roleArn": "arn:aws:iam::123456789012:role/r",
                                    "modelDataSource": {"s3DataSource": {"s3Uri": "s3://no-such-bucket/x/"}}},
    ("POST", "prompts"): {"name": "fz-prompt", "variants": [{"name": "v1", "templateType": "TEXT",
                                                            "templateConfiguration": {"text": {"text": "Hi {{x}}"}}}]},
    ("PUT", "prompts/{}"): {"name": "fz-prompt", "variants": []},
    ("POST", "prompts/{}/versions"): {"description": "v"},
    ("POST", "tags/{}"): {"tags": {"k": "v"}},
}
CONTROL_ROUTES = [
    ("GET", "foundation-models"), ("GET", "foundation-models/{}"), ("GET", "inference-profiles"),
    ("GET", "inference-profiles/{}"), ("DELETE", "inference-profiles/{}"), ("GET", "provisioned-model-throughputs"),
    ("GET", "provisioned-model-throughput/{}"), ("DELETE", "provisioned-model-throughput/{}"),
    ("GET", "model-import-jobs"), ("GET", "model-import-jobs/{}"), ("GET", "imported-models"),
    ("GET", "imported-models/{}"), ("DELETE", "imported-models/{}"), ("GET", "custom-models"),
    ("GET", "custom-models/{}"), ("GET", "prompts"), ("GET", "prompts/{}"), ("DELETE", "prompts/{}"),
    ("DELETE", "tags/{}"), ("GET", "tags/{}"), ("GET", "guardrails"), ("POST", "guardrails"),
    ("GET", "async-invoke"), ("POST", "async-invoke"), ("GET", "async-invoke/{}"), ("GET", "logging/modelinvocations"),
] + list(CONTROL_BODIES)
QUERY_KEYS = ["maxResults", "nextToken", "type", "byProvider", "byOutputModality", "byInferenceType",
              "byCustomizationType", "guardrailVersion", "sortBy", "sortOrder", "nameContains", "creationTimeBefore",
              "creationTimeAfter", "submitTimeAfter", "statusEquals", "promptIdentifier", "tagKeys"]

# --- building blocks of garbage -------------------------------------------------------------------------------

WEIRD_NUMBERS = ["1e400", "-1e400", "1e-400", "-0", "123456789012345678901234567890", "9223372036854775808",
                 "-9223372036854775809", "18446744073709551616", "0.0000000000000000000001", "NaN", "Infinity",
                 "-Infinity", "1.7976931348623157e309", "4294967297", "2147483648", "00", "01", "1.", ".5", "+1",
                 "1e", "0x10", "99999999", "-1", "0", "0.5", "1.5", "4097"]
WEIRD_VALUES = ["null", "true", "false", '""', '"x"', "[]", "{}", "[[]]", '{"":{}}', '"\\u0000"', '"\\ud800"',
                '"\\udfff\\ud800"', '"\\uZZZZ"', '"\\x41"', '"' + "a" * 5000 + '"'] + WEIRD_NUMBERS
TOKENS = [b"\x00", b"\xff", b"\xfe\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe2\x82", b'"', b"\\",
          b"{", b"}", b"[", b"]", b",", b":", b"\\u", b"\\ud800", b"1e999", b"null", b"\r\n", b"\t", b"\xef\xbb\xbf"]
PATH_LABELS = ["%", "%z", "%zz", "%0", "%00", "%C0%AF", "%FF%FE", "%E2%82", "%ED%A0%80", "%2F", "%252F", "..", ".",
               "", "%2e%2e", "a" * 10_000, "%41" * 3000, "%F0%9F%98%80", "x%20y", "%3A%3A", "arn%3Aaws%3A",
               urllib.parse.quote(FM_ARN, safe=""), urllib.parse.quote(PROFILE_ARN, safe=""), HAIKU,
               "us." + HAIKU, "anthropic.claude-9", "%u0041", "\xff".encode("latin-1").decode("latin-1"), "~!$&'()*+,;=@"]
ES_FRAME = bytes.fromhex(
    "0000009400000057b4ab9aee0b3a6576656e742d74797065070011636f6e74656e74426c6f636b44656c74610d3a636f6e74656e74"
    "2d747970650700106170706c69636174696f6e2f6a736f6e0d3a6d6573736167652d747970650700056576656e747b22636f6e74656e"
    "74426c6f636b496e646578223a302c2264656c7461223a7b2274657874223a224869227d7d1f944657")


def es_frame(headers: bytes, payload: bytes) -> bytes:
    total = 16 + len(headers) + len(payload)
    pre = struct.pack(">II", total, len(headers))
    pre += struct.pack(">I", zlib.crc32(pre) & 0xFFFFFFFF)
    body = pre + headers + payload
    return body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def nested(depth: int, leaf: str = "1", kind: str = "[") -> str:
    if kind == "[":
        return "[" * depth + leaf + "]" * depth
    return '{"a":' * depth + leaf + "}" * depth


def dumps(doc) -> bytes:
    return json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode()


def request(method: str, target: bytes | str, hostport: str, body: bytes | None,
            headers: list[tuple[bytes | str, bytes | str]] | None = None, content_length: str | None = "auto",
            host: bool = True, version: bytes = b"HTTP/1.1") -> bytes:
    def b(x) -> bytes:
        return x if isinstance(x, bytes) else x.encode("utf-8", "surrogateescape")
    lines = [b(method) + b" " + b(target) + b" " + version]
    if host:
        lines.append(b"Host: " + hostport.encode())
    for k, v in headers or []:
        lines.append(b(k) + b": " + b(v))
    if content_length == "auto":
        if body is not None:
            lines.append(b"Content-Length: " + str(len(body)).encode())
    elif content_length is not None:
        lines.append(b"Content-Length: " + b(content_length))
    lines.append(b"Connection: close")
    return b"\r\n".join(lines) + b"\r\n\r\n" + (body or b"")


def model_target(model: str, op: str) -> str:
    return f"/model/{urllib.parse.quote(model, safe='')}/{op}"


# --- cost guard -------------------------------------------------------------------------------------------------

def _lenient_json(body: bytes):
    """The document a lenient server parser might still see (invalid UTF-8 replaced, trailing bytes ignored)."""
    text = body.decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    pairs_dup = []

    def hook(pairs):
        keys = [k for k, _ in pairs]
        if len(keys) != len(set(keys)):
            pairs_dup.append(True)
        return dict(pairs)
    try:
        doc, _ = json.JSONDecoder(object_pairs_hook=hook, strict=False).raw_decode(text)
    except (ValueError, RecursionError):  # deeper than Python's limit: far past the server's 512 levels too
        return None, False
    return doc, bool(pairs_dup)


def _could_generate_more_than_one(v) -> bool:
    if v is None or isinstance(v, (list, dict)):
        return v is None
    if isinstance(v, bool):
        return False
    try:
        f = float(v)
    except (TypeError, ValueError):
        return False
    return f != f or 1 < f <= 1e6  # NaN, or a plausible token count above one


def cheap(op: str, body: bytes | None) -> bool:
    """False if the body might make the engine generate more than one token on `op`."""
    if op not in ("converse", "converse-stream", "invoke", "invoke-with-response-stream") or not body:
        return True
    doc, dup = _lenient_json(body)
    if doc is None:
        return True
    if dup or not isinstance(doc, dict):
        return not dup
    # Long prompts are slow to prefill (and a timed-out client does not cancel a non-streaming generation):
    # everything that is rendered into the prompt stays small.
    prompt = [doc.get(k) for k in ("messages", "system", "toolConfig", "tools", "prompt")]
    if len(json.dumps(prompt)) > 2500:
        return False
    if op.startswith("converse"):
        ic = doc.get("inferenceConfig")
        if not isinstance(ic, dict) or "maxTokens" not in ic:
            return "messages" not in doc  # without messages nothing is generated
        return not _could_generate_more_than_one(ic["maxTokens"])
    if "max_tokens" not in doc:
        return False
    return not _could_generate_more_than_one(doc["max_tokens"])


# --- mutators ---------------------------------------------------------------------------------------------------

def mutate_bytes(rng: random.Random, data: bytes, rounds: int) -> bytes:
    b = bytearray(data)
    for _ in range(rounds):
        if not b:
            b += rng.choice(TOKENS)
            continue
        k = rng.randrange(8)
        i = rng.randrange(len(b))
        if k == 0:
            b[i] ^= 1 << rng.randrange(8)
        elif k == 1:
            b[i] = rng.randrange(256)
        elif k == 2:
            b[i:i] = rng.choice(TOKENS)
        elif k == 3:
            del b[i:i + rng.randint(1, 16)]
        elif k == 4:
            j = min(len(b), i + rng.randint(1, 64))
            b[j:j] = b[i:j]
        elif k == 5:
            b = b[:i]  # truncate
        elif k == 6:
            b[i:i] = rng.choice(WEIRD_VALUES).encode()
        else:
            b[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
    return bytes(b)


def _paths(doc, prefix=()):
    yield prefix
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from _paths(v, prefix + (i,))


def mutate_structure(rng: random.Random, doc) -> bytes:
    """Replaces, deletes or adds one member somewhere in the document; returns serialized bytes."""
    text = json.dumps(doc)
    doc = json.loads(text)
    paths = [p for p in _paths(doc) if p]
    if not paths:
        return rng.choice(WEIRD_VALUES).encode()
    path = rng.choice(paths)
    parent = doc
    for p in path[:-1]:
        parent = parent[p]
    key = path[-1]
    k = rng.randrange(5)
    marker = "\u0000FUZZ\u0000"
    if k == 0:
        parent[key] = marker  # replaced by raw weird JSON below
    elif k == 1:
        del parent[key]
    elif k == 2 and isinstance(parent, dict):
        parent[rng.choice(["unknownMember", "", "x" * 300, "maxTokens", "\ud800".encode("utf-8", "surrogatepass")
                           .decode("utf-8", "replace"), "SDK_UNKNOWN_MEMBER"])] = marker
    elif k == 3:
        parent[key] = [parent[key]] if rng.random() < 0.5 else {"wrapped": parent[key]}
    else:
        parent[key] = marker if rng.random() < 0.3 else json.loads(nested(rng.choice([10, 300, 511, 600]),
                                                                           kind=rng.choice("[{")))
    out = json.dumps(doc, separators=(",", ":"))
    return out.replace(json.dumps(marker), rng.choice(WEIRD_VALUES)).encode()


def json_garbage(rng: random.Random) -> bytes:
    k = rng.randrange(12)
    if k == 0:
        d = rng.choice([100, 511, 512, 513, 5_000, 100_000])
        return nested(d, kind=rng.choice("[{")).encode()
    if k == 1:
        return dumps(converse_body(True))[:rng.randrange(1, 300)]
    if k == 2:
        return rng.choice([b"", b" ", b"\n", b"null", b"true", b"1", b'"x"', b"[]", b"[1,2,3]", b"{}", b"\xef\xbb\xbf{}",
                           b"{,}", b'{"a":}', b'{"a" 1}', b"{'a':1}", b'{"a":1,}', b"[1,]", b"{}{}", b"{} x", b"\x00"])
    if k == 3:
        return bytes(rng.randrange(256) for _ in range(rng.randint(1, 200)))
    if k == 4:  # a weird value where a number belongs
        body = converse_body(rng.random() < 0.5)
        field = rng.choice(["maxTokens", "temperature", "topP"])
        body["inferenceConfig"][field] = "\u0000MARK"
        value = rng.choice(WEIRD_NUMBERS + ["null", '"1"', "true", "[1]", "{}"])
        if field == "maxTokens" and value in ("4097", "null"):
            value = "4096000"  # keep the request cheap: only values that cannot mean "many tokens"
        return json.dumps(body).replace('"\\u0000MARK"', value).encode()
    if k == 5:  # deep documents inside document members (recursion after parsing)
        d = rng.choice([100, 400, 510])
        body = converse_body(True)
        body["additionalModelRequestFields"] = {"x": "\u0000"}
        return json.dumps(body).replace('"\\u0000"', nested(d, kind=rng.choice("[{"))).encode()
    if k == 6:  # bad UTF-8 and escapes inside strings
        bad = rng.choice([b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\\ud800", b"\\udc00\\ud800", b"\\u0000", b"\x01",
                          b"\xf8\x88\x80\x80\x80", b"\\uD83D", b"\\", b"\xe2\x82"])
        return dumps(converse_body()).replace(b'"Hi"', b'"H' + bad + b'i"')
    if k == 7:  # huge strings and arrays
        n = rng.choice([10_000, 200_000, 1_000_000])
        body = converse_body()
        if rng.random() < 0.5:  # 10,000 blocks: past the context window, rejected before inference
            body["messages"][0]["content"] = [{"text": "x"}] * 10_000
        else:
            body["inferenceConfig"]["stopSequences"] = ["s" * 10] * (n // 100)
        return dumps(body)
    if k == 8:  # many keys
        return dumps({f"k{i}": i for i in range(rng.choice([100, 10_000]))})
    if k == 9:  # a JSON document in another encoding
        return json.dumps(converse_body()).encode(rng.choice(["utf-16", "utf-32", "utf-16-be"]))
    if k == 10:
        return dumps(converse_body()) + rng.choice([b"x", b"}", b"{}", b"\x00", b" garbage"])
    return mutate_bytes(rng, dumps(converse_body(True)), rng.randint(1, 6))

