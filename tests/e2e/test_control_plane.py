"""Control plane (`bedrock`) and prompt management (`bedrock-agent`) end to end, with boto3 and the AWS CLI.

Covers issue 5: foundation models, inference profiles (system + application), tags, prompts and versions,
provisioned throughput, model import, every model-identifier kind of seed 003 used as `modelId`, and persistence
across a restart and a `kill -9` in the middle of a burst of creates.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import threading
import time
import uuid
from pathlib import Path

import boto3
import pytest
import requests
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import FM_ARN, HAIKU, PROFILE_ARN, PROFILE_ID, PROFILE_ONLY_BASE_ID, REPO, _find_binary, _free_port

KEY, SECRET = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
MODEL_FILE = Path(os.environ.get("BASALT_CACHE", str(Path.home() / ".cache/basalt"))) / \
    "models/smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"


def _clients(url: str):
    cfg = Config(retries={"max_attempts": 1}, read_timeout=300)
    kw = dict(region_name="us-east-1", endpoint_url=url, aws_access_key_id=KEY, aws_secret_access_key=SECRET, config=cfg)
    return boto3.client("bedrock", **kw), boto3.client("bedrock-agent", **kw)


@pytest.fixture(scope="module")
def bedrock(base_url):
    return _clients(base_url)[0]


@pytest.fixture(scope="module")
def agent(base_url):
    return _clients(base_url)[1]


def _code(exc: ClientError) -> str:
    return exc.response["Error"]["Code"]


def _name(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


# ---------------------------------------------------------------- foundation models

def test_list_foundation_models_filters(bedrock):
    every = bedrock.list_foundation_models()["modelSummaries"]
    assert any(m["modelId"] == HAIKU for m in every)
    anthropic = bedrock.list_foundation_models(byProvider="Anthropic")["modelSummaries"]
    assert anthropic and all(m["providerName"] == "Anthropic" for m in anthropic)
    embeddings = bedrock.list_foundation_models(byOutputModality="EMBEDDING")["modelSummaries"]
    assert embeddings and all("EMBEDDING" in m["outputModalities"] for m in embeddings)
    on_demand = bedrock.list_foundation_models(byInferenceType="ON_DEMAND")["modelSummaries"]
    assert all("ON_DEMAND" in m["inferenceTypesSupported"] for m in on_demand)
    assert PROFILE_ONLY_BASE_ID not in {m["modelId"] for m in on_demand}
    tuned = bedrock.list_foundation_models(byCustomizationType="FINE_TUNING")["modelSummaries"]
    assert all("FINE_TUNING" in m["customizationsSupported"] for m in tuned)


def test_get_foundation_model_by_id_and_arn(bedrock):
    by_id = bedrock.get_foundation_model(modelIdentifier=HAIKU)["modelDetails"]
    by_arn = bedrock.get_foundation_model(modelIdentifier=FM_ARN)["modelDetails"]
    assert by_id == by_arn
    assert by_id["modelArn"] == FM_ARN
    with pytest.raises(ClientError) as e:
        bedrock.get_foundation_model(modelIdentifier="acme.nothing-v1")
    assert _code(e.value) == "ResourceNotFoundException"


def test_seed_cli_jq_pipelines(base_url):
    aws, jq = shutil.which("aws"), shutil.which("jq")
    if not aws or not jq:
        pytest.skip("aws CLI or jq not installed")
    env = dict(os.environ, AWS_ACCESS_KEY_ID=KEY, AWS_SECRET_ACCESS_KEY=SECRET, AWS_DEFAULT_REGION="us-east-1")
    base = f"{aws} --endpoint-url {base_url} bedrock"
    fm = subprocess.run(
        f"{base} list-foundation-models | jq -r '.modelSummaries[] | select(.inferenceTypesSupported[] == \"ON_DEMAND\")"
        " | [.modelName, .providerName, .modelId, .modelArn, (.inputModalities | join(\" \")),"
        " (.outputModalities | join(\" \")), .modelLifecycle.status] | @tsv'",
        shell=True, env=env, capture_output=True, text=True, check=True).stdout
    assert HAIKU in fm and FM_ARN in fm
    profiles = subprocess.run(
        f"{base} list-inference-profiles --type-equals SYSTEM_DEFINED | jq -r '.inferenceProfileSummaries[] |"
        " [.inferenceProfileName, .inferenceProfileId, .inferenceProfileArn, .status] | @tsv'",
        shell=True, env=env, capture_output=True, text=True, check=True).stdout
    assert PROFILE_ID in profiles and PROFILE_ARN in profiles and "ACTIVE" in profiles


# ---------------------------------------------------------------- inference profiles and tags

def test_system_profiles_paginate(bedrock):
    pages = bedrock.get_paginator("list_inference_profiles").paginate(
        typeEquals="SYSTEM_DEFINED", PaginationConfig={"PageSize": 5})
    ids = [p["inferenceProfileId"] for page in pages for p in page["inferenceProfileSummaries"]]
    assert PROFILE_ID in ids and len(ids) == len(set(ids))
    assert all(i.split(".")[0] in {"us", "global"} for i in ids)
    got = bedrock.get_inference_profile(inferenceProfileIdentifier=PROFILE_ARN)
    assert got["type"] == "SYSTEM_DEFINED" and got["inferenceProfileId"] == PROFILE_ID


def test_application_profile_lifecycle(bedrock):
    name = _name("claude-3-haiku-profile")
    created = bedrock.create_inference_profile(
        inferenceProfileName=name, modelSource={"copyFrom": FM_ARN},
        tags=[{"key": "bedrock-inference-profile", "value": "app-1"}])
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    arn = created["inferenceProfileArn"]
    assert arn.startswith("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/")
    got = bedrock.get_inference_profile(inferenceProfileIdentifier=arn)
    assert got["type"] == "APPLICATION" and got["models"] == [{"modelArn": FM_ARN}]
    apps = bedrock.list_inference_profiles(typeEquals="APPLICATION")["inferenceProfileSummaries"]
    assert arn in {p["inferenceProfileArn"] for p in apps}
    assert bedrock.list_tags_for_resource(resourceARN=arn)["tags"] == [{"key": "bedrock-inference-profile", "value": "app-1"}]
    bedrock.tag_resource(resourceARN=arn, tags=[{"key": "team", "value": "x"}])
    bedrock.untag_resource(resourceARN=arn, tagKeys=["bedrock-inference-profile"])
    assert bedrock.list_tags_for_resource(resourceARN=arn)["tags"] == [{"key": "team", "value": "x"}]
    with pytest.raises(ClientError) as e:
        bedrock.create_inference_profile(inferenceProfileName=name, modelSource={"copyFrom": FM_ARN})
    assert _code(e.value) == "ConflictException"
    bedrock.delete_inference_profile(inferenceProfileIdentifier=arn)
    with pytest.raises(ClientError) as e:
        bedrock.get_inference_profile(inferenceProfileIdentifier=arn)
    assert _code(e.value) == "ResourceNotFoundException"


def test_create_profile_is_idempotent_by_token(bedrock):
    token = uuid.uuid4().hex
    name = _name("idem")
    a = bedrock.create_inference_profile(inferenceProfileName=name, modelSource={"copyFrom": PROFILE_ARN},
                                         clientRequestToken=token)
    b = bedrock.create_inference_profile(inferenceProfileName=name, modelSource={"copyFrom": PROFILE_ARN},
                                         clientRequestToken=token)
    assert a["inferenceProfileArn"] == b["inferenceProfileArn"]
    got = bedrock.get_inference_profile(inferenceProfileIdentifier=a["inferenceProfileArn"])
    assert len(got["models"]) == 3


# ---------------------------------------------------------------- prompt management

def _text_variant(model_id: str = HAIKU) -> dict:
    return {"name": "v1", "templateType": "TEXT", "modelId": model_id,
            "templateConfiguration": {"text": {"text": "Translate into {{language}}: {{message}}",
                                               "inputVariables": [{"name": "language"}, {"name": "message"}]}},
            "inferenceConfiguration": {"text": {"maxTokens": 16, "temperature": 0.0}}}


def test_prompt_lifecycle(agent):
    created = agent.create_prompt(name=_name("translate"), variants=[_text_variant()], defaultVariant="v1")
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201 and created["version"] == "DRAFT"
    pid = created["id"]
    got = agent.get_prompt(promptIdentifier=pid)
    assert got["variants"][0]["templateConfiguration"]["text"]["text"].startswith("Translate")
    v1 = agent.create_prompt_version(promptIdentifier=pid, description="first")
    assert v1["version"] == "1" and v1["arn"] == created["arn"] + ":1"
    updated = agent.update_prompt(promptIdentifier=pid, name=created["name"], variants=[_text_variant(PROFILE_ID)],
                                  defaultVariant="v1")
    assert updated["variants"][0]["modelId"] == PROFILE_ID
    assert agent.get_prompt(promptIdentifier=pid, promptVersion="1")["variants"][0]["modelId"] == HAIKU
    assert [s["version"] for s in agent.list_prompts(promptIdentifier=pid)["promptSummaries"]] == ["1"]
    assert pid in {s["id"] for s in agent.list_prompts()["promptSummaries"]}
    agent.tag_resource(resourceArn=created["arn"], tags={"team": "nlp"})
    assert agent.list_tags_for_resource(resourceArn=created["arn"])["tags"] == {"team": "nlp"}
    with pytest.raises(ClientError) as e:
        agent.create_prompt(name=created["name"])
    assert _code(e.value) == "ConflictException" and e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    assert agent.delete_prompt(promptIdentifier=pid, promptVersion="1")["version"] == "1"
    agent.delete_prompt(promptIdentifier=pid)
    with pytest.raises(ClientError) as e:
        agent.get_prompt(promptIdentifier=pid)
    assert _code(e.value) == "ResourceNotFoundException"


# ---------------------------------------------------------------- provisioned throughput and imports

def test_provisioned_throughput_crud(bedrock):
    name = _name("pt")
    arn = bedrock.create_provisioned_model_throughput(modelUnits=1, provisionedModelName=name, modelId=HAIKU)[
        "provisionedModelArn"]
    got = bedrock.get_provisioned_model_throughput(provisionedModelId=arn)
    assert got["status"] == "InService" and got["modelUnits"] == 1 and got["foundationModelArn"] == FM_ARN
    assert arn in {p["provisionedModelArn"] for p in bedrock.list_provisioned_model_throughputs()["provisionedModelSummaries"]}
    bedrock.update_provisioned_model_throughput(provisionedModelId=arn, desiredProvisionedModelName=name + "-b")
    assert bedrock.get_provisioned_model_throughput(provisionedModelId=arn)["provisionedModelName"] == name + "-b"
    bedrock.delete_provisioned_model_throughput(provisionedModelId=arn)
    with pytest.raises(ClientError) as e:
        bedrock.get_provisioned_model_throughput(provisionedModelId=arn)
    assert _code(e.value) == "ResourceNotFoundException"


def test_model_import_from_file_uri(bedrock):
    if not MODEL_FILE.exists():
        pytest.skip("default model file absent")
    name = _name("smol")
    job = bedrock.create_model_import_job(
        jobName=_name("job"), importedModelName=name, roleArn="arn:aws:iam::123456789012:role/import",
        modelDataSource={"s3DataSource": {"s3Uri": "file://" + str(MODEL_FILE.parent)}})
    status = bedrock.get_model_import_job(jobIdentifier=job["jobArn"])
    assert status["status"] == "Completed"
    model = bedrock.get_imported_model(modelIdentifier=status["importedModelArn"])
    assert model["modelName"] == name and model["modelArchitecture"] == "llama"
    assert name in {m["modelName"] for m in bedrock.list_imported_models()["modelSummaries"]}
    assert job["jobArn"] in {j["jobArn"] for j in bedrock.list_model_import_jobs()["modelImportJobSummaries"]}
    assert bedrock.list_custom_models()["modelSummaries"] == []
    bedrock.delete_imported_model(modelIdentifier=status["importedModelArn"])
    with pytest.raises(ClientError):
        bedrock.get_imported_model(modelIdentifier=status["importedModelArn"])


# ---------------------------------------------------------------- every identifier kind as modelId (seed 003 table)

def _ask(runtime, model_id, **extra):
    kwargs = dict(modelId=model_id, inferenceConfig={"maxTokens": 8})
    kwargs.update(extra)
    if "messages" not in kwargs and "promptVariables" not in kwargs:
        kwargs["messages"] = [{"role": "user", "content": [{"text": "Hello, how are you?"}]}]
    return runtime.converse(**kwargs)


def test_every_identifier_kind_in_converse(runtime, bedrock, agent):
    kinds = {"base id": HAIKU, "fm arn": FM_ARN, "profile id": PROFILE_ID, "profile arn": PROFILE_ARN}
    kinds["application profile"] = bedrock.create_inference_profile(
        inferenceProfileName=_name("app"), modelSource={"copyFrom": FM_ARN})["inferenceProfileArn"]
    kinds["provisioned"] = bedrock.create_provisioned_model_throughput(
        modelUnits=1, provisionedModelName=_name("pt"), modelId=HAIKU)["provisionedModelArn"]
    if MODEL_FILE.exists():
        job = bedrock.create_model_import_job(
            jobName=_name("job"), importedModelName=_name("m"), roleArn="arn:aws:iam::123456789012:role/r",
            modelDataSource={"s3DataSource": {"s3Uri": "file://" + str(MODEL_FILE)}})
        kinds["imported"] = bedrock.get_model_import_job(jobIdentifier=job["jobArn"])["importedModelArn"]
    for kind, model_id in kinds.items():
        out = _ask(runtime, model_id)
        assert out["output"]["message"]["role"] == "assistant", kind
        assert out["usage"]["outputTokens"] >= 1, kind


def test_stateful_identifiers_in_invoke_model(runtime, bedrock):
    """Application-profile and imported-model ARNs work as InvokeModel ids, in their model's native body format."""
    app = bedrock.create_inference_profile(
        inferenceProfileName=_name("app"), modelSource={"copyFrom": FM_ARN})["inferenceProfileArn"]
    body = {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 8,
            "messages": [{"role": "user", "content": "Say hi."}]}
    out = json.loads(runtime.invoke_model(modelId=app, body=json.dumps(body))["body"].read())
    assert out["type"] == "message" and out["usage"]["output_tokens"] >= 1
    if not MODEL_FILE.exists():
        pytest.skip("default model not cached")
    job = bedrock.create_model_import_job(
        jobName=_name("job"), importedModelName=_name("m"), roleArn="arn:aws:iam::123456789012:role/r",
        modelDataSource={"s3DataSource": {"s3Uri": "file://" + str(MODEL_FILE)}})
    imported = bedrock.get_model_import_job(jobIdentifier=job["jobArn"])["importedModelArn"]
    # A llama-architecture import speaks Meta Llama's native body.
    out = json.loads(runtime.invoke_model(modelId=imported, body=json.dumps({"prompt": "Hello", "max_gen_len": 8}))["body"].read())
    assert isinstance(out["generation"], str) and out["generation_token_count"] >= 1
    assert out["stop_reason"] in ("stop", "length")


