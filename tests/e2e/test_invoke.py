"""InvokeModel end to end, one provider-native body family at a time (boto3, AWS CLI, raw HTTP).

Every text model id is served by the same small local model, so these tests check what a client library relies on:
the response shape each provider's client code reads, the stop-reason vocabulary of the family, token arithmetic
between the body and the `X-Amzn-Bedrock-*-Token-Count` headers, and "Malformed input request" validation
(/work/shared/spec/bedrock-wire.md §3.1, §8, §2.3). Never the wording of the output.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from typing import Callable

import boto3
import jsonschema
import pytest
from botocore.exceptions import ClientError

from conftest import DEFAULT_MODEL, model_path, user

ANTHROPIC_VERSION = "bedrock-2023-05-31"
WEATHER_SCHEMA = {
    "type": "object",
    "properties": {
        "city": {"type": "string", "description": "Name of the city, e.g. Paris"},
        "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
    },
    "required": ["city", "unit"],
}
COUNT_PROMPT = "Count from 1 to 10, separated by commas."


@dataclass
class Reading:
    """What a provider's client code takes out of an InvokeModel response body."""
    text: str
    stop: str
    input_tokens: int | None = None   # only where the family reports usage in the body
    output_tokens: int | None = None


@dataclass(frozen=True)
class Family:
    name: str
    model: str
    build: Callable[[str, int, float | None], dict]   # (user text, max tokens, temperature) -> native body
    read: Callable[[dict], Reading]
    stops: frozenset[str]          # documented stop/finish vocabulary
    length_stop: str               # the value reported when the token limit ends generation
    required: str                  # a required top-level key
    typed: tuple[str, ...]         # path of an integer field (wrong-type case)
    stop_key: str | None = None    # key of the stop-sequence list, if the family has one
    stop_hit: str | None = None    # stop value reported when a stop sequence ends generation
    streams: bool = True


def _with_temp(body: dict, t: float | None, key: str = "temperature", into: str | None = None) -> dict:
    if t is not None:
        (body[into] if into else body)[key] = t
    return body


def _only(items: list, what: str):
    assert isinstance(items, list) and len(items) == 1, f"{what}: {items}"
    return items[0]


# --- readers: mirror what the provider SDK / LangChain integration reads ---------------------------------------------

def read_anthropic(b: dict) -> Reading:
    assert b["type"] == "message" and b["role"] == "assistant", b
    assert isinstance(b["id"], str) and b["id"], b
    assert isinstance(b["model"], str) and b["model"]
    assert isinstance(b["content"], list)
    for block in b["content"]:
        assert block["type"] in {"text", "tool_use", "thinking", "redacted_thinking"}, block
    assert "stop_sequence" in b
    u = b["usage"]
    return Reading("".join(x["text"] for x in b["content"] if x["type"] == "text"), b["stop_reason"],
                   u["input_tokens"], u["output_tokens"])


def read_anthropic_text(b: dict) -> Reading:
    assert set(b) >= {"completion", "stop_reason", "stop"}, b
    return Reading(b["completion"], b["stop_reason"])


def read_llama(b: dict) -> Reading:
    return Reading(b["generation"], b["stop_reason"], b["prompt_token_count"], b["generation_token_count"])


def read_mistral_text(b: dict) -> Reading:
    out = _only(b["outputs"], "outputs")
    return Reading(out["text"], out["stop_reason"])


def read_mistral_chat(b: dict) -> Reading:
    choice = _only(b["choices"], "choices")
    assert choice["index"] == 0 and choice["message"]["role"] == "assistant", choice
    return Reading(choice["message"].get("content") or "", choice["stop_reason"])


def read_cohere(b: dict) -> Reading:
    assert isinstance(b["id"], str) and isinstance(b["prompt"], str), b
    gen = _only(b["generations"], "generations")
    assert isinstance(gen["id"], str)
    return Reading(gen["text"], gen["finish_reason"])


def read_cohere_r(b: dict) -> Reading:
    assert isinstance(b["response_id"], str) and isinstance(b["generation_id"], str), b
    assert isinstance(b["chat_history"], list)
    billed = b["meta"]["billed_units"]
    return Reading(b["text"], b["finish_reason"], billed["input_tokens"], billed["output_tokens"])


