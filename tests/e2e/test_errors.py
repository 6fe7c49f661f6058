"""Invalid requests: HTTP status, AWS error code and (where the spec gives it) the exact Bedrock message.

Messages come from /work/shared/spec/bedrock-wire.md §2.3 (observed Bedrock strings; U+2019 in "isn’t").
No request may produce a 5xx.
"""
from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field
from typing import Any, Callable

import pytest
from botocore.exceptions import ClientError

from conftest import DEFAULT_MODEL, PROFILE_ONLY_BASE_ID, assistant, model_path, user

VALIDATION = "ValidationException"
MSG_FIRST_USER = ("A conversation must start with a user message. "
                  "Try again with a conversation that starts with a user message.")
MSG_ALTERNATE = ("A conversation must alternate between user and assistant roles. "
                 "Make sure the conversation alternates between user and assistant roles and try again.")
MSG_NO_TOOLCONFIG = "The toolConfig field must be defined when using toolUse and toolResult content blocks."
MSG_INVALID_MODEL = "The provided model identifier is invalid."
MSG_ON_DEMAND = ("Invocation of model ID anthropic.claude-3-5-sonnet-20241022-v2:0 with on-demand throughput "
                 "isn\u2019t supported. Retry your request with the ID or ARN of an inference profile that "
                 "contains this model.")
MSG_BAD_SCHEMA = ("The format of the value at toolConfig.tools.0.toolSpec.inputSchema.json is invalid. "
                  "Provide a json object for the field and try again.")


def msg_blank(i: int, j: int) -> str:
    return (f"The text field in the ContentBlock object at messages.{i}.content.{j} is blank. "
            "Add text to the text field, and try again.")


def tiny_png() -> bytes:
    """A valid 1x1 RGB PNG."""
    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
            + chunk(b"IEND", b""))


WEATHER = {"toolSpec": {"name": "get_weather", "description": "Weather by city",
                        "inputSchema": {"json": {"type": "object", "properties": {"city": {"type": "string"}},
                                                 "required": ["city"]}}}}
TOOLS = {"tools": [WEATHER]}


def tool_use(tid: str, city: str = "Paris") -> dict:
    return {"toolUse": {"toolUseId": tid, "name": "get_weather", "input": {"city": city}}}


def tool_result(tid: str, content=None, status: str | None = None) -> dict:
    block: dict[str, Any] = {"toolUseId": tid, "content": [{"text": "21 C"}] if content is None else content}
    if status:
        block["status"] = status
    return {"toolResult": block}


def turn(role: str, *blocks: dict) -> dict:
    return {"role": role, "content": list(blocks)}


ASK = user("What's the weather in Paris?")


@dataclass
class Case:
    id: str
    status: int
    code: str | tuple[str, ...] | None  # None: any code (spec gives none), status still checked
    message: str | None = None
    # Exactly one of: kwargs for runtime_raw.<op>(), or a raw HTTP request.
    kwargs: dict[str, Any] | None = None
    op: str = "converse"
    raw: tuple[str, str, Any] | None = None  # (method, path, body)
    extra: dict[str, Any] = field(default_factory=dict)


def conv(messages=None, **kw) -> dict:
    out = {"modelId": DEFAULT_MODEL, "inferenceConfig": {"maxTokens": 8}, **kw}
    if messages is not None:
        out["messages"] = messages
    return out


def conv_inf(**inference) -> dict:
    return conv([user("hi")], inferenceConfig={"maxTokens": 8, **inference})


