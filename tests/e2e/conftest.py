"""End-to-end fixtures: start a real `basalt serve`, talk to it with boto3, the AWS CLI and raw HTTP.

Environment:
  BASALT_BIN       path of the server binary (default <repo>/.build/release/basalt, then .build/debug/basalt)
  BASALT_E2E_URL   use an already-running server at this base URL instead of starting one
  BASALT_CACHE     model cache passed through untouched (default ~/.cache/basalt)
  BASALT_E2E_READY_TIMEOUT  seconds to wait for GET /health (default 300)
"""
from __future__ import annotations

import contextlib
import http.client
import json
import os
import socket
import subprocess
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
import requests
from botocore.config import Config

REPO = Path(__file__).resolve().parents[2]

# Model identifiers served by the local model (see the task contract).
SONNET_V1 = "anthropic.claude-3-sonnet-20240229-v1:0"
SONNET_35 = "anthropic.claude-3-5-sonnet-20240620-v1:0"
HAIKU = "anthropic.claude-3-haiku-20240307-v1:0"
PROFILE_ID = "us.anthropic.claude-3-5-sonnet-20241022-v2:0"
PROFILE_ARN = (
    "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0"
)
FM_ARN = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"
PROFILE_ONLY_BASE_ID = "anthropic.claude-3-5-sonnet-20241022-v2:0"
DEFAULT_MODEL = HAIKU

STOP_REASONS = {
    "end_turn", "tool_use", "max_tokens", "stop_sequence", "guardrail_intervened", "content_filtered",
    "malformed_model_output", "malformed_tool_use", "model_context_window_exceeded",
}

ACCESS_KEY = "AKIDEXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

# Seed programs build their clients without credentials or retry settings; give them dummy credentials
# through the environment and switch retries off so a server error is never replayed.
os.environ.setdefault("AWS_ACCESS_KEY_ID", ACCESS_KEY)
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
os.environ["AWS_MAX_ATTEMPTS"] = "1"
os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
os.environ.pop("AWS_BEARER_TOKEN_BEDROCK", None)  # would switch boto3 to bearer auth
os.environ.pop("AWS_PROFILE", None)

_server_log: Path | None = None


def _find_binary() -> Path | None:
    env = os.environ.get("BASALT_BIN")
    if env:
        return Path(env)
    for cfg in ("release", "debug"):
        candidate = REPO / ".build" / cfg / "basalt"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tail(path: Path, limit: int = 12000) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return f"<no log: {exc}>"
    return data[-limit:].decode("utf-8", "replace")


@dataclass
class Served:
    """A `basalt serve` started by a test: its URL, process and log file."""
    url: str
    proc: subprocess.Popen
    log: Path


@contextlib.contextmanager
def serve(work: Path, *flags: str, ca: Path | None = None):
    """Starts `basalt serve` on a free loopback port with its data under `work/data` and the given extra flags,
    yields a `Served` once `GET /health` answers 200 (over HTTPS verified against `ca` when given), and stops it."""
    binary = _find_binary()
    if binary is None or not binary.exists():
        pytest.skip("basalt binary not built (set BASALT_BIN or build .build/release/basalt)")
    log_path = work / "server.log"
    port = _free_port()
    url = f"{'https' if ca else 'http'}://127.0.0.1:{port}"
    cmd = [str(binary), "serve", "--host", "127.0.0.1", "--port", str(port), "--data-dir", str(work / "data"), *flags]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + float(os.environ.get("BASALT_E2E_READY_TIMEOUT", "300"))
        while True:
            if proc.poll() is not None:
                pytest.fail(f"basalt serve exited with {proc.returncode} before becoming healthy:\n"
                            f"{_tail(log_path)}", pytrace=False)
            try:  # /health needs no signature; the CA file appears once the server made it
                if (ca is None or ca.exists()) and requests.get(
                        url + "/health", timeout=2, verify=str(ca) if ca else True).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"basalt serve not healthy after timeout:\n{_tail(log_path)}", pytrace=False)
            time.sleep(0.5)
        yield Served(url, proc, log_path)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


@pytest.fixture(scope="session")
def base_url(tmp_path_factory: pytest.TempPathFactory):
    """Base URL of a running server (started here unless BASALT_E2E_URL is set)."""
    global _server_log
    external = os.environ.get("BASALT_E2E_URL")
    if external:
        yield external.rstrip("/")
        return
    work = tmp_path_factory.mktemp("basalt-e2e")
    _server_log = work / "server.log"
    with serve(work, "--auth", "none") as served:
        yield served.url


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # noqa: ARG001
    """Dump the tail of the server log when anything failed."""
    failed = terminalreporter.stats.get("failed") or terminalreporter.stats.get("error")
    if failed and _server_log is not None:
        terminalreporter.section("basalt serve log (tail)")
        terminalreporter.write_line(_tail(_server_log))