def read_j2(b: dict) -> Reading:
    assert "id" in b and isinstance(b["prompt"]["text"], str), b
    comp = _only(b["completions"], "completions")
    return Reading(comp["data"]["text"], comp["finishReason"]["reason"])


def read_openai(b: dict) -> Reading:
    choice = _only(b["choices"], "choices")
    assert choice["index"] == 0 and choice["message"]["role"] == "assistant", choice
    u = b["usage"]
    assert u["total_tokens"] == u["prompt_tokens"] + u["completion_tokens"], u
    return Reading(choice["message"].get("content") or "", choice["finish_reason"], u["prompt_tokens"],
                   u["completion_tokens"])


def read_titan(b: dict) -> Reading:
    res = _only(b["results"], "results")
    return Reading(res["outputText"], res["completionReason"], b["inputTextTokenCount"], res["tokenCount"])


def read_nova(b: dict) -> Reading:
    msg = b["output"]["message"]
    assert msg["role"] == "assistant", msg
    for block in msg["content"]:
        assert len(block) == 1, block
    u = b["usage"]
    assert u["totalTokens"] == u["inputTokens"] + u["outputTokens"], u
    return Reading("".join(x.get("text", "") for x in msg["content"]), b["stopReason"], u["inputTokens"],
                   u["outputTokens"])


def read_deepseek(b: dict) -> Reading:
    choice = _only(b["choices"], "choices")
    return Reading(choice["text"], choice["stop_reason"])


# --- the families, with the exact catalog ids (Sources/BasaltAPI/Catalog/Catalog+*.swift) ---------------------------

LLAMA3_PROMPT = ("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n{}<|eot_id|>"
                 "<|start_header_id|>assistant<|end_header_id|>\n\n")
ANTHROPIC_STOPS = frozenset({"end_turn", "max_tokens", "stop_sequence", "tool_use", "refusal", "pause_turn"})
COHERE_STOPS = frozenset({"COMPLETE", "MAX_TOKENS", "ERROR", "ERROR_TOXIC", "ERROR_LIMIT", "USER_CANCEL"})
TITAN_STOPS = frozenset({"FINISH", "FINISHED", "LENGTH", "STOP_CRITERIA_MET", "RAG_QUERY_WHEN_RAG_DISABLED",
                         "CONTENT_FILTERED"})
NOVA_STOPS = frozenset({"end_turn", "max_tokens", "stop_sequence", "tool_use", "content_filtered",
                        "guardrail_intervened"})

