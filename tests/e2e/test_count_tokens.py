"""CountTokens end to end: both input forms, and agreement with what Converse / InvokeModel bill."""
from __future__ import annotations

import json

import pytest

from conftest import DEFAULT_MODEL, FM_ARN, SONNET_V1, assistant, user
from test_converse import WEATHER_TOOL

MESSAGES = [user("What is the capital of France? Answer briefly.")]
SYSTEM = [{"text": "You are a geography teacher."}]


def anthropic_body(messages_text: list[tuple[str, str]], system: str | None = None, max_tokens: int = 8) -> str:
    body = {"anthropic_version": "bedrock-2023-05-31", "max_tokens": max_tokens,
            "messages": [{"role": r, "content": t} for r, t in messages_text]}
    if system is not None:
        body["system"] = system
    return json.dumps(body)


def converse_input_tokens(runtime, model=DEFAULT_MODEL, **kw) -> int:
    resp = runtime.converse(modelId=model, inferenceConfig={"maxTokens": 1, "temperature": 0.0}, **kw)
    return resp["usage"]["inputTokens"]


def count(runtime, model=DEFAULT_MODEL, **input_member) -> int:
    resp = runtime.count_tokens(modelId=model, input=input_member)
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    n = resp["inputTokens"]
    assert isinstance(n, int) and n > 0
    return n


def test_count_converse_matches_converse_usage(runtime):
    n = count(runtime, converse={"messages": MESSAGES})
    assert n == converse_input_tokens(runtime, messages=MESSAGES)


def test_count_converse_with_system_matches(runtime):
    n = count(runtime, converse={"messages": MESSAGES, "system": SYSTEM})
    assert n == converse_input_tokens(runtime, messages=MESSAGES, system=SYSTEM)
    longer = [{"text": SYSTEM[0]["text"] + " Explain every answer with one short example sentence."}]
    assert count(runtime, converse={"messages": MESSAGES, "system": longer}) > n


def test_count_converse_multi_turn_matches(runtime):
    messages = [user("Hi, I'm Bob."), assistant("Hello Bob! How can I help?"), user("Tell me a joke.")]
    n = count(runtime, converse={"messages": messages})
    assert n == converse_input_tokens(runtime, messages=messages)


def test_count_converse_with_tools_matches(runtime):
    tool_config = {"tools": [WEATHER_TOOL]}
    messages = [user("What's the weather in Oslo?")]
    n = count(runtime, converse={"messages": messages, "toolConfig": tool_config})
    assert n == converse_input_tokens(runtime, messages=messages, toolConfig=tool_config)
    assert n > count(runtime, converse={"messages": messages}), "tool definitions must count as input"


def test_count_grows_with_text(runtime):
    short = count(runtime, converse={"messages": [user("Hello")]})
    longer = count(runtime, converse={"messages": [user("Hello " + "and welcome to the show " * 20)]})
    assert longer > short + 60


def test_count_invoke_model_body(runtime):
    body = anthropic_body([("user", MESSAGES[0]["content"][0]["text"])])
    n = count(runtime, invokeModel={"body": body})
    assert n == converse_input_tokens(runtime, messages=MESSAGES)


def test_count_invoke_model_body_with_system(runtime):
    body = anthropic_body([("user", MESSAGES[0]["content"][0]["text"])], system=SYSTEM[0]["text"])
    n = count(runtime, invokeModel={"body": body})
    assert n == converse_input_tokens(runtime, messages=MESSAGES, system=SYSTEM)


def test_count_invoke_model_matches_invoke_model_usage(runtime):
    body = anthropic_body([("user", "Name three rivers.")])
    n = count(runtime, invokeModel={"body": body})
    resp = runtime.invoke_model(modelId=DEFAULT_MODEL, body=body)
    native = json.loads(resp["body"].read())
    assert native["usage"]["input_tokens"] == n
    header = resp["ResponseMetadata"]["HTTPHeaders"].get("x-amzn-bedrock-input-token-count")
    if header is not None:
        assert int(header) == n


@pytest.mark.parametrize("model_id", [SONNET_V1, FM_ARN], ids=["base-id", "fm-arn"])
def test_count_accepts_model_id_forms(runtime, model_id):
    assert count(runtime, model=model_id, converse={"messages": MESSAGES}) == \
        count(runtime, converse={"messages": MESSAGES})


def test_count_does_not_need_inference(runtime):
    # CountTokens is cheap: many calls in a row return the same number.
    values = {count(runtime, converse={"messages": MESSAGES}) for _ in range(5)}
    assert len(values) == 1
