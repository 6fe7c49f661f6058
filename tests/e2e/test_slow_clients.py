"""Slow clients (issue #6, limits): a body trickled slower than `--body-timeout` is answered with a 408 AWS error,
and the server stays healthy."""
from __future__ import annotations

import socket
import subprocess
import time

import pytest
import requests

from conftest import DEFAULT_MODEL, _find_binary, _free_port, _tail


@pytest.fixture(scope="module")
def slow_server(tmp_path_factory):
    binary = _find_binary()
    if binary is None or not binary.exists():
        pytest.skip("basalt binary not built")
    work = tmp_path_factory.mktemp("basalt-slow")
    port = _free_port()
    log_path = work / "server.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [str(binary), "serve", "--port", str(port), "--data-dir", str(work / "data"), "--body-timeout", "2"],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while True:
            if proc.poll() is not None:
                pytest.fail(f"basalt serve exited:\n{_tail(log_path)}", pytrace=False)
            try:
                if requests.get(url + "/health", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"not healthy:\n{_tail(log_path)}", pytrace=False)
            time.sleep(0.3)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def test_trickled_body_gets_408_and_server_stays_healthy(slow_server):
    body = b'{"messages":[{"role":"user","content":[{"text":"hi"}]}]}'
    head = (f"POST /model/{DEFAULT_MODEL}/converse HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    with socket.create_connection(("127.0.0.1", slow_server), timeout=10) as s:
        s.sendall(head)
        s.settimeout(0.4)
        started, answer = time.monotonic(), b""
        for byte in body:  # one byte every 0.4 s: 23 s for the whole body, far beyond the 2 s allowed
            try:
                s.sendall(bytes([byte]))
                answer += s.recv(65536)
            except socket.timeout:
                continue
            except OSError:
                break
            if b"\r\n\r\n" in answer:
                break
        elapsed = time.monotonic() - started
    status_line, _, rest = answer.partition(b"\r\n")
    assert status_line.startswith(b"HTTP/1.1 408"), answer
    assert b"x-amzn-ErrorType: RequestTimeoutException" in rest
    assert b'"message":"The request body was not received within 2 seconds."' in rest
    assert 1.5 < elapsed < 6
    assert requests.get(f"http://127.0.0.1:{slow_server}/health", timeout=5).status_code == 200


def test_a_prompt_body_is_still_accepted(slow_server):
    resp = requests.post(f"http://127.0.0.1:{slow_server}/model/{DEFAULT_MODEL}/converse", timeout=60,
                         json={"messages": [{"role": "user", "content": [{"text": "hi"}]}],
                               "inferenceConfig": {"maxTokens": 2}})
    assert resp.status_code == 200, resp.text
