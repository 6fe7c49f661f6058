"""Hostile-input fuzz run (issue 6): ≥ 10,000 generated malformed requests, zero 5xx, server healthy after.

Every request is built as raw bytes and sent over its own socket (nothing normalises paths, headers or
framing), then parsed with http.client. Case `i` is generated from `random.Random(f"{seed}:{i}")`, so any case
can be replayed alone: `BASALT_FUZZ_SEED=<seed> BASALT_FUZZ_ONLY=<i> pytest tests/e2e/test_fuzz.py -s`.

Environment:
  BASALT_FUZZ_N      number of generated requests (default 10000; ~85% to the `--auth none` session server,
                     ~15% SigV4-signed-then-mutated requests to an `--auth sigv4` server of its own)
  BASALT_FUZZ_SEED   generator seed (default 6; printed)
  BASALT_FUZZ_ONLY   run only these comma-separated case indices and print their bytes

Checks, per response: status < 500; an error (4xx) has `x-amzn-ErrorType`, `x-amzn-RequestId` and a JSON object
body with a non-empty `message`/`Message` (HEAD: headers only); a 2xx JSON body parses, an event-stream body is
made of CRC-valid frames. A connection closed without any response counts as a failure, except for the cases
where the server closes on purpose: a body shorter than its Content-Length followed by the client's EOF (the
request never completed), and the idle-connection / unfinished-head cases, which the server's 60 s idle timeout
closes. Requests are cheap: malformed ones are rejected before inference, and bodies that could reach the model
carry maxTokens/max_tokens 1 (anything else is sent to count-tokens instead, see `cheap()`).
"""
from __future__ import annotations

import collections
import concurrent.futures
import http.client
import json
import os
import random
import socket
import struct
import time
import zlib
from dataclasses import dataclass, field

import pytest
import requests

from conftest import _tail, serve
from fuzz_cases import RUNTIME_OPS, Case
from fuzz_families import generate_case, oversized_case, slow_body_case, stalled_case
from fuzz_sigv4 import AUTH_CODES, generate_signed_case

N = int(os.environ.get("BASALT_FUZZ_N", "10000"))
SEED = int(os.environ.get("BASALT_FUZZ_SEED", "6"))
ONLY = [int(x) for x in os.environ.get("BASALT_FUZZ_ONLY", "").split(",") if x.strip()]
SIGV4_SHARE = 0.15
WORKERS = 8


@dataclass
class Outcome:
    case: Case
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    dropped: str | None = None  # why no response was read
    problems: list[str] = field(default_factory=list)

    @property
    def code(self) -> str | None:
        raw = self.headers.get("x-amzn-errortype")
        return raw.split(":")[0] if raw else None


def send(host: str, port: int, case: Case) -> Outcome:
    """Sends the case's bytes (trickled, half-closed, or in one go) and reads one response."""
    out = Outcome(case)
    sock = socket.create_connection((host, port), timeout=case.timeout)
    try:
        try:
            if case.trickle:
                for i in range(0, len(case.raw), case.trickle):
                    sock.sendall(case.raw[i:i + case.trickle])
                    time.sleep(case.trickle_delay)
            elif case.raw:
                sock.sendall(case.raw)
            if case.half_close:
                sock.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError) as exc:
            # The server may answer (e.g. 400 for an oversized body) and close before everything is sent:
            # the response is still readable.
            out.problems.append(f"send interrupted: {exc.__class__.__name__}")
        resp = http.client.HTTPResponse(sock, method=case.method_for_parser)
        try:
            resp.begin()
            out.status = resp.status
            out.headers = {k.lower(): v for k, v in resp.getheaders()}
            out.body = resp.read()
        except (http.client.RemoteDisconnected, ConnectionResetError, http.client.IncompleteRead,
                BrokenPipeError) as exc:
            if out.status is None:
                out.dropped = exc.__class__.__name__
            else:
                out.problems.append(f"response body cut: {exc.__class__.__name__}")
        except socket.timeout:
            out.dropped = "timeout"
        except http.client.HTTPException as exc:
            out.problems.append(f"unparseable response: {exc!r}")
    finally:
        sock.close()
    out.problems = [p for p in out.problems if not p.startswith("send interrupted")] + check(out)
    return out


