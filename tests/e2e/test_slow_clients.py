"""Slow clients (issue #6, limits): a body trickled slower than `--body-timeout` is answered with a 408 AWS error,
and the server stays healthy."""
from __future__ import annotations

import socket
import time

import pytest
import requests

from conftest import DEFAULT_MODEL, serve


@pytest.fixture(scope="module")
def slow_server(tmp_path_factory):
    with serve(tmp_path_factory.mktemp("basalt-slow"), "--body-timeout", "2") as served:
        yield int(served.url.rsplit(":", 1)[1])


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


@pytest.fixture(scope="module")
def one_slot(tmp_path_factory):
    with serve(tmp_path_factory.mktemp("basalt-one-slot"), "--slots", "1") as served:
        yield served.url


def test_a_client_that_gives_up_frees_the_engine(one_slot):
    """A Converse abandoned by its client (timeout) is cancelled: with one slot, the next request is not stuck
    behind a generation nobody will read."""
    url = f"{one_slot}/model/{DEFAULT_MODEL}/converse"
    essay = {"messages": [{"role": "user", "content": [{"text": "Write a very long essay about the sea. " * 40}]}],
             "inferenceConfig": {"maxTokens": 3000, "temperature": 0}}
    with pytest.raises(requests.exceptions.ReadTimeout):
        requests.post(url, json=essay, timeout=1.5)
    started = time.monotonic()
    resp = requests.post(url, json={"messages": [{"role": "user", "content": [{"text": "hi"}]}],
                                    "inferenceConfig": {"maxTokens": 1}}, timeout=120)
    assert resp.status_code == 200, resp.text
    assert time.monotonic() - started < 5, "the abandoned generation kept the only slot"


def test_half_closed_request_gets_an_answer(slow_server):
    """A client that sends its request and closes its sending side still reads an AWS-shaped answer."""
    body = b'{"messages":[{"role":"user","content":[{"text":"Write a long story."}]}],"inferenceConfig":{"maxTokens":400}}'
    with socket.create_connection(("127.0.0.1", slow_server), timeout=30) as s:
        s.sendall(f"POST /model/{DEFAULT_MODEL}/converse HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        s.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := s.recv(65536):
            answer += chunk
            if b"\r\n\r\n" in answer and answer.endswith(b"}"):
                break
    assert answer.startswith((b"HTTP/1.1 200", b"HTTP/1.1 408")), answer[:200]
    assert b"x-amzn-RequestId" in answer