def _client(base: str, validate: bool):
    cfg = Config(retries={"max_attempts": 1}, parameter_validation=validate,
                 read_timeout=300, connect_timeout=10)
    return boto3.client("bedrock-runtime", region_name="us-east-1", endpoint_url=base,
                        aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY, config=cfg)


@pytest.fixture(scope="session")
def runtime(base_url):
    """boto3 bedrock-runtime client against the server (client-side validation on)."""
    return _client(base_url, validate=True)


@pytest.fixture(scope="session")
def runtime_raw(base_url):
    """Same, with parameter_validation=False so invalid inputs reach the server."""
    return _client(base_url, validate=False)


@dataclass
class RawResponse:
    status: int
    headers: dict[str, str]  # lower-cased names
    body: bytes

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    @property
    def error_code(self) -> str | None:
        """Error code as botocore derives it (x-amzn-errortype header, cut at ':' and after '#')."""
        raw = self.headers.get("x-amzn-errortype")
        if raw is None:
            try:
                doc = self.json()
            except ValueError:
                return None
            raw = doc.get("__type") or doc.get("code") or doc.get("Code")
            if raw is None:
                return None
        return raw.split(":")[0].split("#")[-1]

    @property
    def error_message(self) -> str | None:
        try:
            doc = self.json()
        except ValueError:
            return None
        return doc.get("message", doc.get("Message"))


class RawHTTP:
    """Sends byte-exact requests (no URL normalisation), e.g. malformed JSON or bad percent-encoding."""

    def __init__(self, base: str):
        parsed = urllib.parse.urlsplit(base)
        self.host = parsed.hostname
        self.port = parsed.port

    def request(self, method: str, path: str, body: bytes | str | dict | None = None,
                headers: dict[str, str] | None = None, timeout: float = 120) -> RawResponse:
        if isinstance(body, dict):
            body = json.dumps(body)
        if isinstance(body, str):
            body = body.encode("utf-8")
        hdrs = {"Content-Type": "application/json"} if body is not None else {}
        hdrs.update(headers or {})
        conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            conn.putrequest(method, path, skip_accept_encoding=True)
            for k, v in hdrs.items():
                conn.putheader(k, v)
            conn.putheader("Content-Length", str(len(body or b"")))
            conn.endheaders()
            if body:
                conn.send(body)
            resp = conn.getresponse()
            data = resp.read()
            return RawResponse(resp.status, {k.lower(): v for k, v in resp.getheaders()}, data)
        finally:
            conn.close()

    def post_json(self, path: str, body) -> RawResponse:
        return self.request("POST", path, body)


@pytest.fixture(scope="session")
def raw_http(base_url) -> RawHTTP:
    return RawHTTP(base_url)


def model_path(model_id: str, op: str = "converse") -> str:
    """The URI botocore would send: `/model/{percent-encoded id}/{op}`."""
    return f"/model/{urllib.parse.quote(model_id, safe='')}/{op}"


def user(text: str) -> dict:
    return {"role": "user", "content": [{"text": text}]}


def assistant(text: str) -> dict:
    return {"role": "assistant", "content": [{"text": text}]}


def text_of(response: dict) -> str:
    return "".join(b.get("text", "") for b in response["output"]["message"]["content"])


def check_converse_shape(resp: dict, allow_empty: bool = False) -> None:
    """Assert the ConverseResponse shape every successful call must have.

    `allow_empty`: the content may be empty (a stop sequence can end generation before any text).
    """
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert resp["ResponseMetadata"].get("RequestId"), "x-amzn-RequestId header missing"
    msg = resp["output"]["message"]
    assert msg["role"] == "assistant"
    assert isinstance(msg["content"], list)
    assert allow_empty or msg["content"], "empty content"
    for block in msg["content"]:
        assert len(block) == 1, f"content block must be a union with one member: {block}"
    assert resp["stopReason"] in STOP_REASONS
    usage = resp["usage"]
    for key in ("inputTokens", "outputTokens", "totalTokens"):
        assert isinstance(usage[key], int) and usage[key] >= 0, usage
    assert usage["totalTokens"] == usage["inputTokens"] + usage["outputTokens"], usage
    assert usage["inputTokens"] > 0
    latency = resp["metrics"]["latencyMs"]
    assert isinstance(latency, int) and latency >= 0
