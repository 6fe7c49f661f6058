"""Concurrent requests: each answer at temperature 0 equals the same request run alone."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from conftest import DEFAULT_MODEL, check_converse_shape, text_of, user

PROMPTS = ["Name a fruit.", "Describe the sky in a few words.", "What is two plus two?", "Say a greeting."]


def ask(runtime, prompt: str) -> dict:
    return runtime.converse(modelId=DEFAULT_MODEL, messages=[user(prompt)],
                            inferenceConfig={"maxTokens": 16, "temperature": 0.0})


def test_parallel_requests_match_sequential(runtime):
    alone = {p: ask(runtime, p) for p in PROMPTS}
    with ThreadPoolExecutor(max_workers=len(PROMPTS)) as pool:
        together = dict(zip(PROMPTS, pool.map(lambda p: ask(runtime, p), PROMPTS)))
    for p in PROMPTS:
        check_converse_shape(together[p])
        assert text_of(together[p]) == text_of(alone[p]), p
        assert together[p]["usage"] == alone[p]["usage"], p


def test_parallel_streams_complete(runtime):
    def stream(prompt: str) -> list[str]:
        resp = runtime.converse_stream(modelId=DEFAULT_MODEL, messages=[user(prompt)],
                                       inferenceConfig={"maxTokens": 12, "temperature": 0.0})
        return [next(iter(e)) for e in resp["stream"]]
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(stream, PROMPTS[:3]))
    for kinds in results:
        assert kinds[0] == "messageStart" and kinds[-2:] == ["messageStop", "metadata"]
