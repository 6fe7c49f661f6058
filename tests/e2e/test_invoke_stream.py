"""InvokeModelWithResponseStream end to end: event-stream chunks decoded by botocore, per-provider chunk grammar
(/work/shared/spec/bedrock-wire.md §3.2, §6), the final `amazon-bedrock-invocationMetrics`, and parity with InvokeModel.
"""
from __future__ import annotations

import json

import jsonschema
import pytest
import requests
from botocore.exceptions import ClientError

from conftest import model_path
from test_invoke import (
    COHERE_STOPS, FAMILIES, HAIKU, WEATHER_SCHEMA, Family, anthropic_body,
    family, invoke, token_headers,
)

STREAMING = [f for f in FAMILIES if f.streams]
STREAMING_IDS = [f.name for f in STREAMING]
METRICS = "amazon-bedrock-invocationMetrics"


def stream_chunks(client, model: str, body: dict, **kw) -> tuple[list[dict], dict]:
    """All chunks of one call as JSON objects (each event must be a `chunk` union member), and the response."""
    resp = client.invoke_model_with_response_stream(modelId=model, body=json.dumps(body), **kw)
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert resp["contentType"] == "application/json"  # from X-Amzn-Bedrock-Content-Type
    chunks = []
    for event in resp["body"]:
        assert list(event) == ["chunk"], event
        raw = event["chunk"]["bytes"]
        assert isinstance(raw, bytes)
        chunk = json.loads(raw)
        assert isinstance(chunk, dict)
        chunks.append(chunk)
    assert chunks, "no chunks"
    return chunks, resp


def check_metrics(chunks: list[dict]) -> dict:
    """Only the last chunk carries the invocation metrics: integer counts and latencies."""
    for chunk in chunks[:-1]:
        assert METRICS not in chunk, chunk
    m = chunks[-1][METRICS]
    for key in ("inputTokenCount", "outputTokenCount", "invocationLatency", "firstByteLatency"):
        assert isinstance(m[key], int) and not isinstance(m[key], bool) and m[key] >= 0, m
    assert m["inputTokenCount"] > 0
    assert m["firstByteLatency"] <= m["invocationLatency"], m
    return m


# --- per-family chunk grammars (§6): return (assembled text, stop reason) -------------------------------------------

def grammar_anthropic(chunks, m):
    kinds = [c["type"] for c in chunks]
    assert kinds[0] == "message_start" and kinds[-2:] == ["message_delta", "message_stop"], kinds
    start = chunks[0]["message"]
    assert start["role"] == "assistant" and start["type"] == "message" and start["content"] == []
    assert start["usage"]["input_tokens"] == m["inputTokenCount"]
    text, index, i = "", 0, 1
    while kinds[i] == "content_block_start":
        assert chunks[i]["index"] == index
        block_type = chunks[i]["content_block"]["type"]
        i += 1
        while kinds[i] == "content_block_delta":
            assert chunks[i]["index"] == index
            delta = chunks[i]["delta"]
            if block_type == "text":
                assert delta["type"] == "text_delta"
                text += delta["text"]
            i += 1
        assert kinds[i] == "content_block_stop" and chunks[i]["index"] == index, (i, kinds)
        i += 1
        index += 1
    assert i == len(chunks) - 2, kinds
    delta = chunks[-2]
    assert delta["usage"]["output_tokens"] == m["outputTokenCount"]
    assert "stop_sequence" in delta["delta"]
    return text, delta["delta"]["stop_reason"]


def _text_chunks(chunks, m, get_text, get_stop):
    """Flat text families: a stop reason of null on every chunk but the last."""
    for c in chunks[:-1]:
        assert get_stop(c) is None, c
    stop = get_stop(chunks[-1])
    assert stop is not None
    return "".join(get_text(c) for c in chunks), stop


def grammar_anthropic_text(chunks, m):
    for c in chunks:
        assert set(c) - {METRICS} == {"completion", "stop_reason", "stop"}, c
    return _text_chunks(chunks, m, lambda c: c["completion"], lambda c: c["stop_reason"])


def grammar_llama(chunks, m):
    assert chunks[0]["prompt_token_count"] == m["inputTokenCount"]
    counts = [c["generation_token_count"] for c in chunks]
    assert counts == sorted(counts), counts
    assert counts[-1] == m["outputTokenCount"]
    for c in chunks[1:]:
        assert c["prompt_token_count"] is None, c
    return _text_chunks(chunks, m, lambda c: c["generation"], lambda c: c["stop_reason"])


def grammar_mistral_text(chunks, m):
    for c in chunks:
        assert len(c["outputs"]) == 1, c
    return _text_chunks(chunks, m, lambda c: c["outputs"][0]["text"], lambda c: c["outputs"][0]["stop_reason"])


