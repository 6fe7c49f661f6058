"""IAM-style policies and per-credential limits (issue 6, items 3 and 5), end to end with boto3.

A `basalt serve --auth sigv4 --credentials FILE` of its own, where FILE attaches a policy document to three users
(`basalt_policy`, relative to the credentials file) and limits to two more (`basalt_rate_limit`,
`basalt_max_streams`). Denials must arrive as AWS's AccessDeniedException (403) with IAM's message, limits as
Bedrock's ThrottlingException (429); botocore's retries are off so a throttled call is seen, not replayed.
"""
from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import HAIKU, PROFILE_ID, SONNET_V1, serve, user

ACCOUNT = "123456789012"
BODY = {"messages": [user("Say hi.")], "inferenceConfig": {"maxTokens": 2}}
THROTTLED = "Too many requests, please wait before trying again."

# alice may invoke Claude 3 Haiku and nothing else.
ALICE = {"Version": "2012-10-17", "Statement": [{
    "Sid": "HaikuOnly", "Effect": "Allow",
    "Action": ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
    "Resource": "arn:aws:bedrock:*::foundation-model/anthropic.claude-3-haiku-*"}]}
# bob may do everything except invoke Claude 3 Sonnet: the explicit Deny wins over the wildcard Allow.
BOB = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "bedrock:*", "Resource": "*"},
    {"Effect": "Deny", "Action": "bedrock:InvokeModel*",
     "Resource": "arn:aws:bedrock:*::foundation-model/anthropic.claude-3-sonnet-*"}]}
# carol may invoke any model, also through inference profiles, but not list or read the catalog.
CAROL = {"Version": "2012-10-17", "Statement": {
    "Effect": "Allow", "Action": "bedrock:invokemodel*",  # actions match case-insensitively
    "Resource": ["arn:aws:bedrock:*::foundation-model/*", f"arn:aws:bedrock:*:{ACCOUNT}:inference-profile/*"]}}

USERS = {  # name: (access key, secret, extra lines)
    "alice": ("AKIDPOLICYALICE", "alice-secret", "basalt_policy = policies/alice.json"),
    "bob": ("AKIDPOLICYBOB", "bob-secret", "basalt_policy = policies/bob.json"),
    "carol": ("AKIDPOLICYCAROL", "carol-secret", "basalt_policy = policies/carol.json"),
    "erin": ("AKIDRATEERIN", "erin-secret", "basalt_rate_limit = 2"),
    "frank": ("AKIDSTREAMFRANK", "frank-secret", "basalt_max_streams = 1"),
}


@pytest.fixture(scope="module")
def policy_url(tmp_path_factory):
    work = tmp_path_factory.mktemp("basalt-policies")
    (work / "policies").mkdir()
    for name, doc in (("alice", ALICE), ("bob", BOB), ("carol", CAROL)):
        (work / "policies" / f"{name}.json").write_text(json.dumps(doc))
    creds = work / "credentials"
    creds.write_text("".join(f"[{name}]\naws_access_key_id = {key}\naws_secret_access_key = {secret}\n{extra}\n\n"
                             for name, (key, secret, extra) in USERS.items()))
    with serve(work, "--auth", "sigv4", "--credentials", str(creds), "--account-id", ACCOUNT) as served:
        yield served.url


def client(url, name, service="bedrock-runtime"):
    key, secret, _ = USERS[name]
    cfg = Config(retries={"max_attempts": 1, "mode": "standard"}, read_timeout=300)
    return boto3.client(service, region_name="us-east-1", endpoint_url=url, aws_access_key_id=key,
                        aws_secret_access_key=secret, config=cfg)


def rejected(call) -> tuple[int, str, str]:
    with pytest.raises(ClientError) as info:
        call()
    r = info.value.response
    return r["ResponseMetadata"]["HTTPStatusCode"], r["Error"]["Code"], r["Error"]["Message"]


def fm_arn(model_id: str) -> str:
    return f"arn:aws:bedrock:us-east-1::foundation-model/{model_id}"


def implicit(name: str, action: str, resource: str) -> str:
    return (f"User: arn:aws:iam::{ACCOUNT}:user/{name} is not authorized to perform: {action} on resource: "
            f"{resource} because no identity-based policy allows the {action} action")


def explicit(name: str, action: str, resource: str) -> str:
    return (f"User: arn:aws:iam::{ACCOUNT}:user/{name} is not authorized to perform: {action} on resource: "
            f"{resource} with an explicit deny in an identity-based policy")


# --- policies ----------------------------------------------------------------------------------------------

def test_allowed_model_works(policy_url):
    out = client(policy_url, "alice").converse(modelId=HAIKU, **BODY)
    assert out["output"]["message"]["role"] == "assistant"
    events = list(client(policy_url, "alice").converse_stream(modelId=HAIKU, **BODY)["stream"])
    assert "metadata" in events[-1]


def test_other_model_is_denied(policy_url):
    alice = client(policy_url, "alice")
    assert rejected(lambda: alice.converse(modelId=SONNET_V1, **BODY)) == (
        403, "AccessDeniedException", implicit("alice", "bedrock:InvokeModel", fm_arn(SONNET_V1)))
    assert rejected(lambda: alice.converse_stream(modelId=SONNET_V1, **BODY)) == (
        403, "AccessDeniedException", implicit("alice", "bedrock:InvokeModelWithResponseStream", fm_arn(SONNET_V1)))
    # Allowed actions on the allowed model only: counting tokens is another action.
    assert rejected(lambda: alice.count_tokens(modelId=HAIKU, input={"converse": {"messages": BODY["messages"]}})) == (
        403, "AccessDeniedException", implicit("alice", "bedrock:CountTokens", fm_arn(HAIKU)))
    # An inference profile is a resource of its own.
    profile_arn = f"arn:aws:bedrock:us-east-1:{ACCOUNT}:inference-profile/{PROFILE_ID}"
    assert rejected(lambda: alice.converse(modelId=PROFILE_ID, **BODY)) == (
        403, "AccessDeniedException", implicit("alice", "bedrock:InvokeModel", profile_arn))


