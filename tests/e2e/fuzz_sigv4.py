"""SigV4-signed-then-mutated requests for test_fuzz.py (against a `basalt serve --auth sigv4` of its own).

Each case signs a cheap request with botocore (header form, or presigned query form), then applies one mutation.
Mutations that must break the signature are marked `expect_error`; the untouched request, an unsigned extra
header and re-encodings that leave the canonical request unchanged must still succeed.
"""
from __future__ import annotations

import random
import urllib.parse

from botocore.auth import SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from fuzz_cases import HAIKU, INVOKE_BODY, Case, converse_body, count_body, dumps, mutate_bytes, request

KEY, SECRET = "AKIDFUZZ", "fuzz/secret+key"
TEMP_KEY, TEMP_SECRET, TEMP_TOKEN = "ASIAFUZZ", "temp-fuzz-secret", "FQoG//fuzz+token="
CREDENTIALS_FILE = (f"[fuzz]\naws_access_key_id = {KEY}\naws_secret_access_key = {SECRET}\n\n"
                    f"[temp]\naws_access_key_id = {TEMP_KEY}\naws_secret_access_key = {TEMP_SECRET}\n"
                    f"aws_session_token = {TEMP_TOKEN}\n")

BASES = [
    ("POST", "/model/" + urllib.parse.quote(HAIKU, safe="") + "/count-tokens", "", count_body("converse"), "count-tokens"),
    ("POST", "/model/" + urllib.parse.quote(HAIKU, safe="") + "/converse", "", converse_body(), "converse"),
    ("POST", "/model/" + urllib.parse.quote(HAIKU, safe="") + "/invoke", "", INVOKE_BODY, "invoke"),
    ("GET", "/foundation-models", "byProvider=Anthropic", None, "control"),
    ("GET", "/inference-profiles", "maxResults=5&type=SYSTEM_DEFINED", None, "control"),
    ("POST", "/listTagsForResource", "", {"resourceARN": "arn:aws:bedrock:us-east-1::foundation-model/" + HAIKU},
     "control"),  # answers 404 (no such taggable resource): authentication passed
    ("GET", "/prompts", "maxResults=5", None, "control"),
]
# Codes of a request rejected by authentication (§12.5).
AUTH_CODES = {"MissingAuthenticationTokenException", "IncompleteSignatureException", "InvalidSignatureException",
              "UnrecognizedClientException", "ExpiredTokenException", "AccessDeniedException"}
# (name, must authentication reject it? None: either)
MUTATIONS = [("none", False), ("unsigned-header", False), ("query-reencoded", False), ("sig-flip", True),
             ("sig-truncate", True), ("sig-upper", True), ("body-flip", True), ("body-append", True),
             ("path-change", True), ("path-normalized", False), ("query-add", True), ("signed-header-change", True), ("date-shift", True),
             ("date-garbage", True), ("date-far", True), ("scope", True), ("drop-part", True), ("algorithm", True),
             ("auth-garbage", True), ("auth-duplicate", None), ("auth-missing", True), ("presign-conflict", True),
             ("token", True), ("bearer", True), ("presigned-mutated", True), ("presigned-ok", False)]


def _sign(method, hostport, path, query, body: bytes | None, temp: bool, presign: bool):
    creds = Credentials(TEMP_KEY, TEMP_SECRET, TEMP_TOKEN) if temp else Credentials(KEY, SECRET)
    url = f"http://{hostport}{path}" + (f"?{query}" if query else "")
    headers = {"Host": hostport}
    if body is not None:
        headers["Content-Type"] = "application/json"
    req = AWSRequest(method=method, url=url, data=body or b"", headers=headers)
    if presign:
        SigV4QueryAuth(creds, "bedrock", "us-east-1", expires=300).add_auth(req)
        split = urllib.parse.urlsplit(req.url)
        return split.path, split.query, list(req.headers.items())
    SigV4Auth(creds, "bedrock", "us-east-1").add_auth(req)
    return path, query, list(req.headers.items())


