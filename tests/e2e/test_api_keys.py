"""Bedrock API keys (bearer tokens, spec §12.6) over built-in TLS (issue 6): a server of its own started with
`--tls self-signed --auth sigv4 --credentials F`, clients that trust the CA it generated.

The long-term keys come from the `basalt keys` CLI against the server's data directory while it runs; the
short-term keys are made by Amazon's `aws-bedrock-token-generator` when installed, else by the same botocore
`SigV4QueryAuth` presigning it performs, never by Basalt. boto3 picks the token up from
`AWS_BEARER_TOKEN_BEDROCK`, as it does against AWS.
"""
from __future__ import annotations

import base64
import json
import ssl
import subprocess
from pathlib import Path

import boto3
import pytest
import requests
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

from conftest import DEFAULT_MODEL, _find_binary, check_converse_shape, serve, user

KEY, SECRET = "AKIDKEYSTEST", "keys-test-secret/with+chars"
REGION = "us-east-1"
BODY = {"messages": [user("Say hi.")], "inferenceConfig": {"maxTokens": 2}}
MSG_PREFIX = "Invalid API Key format: Must start with pre-defined prefix"
MSG_INVALID = "Authentication failed: Please make sure your API Key is valid."


class KeysServer:
    def __init__(self, binary: Path, url: str, data_dir: Path, ca: Path, log: Path):
        self.binary, self.url, self.data_dir, self.ca, self.log = binary, url, data_dir, ca, log

    def keys(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(self.binary), "keys", *args, "--data-dir", str(self.data_dir)],
                              capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)

    def create_key(self, name: str, *extra: str) -> str:
        done = self.keys("create", "--name", name, *extra)
        assert done.returncode == 0, done.stderr
        lines = done.stdout.strip().splitlines()
        assert len(lines) == 1, done.stdout  # the key alone on stdout, the explanation on stderr
        return lines[0]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> KeysServer:
    work = tmp_path_factory.mktemp("basalt-keys")
    creds = work / "credentials"
    creds.write_text(f"[alice]\naws_access_key_id = {KEY}\naws_secret_access_key = {SECRET}\n")
    data_dir = work / "data"
    ca = data_dir / "tls" / "ca.pem"
    with serve(work, "--auth", "sigv4", "--credentials", str(creds), "--tls", "self-signed", ca=ca) as served:
        yield KeysServer(_find_binary(), served.url, data_dir, ca, served.log)


def bearer_client(server: KeysServer, token: str, monkeypatch):
    """boto3 exactly as a user would configure it: the token in AWS_BEARER_TOKEN_BEDROCK, no code changes."""
    monkeypatch.setenv("AWS_BEARER_TOKEN_BEDROCK", token)
    session = boto3.Session(region_name=REGION)
    return session.client("bedrock-runtime", endpoint_url=server.url, verify=str(server.ca),
                          config=Config(retries={"max_attempts": 1}, read_timeout=300))


def sigv4_client(server: KeysServer, **kw):
    return boto3.client("bedrock-runtime", region_name=REGION, endpoint_url=server.url, verify=str(server.ca),
                        aws_access_key_id=kw.get("key", KEY), aws_secret_access_key=kw.get("secret", SECRET),
                        config=Config(retries={"max_attempts": 1}, read_timeout=300))


def short_term_token(access_key: str, secret: str, region: str = REGION, expires: int = 900) -> str:
    creds = Credentials(access_key, secret)
    try:
        from aws_bedrock_token_generator.token_generator import _generate_token
    except ImportError:
        _generate_token = None
    if _generate_token is not None:
        return _generate_token(creds, region, expires)
    # The package's own steps (token_generator.py 1.1.0): presign POST https://bedrock.amazonaws.com/.
    from botocore.auth import SigV4QueryAuth
    from botocore.awsrequest import AWSRequest
    request = AWSRequest(method="POST", url="https://bedrock.amazonaws.com/",
                         headers={"host": "bedrock.amazonaws.com"}, params={"Action": "CallWithBearerToken"})
    SigV4QueryAuth(creds, "bedrock", region, expires=expires).add_auth(request)
    presigned = request.url.replace("https://", "") + "&Version=1"
    return "bedrock-api-key-" + base64.b64encode(presigned.encode()).decode()


def converse(client):
    return client.converse(modelId=DEFAULT_MODEL, **BODY)