def test_explicit_deny_beats_wildcard_allow(policy_url):
    bob = client(policy_url, "bob")
    assert rejected(lambda: bob.converse(modelId=SONNET_V1, **BODY)) == (
        403, "AccessDeniedException", explicit("bob", "bedrock:InvokeModel", fm_arn(SONNET_V1)))
    assert bob.converse(modelId=HAIKU, **BODY)["output"]["message"]["role"] == "assistant"
    models = client(policy_url, "bob", "bedrock").list_foundation_models()["modelSummaries"]
    assert any(m["modelId"] == HAIKU for m in models)


def test_application_profile_checks_its_model(policy_url):
    """Invoking through an application inference profile also needs the model it routes to (as on AWS)."""
    bedrock = client(policy_url, "bob", "bedrock")
    arn = bedrock.create_inference_profile(inferenceProfileName="policy-sonnet",
                                           modelSource={"copyFrom": fm_arn(SONNET_V1)})["inferenceProfileArn"]
    try:
        assert rejected(lambda: client(policy_url, "bob").converse(modelId=arn, **BODY)) == (
            403, "AccessDeniedException", explicit("bob", "bedrock:InvokeModel", fm_arn(SONNET_V1)))
        # alice's policy names no application profile: the profile itself is the denied resource.
        assert rejected(lambda: client(policy_url, "alice").converse(modelId=arn, **BODY)) == (
            403, "AccessDeniedException", implicit("alice", "bedrock:InvokeModel", arn))
    finally:
        bedrock.delete_inference_profile(inferenceProfileIdentifier=arn)


def test_list_foundation_models_denied(policy_url):
    carol = client(policy_url, "carol", "bedrock")
    assert rejected(lambda: carol.list_foundation_models()) == (
        403, "AccessDeniedException", implicit("carol", "bedrock:ListFoundationModels", "*"))
    assert rejected(lambda: carol.get_foundation_model(modelIdentifier=HAIKU)) == (
        403, "AccessDeniedException", implicit("carol", "bedrock:GetFoundationModel", fm_arn(HAIKU)))
    # ...while invoking through a system inference profile (profile + its foundation model) is allowed.
    out = client(policy_url, "carol").converse(modelId=PROFILE_ID, **BODY)
    assert out["output"]["message"]["role"] == "assistant"


def test_no_policy_allows_everything(policy_url):
    models = client(policy_url, "frank", "bedrock").list_foundation_models()["modelSummaries"]
    assert models


# --- limits ------------------------------------------------------------------------------------------------

def test_rate_limit_throttles_a_burst(policy_url):
    erin = client(policy_url, "erin", "bedrock")
    time.sleep(1.1)  # a full bucket: 2 requests

    def call(_):
        try:
            erin.list_foundation_models()
            return "ok"
        except ClientError as e:
            r = e.response
            assert (r["ResponseMetadata"]["HTTPStatusCode"], r["Error"]["Code"], r["Error"]["Message"]) == (
                429, "ThrottlingException", THROTTLED)
            return "throttled"

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(call, range(8)))
    elapsed = time.monotonic() - started
    # The burst is 2; during the burst the bucket refills 2 per second.
    assert 2 <= outcomes.count("ok") <= 2 + int(2 * elapsed), (outcomes, elapsed)
    assert outcomes.count("throttled") >= 1, outcomes
    # Other credentials are not affected, and the bucket refills at 2 per second.
    client(policy_url, "bob", "bedrock").list_foundation_models()
    time.sleep(1.1)
    erin.list_foundation_models()


def test_max_streams_per_credential(policy_url):
    frank = client(policy_url, "frank")
    # At temperature 0 the local model writes until maxTokens (measured: 1500 of 1500), seconds of streaming.
    long_body = {"messages": [user("Write a 1000-word essay about the history of Rome.")],
                 "inferenceConfig": {"maxTokens": 600, "temperature": 0.0}}
    first = frank.converse_stream(modelId=HAIKU, **long_body)["stream"]
    events = iter(first)
    assert "messageStart" in next(events)
    try:
        assert rejected(lambda: frank.converse_stream(modelId=HAIKU, **BODY)) == (429, "ThrottlingException", THROTTLED)
        # Non-streaming calls and other credentials are not counted against frank's streams.
        assert frank.converse(modelId=HAIKU, **BODY)["output"]["message"]["role"] == "assistant"
        list(client(policy_url, "bob").converse_stream(modelId=HAIKU, **BODY)["stream"])
    finally:
        first.close()  # the client leaves mid-stream: the server notices at its next write and frees the slot
    deadline = time.monotonic() + 30
    while True:
        try:
            events = list(frank.converse_stream(modelId=HAIKU, **BODY)["stream"])
            break
        except ClientError as e:
            assert e.response["Error"]["Code"] == "ThrottlingException"
            assert time.monotonic() < deadline, "the stream slot was not given back after the client left"
            time.sleep(0.2)
    assert "metadata" in events[-1]
    # A stream that ends normally gives its slot back at once.
    list(frank.converse_stream(modelId=HAIKU, **BODY)["stream"])
    list(frank.converse_stream(modelId=HAIKU, **BODY)["stream"])
