"""Case families of test_fuzz.py's plain-server run (one generator per layer), and the few slow cases."""
from __future__ import annotations

import random
import urllib.parse

from fuzz_cases import (CONTROL_BODIES, CONTROL_ROUTES, ES_FRAME, FM_ARN, HAIKU, INVOKE_BODY, PATH_LABELS,
                        QUERY_KEYS, RUNTIME_OPS, WEIRD_NUMBERS, Case, cheap, converse_body, count_body, dumps,
                        es_frame, json_garbage, model_target, mutate_bytes, mutate_structure, request)

FAMILIES = [("json", 26), ("mutate", 24), ("headers", 10), ("path", 13), ("control", 12), ("eventstream", 4),
            ("framing", 6), ("valid", 3), ("unknown", 2)]


def generate_case(seed: int, index: int, hostport: str) -> Case:
    rng = random.Random(f"{seed}:{index}")
    family = rng.choices([f for f, _ in FAMILIES], [w for _, w in FAMILIES])[0]
    case = GENERATORS[family](rng, hostport)
    case.index = index
    return case


def _runtime(rng: random.Random, hostport: str, family: str, note: str, body: bytes | None, op: str | None = None,
             headers=None, model: str | None = None, **kw) -> Case:
    op = op or rng.choice(RUNTIME_OPS)
    if not cheap(op, body):  # never let a mutated body ask for many tokens
        note += " (rerouted to count-tokens)"
        op = "count-tokens"
    target = model_target(model or rng.choice([HAIKU, HAIKU, FM_ARN, "us." + HAIKU]), op)
    hdrs = [("Content-Type", "application/json")] + (headers or [])
    return Case(0, family, note, op, "POST", request("POST", target, hostport, body, hdrs, **kw))


def gen_json(rng, hostport):
    return _runtime(rng, hostport, "json", "garbage json", json_garbage(rng))


def _valid_base(rng, op: str) -> dict:
    if op.startswith("converse"):
        return converse_body(rng.random() < 0.25)
    if op.startswith("invoke"):
        return dict(INVOKE_BODY)
    return count_body(rng.choice(["converse", "invoke"]))


def gen_mutate(rng, hostport):
    op = rng.choice(RUNTIME_OPS)
    base = _valid_base(rng, op)
    if rng.random() < 0.5:
        body, note = mutate_bytes(rng, dumps(base), rng.randint(1, 5)), "byte mutation"
    else:
        body, note = mutate_structure(rng, base), "structure mutation"
    return _runtime(rng, hostport, "mutate", note, body, op=op)


HEADER_VARIANTS = [
    [], [("Content-Type", "")], [("Content-Type", "text/plain")], [("Content-Type", "application/json; charset=utf-16")],
    [("Content-Type", "application/x-amz-json-1.1")], [("Content-Type", "multipart/form-data; boundary=x")],
    [("Content-Type", "application/vnd.amazon.eventstream")], [("Content-Type", "application/json\x01")],
    [("Accept", "application/xml")], [("Accept", "*/*;q=0")], [("Accept", "\xff\xfe")],
    [("X-Amzn-Bedrock-Accept", "text/html")], [("X-Amzn-Bedrock-Content-Type", "image/png")],
    [("X-Amzn-Bedrock-Trace", "ENABLED_FULL")], [("X-Amzn-Bedrock-Trace", "x" * 1000)],
    [("X-Amzn-Bedrock-GuardrailIdentifier", "%%%"), ("X-Amzn-Bedrock-GuardrailVersion", "-1")],
    [("X-Amzn-Bedrock-PerformanceConfig-Latency", "optimized")], [("X-Amzn-Bedrock-Service-Tier", "\x7f")],
    [("X-Big", "v" * 8_000)], [("X-Big", "v" * 60_000)], [("X-Big", "v" * 200_000)],
    [(f"X-H{i}", "v") for i in range(300)], [("Content-Type", "application/json"), ("Content-Type", "text/plain")],
    [("Host", "evil.example")], [("X-Weird Name", "v")], [("X-Colon:", "v")], [("X-Empty", "")],
    [("X-Fold", "a\r\n b")], [("X-Utf8", "h\u00e9llo \U0001F600")], [("X-Latin1", b"\xe9\xff".decode("latin-1"))],
    [("Transfer-Encoding", "gzip")], [("Content-Encoding", "gzip")], [("Content-Encoding", "br, deflate")],
    [("Authorization", "AWS4-HMAC-SHA256 garbage")], [("Authorization", "Bearer " + "A" * 5000)],
    [("Expect", "100-continue")], [("Expect", "something-else")], [("Connection", "keep-alive, Upgrade"),
                                                                   ("Upgrade", "h2c")],
    [("X-Amz-Date", "not a date")], [("X-Amz-Security-Token", "t" * 3000)], [("amz-sdk-request", "attempt=999999")],
]


