"""The AWS CLI (a second real client) against the server."""
from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from conftest import ACCESS_KEY, DEFAULT_MODEL, PROFILE_ARN, SECRET_KEY

pytestmark = pytest.mark.skipif(shutil.which("aws") is None, reason="AWS CLI not installed")


def aws(base_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "AWS_ACCESS_KEY_ID": ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
           "AWS_DEFAULT_REGION": "us-east-1", "AWS_MAX_ATTEMPTS": "1", "AWS_PAGER": "",
           "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull}
    return subprocess.run(["aws", "--endpoint-url", base_url, "--region", "us-east-1", "--output", "json",
                           "bedrock-runtime", *args], capture_output=True, text=True, env=env, timeout=300)


MESSAGES = json.dumps([{"role": "user", "content": [{"text": "Say hello."}]}])


@pytest.mark.parametrize("model_id", [DEFAULT_MODEL, PROFILE_ARN], ids=["base-id", "profile-arn"])
def test_cli_converse(base_url, model_id):
    proc = aws(base_url, "converse", "--model-id", model_id, "--messages", MESSAGES,
               "--inference-config", json.dumps({"maxTokens": 8, "temperature": 0}))
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["output"]["message"]["role"] == "assistant"
    usage = out["usage"]
    assert usage["totalTokens"] == usage["inputTokens"] + usage["outputTokens"]
    assert out["stopReason"] in {"end_turn", "max_tokens"}


def test_cli_count_tokens(base_url):
    proc = aws(base_url, "count-tokens", "--model-id", DEFAULT_MODEL,
               "--input", json.dumps({"converse": {"messages": json.loads(MESSAGES)}}))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["inputTokens"] > 0


def test_cli_error_is_reported(base_url):
    proc = aws(base_url, "converse", "--model-id", "anthropic.claude-3-5-sonnet-20241022-v2:0",
               "--messages", MESSAGES)
    assert proc.returncode != 0
    assert "(ValidationException)" in proc.stderr
    assert "with on-demand throughput isn\u2019t supported" in proc.stderr