FAMILIES = [
    Family("anthropic-messages", "anthropic.claude-3-haiku-20240307-v1:0",
           lambda q, n, t: _with_temp({"anthropic_version": ANTHROPIC_VERSION, "max_tokens": n,
                                       "messages": [{"role": "user", "content": q}]}, t),
           read_anthropic, ANTHROPIC_STOPS, "max_tokens", "anthropic_version", ("max_tokens",),
           "stop_sequences", "stop_sequence"),
    Family("anthropic-text", "anthropic.claude-v2:1",
           lambda q, n, t: _with_temp({"prompt": f"\n\nHuman: {q}\n\nAssistant:", "max_tokens_to_sample": n}, t),
           read_anthropic_text, frozenset({"stop_sequence", "max_tokens"}), "max_tokens", "prompt",
           ("max_tokens_to_sample",), "stop_sequences", "stop_sequence"),
    Family("llama3", "meta.llama3-8b-instruct-v1:0",
           lambda q, n, t: _with_temp({"prompt": LLAMA3_PROMPT.format(q), "max_gen_len": n}, t),
           read_llama, frozenset({"stop", "length"}), "length", "prompt", ("max_gen_len",)),
    Family("llama2", "meta.llama2-13b-chat-v1",
           lambda q, n, t: _with_temp({"prompt": f"<s>[INST] {q} [/INST]", "max_gen_len": n}, t),
           read_llama, frozenset({"stop", "length"}), "length", "prompt", ("max_gen_len",)),
    Family("mistral-text", "mistral.mistral-7b-instruct-v0:2",
           lambda q, n, t: _with_temp({"prompt": f"<s>[INST] {q} [/INST]", "max_tokens": n}, t),
           read_mistral_text, frozenset({"stop", "length"}), "length", "prompt", ("max_tokens",), "stop", "stop"),
    Family("mistral-chat", "mistral.mistral-large-2407-v1:0",
           lambda q, n, t: _with_temp({"messages": [{"role": "user", "content": q}], "max_tokens": n}, t),
           read_mistral_chat, frozenset({"stop", "length", "tool_calls"}), "length", "messages", ("max_tokens",)),
    Family("cohere-command", "cohere.command-text-v14",
           lambda q, n, t: _with_temp({"prompt": q, "max_tokens": n}, t),
           read_cohere, COHERE_STOPS, "MAX_TOKENS", "prompt", ("max_tokens",), "stop_sequences", "COMPLETE"),
    Family("cohere-command-r", "cohere.command-r-v1:0",
           lambda q, n, t: _with_temp({"message": q, "chat_history": [], "max_tokens": n}, t),
           read_cohere_r, COHERE_STOPS, "MAX_TOKENS", "message", ("max_tokens",)),
    Family("ai21-j2", "ai21.j2-ultra-v1",
           lambda q, n, t: _with_temp({"prompt": q, "maxTokens": n}, t),
           read_j2, frozenset({"endoftext", "length", "stop"}), "length", "prompt", ("maxTokens",),
           "stopSequences", "stop", streams=False),
    Family("ai21-jamba", "ai21.jamba-1-5-mini-v1:0",
           lambda q, n, t: _with_temp({"messages": [{"role": "user", "content": q}], "max_tokens": n}, t),
           read_openai, frozenset({"stop", "length"}), "length", "messages", ("max_tokens",), "stop", "stop"),
    Family("titan-text", "amazon.titan-text-express-v1",
           lambda q, n, t: _with_temp({"inputText": q, "textGenerationConfig": {"maxTokenCount": n}}, t,
                                      into="textGenerationConfig"),
           read_titan, TITAN_STOPS, "LENGTH", "inputText", ("textGenerationConfig", "maxTokenCount")),
    Family("nova", "us.amazon.nova-lite-v1:0",
           lambda q, n, t: _with_temp({"schemaVersion": "messages-v1",
                                       "messages": [{"role": "user", "content": [{"text": q}]}],
                                       "inferenceConfig": {"maxTokens": n}}, t, into="inferenceConfig"),
           read_nova, NOVA_STOPS, "max_tokens", "messages", ("inferenceConfig", "maxTokens")),
    Family("deepseek", "us.deepseek.r1-v1:0",
           lambda q, n, t: _with_temp({"prompt": f"<｜begin▁of▁sentence｜><｜User｜>{q}<｜Assistant｜>",
                                       "max_tokens": n}, t),
           read_deepseek, frozenset({"stop", "length"}), "length", "prompt", ("max_tokens",), "stop", "stop"),
    Family("gpt-oss", "openai.gpt-oss-20b-1:0",
           lambda q, n, t: _with_temp({"messages": [{"role": "user", "content": q}], "max_completion_tokens": n}, t),
           read_openai, frozenset({"stop", "length", "tool_calls"}), "length", "messages",
           ("max_completion_tokens",)),
]
FAMILY_IDS = [f.name for f in FAMILIES]


def family(name: str) -> Family:
    return next(f for f in FAMILIES if f.name == name)


def token_headers(resp: dict) -> tuple[int, int, int]:
    """(input, output, latency) from the unmodeled X-Amzn-Bedrock-* headers, checked to be integer strings."""
    h = resp["ResponseMetadata"]["HTTPHeaders"]
    values = []
    for name in ("x-amzn-bedrock-input-token-count", "x-amzn-bedrock-output-token-count",
                 "x-amzn-bedrock-invocation-latency"):
        assert name in h, f"missing header {name}: {sorted(h)}"
        assert h[name].isdigit(), (name, h[name])
        values.append(int(h[name]))
    return values[0], values[1], values[2]