def gen_headers(rng, hostport):
    extra = list(rng.choice(HEADER_VARIANTS))
    if rng.random() < 0.3:
        extra += rng.choice(HEADER_VARIANTS)
    op = rng.choice(RUNTIME_OPS)
    valid = rng.random() < 0.5
    body = dumps(_valid_base(rng, op)) if valid else json_garbage(rng)
    case = _runtime(rng, hostport, "headers", f"headers {[k for k, _ in extra][:3]}", body, op=op, headers=extra)
    if rng.random() < 0.15:  # no Host at all
        case.raw = case.raw.replace(f"Host: {hostport}\r\n".encode(), b"", 1)
        case.note += " no-host"
    return case


def gen_path(rng, hostport):
    op = rng.choice(RUNTIME_OPS + ["invoke-with-bidirectional-stream", "", "CONVERSE", "converse/", "x" * 500])
    label = rng.choice(PATH_LABELS)
    shapes = [f"/model/{label}/{op}", f"/model/{label}", f"/model//{op}", f"//model/{label}/{op}",
              f"/model/{label}/{op}/extra", f"/model/{label}/../{op}", f"/model/{label}/{op}?{rng.choice(PATH_LABELS)}",
              f"/model/{label}/{op}#frag", f"/model/{label}/{op}?a=%&b=%zz&c", f"model/{label}/{op}",
              f"http://{hostport}/model/{label}/{op}", "*", f"/%6Dodel/{label}/{op}", f"/MODEL/{label}/{op}",
              f"/model/{label}%2F{op}", f"/model/{label}/{op}%00", f"/model/{label}/{op}/" + "/" * 100,
              "/" + "/".join(rng.choice(PATH_LABELS)[:50] for _ in range(rng.randint(1, 40)))]
    target = rng.choice(shapes)
    # Bodies that cost nothing whatever model the label resolves to: one-token converse, or junk.
    body = dumps(converse_body()) if rng.random() < 0.5 else rng.choice([b"", b"{}", b"[", json_garbage(rng)])
    if op not in ("converse", "converse-stream") and body == dumps(converse_body()):
        body = b"{}"
    if not cheap("converse", body):
        body = b"{}"
    known = op if op in RUNTIME_OPS else "unknown"
    raw = request(rng.choice(["POST", "POST", "GET", "PUT"]), target, hostport, body, [("Content-Type", "application/json")])
    return Case(0, "path", f"path {target[:60]!r}", known, "POST", raw)


def _query(rng) -> str:
    parts = []
    for _ in range(rng.randint(0, 5)):
        k = rng.choice(QUERY_KEYS + ["", "%", "%zz", "k%00", "x" * 2000])
        v = rng.choice(WEIRD_NUMBERS + ["", "%", "%zz", "%00", "DRAFT", "APPLICATION", "x" * 5000, "a&b", "=",
                                        "2024-13-45T99:99:99Z", "2024-01-01T00%3A00%3A00Z", "-1000", "1001",
                                        "eyJ4IjoxfQ==", "%FF%FE", urllib.parse.quote(FM_ARN, safe="")])
        parts.append(f"{k}={v}" if rng.random() < 0.9 else k)
    return "&".join(parts)