def generate_signed_case(seed: int, index: int, hostport: str) -> Case:
    rng = random.Random(f"{seed}:{index}")
    mutation, must_fail = rng.choice(MUTATIONS)
    # botocore's presigner moves a POST body into the query string (query-protocol style): presign GETs only.
    method, path, query, doc, op = rng.choice([b for b in BASES if b[0] == "GET" or not mutation.startswith("presign")])
    body = dumps(doc) if doc is not None else None
    temp = rng.random() < 0.3
    presign = mutation.startswith("presign")
    path, query, headers = _sign(method, hostport, path, query, body, temp, presign)
    h = {k: v for k, v in headers if k.lower() != "host"}
    auth = h.get("Authorization", "")

    def set_auth(value):
        h["Authorization"] = value

    if mutation == "unsigned-header":
        h["X-Unsigned-Extra"] = "fuzz"
    elif mutation == "query-reencoded" and query:
        # %XX for an unreserved byte decodes to the same canonical query: still valid.
        query = query.replace("5", "%35").replace("A", "%41", 1)
    elif mutation == "sig-flip":
        i = auth.rindex("Signature=") + 10 + rng.randrange(64)
        set_auth(auth[:i] + ("0" if auth[i] != "0" else "1") + auth[i + 1:])
    elif mutation == "sig-truncate":
        set_auth(auth[:-rng.randint(1, 64)])
    elif mutation == "sig-upper":
        head, sig = auth.rsplit("Signature=", 1)
        set_auth(head + "Signature=" + (sig.upper() if sig.upper() != sig else "A" + sig[1:]))
    elif mutation == "body-flip":
        body = mutate_bytes(rng, body or b"x", 1) or b"y"
    elif mutation == "body-append":
        body = (body or b"") + b" "
    elif mutation == "path-change":
        options = [path.replace("%3A", "%3a"), path.replace("%3A", ":"), path + "/", path + "%2F", path + "x",
                   path.upper(), path.replace("-", "%2D", 1)]
        path = rng.choice([p for p in options if p != path])
    elif mutation == "path-normalized":
        # `//` and `.` segments are normalised away before signing (§12.2): the signature still holds.
        path = rng.choice(["/" + path, path.replace("/", "//", 1), path + "/.", path.replace("/", "/./", 1)])
    elif mutation == "query-add":
        query = (query + "&" if query else "") + rng.choice(["a=b", "maxResults=1", "%zz=1", "x"])
    elif mutation == "signed-header-change":
        h["Content-Type" if body is not None else "X-Amz-Date"] = "text/plain" if body is not None else "20240101T000000Z"
    elif mutation == "date-shift":
        h["X-Amz-Date"] = h["X-Amz-Date"][:-3] + ("59Z" if not h["X-Amz-Date"].endswith("59Z") else "58Z")
    elif mutation == "date-garbage":
        h["X-Amz-Date"] = rng.choice(["", "now", "2024-01-15T12:00:00Z", "20241315T250000Z", "99999999T999999Z",
                                      "20240115T120000", "\u0661" * 8 + "T120000Z", "x" * 5000])
    elif mutation == "date-far":
        h["X-Amz-Date"] = rng.choice(["19700101T000000Z", "99991231T235959Z", "00000101T000000Z"])
    elif mutation == "scope":
        old = auth.split("Credential=")[1].split(",")[0]
        parts = old.split("/")
        k = rng.randrange(6)
        if k < 5:
            parts[k] = rng.choice(["", "x", "bedrock-runtime", "eu-west-1", "20200101", "aws4_requestx", "%2F", "/"])
        else:
            parts = parts[:rng.randint(0, 4)] + ["extra"] * rng.randint(0, 3)
        set_auth(auth.replace(old, "/".join(parts)))
    elif mutation == "drop-part":
        part = rng.choice(["Credential=", "SignedHeaders=", "Signature="])
        pieces = [p for p in auth.split(", ") if part not in p]
        set_auth(", ".join(pieces) if pieces else "AWS4-HMAC-SHA256")
    elif mutation == "algorithm":
        set_auth(auth.replace("AWS4-HMAC-SHA256", rng.choice(["AWS4-HMAC-SHA512", "aws4-hmac-sha256", "", "AWS3"]), 1))
    elif mutation == "auth-garbage":
        set_auth(rng.choice(["", " ", "AWS4-HMAC-SHA256", "AWS4-HMAC-SHA256 ,,,,", "AWS4-HMAC-SHA256 a=b=c, =, ==",
                             "AWS4-HMAC-SHA256 Credential=" + "/" * 1000, "AWS4-HMAC-SHA256 " + "x" * 20000,
                             "AWS4-HMAC-SHA256 Credential=\u00e9\U0001F600/x/y/z/w, SignedHeaders=;;;, Signature=%",
                             auth + ", Credential=" + KEY, auth.replace(",", ""), auth.replace(" ", "")]))
    elif mutation == "auth-duplicate":
        headers_extra = [("Authorization", rng.choice([auth, "AWS4-HMAC-SHA256 garbage"]))]
        h["__extra__"] = headers_extra  # type: ignore[assignment]
    elif mutation == "auth-missing":
        h.pop("Authorization", None)
    elif mutation == "presign-conflict":
        pass  # a presigned query plus an Authorization header below
    elif mutation == "token":
        if temp:
            h["X-Amz-Security-Token"] = rng.choice(["", "wrong", TEMP_TOKEN + "x"])
        else:
            h["X-Amz-Security-Token"] = TEMP_TOKEN
    elif mutation == "bearer":
        set_auth("Bearer " + rng.choice(["", "x", "ABSK" + "A" * 200, "%%%", "\u00e9"]))
    elif mutation == "presigned-mutated":
        params = query.split("&")
        i = rng.randrange(len(params))
        k, _, v = params[i].partition("=")
        new = k + "=" + rng.choice(["", "x", v[:-1], v + "0", "%", "-1", "604801", "%zz", v.upper()])
        params[i] = new if new != params[i] else new + "0"
        query = "&".join(params)
    if mutation == "presign-conflict":
        h["Authorization"] = "AWS4-HMAC-SHA256 Credential=x"
        query = query or "X-Amz-Algorithm=AWS4-HMAC-SHA256"
        if "X-Amz-Algorithm" not in query:
            query += "&X-Amz-Algorithm=AWS4-HMAC-SHA256"
    extra = h.pop("__extra__", [])
    hdr_list = [(k, v) for k, v in h.items() if k.lower() != "content-length"] + list(extra)  # type: ignore[arg-type]
    target = path + (f"?{query}" if query else "")
    raw = request(method, target, hostport, body, hdr_list)
    case = Case(index, "sigv4", f"{mutation}{' temp' if temp else ''} {method} {path[:40]}", op, method, raw,
                expect_error=bool(must_fail))
    case.must_succeed = must_fail is False  # type: ignore[attr-defined]
    return case