def invoke(client, fam: Family, text: str = "Hi", max_tokens: int = 8, temperature: float | None = 0.0,
           **overrides) -> tuple[dict, Reading, dict]:
    body = fam.build(text, max_tokens, temperature)
    body.update(overrides)
    resp = client.invoke_model(modelId=fam.model, body=json.dumps(body))
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert resp["contentType"] == "application/json"
    native = json.loads(resp["body"].read())
    return native, fam.read(native), resp


def malformed(client, model: str, body) -> str:
    raw = body if isinstance(body, (str, bytes)) else json.dumps(body)
    with pytest.raises(ClientError) as err:
        client.invoke_model(modelId=model, body=raw)
    e = err.value.response
    assert e["Error"]["Code"] == "ValidationException", e
    assert e["ResponseMetadata"]["HTTPStatusCode"] == 400
    message = e["Error"]["Message"]
    assert message.startswith("Malformed input request"), message
    assert message.endswith("please reformat your input and try again."), message
    return message


# --- every family -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fam", FAMILIES, ids=FAMILY_IDS)
def test_family_shape_usage_and_headers(runtime, fam):
    native, r, resp = invoke(runtime, fam, max_tokens=8)
    assert isinstance(r.text, str)
    assert r.stop in fam.stops, (r.stop, fam.stops)
    tin, tout, latency = token_headers(resp)
    assert tin > 0 and 0 < tout <= 8 and latency >= 0
    if r.input_tokens is not None:
        assert r.input_tokens == tin, (native, tin)
    if r.output_tokens is not None:
        assert r.output_tokens == tout, (native, tout)
    if r.stop == fam.length_stop:
        assert tout == 8, (r.stop, tout)
    assert resp["ResponseMetadata"].get("RequestId")


@pytest.mark.parametrize("fam", FAMILIES, ids=FAMILY_IDS)
def test_family_token_limit_stop(runtime, fam):
    # One token cannot finish a greeting: generation must end at the limit with the family's length reason.
    _, r, resp = invoke(runtime, fam, "Write a long story about a dragon.", max_tokens=1)
    assert r.stop == fam.length_stop, r
    assert token_headers(resp)[1] == 1


@pytest.mark.parametrize("fam", [f for f in FAMILIES if f.stop_key], ids=[f.name for f in FAMILIES if f.stop_key])
def test_family_stop_sequence(runtime, fam):
    _, r, _ = invoke(runtime, fam, COUNT_PROMPT, max_tokens=40, **{fam.stop_key: [","]})
    assert r.stop == fam.stop_hit, r
    assert "," not in r.text, r.text


def test_titan_stop_sequence(runtime):
    fam = family("titan-text")
    body = fam.build(COUNT_PROMPT, 40, 0.0)
    body["textGenerationConfig"]["stopSequences"] = [","]
    native = json.loads(runtime.invoke_model(modelId=fam.model, body=json.dumps(body))["body"].read())
    r = read_titan(native)
    assert r.stop == "STOP_CRITERIA_MET", native
    assert "," not in r.text


@pytest.mark.parametrize("fam", FAMILIES, ids=FAMILY_IDS)
def test_family_temperature_zero_is_deterministic(runtime, fam):
    a = invoke(runtime, fam, "Name a colour.", max_tokens=6)[1]
    b = invoke(runtime, fam, "Name a colour.", max_tokens=6)[1]
    assert (a.text, a.stop) == (b.text, b.stop)


@pytest.fixture(scope="module")
def converse_hi_tokens(runtime) -> int:
    return runtime.converse(modelId=DEFAULT_MODEL, messages=[user("Hi")],
                            inferenceConfig={"maxTokens": 1})["usage"]["inputTokens"]


@pytest.mark.parametrize("fam", [f for f in FAMILIES if f.name != "cohere-command-r"],
                         ids=[f.name for f in FAMILIES if f.name != "cohere-command-r"])
def test_single_user_turn_counts_like_converse(runtime, converse_hi_tokens, fam):
    # Each family decodes to the same canonical one-turn conversation, so the input count equals Converse's.
    _, _, resp = invoke(runtime, fam, "Hi", max_tokens=1)
    assert token_headers(resp)[0] == converse_hi_tokens