def test_profile_only_model_by_base_id_is_refused(runtime):
    with pytest.raises(ClientError) as e:
        _ask(runtime, PROFILE_ONLY_BASE_ID)
    assert e.value.response["Error"]["Message"] == (
        f"Invocation of model ID {PROFILE_ONLY_BASE_ID} with on-demand throughput isn\u2019t supported. "
        "Retry your request with the ID or ARN of an inference profile that contains this model.")


def test_converse_with_prompt_arn_and_variables(runtime, agent):
    created = agent.create_prompt(name=_name("p"), variants=[_text_variant()], defaultVariant="v1")
    version = agent.create_prompt_version(promptIdentifier=created["id"])
    variables = {"language": {"text": "英語"}, "message": {"text": "こんにちは"}}
    for model_id in (created["arn"], version["arn"]):
        out = runtime.converse(modelId=model_id, promptVariables=variables)
        assert out["output"]["message"]["role"] == "assistant"
        assert out["usage"]["outputTokens"] <= 16
    stream = runtime.converse_stream(modelId=version["arn"], promptVariables=variables)
    assert any("messageStop" in ev for ev in stream["stream"])
    with pytest.raises(ClientError) as e:
        runtime.converse(modelId=version["arn"], promptVariables={"language": {"text": "x"}})
    assert _code(e.value) == "ValidationException" and "message" in e.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as e:
        runtime.converse(modelId=version["arn"], promptVariables=variables, inferenceConfig={"maxTokens": 5})
    assert _code(e.value) == "ValidationException"


