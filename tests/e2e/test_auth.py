"""SigV4 authentication end to end (issue 6): a `basalt serve --auth sigv4 --credentials FILE` of its own.

Each rejection is checked for AWS's HTTP status, error code and message (spec §12.5); the clients are boto3 and
botocore's own signers, so a pass means real SDKs interoperate.
"""
from __future__ import annotations

import datetime
import http.client
import json
import urllib.parse

import boto3
import botocore.auth
import pytest
from botocore import UNSIGNED
from botocore.auth import SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

from conftest import DEFAULT_MODEL, model_path, serve, user

KEY, SECRET = "AKIDAUTHTEST", "auth-test-secret/with+chars"
TEMP_KEY, TEMP_SECRET, TEMP_TOKEN = "ASIATEMPAUTH", "temp-secret", "FQoGZXIvYXdzE//session+token="
BODY = {"messages": [user("Say hi.")], "inferenceConfig": {"maxTokens": 2}}

MSG_MISSING = "Missing Authentication Token"
MSG_UNRECOGNIZED = "The security token included in the request is invalid."
MSG_MISMATCH = ("The request signature we calculated does not match the signature you provided. Check your AWS "
                "Secret Access Key and signing method. Consult the service documentation for details.")
MSG_SERVICE = "Credential should be scoped to correct service: 'bedrock'. "
MSG_REGION = "Credential should be scoped to a valid region. "


@pytest.fixture(scope="module")
def auth_url(tmp_path_factory):
    work = tmp_path_factory.mktemp("basalt-auth")
    creds = work / "credentials"
    creds.write_text(f"[alice]\naws_access_key_id = {KEY}\naws_secret_access_key = {SECRET}\n\n"
                     f"[ci]\naws_access_key_id = {TEMP_KEY}\naws_secret_access_key = {TEMP_SECRET}\n"
                     f"aws_session_token = {TEMP_TOKEN}\n")
    with serve(work, "--auth", "sigv4", "--credentials", str(creds)) as served:
        yield served.url


def client(url, key=KEY, secret=SECRET, token=None, region="us-east-1", unsigned=False):
    cfg = Config(retries={"max_attempts": 1}, read_timeout=300,
                 **({"signature_version": UNSIGNED} if unsigned else {}))
    return boto3.client("bedrock-runtime", region_name=region, endpoint_url=url, aws_access_key_id=key,
                        aws_secret_access_key=secret, aws_session_token=token, config=cfg)


def rejected(call) -> tuple[int, str, str]:
    with pytest.raises(ClientError) as info:
        call()
    r = info.value.response
    return r["ResponseMetadata"]["HTTPStatusCode"], r["Error"]["Code"], r["Error"]["Message"]


def converse(c):
    return c.converse(modelId=DEFAULT_MODEL, **BODY)


def signed(url, *, key=KEY, secret=SECRET, region="us-east-1", service="bedrock", when=None, token=None):
    """A converse request signed by botocore's SigV4Auth: (path, headers, body)."""
    body = json.dumps(BODY).encode()
    path = model_path(DEFAULT_MODEL)
    req = AWSRequest(method="POST", url=url + path, data=body, headers={"Content-Type": "application/json"})
    saved = botocore.auth.get_current_datetime
    if when is not None:
        botocore.auth.get_current_datetime = lambda *a, **k: when
    try:
        SigV4Auth(Credentials(key, secret, token), service, region).add_auth(req)
    finally:
        botocore.auth.get_current_datetime = saved
    return path, dict(req.headers.items()), body


def send(url, method, path, headers, body):
    """Byte-exact HTTP (no re-encoding of the path)."""
    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=300)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True, skip_host=True)
        conn.putheader("Host", u.netloc)
        for k, v in headers.items():
            conn.putheader(k, v)
        conn.putheader("Content-Length", str(len(body)))
        conn.endheaders()
        conn.send(body)
        resp = conn.getresponse()
        data = resp.read()
        doc = json.loads(data) if data else {}
        code = (resp.getheader("x-amzn-ErrorType") or "").split(":")[0]
        return resp.status, code, doc.get("message", doc.get("Message")), doc
    finally:
        conn.close()


# --- passes -----------------------------------------------------------------------------------------------

def test_right_credentials_pass(auth_url):
    out = converse(client(auth_url))
    assert out["stopReason"] in ("end_turn", "max_tokens")
    assert out["usage"]["outputTokens"] >= 1


def test_session_credentials_pass(auth_url):
    out = converse(client(auth_url, TEMP_KEY, TEMP_SECRET, TEMP_TOKEN))
    assert out["output"]["message"]["role"] == "assistant"


def test_streaming_passes(auth_url):
    events = list(client(auth_url).converse_stream(modelId=DEFAULT_MODEL, **BODY)["stream"])
    assert "messageStop" in events[-2] or "messageStop" in events[-1]


def test_raw_botocore_signature_passes(auth_url):
    status, code, _, doc = send(auth_url, "POST", *signed(auth_url))
    assert status == 200, doc
    assert doc["output"]["message"]["role"] == "assistant"


