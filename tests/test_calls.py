"""Recorded calls: snapshots of what was sent and answered, and looking them up by operation."""

from __future__ import annotations

import array
import collections
import copy
import enum
import itertools
from typing import Any

import pytest
from botocore import xform_name
from botocore.config import Config

from secretmock.errors import SecretMockError
from tests import contract
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
    assert put.params["SecretBinary"] == b"\x00\x01"
    assert type(put.params["SecretBinary"]) is bytes  # what botocore sent: the bytes, as bytes
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


@pytest.fixture
def unvalidated(secretmock, boto3_session):
    """A client that skips botocore's parameter validation: it sends whatever botocore serializes."""
    return boto3_session.client("secretsmanager", config=Config(parameter_validation=False))


def _nested(depth: int) -> list[Any]:
    value: list[Any] = []
    for _ in range(depth - 1):
        value = [value]
    return value


def _depth(value: Any) -> int:
    """How deep lists are nested in ``value``, each holding the next and the last empty (==
    would recurse as deep)."""
    depth = 0
    while isinstance(value, list):
        depth += 1
        if not value:
            return depth
        (value,) = value
    raise AssertionError(f"not nested lists down to an empty one: {value!r}")


@pytest.mark.parametrize(
    ("operation", "params", "member"),
    [
        ("GetSecretValue", {}, "SecretId"),
        ("PutSecretValue", {"SecretId": "base", "ClientRequestToken": TOKEN}, "SecretString"),
    ],
)
def test_a_list_as_deep_as_botocore_writes_is_refused_and_recorded(
    secretmock, client, unvalidated, operation, params, member
):
    # Found by an audit: from about 480 levels the record of the refused call overflowed the
    # stack, up to botocore's own limit (its encoder stops a few levels short of 1000).
    client.create_secret(Name="base", SecretString="v")
    # The suite's reply check sends each call again from a deeper stack: not for these.
    unvalidated.meta.events.unregister("after-call.secrets-manager", contract.check_reply)
    call = getattr(unvalidated, xform_name(operation))

    def refused_by_botocore(depth: int) -> bool:
        """Whether botocore's own encoder refuses the depth; else the mock answered it."""
        recorded_before = len(secretmock.calls)
        try:
            with raises_aws("SerializationException", "Start of list found where not expected"):
                call(**params, **{member: _nested(depth)})
        except RecursionError as error:
            refusal: str | None = str(error)
        else:
            refusal = None
        if refusal is not None:
            assert "while encoding a JSON object" in refusal
            assert len(secretmock.calls) == recorded_before  # no request: the mock saw none
            return True
        recorded = secretmock.calls[-1]
        assert (recorded.operation, recorded.response, recorded.error.code) == (
            operation,
            None,
            "SerializationException",
        )
        assert {key: value for key, value in recorded.params.items() if key != member} == params
        assert _depth(recorded.params[member]) == depth
        return False

    # Depths a step apart up to the first that botocore refuses, then each depth of that step.
    steps = itertools.chain(range(1, 1000, 13), itertools.count(1000, 250))
    beyond = next(depth for depth in steps if refused_by_botocore(depth))
    step = 13 if beyond < 1000 else 250
    limit = next(d for d in range(beyond - step + 1, beyond + 1) if refused_by_botocore(d))
    assert limit > 900  # deeper than the record could copy before (about 480)


def test_a_bytes_like_binary_is_stored_and_recorded_as_bytes(secretmock, client, unvalidated):
    # A memoryview or array for a blob: botocore base64-encodes its bytes, as for bytes. Found
    # by an audit: the value was stored, then recording the call raised TypeError.
    created = unvalidated.create_secret(Name="view", SecretBinary=memoryview(b"abc"))
    put = unvalidated.put_secret_value(SecretId="view", SecretBinary=array.array("b", b"xyz"))

    assert (
        client.get_secret_value(SecretId="view", VersionId=created["VersionId"])["SecretBinary"]
        == b"abc"
    )
    assert client.get_secret_value(SecretId="view")["SecretBinary"] == b"xyz"
    create_call, put_call = secretmock.calls[:2]
    assert create_call.params == {
        "Name": "view",
        "SecretBinary": b"abc",
        "ClientRequestToken": created["VersionId"],
    }
    assert put_call.params == {
        "SecretId": "view",
        "SecretBinary": b"xyz",
        "ClientRequestToken": put["VersionId"],
    }
    assert [type(call.params["SecretBinary"]) for call in (create_call, put_call)] == [bytes] * 2
    assert (create_call.response, put_call.response) == (created, put)


def _members(reply: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in reply.items() if key != "ResponseMetadata"}


def test_an_iterable_for_a_list_is_answered_and_recorded_as_the_list_botocore_sent(
    secretmock, client, unvalidated
):
    # botocore iterates any iterable for a list member; a generator is spent by the time the
    # mock sees it, so the record holds the list botocore wrote. Found by an audit: the call
    # succeeded, then recording it raised TypeError.
    client.create_secret(
        Name="s",
        SecretString="v",
        Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}, {"Key": "c", "Value": "3"}],
    )
    untagged = unvalidated.untag_resource(SecretId="s", TagKeys={"a": "1"}.keys())
    unvalidated.untag_resource(SecretId="s", TagKeys={"b"})
    from_generator = unvalidated.batch_get_secret_value(SecretIdList=(name for name in ["s"]))
    from_list = client.batch_get_secret_value(SecretIdList=["s"])
    put = unvalidated.put_secret_value(
        SecretId="s", SecretString="w", VersionStages=map(str.upper, ["x"])
    )

    assert _members(untagged) == {}
    assert client.describe_secret(SecretId="s")["Tags"] == [{"Key": "c", "Value": "3"}]
    assert _members(from_generator) == _members(from_list)
    assert _members(put) == {
        "ARN": from_list["SecretValues"][0]["ARN"],
        "Name": "s",
        "VersionId": put["VersionId"],
        "VersionStages": ["X"],
    }
    assert [call.params for call in secretmock.calls[1:6]] == [
        {"SecretId": "s", "TagKeys": ["a"]},
        {"SecretId": "s", "TagKeys": ["b"]},
        {"SecretIdList": ["s"]},
        {"SecretIdList": ["s"]},
        {
            "SecretId": "s",
            "SecretString": "w",
            "VersionStages": ["X"],
            "ClientRequestToken": put["VersionId"],
        },
    ]
    assert [type(call.params.get("TagKeys")) for call in secretmock.calls[1:3]] == [list, list]


class _Name(str):
    pass


class _Items(list[Any]):
    pass


class _Count(enum.IntEnum):
    TEN = 10


def test_a_subclass_of_a_plain_type_is_recorded_as_the_plain_value_botocore_sent(
    secretmock, client, unvalidated
):
    client.create_secret(Name="s", SecretString="v")
    unvalidated.describe_secret(SecretId=_Name("s"))
    listed = unvalidated.list_secrets(
        Filters=_Items([collections.OrderedDict(Key="name", Values=_Items(["s"]))]),
        MaxResults=_Count.TEN,
    )

    described, searched = secretmock.calls[1:]
    assert [entry["Name"] for entry in listed["SecretList"]] == ["s"]
    assert (described.params, searched.params) == (
        {"SecretId": "s"},
        {"Filters": [{"Key": "name", "Values": ["s"]}], "MaxResults": 10},
    )
    assert [
        type(described.params["SecretId"]),
        type(searched.params["Filters"]),
        type(searched.params["Filters"][0]),
        type(searched.params["Filters"][0]["Values"]),
        type(searched.params["MaxResults"]),
    ] == [str, list, dict, list, int]
