"""usage.inputTokens and CountTokens against an independent tokenizer (reference_tokenizer.py).

The reference renders the GGUF chat template with jinja2 and tokenizes with HF `tokenizers`; the server must
bill exactly that many input tokens for plain-text conversations.
"""
from __future__ import annotations

import pytest

import reference_tokenizer as ref
from conftest import DEFAULT_MODEL, assistant, user

pytestmark = pytest.mark.skipif(not ref.available(), reason="SmolLM2 GGUF or gguf/jinja2/tokenizers missing")

PROMPTS = {
    "ascii": "What is the capital of France? Answer briefly.",
    "digits": "In 2024, I've paid $12345.67 for 3 items.",
    "unicode": "日本について説明してください — naïve café 😀",
    "code": "def f(x):\n    return x ** 2  # square\n\n\tprint(f(3))",
    "spaces": "a  b   c\n\n\nd",
}


def billed(runtime, messages, system=None) -> int:
    kw = {"system": [{"text": system}]} if system else {}
    resp = runtime.converse(modelId=DEFAULT_MODEL, messages=messages,
                            inferenceConfig={"maxTokens": 1, "temperature": 0.0}, **kw)
    return resp["usage"]["inputTokens"]


def counted(runtime, messages, system=None) -> int:
    conv = {"messages": messages}
    if system:
        conv["system"] = [{"text": system}]
    return runtime.count_tokens(modelId=DEFAULT_MODEL, input={"converse": conv})["inputTokens"]


@pytest.mark.parametrize("name", list(PROMPTS))
def test_single_turn_matches_reference(runtime, name):
    text = PROMPTS[name]
    expected = ref.prompt_tokens([{"role": "user", "content": text}])
    assert billed(runtime, [user(text)]) == expected
    assert counted(runtime, [user(text)]) == expected


def test_system_prompt_matches_reference(runtime):
    system = "You are a geography teacher who answers in one sentence."
    text = PROMPTS["ascii"]
    expected = ref.prompt_tokens([{"role": "system", "content": system}, {"role": "user", "content": text}])
    assert billed(runtime, [user(text)], system=system) == expected
    assert counted(runtime, [user(text)], system=system) == expected


def test_multi_turn_matches_reference(runtime):
    turns = [("user", "Hi, I'm Bob."), ("assistant", "Hello Bob! How can I help?"), ("user", "Tell me a joke.")]
    messages = [user(t) if r == "user" else assistant(t) for r, t in turns]
    expected = ref.prompt_tokens([{"role": r, "content": t} for r, t in turns])
    assert billed(runtime, messages) == expected
    assert counted(runtime, messages) == expected