# --- malformed bodies (every family) --------------------------------------------------------------------------------

@pytest.mark.parametrize("fam", FAMILIES, ids=FAMILY_IDS)
def test_malformed_extraneous_key(runtime_raw, fam):
    body = fam.build("Hi", 4, None)
    body["notARealKey"] = 1
    assert "extraneous key [notARealKey] is not permitted" in malformed(runtime_raw, fam.model, body)


@pytest.mark.parametrize("fam", FAMILIES, ids=FAMILY_IDS)
def test_malformed_missing_required_key(runtime_raw, fam):
    body = fam.build("Hi", 4, None)
    del body[fam.required]
    message = malformed(runtime_raw, fam.model, body)
    assert f"required key [{fam.required}] not found" in message


@pytest.mark.parametrize("fam", FAMILIES, ids=FAMILY_IDS)
def test_malformed_wrong_type(runtime_raw, fam):
    body = fam.build("Hi", 4, None)
    target = body
    for key in fam.typed[:-1]:
        target = target[key]
    target[fam.typed[-1]] = "eight"
    message = malformed(runtime_raw, fam.model, body)
    assert "expected type" in message and "String" in message, message


@pytest.mark.parametrize("raw", ["this is not json", "[1, 2]", "", "{\"prompt\": "], ids=["text", "array", "empty",
                                                                                             "truncated"])
def test_malformed_not_a_json_object(runtime_raw, raw):
    malformed(runtime_raw, family("llama3").model, raw)


def test_anthropic_stream_key_rejected(runtime_raw):
    body = family("anthropic-messages").build("Hi", 4, None)
    body["stream"] = True
    assert "extraneous key [stream] is not permitted" in malformed(runtime_raw, body=body,
                                                                   model=family("anthropic-messages").model)


def test_anthropic_text_prompt_must_use_turns(runtime_raw):
    with pytest.raises(ClientError) as err:
        runtime_raw.invoke_model(modelId="anthropic.claude-v2:1",
                                 body=json.dumps({"prompt": "Hi there", "max_tokens_to_sample": 4}))
    assert err.value.response["Error"]["Code"] == "ValidationException"
    assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


# --- Anthropic Messages specifics -----------------------------------------------------------------------------------

HAIKU = "anthropic.claude-3-haiku-20240307-v1:0"


def anthropic_body(messages, max_tokens=48, **kw) -> dict:
    return {"anthropic_version": ANTHROPIC_VERSION, "max_tokens": max_tokens, "temperature": 0, "messages": messages,
            **kw}


def invoke_anthropic(client, body) -> dict:
    return json.loads(client.invoke_model(modelId=HAIKU, body=json.dumps(body))["body"].read())


def test_anthropic_system_string_and_blocks(runtime):
    # (The served chat template has a default system prompt, so compare two explicit systems, not none vs one.)
    q = [{"role": "user", "content": "Hi"}]
    short = invoke_anthropic(runtime, anthropic_body(q, max_tokens=1, system="You are terse."))
    longer = invoke_anthropic(runtime, anthropic_body(q, max_tokens=1, system="You are terse. Answer in French."))
    blocks = invoke_anthropic(runtime, anthropic_body(q, max_tokens=1, system=[
        {"type": "text", "text": "You are terse."}, {"type": "text", "text": "Answer in French."}]))
    assert longer["usage"]["input_tokens"] > short["usage"]["input_tokens"]
    assert blocks["usage"]["input_tokens"] >= longer["usage"]["input_tokens"] - 1
    assert blocks["usage"]["input_tokens"] > short["usage"]["input_tokens"]