def gen_control(rng, hostport):
    method, shape = rng.choice(CONTROL_ROUTES)
    if rng.random() < 0.2:
        method = rng.choice(["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE", "get", "FOO"])
    label = rng.choice(PATH_LABELS + ["fz-prompt", "PROMPT12345", urllib.parse.quote(FM_ARN, safe=""), HAIKU])
    path = "/" + shape.replace("{}", label)
    q = _query(rng)
    target = path + (f"?{q}" if q else "")
    base = CONTROL_BODIES.get((method, shape))
    r = rng.random()
    if base is not None and r < 0.45:
        body = mutate_structure(rng, base) if rng.random() < 0.5 else mutate_bytes(rng, dumps(base), rng.randint(1, 4))
    elif base is not None and r < 0.55:
        body = dumps(base)
    elif method in ("GET", "HEAD", "DELETE", "OPTIONS") and r < 0.8:
        body = None
    else:
        body = json_garbage(rng)
    if body and rng.random() < 0.2:  # a huge number where a count belongs
        body = body.replace(b'"modelUnits":1', b'"modelUnits":' + rng.choice(WEIRD_NUMBERS).encode())
    raw = request(method, target, hostport, body, [("Content-Type", "application/json")] if body is not None else [])
    return Case(0, "control", f"{method} {target[:60]}", "control", method.upper(), raw)


def gen_eventstream(rng, hostport):
    frames = [ES_FRAME, es_frame(b"", b""), es_frame(b"\x05:date\x08" + bytes(8), b'{"bytes":"e30="}'),
              es_frame(b"\x01a\x07\xff\xff", b""), es_frame(b"", b"x" * 70_000)]
    body = b"".join(rng.choice(frames) for _ in range(rng.randint(1, 4)))
    if rng.random() < 0.5:
        body = mutate_bytes(rng, body, rng.randint(1, 4))
    ctype = rng.choice(["application/vnd.amazon.eventstream", "application/json", ""])
    op = rng.choice(RUNTIME_OPS + ["invoke-with-bidirectional-stream"])
    target = model_target(HAIKU, op)
    raw = request("POST", target, hostport, body, [("Content-Type", ctype)] if ctype else [])
    return Case(0, "eventstream", f"{len(body)}B to {op}", op if op in RUNTIME_OPS else "unknown", "POST", raw,
                expect_error=op != "invoke-with-bidirectional-stream")


