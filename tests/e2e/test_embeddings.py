"""Embedding models through InvokeModel (Titan G1 / V2, Cohere Embed v3) and image models being refused.

Wire shapes follow /work/shared/spec/bedrock-wire.md §8.10. The vectors are checked against an independent numpy
BERT (all-MiniLM-L6-v2 from the same safetensors, Tests/BasaltEngineTests/Embeddings/reference_embed.py): the served
1536/1024-d vectors are a fixed lift of the 384-d encoder output, so pairwise cosine similarities must equal the
reference's 384-d cosines (tolerance 1e-3), and the token counts must equal the reference tokenizer's.
"""
from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import numpy as np
import pytest
from botocore.exceptions import ClientError

TITAN_V1 = "amazon.titan-embed-text-v1"
TITAN_V2 = "amazon.titan-embed-text-v2:0"
COHERE_EN = "cohere.embed-english-v3"
COHERE_ML = "cohere.embed-multilingual-v3"

TEXTS = [
    "A cat sits on the mat",
    "A kitten is on the rug",
    "Stock markets fell sharply today",
    "Hello, world!",
    "Café résumé naïve — 你好，世界！ emoji 😀",
]
SIMILAR = (0, 1)     # indexes of two paraphrases
UNRELATED = (0, 2)

REPO = Path(__file__).resolve().parents[2]
REFERENCE = REPO / "Tests" / "BasaltEngineTests" / "Embeddings" / "reference_embed.py"
MODEL_DIR = Path(os.environ.get("BASALT_CACHE", "/root/.cache/basalt")) / "models" / "all-minilm-l6-v2"


def invoke(client, model: str, body: dict) -> tuple[dict, dict]:
    resp = client.invoke_model(modelId=model, body=json.dumps(body), contentType="application/json",
                               accept="application/json")
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert resp["contentType"] == "application/json"
    return json.loads(resp["body"].read()), resp["ResponseMetadata"]["HTTPHeaders"]


def floats(vec, dim: int) -> np.ndarray:
    assert isinstance(vec, list) and len(vec) == dim, (type(vec), len(vec) if isinstance(vec, list) else None)
    assert all(isinstance(x, float) for x in vec), "embedding entries must be JSON numbers with a fraction"
    arr = np.asarray(vec, dtype=np.float64)
    assert np.all(np.isfinite(arr))
    return arr