# ---------------------------------------------------------------- persistence: restart and kill -9

def _start(data_dir: Path):
    binary = _find_binary()
    if binary is None or not Path(binary).exists():
        pytest.skip("basalt binary not built")
    port = _free_port()
    proc = subprocess.Popen([str(binary), "serve", "--host", "127.0.0.1", "--port", str(port), "--data-dir",
                             str(data_dir), "--auth", "none"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/health", timeout=2).status_code == 200:
                return proc, url
        except requests.RequestException:
            pass
        assert proc.poll() is None, "server exited"
        time.sleep(0.3)
    proc.kill()
    pytest.fail("server not healthy")


@pytest.mark.skipif(bool(os.environ.get("BASALT_E2E_URL")), reason="needs to start its own server")
def test_resources_survive_restart_and_kill9(tmp_path):
    proc, url = _start(tmp_path)
    bedrock, agent = _clients(url)
    profile = bedrock.create_inference_profile(inferenceProfileName="keep-me", modelSource={"copyFrom": FM_ARN},
                                               tags=[{"key": "k", "value": "v"}])["inferenceProfileArn"]
    prompt = agent.create_prompt(name="keep-prompt", variants=[_text_variant()])
    agent.create_prompt_version(promptIdentifier=prompt["id"])
    proc.terminate()
    proc.wait(timeout=30)

    proc, url = _start(tmp_path)
    bedrock, agent = _clients(url)
    assert bedrock.get_inference_profile(inferenceProfileIdentifier=profile)["inferenceProfileName"] == "keep-me"
    assert bedrock.list_tags_for_resource(resourceARN=profile)["tags"] == [{"key": "k", "value": "v"}]
    assert agent.get_prompt(promptIdentifier=prompt["id"], promptVersion="1")["version"] == "1"

    # A burst of creates from several threads, killed with SIGKILL in the middle.
    acknowledged: list[str] = []
    lock = threading.Lock()

    def burst(worker: int):
        client = _clients(url)[0]
        for i in range(200):
            try:
                arn = client.create_inference_profile(inferenceProfileName=f"burst-{worker}-{i}",
                                                      modelSource={"copyFrom": FM_ARN})["inferenceProfileArn"]
            except Exception:  # noqa: BLE001 - the server dies mid-burst
                return
            with lock:
                acknowledged.append(arn)

    threads = [threading.Thread(target=burst, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    time.sleep(1.5)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    for t in threads:
        t.join(timeout=60)
    assert acknowledged, "no create finished before the kill"

    proc, url = _start(tmp_path)
    try:
        bedrock = _clients(url)[0]
        pages = bedrock.get_paginator("list_inference_profiles").paginate(typeEquals="APPLICATION")
        listed = [p for page in pages for p in page["inferenceProfileSummaries"]]
        arns = {p["inferenceProfileArn"] for p in listed}
        # Every acknowledged create is there, and every listed row is whole.
        assert set(acknowledged) <= arns
        assert profile in arns
        for p in listed:
            assert p["models"] == [{"modelArn": FM_ARN}] and p["status"] == "ACTIVE" and p["inferenceProfileName"]
    finally:
        proc.terminate()
        proc.wait(timeout=30)