CASES: list[Case] = [
    # --- conversation structure (§2.3 / §7.3 service rules)
    Case("first-message-assistant", 400, VALIDATION, MSG_FIRST_USER,
         conv([assistant("Hello"), user("hi")])),
    Case("only-assistant-message", 400, VALIDATION, MSG_FIRST_USER, conv([assistant("Hello")])),
    Case("consecutive-user-messages", 400, VALIDATION, MSG_ALTERNATE, conv([user("hi"), user("again")])),
    Case("consecutive-assistant-messages", 400, VALIDATION, MSG_ALTERNATE,
         conv([user("hi"), assistant("a"), assistant("b"), user("c")])),
    Case("blank-text-first", 400, VALIDATION, msg_blank(0, 0), conv([user("   ")])),
    Case("empty-text-later", 400, VALIDATION, msg_blank(2, 1),
         conv([user("hi"), assistant("yes"), turn("user", {"text": "ok"}, {"text": ""})])),
    Case("empty-messages", 400, VALIDATION, None, conv([])),
    Case("missing-messages", 400, VALIDATION, None, conv(None)),
    Case("empty-content-list", 400, VALIDATION, None, conv([turn("user")])),
    Case("role-system", 400, VALIDATION, None, conv([{"role": "system", "content": [{"text": "hi"}]}])),
    Case("stream-first-message-assistant", 400, VALIDATION, MSG_FIRST_USER,
         conv([assistant("Hello")]), op="converse_stream"),
    # --- tools
    Case("tool-result-without-toolconfig", 400, VALIDATION, MSG_NO_TOOLCONFIG,
         conv([ASK, turn("assistant", tool_use("tooluse_a1")), turn("user", tool_result("tooluse_a1"))])),
    Case("tool-use-without-toolconfig", 400, VALIDATION, MSG_NO_TOOLCONFIG,
         conv([ASK, turn("assistant", tool_use("tooluse_a1"))])),
    Case("tool-result-unknown-id", 400, VALIDATION, None,
         conv([ASK, turn("assistant", tool_use("tooluse_a1")), turn("user", tool_result("tooluse_zz"))],
              toolConfig=TOOLS)),
    Case("tool-result-without-tool-use", 400, VALIDATION, None,
         conv([turn("user", tool_result("tooluse_a1"))], toolConfig=TOOLS)),
    Case("missing-tool-result", 400, VALIDATION,
         "Expected toolResult blocks at messages.2.content for the following Ids: tooluse_b2",
         conv([ASK, turn("assistant", tool_use("tooluse_a1"), tool_use("tooluse_b2", "Rome")),
               turn("user", tool_result("tooluse_a1"))], toolConfig=TOOLS)),
    Case("no-tool-result-after-tool-use", 400, VALIDATION,
         "Expected toolResult blocks at messages.2.content for the following Ids: tooluse_abc123",
         conv([ASK, turn("assistant", tool_use("tooluse_abc123")), user("never mind")], toolConfig=TOOLS)),
    Case("too-many-tool-results", 400, VALIDATION,
         "The number of toolResult blocks at messages.2.content exceeds the number of toolUse blocks of "
         "previous turn.",
         conv([ASK, turn("assistant", tool_use("tooluse_a1")),
               turn("user", tool_result("tooluse_a1"), tool_result("tooluse_a1"))], toolConfig=TOOLS)),
    Case("error-tool-result-empty-content", 400, VALIDATION,
         "The content field at messages.2.content.0.toolResult cannot be empty when status value is error.",
         conv([ASK, turn("assistant", tool_use("tooluse_a1")),
               turn("user", tool_result("tooluse_a1", content=[], status="error"))], toolConfig=TOOLS)),
    Case("input-schema-not-object", 400, VALIDATION, MSG_BAD_SCHEMA,
         conv([ASK], toolConfig={"tools": [{"toolSpec": {"name": "get_weather",
                                                         "inputSchema": {"json": "not an object"}}}]})),
    Case("input-schema-array", 400, VALIDATION, MSG_BAD_SCHEMA,
         conv([ASK], toolConfig={"tools": [{"toolSpec": {"name": "get_weather", "inputSchema": {"json": [1, 2]}}}]})),
    Case("invalid-tool-name", 400, VALIDATION, None,
         conv([ASK], toolConfig={"tools": [{"toolSpec": {"name": "get weather!",
                                                         "inputSchema": {"json": {"type": "object"}}}}]})),
    Case("empty-tools-list", 400, VALIDATION, None, conv([ASK], toolConfig={"tools": []})),
    Case("tool-choice-unknown-tool", 400, VALIDATION, None,
         conv([ASK], toolConfig={**TOOLS, "toolChoice": {"tool": {"name": "no_such_tool"}}})),
    Case("invalid-tool-use-id", 400, VALIDATION, None,
         conv([ASK, turn("assistant", tool_use("bad id!")), turn("user", tool_result("bad id!"))],
              toolConfig=TOOLS)),
    Case("tool-use-in-user-turn", 400, VALIDATION, None,
         conv([turn("user", {"text": "hi"}, tool_use("tooluse_a1"))], toolConfig=TOOLS)),
    # --- inference configuration (model constraints, server-side)
    Case("max-tokens-zero", 400, VALIDATION, None, conv_inf(maxTokens=0)),
    Case("max-tokens-negative", 400, VALIDATION, None, conv_inf(maxTokens=-5)),
    Case("temperature-1.5", 400, VALIDATION, None, conv_inf(temperature=1.5)),
    Case("top-p-negative", 400, VALIDATION, None, conv_inf(topP=-1.0)),
    Case("empty-stop-sequence", 400, VALIDATION, None, conv_inf(stopSequences=["ok", ""])),
    Case("request-metadata-17-entries", 400, VALIDATION, None,
         conv([user("hi")], requestMetadata={f"k{i}": "v" for i in range(17)})),
    Case("request-metadata-bad-key", 400, VALIDATION, None,
         conv([user("hi")], requestMetadata={"bad\u00e9key!": "v"})),
    Case("response-field-paths-11", 400, VALIDATION, None,
         conv([user("hi")], additionalModelResponseFieldPaths=[f"/f{i}" for i in range(11)])),
    Case("response-field-path-empty", 400, VALIDATION, None,
         conv([user("hi")], additionalModelResponseFieldPaths=[""])),
    Case("blank-system-text", 400, VALIDATION, None, conv([user("hi")], system=[{"text": ""}])),
    # --- content blocks
    Case("document-name-too-long", 400, VALIDATION, None,
         conv([turn("user", {"text": "read this"},
                    {"document": {"format": "txt", "name": "a" * 201, "source": {"bytes": b"hello"}}})])),
    Case("document-without-text-block", 400, VALIDATION, None,
         conv([turn("user", {"document": {"format": "txt", "name": "notes", "source": {"bytes": b"hello"}}})])),
    Case("image-to-text-only-model", 400, VALIDATION, None,
         conv([turn("user", {"text": "What is this?"},
                    {"image": {"format": "png", "source": {"bytes": tiny_png()}}})])),
    Case("image-empty-bytes", 400, VALIDATION, None,
         conv([turn("user", {"text": "What is this?"}, {"image": {"format": "png", "source": {"bytes": b""}}})])),
    Case("two-union-members-in-block", 400, VALIDATION, None,
         conv([turn("user", {"text": "hi", "image": {"format": "png", "source": {"bytes": tiny_png()}}})])),
    Case("unknown-union-member-raw", 400, VALIDATION, None,
         raw=("POST", model_path(DEFAULT_MODEL), {"messages": [{"role": "user", "content": [{"fooBar": {}}]}]})),
    Case("two-union-members-raw", 400, VALIDATION, None,
         raw=("POST", model_path(DEFAULT_MODEL),
              {"messages": [{"role": "user", "content": [{"text": "hi", "cachePoint": {"type": "default"}}]}]})),
    Case("empty-union-raw", 400, VALIDATION, None,
         raw=("POST", model_path(DEFAULT_MODEL), {"messages": [{"role": "user", "content": [{}]}]})),
    Case("tool-choice-two-members-raw", 400, VALIDATION, None,
         raw=("POST", model_path(DEFAULT_MODEL),
              {"messages": [ASK], "toolConfig": {**TOOLS, "toolChoice": {"auto": {}, "any": {}}}})),
    Case("wrong-type-temperature-raw", 400, VALIDATION, None,
         raw=("POST", model_path(DEFAULT_MODEL),
              {"messages": [user("hi")], "inferenceConfig": {"temperature": "hot"}})),
    Case("messages-not-a-list-raw", 400, VALIDATION, None,
         raw=("POST", model_path(DEFAULT_MODEL), {"messages": {"role": "user"}})),
    Case("malformed-json-raw", 400, (VALIDATION, "SerializationException"), None,
         raw=("POST", model_path(DEFAULT_MODEL), '{"messages": [ {"role": "user", "content": [')),
    Case("json-not-an-object-raw", 400, (VALIDATION, "SerializationException"), None,
         raw=("POST", model_path(DEFAULT_MODEL), "[1, 2, 3]")),
    # --- model identifiers (§2.3, §9)
    Case("unknown-model-id", 400, VALIDATION, MSG_INVALID_MODEL,
         conv([user("hi")], modelId="anthropic.claude-9-nonexistent-20990101-v1:0")),
    Case("garbage-model-id", 400, VALIDATION, MSG_INVALID_MODEL, conv([user("hi")], modelId="!!not a model??")),
    Case("unknown-model-stream", 400, VALIDATION, MSG_INVALID_MODEL,
         conv([user("hi")], modelId="vendor.nothing-v1"), op="converse_stream"),
    Case("profile-only-base-id", 400, VALIDATION, MSG_ON_DEMAND, conv([user("hi")], modelId=PROFILE_ONLY_BASE_ID)),
    Case("profile-only-base-id-stream", 400, VALIDATION, MSG_ON_DEMAND,
         conv([user("hi")], modelId=PROFILE_ONLY_BASE_ID), op="converse_stream"),
    # --- CountTokens
    Case("count-tokens-both-members", 400, VALIDATION, None,
         {"modelId": DEFAULT_MODEL, "input": {"converse": {"messages": [user("hi")]},
                                                "invokeModel": {"body": b'{"messages": []}'}}},
         op="count_tokens"),
    Case("count-tokens-empty-input", 400, VALIDATION, None, {"modelId": DEFAULT_MODEL, "input": {}},
         op="count_tokens"),
    Case("count-tokens-first-assistant", 400, VALIDATION, MSG_FIRST_USER,
         {"modelId": DEFAULT_MODEL, "input": {"converse": {"messages": [assistant("hi")]}}}, op="count_tokens"),
    Case("count-tokens-body-not-json", 400, VALIDATION, None,
         {"modelId": DEFAULT_MODEL, "input": {"invokeModel": {"body": b"this is not json"}}}, op="count_tokens"),
    Case("count-tokens-unknown-model", 400, (VALIDATION, "ResourceNotFoundException"), None,
         {"modelId": "vendor.nothing-v1", "input": {"converse": {"messages": [user("hi")]}}}, op="count_tokens"),
    # --- routing
    Case("bad-percent-encoding-raw", 400, None, None,
         raw=("POST", "/model/anthropic%ZZclaude%3/converse", {"messages": [user("hi")]})),
    Case("unknown-route-raw", 404, None, None,
         raw=("POST", "/no/such/operation", {"messages": [user("hi")]})),
    Case("unknown-model-operation-raw", 404, None, None,
         raw=("POST", model_path(DEFAULT_MODEL, "frobnicate"), {"messages": [user("hi")]})),
    Case("wrong-method-raw", 404, None, None, raw=("GET", model_path(DEFAULT_MODEL), None)),
]