def test_presigned_url_works(auth_url):
    body = json.dumps(BODY).encode()

    class BodySigningQueryAuth(SigV4QueryAuth):
        """botocore's presigner moves a body into the query; keep it as the payload (hashed) instead."""

        def _modify_request_before_signing(self, request):
            data, request.data = request.data, b""
            super()._modify_request_before_signing(request)
            request.data = data

    req = AWSRequest(method="POST", url=auth_url + model_path(DEFAULT_MODEL), data=body,
                     headers={"Content-Type": "application/json"})
    BodySigningQueryAuth(Credentials(KEY, SECRET), "bedrock", "us-east-1", expires=300).add_auth(req)
    u = urllib.parse.urlsplit(req.url)
    assert "X-Amz-Signature=" in u.query and "Authorization" not in req.headers
    status, _, _, doc = send(auth_url, "POST", f"{u.path}?{u.query}", {"Content-Type": "application/json"}, body)
    assert status == 200, doc
    # The same URL with another body does not verify.
    status, code, msg, _ = send(auth_url, "POST", f"{u.path}?{u.query}", {"Content-Type": "application/json"},
                                body.replace(b"Say hi.", b"Say no."))
    assert (status, code) == (403, "InvalidSignatureException") and msg.startswith(MSG_MISMATCH)


# --- rejections (boto3) ------------------------------------------------------------------------------------

def test_wrong_secret(auth_url):
    status, code, msg = rejected(lambda: converse(client(auth_url, secret="wrong")))
    assert (status, code) == (403, "InvalidSignatureException")
    assert msg.startswith(MSG_MISMATCH)


def test_unknown_key(auth_url):
    assert rejected(lambda: converse(client(auth_url, key="AKIDNOBODY"))) == (403, "UnrecognizedClientException",
                                                                              MSG_UNRECOGNIZED)


def test_wrong_session_token(auth_url):
    assert rejected(lambda: converse(client(auth_url, TEMP_KEY, TEMP_SECRET, "forged"))) == (
        403, "UnrecognizedClientException", MSG_UNRECOGNIZED)


def test_wrong_region(auth_url):
    assert rejected(lambda: converse(client(auth_url, region="us-west-2"))) == (403, "InvalidSignatureException",
                                                                                MSG_REGION)


def test_unsigned(auth_url):
    assert rejected(lambda: converse(client(auth_url, unsigned=True))) == (403, "MissingAuthenticationTokenException",
                                                                           MSG_MISSING)


def test_expired_date(auth_url):
    when = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None) - datetime.timedelta(minutes=10)
    saved = botocore.auth.get_current_datetime
    botocore.auth.get_current_datetime = lambda *a, **k: when
    try:
        status, code, msg = rejected(lambda: converse(client(auth_url)))
    finally:
        botocore.auth.get_current_datetime = saved
    stamp = when.strftime("%Y%m%dT%H%M%SZ")
    assert (status, code) == (403, "InvalidSignatureException")
    assert msg.startswith(f"Signature expired: {stamp} is now earlier than ") and msg.endswith(" - 5 min.)")


# --- rejections (botocore signer + byte-exact tampering) ---------------------------------------------------

def test_wrong_service(auth_url):
    status, code, msg, _ = send(auth_url, "POST", *signed(auth_url, service="bedrock-runtime"))
    assert (status, code, msg) == (403, "InvalidSignatureException", MSG_SERVICE)


def test_tampered_body(auth_url):
    path, headers, body = signed(auth_url)
    status, code, msg, _ = send(auth_url, "POST", path, headers, body.replace(b"Say hi.", b"Say ho."))
    assert (status, code) == (403, "InvalidSignatureException") and msg.startswith(MSG_MISMATCH)


def test_tampered_signed_header(auth_url):
    path, headers, body = signed(auth_url)
    headers["Content-Type"] = "application/x-amz-json-1.1"
    status, code, msg, _ = send(auth_url, "POST", path, headers, body)
    assert (status, code) == (403, "InvalidSignatureException") and msg.startswith(MSG_MISMATCH)


def test_tampered_path(auth_url):
    path, headers, body = signed(auth_url)
    status, code, msg, _ = send(auth_url, "POST", path.replace("haiku", "sonnet"), headers, body)
    assert (status, code) == (403, "InvalidSignatureException") and msg.startswith(MSG_MISMATCH)


def test_unsigned_header_may_change(auth_url):
    path, headers, body = signed(auth_url)
    headers["User-Agent"] = "changed/1.0"
    assert send(auth_url, "POST", path, headers, body)[0] == 200


def test_incomplete_authorization(auth_url):
    path, headers, body = signed(auth_url)
    headers["Authorization"] = "AWS4-HMAC-SHA256 SignedHeaders=host"
    status, code, msg, _ = send(auth_url, "POST", path, headers, body)
    assert (status, code) == (403, "IncompleteSignatureException")
    assert msg.startswith("Authorization header requires 'Credential' parameter.")
