"""ConverseStream end to end: event order, parity with Converse, tool use in a stream."""
from __future__ import annotations

import json
import re

import boto3
import jsonschema
import requests

from conftest import DEFAULT_MODEL, PROFILE_ARN, STOP_REASONS, text_of, user
from test_converse import TIME_TOOL, WEATHER_SCHEMA, WEATHER_TOOL

TOOLUSE_ID = re.compile(r"^tooluse_[A-Za-z0-9_.:-]+$")


def stream_events(client, messages, max_tokens=32, temperature=0.0, model=DEFAULT_MODEL, **kw):
    resp = client.converse_stream(modelId=model, messages=messages,
                                  inferenceConfig={"maxTokens": max_tokens, "temperature": temperature,
                                                   **kw.pop("inference", {})}, **kw)
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    events = []
    for event in resp["stream"]:
        assert len(event) == 1, f"event is a union with one member: {event}"
        events.append(event)
    return events


def check_event_order(events) -> dict:
    """Validate the canonical ConverseStream grammar; return the assembled message and trailer.

    messageStart (contentBlockStart? contentBlockDelta+ contentBlockStop)* messageStop metadata
    with contiguous block indexes from 0, tool-use blocks opened by contentBlockStart, text blocks not.
    """
    kinds = [next(iter(e)) for e in events]
    assert kinds[0] == "messageStart", kinds
    assert events[0]["messageStart"]["role"] == "assistant"
    assert kinds[-2:] == ["messageStop", "metadata"], kinds
    assert kinds.count("messageStart") == 1 and kinds.count("messageStop") == 1 and kinds.count("metadata") == 1
    blocks = []
    i = 1
    while i < len(kinds) - 2:
        index = len(blocks)
        block = {"kind": None, "text": "", "input": "", "start": None}
        if kinds[i] == "contentBlockStart":
            payload = events[i]["contentBlockStart"]
            assert payload["contentBlockIndex"] == index, (index, payload)
            block["start"] = payload["start"]
            assert len(payload["start"]) == 1
            i += 1
        deltas = 0
        while i < len(kinds) - 2 and kinds[i] == "contentBlockDelta":
            payload = events[i]["contentBlockDelta"]
            assert payload["contentBlockIndex"] == index, (index, payload)
            delta = payload["delta"]
            assert len(delta) == 1, delta
            if "text" in delta:
                assert block["kind"] in (None, "text")
                block["kind"] = "text"
                block["text"] += delta["text"]
            elif "toolUse" in delta:
                assert block["kind"] in (None, "toolUse")
                block["kind"] = "toolUse"
                assert isinstance(delta["toolUse"]["input"], str)
                block["input"] += delta["toolUse"]["input"]
            else:
                block["kind"] = next(iter(delta))
            deltas += 1
            i += 1
        assert i < len(kinds) - 2 and kinds[i] == "contentBlockStop", (i, kinds)
        assert events[i]["contentBlockStop"]["contentBlockIndex"] == index
        i += 1
        if block["start"] is not None and "toolUse" in block["start"]:
            assert block["kind"] in (None, "toolUse")
            block["kind"] = "toolUse"
        else:
            assert block["start"] is None, f"text blocks have no contentBlockStart: {block['start']}"
            assert deltas >= 1, "a text block needs at least one delta"
        blocks.append(block)
    stop = events[-2]["messageStop"]
    assert stop["stopReason"] in STOP_REASONS
    meta = events[-1]["metadata"]
    usage = meta["usage"]
    for key in ("inputTokens", "outputTokens", "totalTokens"):
        assert isinstance(usage[key], int) and usage[key] >= 0
    assert usage["totalTokens"] == usage["inputTokens"] + usage["outputTokens"]
    assert usage["inputTokens"] > 0
    assert isinstance(meta["metrics"]["latencyMs"], int) and meta["metrics"]["latencyMs"] >= 0
    return {"blocks": blocks, "stopReason": stop["stopReason"], "usage": usage, "metrics": meta["metrics"]}


def test_seed_001_converse_stream_unchanged(base_url, capsys):
    # Seed 001 (ConverseStream 実装例), verbatim except endpoint_url.
    client = boto3.client("bedrock-runtime", region_name="us-east-1", endpoint_url=base_url)

    # ConverseStream APIでストリーミングリクエストを送信
    response = client.converse_stream(
        # 使用するモデルID
        modelId="anthropic.claude-3-5-sonnet-20240620-v1:0",
        # メッセージ配列
        messages=[
            {
                "role": "user",  # メッセージの送信者
                "content": [{"text": "日本について200文字で説明してください"}]  # 質問内容
            }
        ],
        # 推論設定
        inferenceConfig={
            "maxTokens": 1000,  # 最大生成トークン数
            "temperature": 0.1  # 応答のランダム性
        }
    )

    # ストリーミングレスポンスを1つずつ処理
    for event in response["stream"]:
        # テキストの差分データが含まれている場合
        if "contentBlockDelta" in event:
            delta = event["contentBlockDelta"]["delta"]
            # テキストデータが存在する場合
            if "text" in delta:
                # テキストを改行なし、即座に出力(リアルタイム表示)
                print(delta["text"], end="", flush=True)
        # メッセージ終了イベントの場合
        elif "messageStop" in event:
            print("\n処理完了")  # 改行して完了メッセージを表示
            break  # ループを終了

    out = capsys.readouterr().out
    assert out.endswith("\n処理完了\n"), out[-200:]
    assert out[: -len("\n処理完了\n")].strip(), "no text was streamed"