def grammar_mistral_chat(chunks, m):
    def text(c):
        choice = c["choices"][0]
        part = choice.get("message") or choice.get("delta") or {}
        return part.get("content") or ""
    for c in chunks:
        assert len(c["choices"]) == 1 and c["choices"][0]["index"] == 0, c
    return _text_chunks(chunks, m, text, lambda c: c["choices"][0]["stop_reason"])


def grammar_cohere(chunks, m):
    for c in chunks[:-1]:
        assert c["is_finished"] is False and isinstance(c["text"], str), c
    last = chunks[-1]
    assert last["is_finished"] is True
    text = "".join(c["text"] for c in chunks[:-1])
    gens = last["response"]["generations"]
    assert len(gens) == 1 and gens[0]["text"] == text
    assert gens[0]["finish_reason"] == last["finish_reason"]
    return text, last["finish_reason"]


def grammar_cohere_r(chunks, m):
    kinds = [c["event_type"] for c in chunks]
    assert kinds[0] == "stream-start" and kinds[-1] == "stream-end", kinds
    assert set(kinds[1:-1]) <= {"text-generation"}, kinds
    assert [c["is_finished"] for c in chunks] == [False] * (len(chunks) - 1) + [True]
    text = "".join(c["text"] for c in chunks[1:-1])
    last = chunks[-1]
    assert last["response"]["text"] == text
    assert last["response"]["generation_id"] == chunks[0]["generation_id"]
    return text, last["finish_reason"]


def grammar_openai(chunks, m):
    ids = {c["id"] for c in chunks}
    assert len(ids) == 1, ids
    for c in chunks:
        assert len(c["choices"]) == 1 and c["choices"][0]["index"] == 0, c
    assert chunks[0]["choices"][0]["delta"].get("role") == "assistant"
    usage = chunks[-1]["usage"]
    assert usage["prompt_tokens"] == m["inputTokenCount"] and usage["completion_tokens"] == m["outputTokenCount"]
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]
    return _text_chunks(chunks, m, lambda c: c["choices"][0]["delta"].get("content") or "",
                        lambda c: c["choices"][0]["finish_reason"])


def grammar_titan(chunks, m):
    for c in chunks:
        assert c["index"] == 0 and c["inputTextTokenCount"] == m["inputTokenCount"], c
    totals = [c["totalOutputTextTokenCount"] for c in chunks]
    assert totals == sorted(totals) and totals[-1] == m["outputTokenCount"], totals
    return _text_chunks(chunks, m, lambda c: c["outputText"], lambda c: c["completionReason"])


def grammar_nova(chunks, m):
    kinds = [next(k for k in c if k != METRICS) for c in chunks]
    for c in chunks[:-1]:
        assert len(c) == 1, c
    assert kinds[0] == "messageStart" and chunks[0]["messageStart"]["role"] == "assistant"
    assert kinds[-2:] == ["messageStop", "metadata"], kinds
    text = ""
    for c, kind in zip(chunks[1:-2], kinds[1:-2]):
        assert kind in {"contentBlockStart", "contentBlockDelta", "contentBlockStop"}, kind
        if kind == "contentBlockDelta":
            text += c[kind]["delta"].get("text", "")
    usage = chunks[-1]["metadata"]["usage"]
    assert usage["inputTokens"] == m["inputTokenCount"] and usage["outputTokens"] == m["outputTokenCount"]
    return text, chunks[-2]["messageStop"]["stopReason"]


def grammar_deepseek(chunks, m):
    for c in chunks:
        assert len(c["choices"]) == 1, c
    return _text_chunks(chunks, m, lambda c: c["choices"][0]["text"], lambda c: c["choices"][0]["stop_reason"])


GRAMMARS = {
    "anthropic-messages": grammar_anthropic, "anthropic-text": grammar_anthropic_text, "llama3": grammar_llama,
    "llama2": grammar_llama, "mistral-text": grammar_mistral_text, "mistral-chat": grammar_mistral_chat,
    "cohere-command": grammar_cohere, "cohere-command-r": grammar_cohere_r, "ai21-jamba": grammar_openai,
    "titan-text": grammar_titan, "nova": grammar_nova, "deepseek": grammar_deepseek, "gpt-oss": grammar_openai,
}


def stream_family(client, fam: Family, text="Hi", max_tokens=8, temperature=0.0, **overrides):
    body = fam.build(text, max_tokens, temperature)
    body.update(overrides)
    chunks, resp = stream_chunks(client, fam.model, body)
    m = check_metrics(chunks)
    assembled, stop = GRAMMARS[fam.name](chunks, m)
    assert stop in fam.stops, (stop, fam.stops)
    assert 0 < m["outputTokenCount"] <= max_tokens
    return assembled, stop, m, chunks


def test_every_streaming_family_has_a_grammar():
    assert {f.name for f in STREAMING} == set(GRAMMARS)