def test_anthropic_forced_tool_call_validates(runtime):
    body = anthropic_body([{"role": "user", "content": [{"type": "text", "text": "What's the weather in Paris?"}]}],
                          max_tokens=96, system="You are a weather assistant.",
                          tools=[{"name": "get_weather", "description": "Get the current weather for a city.",
                                  "input_schema": WEATHER_SCHEMA}],
                          tool_choice={"type": "tool", "name": "get_weather"})
    out = invoke_anthropic(runtime, body)
    assert out["stop_reason"] == "tool_use", out
    calls = [b for b in out["content"] if b["type"] == "tool_use"]
    assert len(calls) == 1, out
    call = calls[0]
    assert call["name"] == "get_weather" and isinstance(call["id"], str) and call["id"]
    assert isinstance(call["input"], dict)
    jsonschema.validate(call["input"], WEATHER_SCHEMA)

    # Round trip: the assistant turn as returned, then the tool_result for its id.
    follow = dict(body)
    follow.pop("tool_choice")
    follow["messages"] = body["messages"] + [
        {"role": "assistant", "content": out["content"]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": call["id"], "content": "18C, sunny"}]},
    ]
    answer = invoke_anthropic(runtime, follow)
    assert answer["stop_reason"] in ANTHROPIC_STOPS
    assert answer["usage"]["input_tokens"] > out["usage"]["input_tokens"]


def test_anthropic_multi_turn_content_blocks(runtime):
    body = anthropic_body([
        {"role": "user", "content": [{"type": "text", "text": "My name is Ada."}]},
        {"role": "assistant", "content": [{"type": "text", "text": "Nice to meet you, Ada."}]},
        {"role": "user", "content": "What is my name?"},
    ], max_tokens=8)
    read_anthropic(invoke_anthropic(runtime, body))


# --- other family specifics -----------------------------------------------------------------------------------------

def test_cohere_command_r_chat_history_counts(runtime):
    fam = family("cohere-command-r")
    _, short, _ = invoke(runtime, fam, "Hi", max_tokens=1)
    _, longer, _ = invoke(runtime, fam, "Hi", max_tokens=1, chat_history=[
        {"role": "USER", "message": "Hello there"}, {"role": "CHATBOT", "message": "Hello! How can I help?"}])
    assert longer.input_tokens > short.input_tokens


def test_mistral_chat_forced_tool_call(runtime):
    body = {"messages": [{"role": "user", "content": "What's the weather in Paris?"}], "max_tokens": 96,
            "temperature": 0, "tool_choice": "any",
            "tools": [{"type": "function", "function": {"name": "get_weather", "description": "Get the weather.",
                                                        "parameters": WEATHER_SCHEMA}}]}
    out = json.loads(runtime.invoke_model(modelId="mistral.mistral-large-2407-v1:0",
                                          body=json.dumps(body))["body"].read())
    choice = _only(out["choices"], "choices")
    assert choice["stop_reason"] == "tool_calls", out
    call = _only(choice["message"]["tool_calls"], "tool_calls")
    assert call["function"]["name"] == "get_weather" and call["id"]
    jsonschema.validate(json.loads(call["function"]["arguments"]), WEATHER_SCHEMA)


def test_nova_forced_tool_call(runtime):
    body = {"schemaVersion": "messages-v1",
            "messages": [{"role": "user", "content": [{"text": "What's the weather in Paris?"}]}],
            "inferenceConfig": {"maxTokens": 96, "temperature": 0},
            "toolConfig": {"tools": [{"toolSpec": {"name": "get_weather", "description": "Get the weather.",
                                                   "inputSchema": {"json": WEATHER_SCHEMA}}}],
                           "toolChoice": {"tool": {"name": "get_weather"}}}}
    out = json.loads(runtime.invoke_model(modelId="us.amazon.nova-lite-v1:0", body=json.dumps(body))["body"].read())
    assert out["stopReason"] == "tool_use", out
    uses = [b["toolUse"] for b in out["output"]["message"]["content"] if "toolUse" in b]
    assert len(uses) == 1 and uses[0]["name"] == "get_weather" and uses[0]["toolUseId"]
    jsonschema.validate(uses[0]["input"], WEATHER_SCHEMA)


# --- wire: identifiers, media types, echoed headers ------------------------------------------------------------------

@pytest.mark.parametrize("model_id", [
    "arn:aws:bedrock:us-east-1::foundation-model/meta.llama3-8b-instruct-v1:0",
    "meta.llama3-8b-instruct-v1:0",
], ids=["fm-arn", "base-id"])
def test_identifier_forms(runtime, model_id):
    body = family("llama3").build("Hi", 2, 0.0)
    read_llama(json.loads(runtime.invoke_model(modelId=model_id, body=json.dumps(body))["body"].read()))


def test_accept_wildcard_and_performance_config_echo(runtime):
    body = family("llama3").build("Hi", 2, 0.0)
    resp = runtime.invoke_model(modelId="meta.llama3-8b-instruct-v1:0", body=json.dumps(body), accept="*/*",
                                contentType="application/json", performanceConfigLatency="standard")
    assert resp["performanceConfigLatency"] == "standard"
    read_llama(json.loads(resp["body"].read()))


@pytest.mark.parametrize("kw", [{"contentType": "text/plain"}, {"accept": "image/png"}], ids=["content-type", "accept"])
def test_unsupported_media_types(runtime_raw, kw):
    body = family("llama3").build("Hi", 2, 0.0)
    with pytest.raises(ClientError) as err:
        runtime_raw.invoke_model(modelId="meta.llama3-8b-instruct-v1:0", body=json.dumps(body), **kw)
    assert err.value.response["Error"]["Code"] == "ValidationException"
    assert err.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_raw_http_response_headers(raw_http):
    resp = raw_http.post_json(model_path("amazon.titan-text-express-v1", "invoke"),
                              family("titan-text").build("Hi", 3, 0.0))
    assert resp.status == 200, resp.body
    assert resp.headers["content-type"].startswith("application/json")
    assert resp.headers.get("x-amzn-requestid")
    body = resp.json()
    assert int(resp.headers["x-amzn-bedrock-input-token-count"]) == body["inputTextTokenCount"]
    assert int(resp.headers["x-amzn-bedrock-output-token-count"]) == body["results"][0]["tokenCount"]


# --- seed 002 (ai21.j2-ultra-v1), run unchanged apart from the endpoint ---------------------------------------------

def test_seed_002_boto3_unchanged(base_url, monkeypatch):
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    # --- seed 002, boto3 (Lambda handler body), verbatim except endpoint_url ---
    region = os.environ.get('AWS_REGION')
    bedrock_runtime_client = boto3.client('bedrock-runtime', region_name=region, endpoint_url=base_url)

    def lambda_handler(event, context):
        modelId = 'ai21.j2-ultra-v1'
        contentType = 'application/json'
        accept = 'application/json'
        body = json.dumps({
            "prompt": "Please tell us all the states in the U.S.",
            "maxTokens": 800,
            "temperature": 0.7,
            "topP": 0.95
        })
        response = bedrock_runtime_client.invoke_model(
            modelId=modelId,
            contentType=contentType,
            accept=accept,
            body=body
        )
        response_body = json.loads(response.get('body').read())
        return response_body
    # --- end of seed ---

    out = lambda_handler({}, None)
    r = read_j2(out)
    assert out["prompt"]["text"] == "Please tell us all the states in the U.S."
    assert r.text.strip()
    assert r.stop in {"endoftext", "length", "stop"}


@pytest.mark.skipif(shutil.which("aws") is None, reason="AWS CLI not installed")
def test_seed_002_aws_cli_unchanged(base_url, tmp_path):
    # Seed 002's AWS CLI v1 command, verbatim except --endpoint-url; credentials come from the environment.
    cmd = ('aws bedrock-runtime invoke-model \\\n --region us-east-1 \\\n --model-id "ai21.j2-ultra-v1" \\\n'
           ' --content-type "application/json" \\\n --accept "application/json" \\\n'
           ' --body "{\\"prompt\\": \\"Please tell us all the states in the U.S.\\", \\"maxTokens\\": 800,'
           '\\"temperature\\": 0.7,\\"topP\\": 0.95}" invoke-model-output.txt'
           f' --endpoint-url {base_url}')
    proc = subprocess.run(["bash", "-c", cmd], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {"contentType": "application/json"}
    out = json.loads((tmp_path / "invoke-model-output.txt").read_text())
    r = read_j2(out)
    assert r.text.strip() and r.stop in {"endoftext", "length", "stop"}