def cos(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def pairwise(vectors: list[np.ndarray]) -> np.ndarray:
    m = np.stack([v / np.linalg.norm(v) for v in vectors])
    return m @ m.T


def titan(client, model: str, text: str, **kw) -> tuple[np.ndarray, dict, dict]:
    body, headers = invoke(client, model, {"inputText": text, **kw})
    dim = kw.get("dimensions", 1536 if model == TITAN_V1 else 1024)
    return floats(body["embedding"], dim), body, headers


def cohere(client, texts: list[str], model: str = COHERE_EN, **kw) -> tuple[dict, dict]:
    return invoke(client, model, {"texts": texts, "input_type": kw.pop("input_type", "search_document"), **kw})


def rejected(client, model: str, body: dict, code: str = "ValidationException", status: int = 400) -> str:
    with pytest.raises(ClientError) as err:
        client.invoke_model(modelId=model, body=json.dumps(body))
    e = err.value.response
    assert e["Error"]["Code"] == code, e
    assert e["ResponseMetadata"]["HTTPStatusCode"] == status, e
    return e["Error"]["Message"]


@pytest.fixture(scope="module")
def reference():
    """(384-d unit vectors, token counts) for TEXTS from the independent numpy implementation."""
    if not (MODEL_DIR / "model.safetensors").is_file():
        pytest.skip(f"no embedding model at {MODEL_DIR}")
    pytest.importorskip("tokenizers")
    spec = importlib.util.spec_from_file_location("reference_embed", REFERENCE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    vectors, counts = module.Reference(model_dir=str(MODEL_DIR)).embed(TEXTS)
    return np.asarray(vectors, dtype=np.float64), counts


# --- Titan Embeddings G1 - Text -------------------------------------------------------------------------------------

def test_titan_v1_shape_and_token_count(runtime, reference):
    vec, body, headers = titan(runtime, TITAN_V1, TEXTS[0])
    assert set(body) >= {"embedding", "inputTextTokenCount"}
    count = body["inputTextTokenCount"]
    assert isinstance(count, int) and count == reference[1][0]
    assert int(headers["x-amzn-bedrock-input-token-count"]) == count
    assert headers["x-amzn-bedrock-invocation-latency"].isdigit()
    assert np.linalg.norm(vec) > 0


def test_titan_v1_cosines_match_reference(runtime, reference):
    vectors = [titan(runtime, TITAN_V1, t)[0] for t in TEXTS]
    np.testing.assert_allclose(pairwise(vectors), reference[0] @ reference[0].T, atol=1e-3)


def test_titan_v1_deterministic(runtime):
    a = titan(runtime, TITAN_V1, TEXTS[3])[0]
    b = titan(runtime, TITAN_V1, TEXTS[3])[0]
    np.testing.assert_array_equal(a, b)


# --- Titan Text Embeddings V2 ---------------------------------------------------------------------------------------

def test_titan_v2_default_is_1024_unit_norm(runtime, reference):
    vec, body, _ = titan(runtime, TITAN_V2, TEXTS[0])
    assert abs(np.linalg.norm(vec) - 1) < 1e-4
    assert body["inputTextTokenCount"] == reference[1][0]
    if "embeddingsByType" in body:
        np.testing.assert_allclose(floats(body["embeddingsByType"]["float"], 1024), vec)


@pytest.mark.parametrize("dim", [1024, 512, 256])
def test_titan_v2_dimensions_normalized(runtime, dim):
    vec, _, _ = titan(runtime, TITAN_V2, TEXTS[1], dimensions=dim, normalize=True)
    assert abs(np.linalg.norm(vec) - 1) < 1e-4


@pytest.mark.parametrize("dim", [512, 256])
def test_titan_v2_unnormalized_has_requested_size(runtime, dim):
    vec, _, _ = titan(runtime, TITAN_V2, TEXTS[1], dimensions=dim, normalize=False)
    assert np.linalg.norm(vec) > 0


def test_titan_v2_cosines_match_reference(runtime, reference):
    vectors = [titan(runtime, TITAN_V2, t)[0] for t in TEXTS]
    np.testing.assert_allclose(pairwise(vectors), reference[0] @ reference[0].T, atol=1e-3)


@pytest.mark.parametrize("dim", [512, 256])
def test_titan_v2_smaller_dimensions_keep_similarity_order(runtime, dim):
    a, b, c = (titan(runtime, TITAN_V2, TEXTS[i], dimensions=dim)[0] for i in (0, 1, 2))
    assert cos(a, b) > cos(a, c)


def test_titan_v2_embedding_types(runtime):
    body, _ = invoke(runtime, TITAN_V2, {"inputText": TEXTS[0], "dimensions": 256,
                                         "embeddingTypes": ["float", "binary"]})
    by_type = body["embeddingsByType"]
    f = floats(by_type["float"], 256)
    binary = by_type["binary"]
    assert len(binary) == 256 and set(binary) <= {0, 1}, binary[:16]
    agree = np.mean((f > 0).astype(int) == np.asarray(binary))
    assert agree >= 0.95, agree


@pytest.mark.parametrize("body, fragment", [
    ({"inputText": "x", "dimensions": 300}, "not a valid enum value"),
    ({"inputText": "x", "normalize": "yes"}, "expected type"),
    ({"inputText": "x", "extra": 1}, "extraneous key [extra]"),
    ({"dimensions": 256}, "required key [inputText]"),
], ids=["bad-dimension", "bad-normalize", "extraneous", "missing-text"])
def test_titan_v2_malformed(runtime_raw, body, fragment):
    message = rejected(runtime_raw, TITAN_V2, body)
    assert message.startswith("Malformed input request") and fragment in message, message


@pytest.mark.parametrize("body, fragment", [
    ({"inputText": 5}, "expected type"),
    ({"inputText": "x", "foo": 1}, "extraneous key [foo]"),
    ({}, "required key [inputText]"),
], ids=["wrong-type", "extraneous", "missing"])
def test_titan_v1_malformed(runtime_raw, body, fragment):
    message = rejected(runtime_raw, TITAN_V1, body)
    assert message.startswith("Malformed input request") and fragment in message, message


# --- Cohere Embed v3 ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("model", [COHERE_EN, COHERE_ML])
def test_cohere_floats_shape(runtime, reference, model):
    body, headers = cohere(runtime, TEXTS[:3], model=model)
    assert body["response_type"] == "embeddings_floats"
    assert isinstance(body["id"], str) and body["id"]
    assert body["texts"] == TEXTS[:3]
    assert len(body["embeddings"]) == 3
    for vec in body["embeddings"]:
        floats(vec, 1024)
    assert int(headers["x-amzn-bedrock-input-token-count"]) == sum(reference[1][:3])


def test_cohere_cosines_match_reference(runtime, reference):
    body, _ = cohere(runtime, TEXTS)
    vectors = [floats(v, 1024) for v in body["embeddings"]]
    np.testing.assert_allclose(pairwise(vectors), reference[0] @ reference[0].T, atol=1e-3)


def test_cohere_batch_equals_single_requests(runtime):
    # Padding in a batch must not leak into shorter texts (attention mask, masked mean pooling).
    batch, _ = cohere(runtime, TEXTS, input_type="search_query")
    for text, vec in zip(TEXTS, batch["embeddings"]):
        single, _ = cohere(runtime, [text], input_type="search_query")
        np.testing.assert_allclose(vec, single["embeddings"][0], atol=2e-5)


def test_cohere_embedding_types(runtime):
    body, _ = cohere(runtime, TEXTS[:2], embedding_types=["float", "int8", "uint8", "binary", "ubinary"])
    assert body["response_type"] == "embeddings_by_type"
    e = body["embeddings"]
    assert set(e) == {"float", "int8", "uint8", "binary", "ubinary"}
    for kind in e:
        assert len(e[kind]) == 2, kind
    for i in range(2):
        f = floats(e["float"][i], 1024)
        int8 = np.asarray(e["int8"][i])
        uint8 = np.asarray(e["uint8"][i])
        assert int8.shape == (1024,) and int8.min() >= -128 and int8.max() <= 127
        assert uint8.shape == (1024,) and uint8.min() >= 0 and uint8.max() <= 255
        assert all(isinstance(x, int) for x in e["int8"][i] + e["uint8"][i])
        # Scalar quantisation keeps the direction: the codes are (nearly) an affine image of the floats.
        assert np.corrcoef(f, int8)[0, 1] > 0.99
        assert np.corrcoef(f, uint8)[0, 1] > 0.99
        # Packed sign bits, 8 dimensions per byte, most significant bit first (ubinary); binary is the same
        # bytes offset by -128 into int8 (sentence-transformers / Cohere convention).
        ubinary = np.asarray(e["ubinary"][i])
        binary = np.asarray(e["binary"][i])
        assert ubinary.shape == (128,) and binary.shape == (128,)
        np.testing.assert_array_equal(ubinary, np.packbits(f > 0))
        np.testing.assert_array_equal(binary, ubinary.astype(int) - 128)


def test_cohere_float_type_equals_default(runtime):
    plain, _ = cohere(runtime, TEXTS[:1])
    typed, _ = cohere(runtime, TEXTS[:1], embedding_types=["float"])
    np.testing.assert_allclose(typed["embeddings"]["float"][0], plain["embeddings"][0], atol=1e-7)


@pytest.mark.parametrize("body, fragment", [
    ({"texts": ["x"]}, "required key [input_type]"),
    ({"texts": ["x"], "input_type": "bogus"}, "not a valid enum value"),
    ({"texts": [], "input_type": "search_query"}, "minimum item count"),
    ({"texts": ["x"] * 97, "input_type": "search_query"}, "maximum item count"),
    ({"texts": "x", "input_type": "search_query"}, "expected type"),
    ({"texts": ["x"], "input_type": "search_query", "foo": 1}, "extraneous key [foo]"),
], ids=["missing-input-type", "bad-input-type", "empty", "too-many", "wrong-type", "extraneous"])
def test_cohere_malformed(runtime_raw, body, fragment):
    message = rejected(runtime_raw, COHERE_EN, body)
    assert message.startswith("Malformed input request") and fragment in message, message


# --- similarity, across all three -----------------------------------------------------------------------------------

@pytest.mark.parametrize("model", [TITAN_V1, TITAN_V2, COHERE_EN])
def test_similar_sentences_are_closer(runtime, model):
    if model.startswith("cohere"):
        body, _ = cohere(runtime, [TEXTS[i] for i in (*SIMILAR, UNRELATED[1])])
        a, b, c = (np.asarray(v) for v in body["embeddings"])
    else:
        a, b, c = (titan(runtime, model, TEXTS[i])[0] for i in (*SIMILAR, UNRELATED[1]))
    assert cos(a, b) > cos(a, c) + 0.1, (cos(a, b), cos(a, c))


def test_titan_and_cohere_agree_on_similarity(runtime):
    # Different lifts of the same encoder: the geometry (cosines) is the same whichever wire family is used.
    t = [titan(runtime, TITAN_V2, x)[0] for x in TEXTS[:3]]
    body, _ = cohere(runtime, TEXTS[:3])
    c = [np.asarray(v) for v in body["embeddings"]]
    np.testing.assert_allclose(pairwise(t), pairwise(c), atol=1e-3)


# --- image and video generators are not served ----------------------------------------------------------------------

@pytest.mark.parametrize("model, body", [
    ("amazon.titan-image-generator-v1", {"taskType": "TEXT_IMAGE", "textToImageParams": {"text": "a cat"}}),
    ("amazon.titan-image-generator-v2:0", {"taskType": "TEXT_IMAGE", "textToImageParams": {"text": "a cat"}}),
    ("stability.stable-diffusion-xl-v1", {"text_prompts": [{"text": "a cat"}]}),
    ("stability.sd3-5-large-v1:0", {"prompt": "a cat"}),
    ("stability.stable-image-core-v1:1", {"prompt": "a cat"}),
    ("amazon.nova-canvas-v1:0", {"taskType": "TEXT_IMAGE", "textToImageParams": {"text": "a cat"}}),
], ids=lambda v: v if isinstance(v, str) else "")
def test_image_models_access_denied(runtime_raw, model, body):
    rejected(runtime_raw, model, body, code="AccessDeniedException", status=403)


def test_image_model_stream_is_not_5xx(runtime_raw):
    with pytest.raises(ClientError) as err:
        runtime_raw.invoke_model_with_response_stream(
            modelId="stability.stable-diffusion-xl-v1", body=json.dumps({"text_prompts": [{"text": "a cat"}]}))
    status = err.value.response["ResponseMetadata"]["HTTPStatusCode"]
    assert 400 <= status < 500, err.value.response