def gen_framing(rng, hostport):
    op = rng.choice(RUNTIME_OPS)
    body = dumps(_valid_base(rng, op))
    target = model_target(HAIKU, op)
    hdr = [("Content-Type", "application/json")]
    k = rng.randrange(12)
    if k == 0:  # Content-Length shorter than the body: the rest is junk on a closing connection
        cut = rng.randrange(len(body))
        return Case(0, "framing", "short content-length", op, "POST",
                    request("POST", target, hostport, body, hdr, content_length=str(cut)))
    if k == 1:  # longer than the body, then EOF: the request never completes
        return Case(0, "framing", "long content-length + EOF", op, "POST",
                    request("POST", target, hostport, body, hdr, content_length=str(len(body) + rng.randint(1, 999))),
                    may_drop=True, half_close=True, timeout=30)
    if k == 2:
        cl = rng.choice(["abc", "-1", "1e3", "99999999999999999999999", " 5", "5 5", "0x10", "", "+5"])
        return Case(0, "framing", f"content-length {cl!r}", op, "POST",
                    request("POST", target, hostport, body, hdr, content_length=cl), may_drop=True, half_close=True,
                    timeout=30)
    if k == 3:  # two conflicting Content-Length headers
        return Case(0, "framing", "duplicate content-length", op, "POST",
                    request("POST", target, hostport, body, hdr + [("Content-Length", str(len(body) + 3))]),
                    may_drop=True, half_close=True, timeout=30)
    if k == 4:  # valid chunked body
        chunks = b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + 7]), body[i:i + 7]) for i in range(0, len(body), 7))
        return Case(0, "framing", "chunked", op, "POST",
                    request("POST", target, hostport, chunks + b"0\r\n\r\n", hdr + [("Transfer-Encoding", "chunked")],
                            content_length=None))
    if k == 5:  # broken chunked body
        junk = rng.choice([b"zz\r\nab\r\n0\r\n\r\n", b"5\r\nab\r\n0\r\n\r\n", b"ffffffffffffffff\r\nab",
                           b"-1\r\n\r\n", b"3;ext=\x00\r\nabc\r\n0\r\n\r\n", b"1\r\na"])
        return Case(0, "framing", "bad chunked", op, "POST",
                    request("POST", target, hostport, junk, hdr + [("Transfer-Encoding", "chunked")],
                            content_length=None), may_drop=True, half_close=True, timeout=30)
    if k == 6:  # chunked and Content-Length together (smuggling shape)
        chunks = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
        return Case(0, "framing", "chunked + content-length", op, "POST",
                    request("POST", target, hostport, chunks, hdr + [("Transfer-Encoding", "chunked")],
                            content_length="3"), may_drop=True, half_close=True, timeout=30)
    if k == 7:  # bad request lines
        line = rng.choice([b"POST", b"POST " + target.encode(), b"POST " + target.encode() + b" HTTP/9.9",
                           b"POST " + target.encode() + b" HTTP/1.0", b"post " + target.encode() + b" HTTP/1.1",
                           b"P\x00ST / HTTP/1.1", b"X" * 5000 + b" / HTTP/1.1", b"GET /health HTTP/1.1 extra",
                           b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", b"PRI * HTTP/2.0\r\n\r\nSM",
                           b"GET " + b"/" + b"a" * 100_000 + b" HTTP/1.1", b"GET /he alth HTTP/1.1",
                           b"GET /\xff\xfe HTTP/1.1"])
        raw = line + b"\r\nHost: " + hostport.encode() + b"\r\nConnection: close\r\n\r\n"
        return Case(0, "framing", f"request line {line[:30]!r}", "unknown", "GET", raw, may_drop=True,
                    half_close=True, timeout=30)
    if k == 8:  # pipelined: a valid cheap request followed by junk
        raw = request("POST", model_target(HAIKU, "count-tokens"), hostport, dumps(count_body("converse")), hdr)
        raw = raw.replace(b"Connection: close\r\n", b"") + rng.choice([b"GARBAGE\r\n\r\n", b"\x00" * 100, raw])
        return Case(0, "framing", "pipelined", "count-tokens", "POST", raw, half_close=True, timeout=30)
    if k == 9:  # NUL and control bytes in header names/values
        raw = request("POST", target, hostport, body, hdr + [(b"X-\x00", b"v"), (b"X-A", b"\x00\x07\x1b")])
        return Case(0, "framing", "control bytes in headers", op, "POST", raw, may_drop=True, half_close=True,
                    timeout=30)
    if k == 10:  # bare LF line endings
        raw = request("POST", target, hostport, body, hdr).replace(b"\r\n", b"\n")
        return Case(0, "framing", "LF line endings", op, "POST", raw, may_drop=True, half_close=True, timeout=30)
    # HTTP/1.0 with a body
    raw = request("POST", target, hostport, body, hdr, version=b"HTTP/1.0")
    return Case(0, "framing", "HTTP/1.0", op, "POST", raw)


