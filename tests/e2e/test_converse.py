"""Converse end to end with boto3. The served model is small: assert shapes, arithmetic and determinism, not wording."""
from __future__ import annotations

import re

import boto3
import jsonschema
import pytest

from conftest import (
    DEFAULT_MODEL, FM_ARN, HAIKU, PROFILE_ARN, PROFILE_ID, SONNET_35, SONNET_V1, assistant,
    check_converse_shape, text_of, user,
)

WEATHER_SCHEMA = {
    "type": "object",
    "properties": {
        "city": {"type": "string", "description": "Name of the city, e.g. Paris"},
        "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
    },
    "required": ["city"],
}
WEATHER_TOOL = {"toolSpec": {"name": "get_weather", "description": "Get the current weather for a city.",
                             "inputSchema": {"json": WEATHER_SCHEMA}}}
TIME_SCHEMA = {"type": "object", "properties": {"timezone": {"type": "string"}}, "required": ["timezone"]}
TIME_TOOL = {"toolSpec": {"name": "get_time", "description": "Get the current time in a timezone.",
                          "inputSchema": {"json": TIME_SCHEMA}}}
TOOLUSE_ID = re.compile(r"^tooluse_[A-Za-z0-9_.:-]+$")


def converse(client, messages, max_tokens=32, temperature=0.0, model=DEFAULT_MODEL, **kw):
    return client.converse(modelId=model, messages=messages,
                           inferenceConfig={"maxTokens": max_tokens, "temperature": temperature,
                                            **kw.pop("inference", {})}, **kw)


def test_seed_000_converse_unchanged(base_url, capsys):
    # Seed 000 (Converse API section), verbatim except endpoint_url.
    bedrock_runtime_client = boto3.client(
        "bedrock-runtime",
        region_name="us-east-1",
        endpoint_url=base_url,
    )
    model_id = "anthropic.claude-3-sonnet-20240229-v1:0"
    user_prompt = "How do you write a program to output Hello World in Python?"
    messages = [
        {
            "role": "user",
            "content": [
                {
                    "text": user_prompt,
                }
            ],
        },
    ]
    response = bedrock_runtime_client.converse(
        modelId=model_id,
        messages=messages,
    )
    print(response)

    out = capsys.readouterr().out
    assert "'output': {'message': {'role': 'assistant', 'content': [{'text': " in out
    check_converse_shape(response)
    assert text_of(response).strip()
    headers = response["ResponseMetadata"]["HTTPHeaders"]
    assert headers["content-type"].startswith("application/json")
    assert headers["x-amzn-requestid"] == response["ResponseMetadata"]["RequestId"]
    assert response["stopReason"] in {"end_turn", "max_tokens"}


def test_shape_and_usage_arithmetic(runtime):
    resp = converse(runtime, [user("Say hello.")])
    check_converse_shape(resp)
    assert resp["output"]["message"]["content"][0]["text"].strip()
    assert 1 <= resp["usage"]["outputTokens"] <= 32


SHORT_SYSTEM = [{"text": "Be terse."}]
LONG_SYSTEM = [{"text": "Be terse. " + "Always answer politely, precisely and briefly, in plain English. " * 4}]


def test_system_prompt_counts_as_input(runtime):
    # Compare two system prompts (without one, a chat template may insert its own default system prompt).
    messages = [user("Name a colour.")]
    short = converse(runtime, messages, system=SHORT_SYSTEM)
    long = converse(runtime, messages, system=LONG_SYSTEM)
    check_converse_shape(short)
    check_converse_shape(long)
    assert long["usage"]["inputTokens"] >= short["usage"]["inputTokens"] + 30, \
        "system prompt text did not reach the model"


def test_multiple_system_blocks(runtime):
    messages = [user("Name a colour.")]
    one = converse(runtime, messages, system=SHORT_SYSTEM)
    two = converse(runtime, messages, system=SHORT_SYSTEM + [{"text": "Use lower case letters only, please."}])
    check_converse_shape(two)
    assert two["usage"]["inputTokens"] > one["usage"]["inputTokens"]


def test_multi_turn(runtime):
    first = [user("My name is Ada. Remember it.")]
    resp1 = converse(runtime, first)
    check_converse_shape(resp1)
    history = first + [resp1["output"]["message"], user("What is my name?")]
    resp2 = converse(runtime, history)
    check_converse_shape(resp2)
    assert resp2["usage"]["inputTokens"] > resp1["usage"]["inputTokens"] + resp1["usage"]["outputTokens"] // 2
    assert text_of(resp2).strip()