def test_text_stream_event_order(runtime):
    events = stream_events(runtime, [user("Tell me a fun fact about octopuses.")])
    result = check_event_order(events)
    assert len(result["blocks"]) >= 1
    assert result["blocks"][0]["kind"] == "text"
    assert result["blocks"][0]["text"].strip()
    assert result["stopReason"] in {"end_turn", "max_tokens"}


def test_stream_matches_converse_at_temperature_zero(runtime):
    messages = [user("Explain what a rainbow is in two sentences.")]
    sync = runtime.converse(modelId=DEFAULT_MODEL, messages=messages,
                            inferenceConfig={"maxTokens": 40, "temperature": 0.0})
    result = check_event_order(stream_events(runtime, messages, max_tokens=40))
    streamed = "".join(b["text"] for b in result["blocks"] if b["kind"] == "text")
    assert streamed == text_of(sync)
    assert result["stopReason"] == sync["stopReason"]
    assert result["usage"] == sync["usage"]


def test_stream_max_tokens(runtime):
    result = check_event_order(stream_events(runtime, [user("Write a long poem about the sea.")], max_tokens=5))
    assert result["stopReason"] == "max_tokens"
    assert result["usage"]["outputTokens"] == 5


def test_stream_stop_sequence(runtime):
    stops = [" ", "\n", ","]
    result = check_event_order(stream_events(runtime, [user("Write the numbers 1 to 20, one after another.")],
                                             max_tokens=40, inference={"stopSequences": stops}))
    assert result["stopReason"] == "stop_sequence"
    text = "".join(b["text"] for b in result["blocks"] if b["kind"] == "text")
    assert not any(s in text for s in stops), repr(text)


def test_stream_forced_tool_call(runtime):
    events = stream_events(runtime, [user("What's the weather like in Berlin?")], max_tokens=48,
                           toolConfig={"tools": [WEATHER_TOOL, TIME_TOOL],
                                       "toolChoice": {"tool": {"name": "get_weather"}}})
    result = check_event_order(events)
    assert result["stopReason"] == "tool_use"
    tools = [b for b in result["blocks"] if b["kind"] == "toolUse"]
    assert tools, result["blocks"]
    start = tools[0]["start"]["toolUse"]
    assert TOOLUSE_ID.match(start["toolUseId"]), start
    assert start["name"] == "get_weather"
    arguments = json.loads(tools[0]["input"])
    jsonschema.validate(arguments, WEATHER_SCHEMA)


def test_stream_tool_call_matches_converse(runtime):
    kw = {"toolConfig": {"tools": [WEATHER_TOOL], "toolChoice": {"tool": {"name": "get_weather"}}}}
    messages = [user("Is it raining in Madrid?")]
    sync = runtime.converse(modelId=DEFAULT_MODEL, messages=messages,
                            inferenceConfig={"maxTokens": 48, "temperature": 0.0}, **kw)
    result = check_event_order(stream_events(runtime, messages, max_tokens=48, **kw))
    sync_uses = [b["toolUse"] for b in sync["output"]["message"]["content"] if "toolUse" in b]
    stream_uses = [b for b in result["blocks"] if b["kind"] == "toolUse"]
    assert [u["input"] for u in sync_uses] == [json.loads(b["input"]) for b in stream_uses]
    assert [u["name"] for u in sync_uses] == [b["start"]["toolUse"]["name"] for b in stream_uses]
    assert result["usage"] == sync["usage"]


def test_stream_with_profile_arn(runtime):
    result = check_event_order(stream_events(runtime, [user("Hi!")], max_tokens=8, model=PROFILE_ARN))
    assert result["blocks"]


def test_stream_response_content_type(base_url):
    resp = requests.post(f"{base_url}/model/{DEFAULT_MODEL.replace(':', '%3A')}/converse-stream",
                         json={"messages": [user("Hi")], "inferenceConfig": {"maxTokens": 4}},
                         timeout=120)
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("application/vnd.amazon.eventstream")
    assert resp.headers.get("x-amzn-requestid")
