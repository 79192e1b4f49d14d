"""Recorded calls: snapshots of what was sent and answered, and looking them up by operation."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from botocore.config import Config

from secretmock.errors import SecretMockError
from tests.assertions import raises_aws

TOKEN = "11111111-2222-4333-8444-555555555555"
NOT_FOUND = "Secrets Manager can't find the specified secret."


def test_changing_what_was_passed_leaves_the_record_as_it_was(secretmock, client):
    tags = [{"Key": "team", "Value": "payments"}]
    binary = bytearray(b"\x00\x01")
    client.create_secret(Name="tagged", Tags=tags, ClientRequestToken=TOKEN)
    client.put_secret_value(SecretId="tagged", SecretBinary=binary, VersionStages=("AWSCURRENT",))

    tags[0]["Value"] = "changed"
    tags.append({"Key": "added", "Value": "later"})
    binary[0] = 0xFF

    created, put = secretmock.calls
    assert created.params == {
        "Name": "tagged",
        "Tags": [{"Key": "team", "Value": "payments"}],
        "ClientRequestToken": TOKEN,
    }
    assert put.params["SecretBinary"] == bytearray(b"\x00\x01")
    assert put.params["VersionStages"] == ("AWSCURRENT",)


def test_changing_the_reply_leaves_the_record_as_it_was(secretmock, client):
    client.create_secret(Name="read", SecretString="v")
    reply = client.get_secret_value(SecretId="read")
    recorded = {**reply, "VersionStages": list(reply["VersionStages"])}
    recorded["ResponseMetadata"] = {
        **reply["ResponseMetadata"],
        "HTTPHeaders": dict(reply["ResponseMetadata"]["HTTPHeaders"]),
    }

    reply["SecretString"] = "changed"
    reply["VersionStages"].append("AWSPREVIOUS")
    reply["ResponseMetadata"]["HTTPHeaders"]["date"] = "changed"
    del reply["ARN"]

    assert secretmock.calls[-1].response == recorded


def test_changing_the_record_reaches_neither_the_caller_nor_the_secrets(secretmock, client):
    tags = [{"Key": "team", "Value": "payments"}]
    created = client.create_secret(Name="kept", SecretString="v", Tags=tags)
    read = client.get_secret_value(SecretId="kept")

    create_call, read_call = secretmock.calls
    create_call.params["Tags"][0]["Value"] = "changed"
    create_call.params["Tags"].clear()
    create_call.response["Name"] = "changed"
    read_call.response["VersionStages"].append("AWSPREVIOUS")

    assert tags == [{"Key": "team", "Value": "payments"}]
    assert created["Name"] == "kept"
    assert read["VersionStages"] == ["AWSCURRENT"]
    assert client.describe_secret(SecretId="kept")["Tags"] == [{"Key": "team", "Value": "payments"}]
    assert client.get_secret_value(SecretId="kept")["VersionStages"] == ["AWSCURRENT"]


def test_a_failed_call_records_a_snapshot_of_its_parameters(secretmock, client):
    ids = ["missing"]
    with raises_aws("ResourceNotFoundException", NOT_FOUND):
        client.describe_secret(SecretId=ids[0])
    reply = client.batch_get_secret_value(SecretIdList=ids)
    ids.append("other")

    failed, batch = secretmock.calls
    assert (failed.params, failed.response, failed.error.code if failed.error else None) == (
        {"SecretId": "missing"},
        None,
        "ResourceNotFoundException",
    )
    assert batch.params == {"SecretIdList": ["missing"]}
    assert batch.response == reply


def test_the_record_holds_the_retry_metadata_of_the_reply(secretmock, boto3_session):
    # With a single attempt allowed, botocore's standard mode marks every reply as having
    # reached the most attempts; the recorded reply says so too.
    client = boto3_session.client(
        "secretsmanager", config=Config(retries={"mode": "standard", "total_max_attempts": 1})
    )
    reply = client.create_secret(Name="once", SecretString="v")
    assert reply["ResponseMetadata"]["MaxAttemptsReached"] is True
    assert secretmock.calls[-1].response == reply


def test_calls_of_takes_the_api_name_or_the_client_method_name(secretmock, client):
    client.create_secret(Name="looked-up", SecretString="v")
    client.get_secret_value(SecretId="looked-up")
    client.describe_secret(SecretId="looked-up")
    client.get_secret_value(SecretId="looked-up")

    by_api_name = secretmock.calls.of("GetSecretValue")
    assert [call.operation for call in by_api_name] == ["GetSecretValue", "GetSecretValue"]
    assert secretmock.calls.of("get_secret_value") == by_api_name
    assert secretmock.calls.of("describe_secret") == [secretmock.calls[2]]
    assert secretmock.calls.of("DeleteSecret") == []
    # An operation the mock does not implement is still an operation: none of its calls.
    assert secretmock.calls.of("replicate_secret_to_regions") == []


@pytest.mark.parametrize(
    "name", ["get_secret", "GetSecretValues", "getsecretvalue", "", "s3:GetObject"]
)
def test_calls_of_refuses_a_name_that_is_no_operation(secretmock, client, name):
    api_names = ", ".join(sorted(client.meta.service_model.operation_names))
    with pytest.raises(SecretMockError) as info:
        secretmock.calls.of(name)
    assert str(info.value) == (
        "calls.of() takes a Secrets Manager operation, by its API name ('GetSecretValue') or "
        f"its client method name ('get_secret_value'); {name!r} is neither. "
        f"The operations: {api_names}."
    )


def _scramble(value: Any) -> None:
    """Change every container inside ``value`` in place."""
    if isinstance(value, dict):
        for item in list(value.values()):
            _scramble(item)
        value["added"] = "changed"
    elif isinstance(value, list):
        for item in value:
            _scramble(item)
        value.append("changed")


def test_no_container_of_any_reply_is_shared_with_the_record(secretmock, client):
    client.create_secret(
        Name="full",
        SecretString="v",
        Description="d",
        Tags=[{"Key": "team", "Value": "payments"}, {"Key": "env", "Value": "test"}],
    )
    client.put_secret_value(SecretId="full", SecretString="w", VersionStages=["extra"])
    client.get_secret_value(SecretId="full")
    replies = [
        client.describe_secret(SecretId="full"),
        client.list_secrets(IncludePlannedDeletion=True),
        client.list_secret_version_ids(SecretId="full", IncludeDeprecated=True),
        client.batch_get_secret_value(SecretIdList=["full"]),
        client.batch_get_secret_value(Filters=[{"Key": "name", "Values": ["full"]}]),
    ]
    kept = copy.deepcopy(replies)
    for reply in replies:
        _scramble(reply)

    assert [call.response for call in secretmock.calls[-len(replies) :]] == kept