def test_stop_sequences(runtime):
    resp = converse(runtime, [user("Count from 1 to 10, separated by commas: 1, 2, 3, 4, 5, ...")],
                    max_tokens=40, inference={"stopSequences": [","]})
    check_converse_shape(resp, allow_empty=True)
    assert resp["stopReason"] in {"stop_sequence", "end_turn", "max_tokens"}
    # Either generation stopped at the comma (which is not returned) or no comma was ever generated.
    assert "," not in text_of(resp), f"stop sequence in output ({resp['stopReason']}): {text_of(resp)!r}"


def test_stop_sequence_is_hit(runtime):
    # With space, newline and comma as stop sequences, 40 tokens of counting cannot avoid all of them.
    stops = [" ", "\n", ","]
    resp = converse(runtime, [user("Write the numbers 1 to 20, one after another.")], max_tokens=40,
                    inference={"stopSequences": stops})
    check_converse_shape(resp, allow_empty=True)
    assert resp["stopReason"] == "stop_sequence", resp
    text = text_of(resp)
    assert not any(s in text for s in stops), repr(text)
    assert resp["usage"]["outputTokens"] < 40


def test_max_tokens_stop(runtime):
    resp = converse(runtime, [user("Write a long story about a dragon who learns to cook.")], max_tokens=5)
    check_converse_shape(resp)
    assert resp["stopReason"] == "max_tokens"
    assert resp["usage"]["outputTokens"] == 5


def test_temperature_zero_is_deterministic(runtime):
    messages = [user("Give me three facts about the Moon.")]
    a = converse(runtime, messages, max_tokens=40)
    b = converse(runtime, messages, max_tokens=40)
    check_converse_shape(a)
    assert text_of(a) == text_of(b)
    assert a["stopReason"] == b["stopReason"]
    assert a["usage"] == b["usage"]


def test_latency_metric(runtime):
    resp = converse(runtime, [user("Hi")], max_tokens=4)
    latency = resp["metrics"]["latencyMs"]
    assert isinstance(latency, int) and latency >= 0


def test_additional_model_request_fields_top_k(runtime):
    resp = converse(runtime, [user("Say something nice.")], temperature=0.7,
                    additionalModelRequestFields={"top_k": 5})
    check_converse_shape(resp)


def test_top_p_accepted(runtime):
    resp = converse(runtime, [user("Say something nice.")], temperature=0.8, inference={"topP": 0.9})
    check_converse_shape(resp)


def test_request_metadata_accepted(runtime):
    resp = converse(runtime, [user("Hello there")], requestMetadata={"tenant": "acme", "run-id": "e2e:1"})
    check_converse_shape(resp)


def test_additional_model_response_field_paths_accepted(runtime):
    resp = converse(runtime, [user("Hello there")], additionalModelResponseFieldPaths=["/stop_sequence"])
    check_converse_shape(resp)


def _tool_uses(resp):
    return [b["toolUse"] for b in resp["output"]["message"]["content"] if "toolUse" in b]


def test_forced_tool_call_matches_schema(runtime):
    resp = converse(runtime, [user("What's the weather like in Paris today?")], max_tokens=48,
                    toolConfig={"tools": [WEATHER_TOOL, TIME_TOOL], "toolChoice": {"tool": {"name": "get_weather"}}})
    check_converse_shape(resp)
    assert resp["stopReason"] == "tool_use"
    uses = _tool_uses(resp)
    assert len(uses) >= 1
    use = uses[0]
    assert TOOLUSE_ID.match(use["toolUseId"]), use["toolUseId"]
    assert len(use["toolUseId"]) <= 64
    assert use["name"] == "get_weather"
    assert isinstance(use["input"], dict)
    jsonschema.validate(use["input"], WEATHER_SCHEMA)
    assert all(u["toolUseId"] != v["toolUseId"] for i, u in enumerate(uses) for v in uses[i + 1:])


def test_tool_choice_any(runtime):
    resp = converse(runtime, [user("What time is it in Tokyo?")], max_tokens=48,
                    toolConfig={"tools": [WEATHER_TOOL, TIME_TOOL], "toolChoice": {"any": {}}})
    check_converse_shape(resp)
    assert resp["stopReason"] == "tool_use"
    uses = _tool_uses(resp)
    assert uses, resp["output"]["message"]["content"]
    for use in uses:
        assert TOOLUSE_ID.match(use["toolUseId"])
        assert use["name"] in {"get_weather", "get_time"}
        jsonschema.validate(use["input"], WEATHER_SCHEMA if use["name"] == "get_weather" else TIME_SCHEMA)