@pytest.mark.parametrize("fam", STREAMING, ids=STREAMING_IDS)
def test_stream_grammar_and_metrics(runtime, fam):
    _, stop, m, chunks = stream_family(runtime, fam)
    assert len(chunks) >= 2
    if stop == fam.length_stop:
        assert m["outputTokenCount"] == 8


@pytest.mark.parametrize("fam", STREAMING, ids=STREAMING_IDS)
def test_stream_matches_invoke_at_temperature_zero(runtime, fam):
    text, stop, m, _ = stream_family(runtime, fam, "Name three fruits.", max_tokens=10)
    _, r, resp = invoke(runtime, fam, "Name three fruits.", max_tokens=10)
    tin, tout, _ = token_headers(resp)
    assert (text, stop) == (r.text, r.stop)
    assert (m["inputTokenCount"], m["outputTokenCount"]) == (tin, tout)


@pytest.mark.parametrize("fam", STREAMING, ids=STREAMING_IDS)
def test_stream_token_limit_stop(runtime, fam):
    _, stop, m, _ = stream_family(runtime, fam, "Write a long story about a dragon.", max_tokens=1)
    assert stop == fam.length_stop
    assert m["outputTokenCount"] == 1


def test_stream_anthropic_forced_tool_call(runtime):
    body = anthropic_body([{"role": "user", "content": "What's the weather in Paris?"}], max_tokens=96,
                          tools=[{"name": "get_weather", "description": "Get the current weather for a city.",
                                  "input_schema": WEATHER_SCHEMA}],
                          tool_choice={"type": "tool", "name": "get_weather"})
    chunks, _ = stream_chunks(runtime, HAIKU, body)
    m = check_metrics(chunks)
    _, stop = grammar_anthropic(chunks, m)
    assert stop == "tool_use"
    starts = [c for c in chunks if c["type"] == "content_block_start" and c["content_block"]["type"] == "tool_use"]
    assert len(starts) == 1
    block = starts[0]["content_block"]
    assert block["name"] == "get_weather" and block["id"] and block["input"] == {}
    partial = "".join(c["delta"]["partial_json"] for c in chunks
                      if c["type"] == "content_block_delta" and c["index"] == starts[0]["index"])
    jsonschema.validate(json.loads(partial), WEATHER_SCHEMA)


def test_stream_cohere_command_accepts_stream_flag(runtime):
    fam = family("cohere-command")
    text, stop, _, _ = stream_family(runtime, fam, max_tokens=4, stream=True)
    assert stop in COHERE_STOPS


def test_stream_accept_header(runtime):
    fam = family("llama3")
    body = fam.build("Hi", 2, 0.0)
    chunks, _ = stream_chunks(runtime, fam.model, body, accept="application/json")
    grammar_llama(chunks, check_metrics(chunks))


def test_stream_raw_http_headers(base_url):
    fam = family("titan-text")
    with requests.post(base_url + model_path(fam.model, "invoke-with-response-stream"),
                       json=fam.build("Hi", 2, 0.0), stream=True, timeout=120) as resp:
        assert resp.status_code == 200
        assert resp.headers["content-type"] == "application/vnd.amazon.eventstream"
        assert resp.headers["x-amzn-bedrock-content-type"] == "application/json"
        assert resp.headers.get("x-amzn-requestid")
        data = resp.raw.read()
    # Prelude of the first frame: total length, headers length, prelude CRC (big-endian).
    total = int.from_bytes(data[:4], "big")
    assert 16 <= total <= len(data)
    assert b":event-type" in data[:total] and b"chunk" in data[:total]


def test_stream_malformed_body_fails_before_stream(runtime_raw):
    fam = family("anthropic-messages")
    body = fam.build("Hi", 4, None)
    body["stream"] = True
    with pytest.raises(ClientError) as err:
        runtime_raw.invoke_model_with_response_stream(modelId=fam.model, body=json.dumps(body))
    e = err.value.response
    assert e["Error"]["Code"] == "ValidationException" and e["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert e["Error"]["Message"].startswith("Malformed input request")


@pytest.mark.parametrize("model", ["ai21.j2-ultra-v1", "amazon.titan-embed-text-v2:0"], ids=["j2", "embedding"])
def test_stream_unsupported_models(runtime, model):
    # Jurassic-2 and embedding models have no streaming variant on Bedrock.
    body = {"prompt": "Hi", "maxTokens": 4} if model.startswith("ai21") else {"inputText": "Hi"}
    with pytest.raises(ClientError) as err:
        runtime.invoke_model_with_response_stream(modelId=model, body=json.dumps(body))
    e = err.value.response
    assert e["Error"]["Code"] == "ValidationException" and e["ResponseMetadata"]["HTTPStatusCode"] == 400