def gen_valid(rng, hostport):
    op = rng.choice(RUNTIME_OPS + ["health", "control"])
    if op == "health":
        return Case(0, "valid", "health", "health", "GET", request("GET", "/health", hostport, None))
    if op == "control":
        target = rng.choice(["/foundation-models", "/inference-profiles?maxResults=5", "/prompts",
                             "/foundation-models/" + urllib.parse.quote(HAIKU, safe="")])
        return Case(0, "valid", target, "control", "GET", request("GET", target, hostport, None))
    body = dumps(_valid_base(rng, op) if op != "count-tokens" else count_body(rng.choice(["converse", "invoke"])))
    model = HAIKU if op.startswith("invoke") else rng.choice([HAIKU, FM_ARN, "us." + HAIKU])
    return _runtime(rng, hostport, "valid", "valid one-token request", body, op=op, model=model)


def gen_unknown(rng, hostport):
    method = rng.choice(["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"])
    target = rng.choice(["/", "/no/such/operation", "/model", "/model/", "/health/x", "/guardrail/g/version/1/apply",
                         "/async-invoke", "/" + "x" * 3000, "/.well-known/security.txt", "/../../etc/passwd",
                         "/%2e%2e/%2e%2e/etc/passwd", "/model/" + HAIKU + "/invoke-with-bidirectional-stream"])
    body = None if method in ("GET", "HEAD", "DELETE") else json_garbage(rng)
    return Case(0, "unknown", f"{method} {target[:40]}", "unknown", method, request(method, target, hostport, body))


GENERATORS = {"json": gen_json, "mutate": gen_mutate, "headers": gen_headers, "path": gen_path,
              "control": gen_control, "eventstream": gen_eventstream, "framing": gen_framing, "valid": gen_valid,
              "unknown": gen_unknown}


# --- slow cases ---------------------------------------------------------------------------------------------------

def slow_body_case(rng, hostport, index) -> Case:
    """A valid one-token request whose body arrives a few bytes at a time over ~3 s."""
    op = ["converse", "count-tokens", "invoke", "converse-stream"][index % 4]
    body = dumps(converse_body() if op.startswith("converse") else INVOKE_BODY if op == "invoke" else count_body("converse"))
    raw = request("POST", model_target(HAIKU, op), hostport, body, [("Content-Type", "application/json")])
    return Case(index, "slow", f"trickled {op}", op, "POST", raw, trickle=max(1, len(raw) // 60), trickle_delay=0.05,
                timeout=60)


def stalled_case(hostport, index, kind) -> Case:
    """Connections that stop sending; the server's idle timeout (60 s) closes them without a response."""
    if kind == "idle":
        raw = b""
    elif kind == "partial-head":
        raw = b"POST /model/x/converse HTTP/1.1\r\nHost: " + hostport.encode() + b"\r\nContent-Type: appl"
    else:
        raw = request("POST", model_target(HAIKU, "converse"), hostport, b'{"messages":', content_length="500")
    return Case(index, "stalled", kind, "converse" if kind != "idle" else "unknown", "POST", raw, may_drop=True,
                timeout=90)


def oversized_case(rng, hostport, index, declared_only: bool) -> Case:
    """Bodies over the 26 MB cap: sent in full, or only declared (Content-Length) and never sent."""
    size = 27 * 1024 * 1024
    target = model_target(HAIKU, "converse")
    if declared_only:
        raw = request("POST", target, hostport, None, [("Content-Type", "application/json")], content_length=str(size))
        return Case(index, "oversized", "declared 27 MiB, not sent", "converse", "POST", raw, may_drop=True,
                    half_close=True, timeout=60)
    body = b'{"messages":[{"role":"user","content":[{"text":"' + b"a" * size + b'"}]}],"inferenceConfig":{"maxTokens":1}}'
    raw = request("POST", target, hostport, body, [("Content-Type", "application/json")])
    return Case(index, "oversized", "27 MiB body", "converse", "POST", raw, expect_error=True, timeout=120)