def check(o: Outcome) -> list[str]:
    """What is wrong with a response (empty list: acceptable)."""
    c = o.case
    if o.status is None:
        if o.dropped and c.may_drop:
            return []
        return [f"no response ({o.dropped})"]
    bad: list[str] = []
    if bare_parser_rejection(o):
        return []
    if c.family == "sigv4":
        authed = o.code not in AUTH_CODES
        if c.expect_error and authed:
            bad.append(f"mutated signature not rejected by authentication: {o.status} {o.code}")
        if getattr(c, "must_succeed", False) and not authed:
            bad.append(f"valid signature rejected: {o.status} {o.code}")
    if o.status >= 500:
        bad.append(f"server error {o.status}")
    if not o.headers.get("x-amzn-requestid"):
        bad.append("no x-amzn-RequestId")
    if o.status >= 400:
        if not o.headers.get("x-amzn-errortype"):
            bad.append("error without x-amzn-ErrorType")
        if c.method != "HEAD":
            try:
                doc = json.loads(o.body)
                msg = doc.get("message", doc.get("Message")) if isinstance(doc, dict) else None
                if not isinstance(msg, str) or not msg:
                    bad.append("error body has no message")
            except ValueError:
                bad.append(f"error body is not JSON: {o.body[:80]!r}")
            if not o.headers.get("content-type", "").startswith("application/json"):
                bad.append(f"error content-type {o.headers.get('content-type')!r}")
    elif 200 <= o.status < 300:
        ctype = o.headers.get("content-type", "")
        if ctype.startswith("application/vnd.amazon.eventstream"):
            err = event_stream_problem(o.body)
            if err:
                bad.append(f"bad event stream: {err}")
        elif ctype.startswith("application/json") and c.method != "HEAD":
            try:
                json.loads(o.body)
            except ValueError:
                bad.append("2xx body is not JSON")
        if c.expect_error and c.family != "sigv4":
            bad.append(f"expected an error, got {o.status}")
    else:
        bad.append(f"unexpected status {o.status}")
    return bad


def bare_parser_rejection(o: Outcome) -> bool:
    """swift-nio's HTTP/1 parser (llhttp) rejects requests that are not valid HTTP/1.1 (invalid header bytes, a
    request-target without `/`, raw non-ASCII in the target, conflicting Content-Length, Transfer-Encoding
    without chunked, oversized heads, unknown methods) before the application sees them: a bare `400` with
    an empty body and `Connection: close`, no request id. Accepted and tallied as "400 (HTTP parser)"."""
    return (o.status == 400 and not o.body and "x-amzn-requestid" not in o.headers
            and o.headers.get("connection", "").lower() == "close")


def event_stream_problem(body: bytes) -> str | None:
    """Checks the framing of an event-stream body (§4.1): lengths and both CRCs of every frame."""
    i = 0
    frames = 0
    while i < len(body):
        if len(body) - i < 16:
            return f"{len(body) - i} trailing bytes"
        total, hlen, pcrc = struct.unpack(">III", body[i:i + 12])
        if pcrc != zlib.crc32(body[i:i + 8]) & 0xFFFFFFFF:
            return f"prelude CRC of frame {frames}"
        if total < 16 or i + total > len(body) or hlen > total - 16:
            return f"length of frame {frames}"
        if struct.unpack(">I", body[i + total - 4:i + total])[0] != zlib.crc32(body[i:i + total - 4]) & 0xFFFFFFFF:
            return f"message CRC of frame {frames}"
        i += total
        frames += 1
    return None if frames else "no frames"


@pytest.fixture(scope="module")
def sigv4_server(tmp_path_factory):
    from fuzz_sigv4 import CREDENTIALS_FILE
    work = tmp_path_factory.mktemp("basalt-fuzz")
    (work / "credentials").write_text(CREDENTIALS_FILE)
    with serve(work, "--auth", "sigv4", "--credentials", str(work / "credentials")) as served:
        yield served.proc, served.url, served.log


def _host_port(url: str) -> tuple[str, int]:
    host, port = url.split("//", 1)[1].split(":")
    return host, int(port)


def run_cases(url: str, make, indices: list[int]) -> list[Outcome]:
    host, port = _host_port(url)
    started = time.monotonic()

    def one(i: int) -> Outcome:
        o = send(host, port, make(i, f"{host}:{port}"))
        if (i + 1) % 1000 == 0:
            print(f"  ... case {i + 1} at {time.monotonic() - started:.0f}s", flush=True)
        return o
    with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
        return list(pool.map(one, indices))


def slow_cases(host: str, port: int, start: int) -> list[Case]:
    """The few expensive-by-time cases: trickled bodies, an idle connection, an unfinished head, oversized bodies."""
    rng = random.Random(f"{SEED}:slow")
    hostport = f"{host}:{port}"
    cases = [slow_body_case(rng, hostport, start + k) for k in range(4)]
    cases += [stalled_case(hostport, start + 4, "idle"), stalled_case(hostport, start + 5, "partial-head"),
              stalled_case(hostport, start + 6, "partial-body")]
    cases += [oversized_case(rng, hostport, start + 7, declared_only=False),
              oversized_case(rng, hostport, start + 8, declared_only=True)]
    return cases