def test_tool_choice_auto_accepted(runtime):
    resp = converse(runtime, [user("What's the weather in Rome?")], max_tokens=48,
                    toolConfig={"tools": [WEATHER_TOOL], "toolChoice": {"auto": {}}})
    check_converse_shape(resp)
    if resp["stopReason"] == "tool_use":
        for use in _tool_uses(resp):
            assert use["name"] == "get_weather"
            jsonschema.validate(use["input"], WEATHER_SCHEMA)


def test_tool_round_trip(runtime):
    tool_config = {"tools": [WEATHER_TOOL]}
    first = converse(runtime, [user("What's the weather in Paris?")], max_tokens=48,
                     toolConfig={**tool_config, "toolChoice": {"tool": {"name": "get_weather"}}})
    assert first["stopReason"] == "tool_use"
    use = _tool_uses(first)[0]
    history = [
        user("What's the weather in Paris?"),
        first["output"]["message"],
        {"role": "user", "content": [{"toolResult": {
            "toolUseId": use["toolUseId"], "status": "success",
            "content": [{"json": {"city": use["input"]["city"], "temperatureC": 21, "sky": "sunny"}},
                        {"text": "It is sunny and 21 degrees Celsius."}]}}]},
    ]
    final = converse(runtime, history, max_tokens=160, toolConfig=tool_config,
                     system=[{"text": "Answer the user in one short sentence using the tool result."}])
    check_converse_shape(final)
    assert final["stopReason"] == "end_turn", final
    assert text_of(final).strip()


def test_tool_round_trip_with_client_made_history(runtime):
    # History written by the client (as in the spec's §7.1 example), including an error result.
    history = [
        user("What's the weather in Paris and in Lyon?"),
        {"role": "assistant", "content": [
            {"text": "Let me check."},
            {"toolUse": {"toolUseId": "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q", "name": "get_weather",
                         "input": {"city": "Paris"}}},
            {"toolUse": {"toolUseId": "tooluse_second", "name": "get_weather", "input": {"city": "Lyon"}}},
        ]},
        {"role": "user", "content": [
            {"toolResult": {"toolUseId": "tooluse_kZJMlvQmRJ6eAyJE5GIl7Q", "content": [{"json": {"tempC": 21}}]}},
            {"toolResult": {"toolUseId": "tooluse_second", "status": "error",
                            "content": [{"text": "Weather service unavailable"}]}},
        ]},
    ]
    resp = converse(runtime, history, max_tokens=32, toolConfig={"tools": [WEATHER_TOOL]})
    check_converse_shape(resp)


def test_documents_in_user_turn(runtime):
    question = user("Summarise the attached files in one sentence.")
    baseline = converse(runtime, [question], max_tokens=16)
    docs = [
        {"document": {"format": "txt", "name": "notes", "source": {"bytes": b"The launch is on Friday at noon."}}},
        {"document": {"format": "md", "name": "Readme file",
                      "source": {"bytes": b"# Project\n\n- builds on Linux\n- ships weekly\n"}}},
        {"document": {"format": "csv", "name": "sales-2024 (Q1)",
                      "source": {"bytes": b"month,units\njan,10\nfeb,12\nmar,15\n"}}},
    ]
    resp = converse(runtime, [{"role": "user", "content": question["content"] + docs}], max_tokens=16)
    check_converse_shape(resp)
    # The document contents must reach the prompt: each adds tokens.
    assert resp["usage"]["inputTokens"] > baseline["usage"]["inputTokens"] + 30


@pytest.mark.parametrize("model_id", [SONNET_V1, SONNET_35, HAIKU, FM_ARN, PROFILE_ID, PROFILE_ARN],
                         ids=["sonnet-v1", "sonnet-3.5", "haiku", "fm-arn", "profile-id", "profile-arn"])
def test_model_identifier_forms(runtime, model_id):
    resp = converse(runtime, [user("Say hi.")], max_tokens=8, model=model_id)
    check_converse_shape(resp)


def test_identifier_forms_resolve_to_same_model(runtime):
    # FM ARN and its base id name the same model: same answer at temperature 0.
    messages = [user("Name two planets.")]
    a = converse(runtime, messages, max_tokens=16, model=HAIKU)
    b = converse(runtime, messages, max_tokens=16, model=FM_ARN)
    assert text_of(a) == text_of(b)
    assert a["usage"] == b["usage"]


def test_prefilled_assistant_turn_accepted(runtime):
    resp = converse(runtime, [user("List three fruits."), assistant("1.")], max_tokens=16)
    check_converse_shape(resp)