# Statuses where the spec gives no exact value: any 4xx passes (but never 5xx).
LOOSE_STATUS = {"bad-percent-encoding-raw", "unknown-route-raw", "unknown-model-operation-raw", "wrong-method-raw"}


def _check(case: Case, status: int, code: str | None, message: str | None, headers: dict[str, str]) -> None:
    assert status < 500, f"server error {status}: {code} {message}"
    if case.id in LOOSE_STATUS:
        assert 400 <= status < 500, (status, code, message)
    else:
        assert status == case.status, (status, code, message)
    if case.code is not None:
        allowed = (case.code,) if isinstance(case.code, str) else case.code
        assert code in allowed, (code, message)
        assert headers.get("x-amzn-errortype"), "x-amzn-ErrorType header missing"
        assert isinstance(message, str) and message, "error body needs a non-empty message"
    if case.message is not None:
        assert message == case.message
    assert headers.get("x-amzn-requestid"), "x-amzn-RequestId header missing"


def test_at_least_thirty_cases():
    assert len(CASES) >= 30
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_invalid_request(case: Case, runtime_raw, raw_http):
    if case.raw is not None:
        method, path, body = case.raw
        resp = raw_http.request(method, path, body)
        _check(case, resp.status, resp.error_code, resp.error_message, resp.headers)
        if case.code is not None:
            assert resp.headers.get("content-type", "").startswith("application/json")
        return
    call: Callable[..., Any] = getattr(runtime_raw, case.op)
    with pytest.raises(ClientError) as info:
        result = call(**case.kwargs)
        if case.op == "converse_stream":  # an error must come before the stream, not inside it
            for _ in result["stream"]:
                pass
    err = info.value.response
    headers = err["ResponseMetadata"].get("HTTPHeaders", {})
    _check(case, err["ResponseMetadata"]["HTTPStatusCode"], err["Error"]["Code"], err["Error"]["Message"], headers)


def test_error_type_header_format(raw_http):
    resp = raw_http.post_json(model_path(DEFAULT_MODEL), {"messages": [assistant("x")]})
    assert resp.status == 400
    assert resp.headers["x-amzn-errortype"].split(":")[0] == VALIDATION
    assert resp.json()["message"] == MSG_FIRST_USER


def test_unencoded_colon_in_path_is_accepted(raw_http):
    # Other SDKs / curl may send ':' unencoded (§1.2): must route the same way.
    resp = raw_http.post_json(f"/model/{DEFAULT_MODEL}/converse",
                              {"messages": [user("hi")], "inferenceConfig": {"maxTokens": 2}})
    assert resp.status == 200, resp.body[:300]
    assert resp.json()["output"]["message"]["role"] == "assistant"


def test_invalid_base64_bytes_is_4xx(raw_http):
    body = {"messages": [turn("user", {"text": "hi"},
                              {"image": {"format": "png", "source": {"bytes": "!!!not-base64!!!"}}})]}
    resp = raw_http.post_json(model_path(DEFAULT_MODEL), body)
    assert 400 <= resp.status < 500