def tally(outcomes: list[Outcome]) -> collections.Counter:
    t: collections.Counter = collections.Counter()
    for o in outcomes:
        if o.status is None:
            t[f"closed without response ({o.dropped}, {o.case.family})"] += 1
        elif bare_parser_rejection(o):
            t["400 (HTTP parser, bare)"] += 1
        else:
            t[f"{o.status} {o.code or ''}".strip()] += 1
    return t


def report(title: str, outcomes: list[Outcome]) -> None:
    print(f"\n{title}: {len(outcomes)} requests")
    for key, n in sorted(tally(outcomes).items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {n:6d}  {key}")
    fams = collections.Counter(o.case.family for o in outcomes)
    print("  by family: " + ", ".join(f"{k}={v}" for k, v in sorted(fams.items())))


def failures(outcomes: list[Outcome]) -> list[str]:
    out = []
    for o in outcomes:
        if o.problems:
            out.append(f"case {o.case.index} [{o.case.family}/{o.case.note}] {o.status} {o.code}: "
                       f"{'; '.join(o.problems)}\n    request: {o.case.raw[:300]!r}\n    body: {o.body[:300]!r}")
    return out


def healthy(url: str) -> bool:
    try:
        return requests.get(url + "/health", timeout=10).status_code == 200
    except requests.RequestException:
        return False


def test_fuzz_run(base_url, sigv4_server):
    proc, sig_url, sig_log = sigv4_server
    n_sig = int(N * SIGV4_SHARE)
    n_plain = N - n_sig
    print(f"\nfuzz seed={SEED} n={N} (plain {n_plain}, sigv4 {n_sig}); replay one case with "
          f"BASALT_FUZZ_SEED={SEED} BASALT_FUZZ_ONLY=<index>")
    host, port = _host_port(base_url)
    started = time.monotonic()

    if ONLY:
        for i in ONLY:
            signed = i >= n_plain
            case = (generate_signed_case(SEED, i, f"{_host_port(sig_url)[0]}:{_host_port(sig_url)[1]}") if signed
                    else generate_case(SEED, i, f"{host}:{port}"))
            print(f"case {i} [{case.family}/{case.note}] raw ({len(case.raw)} bytes): {case.raw[:2000]!r}")
            o = send(*_host_port(sig_url if signed else base_url), case)
            print(f"  -> {o.status} {o.headers} {o.body[:1000]!r} dropped={o.dropped} problems={o.problems}")
        return

    # Slow cases run beside the main loop (they mostly wait on timers).
    slow_pool = concurrent.futures.ThreadPoolExecutor(9)
    slow = [slow_pool.submit(send, host, port, c) for c in slow_cases(host, port, N)]

    plain = run_cases(base_url, lambda i, hp: generate_case(SEED, i, hp), list(range(n_plain)))
    t_plain = time.monotonic() - started
    signed = run_cases(sig_url, lambda i, hp: generate_signed_case(SEED, i, hp), list(range(n_plain, N)))
    t_signed = time.monotonic() - started - t_plain
    print(f"\nmain loop: plain {t_plain:.1f}s, sigv4 {t_signed:.1f}s; waiting for the slow cases")
    slow_out = [f.result() for f in slow]
    slow_pool.shutdown()
    elapsed = time.monotonic() - started

    report("plain server (--auth none)", plain + slow_out)
    report("sigv4 server (--auth sigv4)", signed)
    for o in slow_out:
        print(f"  slow case {o.case.index} [{o.case.note}]: status={o.status} code={o.code} dropped={o.dropped}")
    print(f"elapsed {elapsed:.1f}s")

    # Every runtime operation and the control plane got traffic, and the run was not all rejections.
    everything = plain + signed + slow_out
    seen_ops = {o.case.op for o in everything}
    assert set(RUNTIME_OPS) <= seen_ops, set(RUNTIME_OPS) - seen_ops
    assert "control" in seen_ops and "unknown" in seen_ops
    assert sum(1 for o in everything if o.status is not None and o.status < 300) >= 20, "almost no successes"
    assert len(everything) >= N

    bad = failures(everything)
    assert healthy(base_url), "plain server is not healthy after the run"
    assert healthy(sig_url) and proc.poll() is None, f"sigv4 server died:\n{_tail(sig_log)}"
    assert not bad, f"{len(bad)} bad responses:\n" + "\n".join(bad[:25])


def test_server_alive_after_fuzz(base_url):
    """Runs after the fuzz run (file order): the shared server still answers like new."""
    assert healthy(base_url)
    r = requests.post(base_url + "/model/anthropic.claude-3-haiku-20240307-v1%3A0/count-tokens",
                      json={"input": {"converse": {"messages": [{"role": "user", "content": [{"text": "hi"}]}]}}},
                      timeout=60)
    assert r.status_code == 200 and r.json()["inputTokens"] > 0