def expect_denied(client, message: str):
    with pytest.raises(ClientError) as info:
        converse(client)
    err = info.value.response
    assert err["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert err["Error"]["Code"] == "AccessDeniedException"
    assert err["Error"]["Message"] == message


def test_tls_uses_the_generated_ca(server):
    assert (server.data_dir / "tls" / "server.pem").exists()
    for name in ("ca-key.pem", "server-key.pem"):
        assert (server.data_dir / "tls" / name).stat().st_mode & 0o777 == 0o600
    assert str(server.ca) in server.log.read_text(errors="replace"), "the CA path must be logged for users"
    # Without the CA the certificate is not trusted; plain HTTP is not served on the TLS port.
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(server.url + "/health", timeout=5)
    with pytest.raises(requests.RequestException):
        requests.get(server.url.replace("https://", "http://") + "/health", timeout=5)
    ctx = ssl.create_default_context(cafile=str(server.ca))
    assert ctx.check_hostname  # hostname (IP SAN 127.0.0.1) and chain both verified by Python's OpenSSL
    host, port = server.url.removeprefix("https://").split(":")
    import socket
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        with ctx.wrap_socket(sock, server_hostname=host) as tls:
            assert tls.version() in ("TLSv1.2", "TLSv1.3")


def test_long_term_key_converse(server, monkeypatch):
    token = server.create_key("ci")
    assert token.startswith("ABSK")
    decoded = base64.b64decode(token[4:]).decode()
    assert decoded.startswith("BedrockAPIKey-") and "-at-123456789012:" in decoded
    resp = converse(bearer_client(server, token, monkeypatch))
    check_converse_shape(resp)
    listing = server.keys("list")
    assert listing.returncode == 0, listing.stderr
    row = [line.split("\t") for line in listing.stdout.splitlines() if "\tci\t" in line]
    assert row and row[0][2] == "Active"
    secret = decoded.split(":", 1)[1]
    assert secret not in listing.stdout and token not in listing.stdout
    assert secret.encode() not in (server.data_dir / "basalt.sqlite").read_bytes()


def test_long_term_key_converse_stream(server, monkeypatch):
    client = bearer_client(server, server.create_key("streamer"), monkeypatch)
    resp = client.converse_stream(modelId=DEFAULT_MODEL, **BODY)
    events = [next(iter(event)) for event in resp["stream"]]
    assert events[0] == "messageStart" and "messageStop" in events and events[-1] == "metadata", events


def test_revoked_key_fails_at_once(server, monkeypatch):
    token = server.create_key("to-revoke")
    client = bearer_client(server, token, monkeypatch)
    check_converse_shape(converse(client))
    done = server.keys("revoke", "to-revoke")
    assert done.returncode == 0, done.stderr
    expect_denied(client, MSG_INVALID)  # same client, the running server sees the revocation
    listing = server.keys("list").stdout
    assert any(line.split("\t")[1:3] == ["to-revoke", "Revoked"] for line in listing.splitlines())


def test_forged_and_deleted_keys_fail(server, monkeypatch):
    token = server.create_key("to-delete")
    decoded = base64.b64decode(token[4:]).decode()
    principal = decoded.split(":", 1)[0]
    forged = "ABSK" + base64.b64encode(f"{principal}:not-the-secret".encode()).decode()
    expect_denied(bearer_client(server, forged, monkeypatch), MSG_INVALID)
    assert server.keys("delete", "to-delete").returncode == 0
    expect_denied(bearer_client(server, token, monkeypatch), MSG_INVALID)


def test_short_term_key_converse(server, monkeypatch):
    token = short_term_token(KEY, SECRET)
    assert token.startswith("bedrock-api-key-")
    check_converse_shape(converse(bearer_client(server, token, monkeypatch)))


def test_short_term_key_from_unknown_secret_or_region_fails(server, monkeypatch):
    expect_denied(bearer_client(server, short_term_token(KEY, "wrong-secret"), monkeypatch), MSG_INVALID)
    expect_denied(bearer_client(server, short_term_token("AKIDNOBODY", SECRET), monkeypatch), MSG_INVALID)
    expect_denied(bearer_client(server, short_term_token(KEY, SECRET, region="us-west-2"), monkeypatch), MSG_INVALID)


def test_bad_prefix_key(server, monkeypatch):
    expect_denied(bearer_client(server, "sk-this-is-not-a-bedrock-key", monkeypatch), MSG_PREFIX)
    resp = requests.post(server.url + f"/model/{DEFAULT_MODEL}/converse", json=BODY, verify=str(server.ca),
                         headers={"Authorization": "Bearer nope"}, timeout=30)
    assert resp.status_code == 403
    assert resp.json() == {"Message": MSG_PREFIX}
    assert resp.headers["x-amzn-ErrorType"].split(":")[0] == "AccessDeniedException"


def test_sigv4_still_works_on_the_same_server(server):
    check_converse_shape(converse(sigv4_client(server)))
    with pytest.raises(ClientError) as info:
        converse(sigv4_client(server, secret="wrong"))
    assert info.value.response["Error"]["Code"] == "InvalidSignatureException"


def test_unauthenticated_request_is_refused(server):
    resp = requests.post(server.url + f"/model/{DEFAULT_MODEL}/converse", json=BODY, verify=str(server.ca), timeout=30)
    assert resp.status_code == 403
    assert resp.headers["x-amzn-ErrorType"].split(":")[0] == "MissingAuthenticationTokenException"


def test_expiring_key_cli(server):
    done = server.keys("create", "--name", "short-lived", "--expires-in-days", "1")
    assert done.returncode == 0, done.stderr
    row = [line.split("\t") for line in server.keys("list").stdout.splitlines() if "\tshort-lived\t" in line][0]
    assert row[2] == "Active" and row[4] != "never"
    dup = server.keys("create", "--name", "short-lived")
    assert dup.returncode != 0 and "already exists" in dup.stderr


def test_long_term_key_with_a_policy(server, monkeypatch, tmp_path):
    """`keys create --policy`: the key may invoke one model (and must be allowed CallWithBearerToken, §12.6)."""
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["bedrock:CallWithBearerToken"], "Resource": "*"},
        {"Effect": "Allow", "Action": "bedrock:InvokeModel",
         "Resource": f"arn:aws:bedrock:{REGION}::foundation-model/{DEFAULT_MODEL}"},
    ]}))
    client = bearer_client(server, server.create_key("scoped", "--policy", str(policy)), monkeypatch)
    check_converse_shape(converse(client))
    other = "meta.llama3-8b-instruct-v1:0"
    with pytest.raises(ClientError) as info:
        client.converse(modelId=other, **BODY)
    err = info.value.response["Error"]
    assert err["Code"] == "AccessDeniedException"
    assert err["Message"] == (
        f"User: arn:aws:iam::123456789012:user/scoped is not authorized to perform: bedrock:InvokeModel on resource: "
        f"arn:aws:bedrock:{REGION}::foundation-model/{other} because no identity-based policy allows the "
        "bedrock:InvokeModel action")
    bad = tmp_path / "bad.json"
    bad.write_text('{"Statement": [{"Effect": "Maybe", "Action": "*", "Resource": "*"}]}')
    refused = server.keys("create", "--name", "badpolicy", "--policy", str(bad))
    assert refused.returncode != 0 and "bad.json" in refused.stderr


def test_agent_api_takes_sigv4_only(server, monkeypatch):
    """bedrock-agent lists no bearer auth: boto3 signs it with SigV4 even when AWS_BEARER_TOKEN_BEDROCK is set,
    and a bearer header sent there anyway is read as a malformed SigV4 header."""
    token = short_term_token(KEY, SECRET)
    monkeypatch.setenv("AWS_BEARER_TOKEN_BEDROCK", token)
    agent = boto3.Session(region_name=REGION).client(
        "bedrock-agent", endpoint_url=server.url, verify=str(server.ca), aws_access_key_id=KEY,
        aws_secret_access_key=SECRET, config=Config(retries={"max_attempts": 1}))
    assert isinstance(agent.list_prompts()["promptSummaries"], list)
    resp = requests.get(server.url + "/prompts", verify=str(server.ca), headers={"Authorization": f"Bearer {token}"},
                        timeout=30)
    assert resp.status_code == 403
    assert resp.headers["x-amzn-ErrorType"].split(":")[0] == "IncompleteSignatureException"
    assert resp.json()["message"].startswith("Authorization header requires 'Credential' parameter.")
    # The same key still works where Bedrock accepts API keys.
    check_converse_shape(converse(bearer_client(server, token, monkeypatch)))
