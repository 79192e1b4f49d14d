"""aiobotocore clients against the mock: every way to start it, paginators, errors, rotation,
and no network (the ``sent`` tripwire of conftest, with no credentials configured)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from secretmock import mock_secrets
from secretmock._credentials import PLACEHOLDER_ACCESS_KEY_ID
from tests.assertions import raises_aws
from tests.async_clients.conftest import REGION
from tests.rotation.handlers import SingleUserRotation
from tests.tripwire import Tripped

get_session = pytest.importorskip("aiobotocore.session", reason="needs aiobotocore").get_session
pytestmark = pytest.mark.asyncio

NOT_FOUND = "Secrets Manager can't find the specified secret."


def client() -> Any:
    return get_session().create_client("secretsmanager", region_name=REGION)


async def test_async_with_answers_calls_in_process(sent):
    async with mock_secrets() as mock, client() as sm:
        created = await sm.create_secret(Name="db", SecretString="hunter2")
        value = await sm.get_secret_value(SecretId="db")
    assert value["SecretString"] == "hunter2"
    assert value["ARN"] == created["ARN"]
    assert value["VersionStages"] == ["AWSCURRENT"]
    assert value["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert [call.operation for call in mock.calls] == []  # cleared when the mock stopped
    assert sent == []


async def test_the_decorator_on_an_async_test(sent):
    @mock_secrets(region="eu-west-1")
    async def decorated() -> list[str]:
        async with get_session().create_client("secretsmanager", region_name="eu-west-1") as sm:
            await sm.create_secret(Name="a", SecretString="1")
            listed = await sm.list_secrets()
        return [entry["Name"] for entry in listed["SecretList"]]

    assert await decorated() == ["a"]
    assert sent == []


@mock_secrets
async def test_the_decorator_directly_on_the_test(sent):
    async with client() as sm:
        await sm.create_secret(Name="a", SecretString="1")
        assert (await sm.describe_secret(SecretId="a"))["Name"] == "a"
    assert sent == []


async def test_the_fixture(sent, secretmock):
    async with client() as sm:
        await sm.create_secret(Name="a", SecretString="1")
    assert [call.operation for call in secretmock.calls] == ["CreateSecret"]
    assert secretmock.store(REGION).by_name("a") is not None
    assert sent == []


@pytest.mark.secretmock(region="ap-south-1")
async def test_the_marker(sent):
    from secretmock import current

    # (This suite's autouse fixture, which runs after the marker's fixture, clears the region
    # variable the marker set: the client names the mock's region.)
    async with get_session().create_client("secretsmanager", region_name=current().region) as sm:
        assert sm.meta.region_name == "ap-south-1"
        await sm.create_secret(Name="a", SecretString="1")
    assert current().store().by_name("a") is not None
    assert sent == []


async def test_paginators_walk_every_page(secretmock, sent):
    async with client() as sm:
        for number in range(5):
            await sm.create_secret(Name=f"s{number}", SecretString="v")
        paginator = sm.get_paginator("list_secrets")
        pages = [page async for page in paginator.paginate(PaginationConfig={"PageSize": 2})]
        named = paginator.paginate(
            Filters=[{"Key": "name", "Values": ["s1", "s3"]}], PaginationConfig={"PageSize": 1}
        )
        named_pages = [page async for page in named]
    assert [len(page["SecretList"]) for page in pages] == [2, 2, 1]
    assert [entry["Name"] for page in pages for entry in page["SecretList"]] == [
        f"s{number}" for number in range(5)
    ]
    assert [[entry["Name"] for entry in page["SecretList"]] for page in named_pages] == [
        ["s1"],
        ["s3"],
    ]
    assert sent == []


async def test_errors_are_raised_as_aws_raises_them(secretmock, sent):
    async with client() as sm:
        with raises_aws("ResourceNotFoundException", NOT_FOUND) as info:
            await sm.get_secret_value(SecretId="missing")
        assert isinstance(info.value, sm.exceptions.ResourceNotFoundException)
        await sm.create_secret(Name="a", SecretString="1")
        with raises_aws(
            "ResourceExistsException", "The operation failed because the secret a already exists."
        ):
            await sm.create_secret(Name="a", SecretString="2")
    assert [call.error is not None for call in secretmock.calls] == [True, False, True]
    assert sent == []


async def test_concurrent_calls_on_one_event_loop(secretmock, sent):
    async with client() as sm:
        await asyncio.gather(
            *(sm.create_secret(Name=f"s{number}", SecretString="v") for number in range(10))
        )
        listed = await sm.list_secrets(MaxResults=100)
    assert sorted(entry["Name"] for entry in listed["SecretList"]) == sorted(
        f"s{number}" for number in range(10)
    )
    assert sent == []


async def test_rotation_started_from_an_async_client(secretmock, sent):
    # The rotation function stays a normal Lambda handler (boto3, synchronous).
    rotation = SingleUserRotation(database={"admin": "old"})
    arn = secretmock.register_rotation_function("rotator", rotation).arn
    async with client() as sm:
        await sm.create_secret(
            Name="db", SecretString=json.dumps({"username": "admin", "password": "old"})
        )
        rotated = await sm.rotate_secret(
            SecretId="db", RotationLambdaARN=arn, RotationRules={"AutomaticallyAfterDays": 30}
        )
        value = json.loads((await sm.get_secret_value(SecretId="db"))["SecretString"])
    assert [step for step, _ in rotation.calls] == [
        "createSecret",
        "setSecret",
        "testSecret",
        "finishSecret",
    ]
    assert {token for _, token in rotation.calls} == {rotated["VersionId"]}
    assert rotation.database == {"admin": value["password"]}
    secretmock.assert_rotations_succeeded()
    assert sent == []


async def test_outside_a_mock_an_async_client_looks_for_credentials_over_the_network(sent):
    # The control for the tripwire: aiobotocore's credential chain asks instance metadata.
    with pytest.raises(Tripped):
        async with client():
            pass
    assert "169.254.169.254" in sent[0]


def access_key_id(sm: Any) -> str:
    key: str = sm._request_signer._credentials.access_key
    return key


async def test_a_client_context_made_before_the_mock_looks_for_no_credentials_inside_it(sent):
    # aiobotocore makes the client, and looks for its credentials, when the context is entered.
    early = client()
    given = get_session().create_client(
        "secretsmanager",
        region_name=REGION,
        aws_access_key_id="AKIAEXPLICITKEY",
        aws_secret_access_key="explicit",
    )
    async with mock_secrets() as mock:
        async with early as sm:
            await sm.create_secret(Name="db", SecretString="hunter2")
            early_key = access_key_id(sm)
        async with given as sm:
            await sm.list_secrets()
            given_key = access_key_id(sm)
        assert [call.operation for call in mock.calls] == ["CreateSecret", "ListSecrets"]
    assert early_key == PLACEHOLDER_ACCESS_KEY_ID
    assert given_key == "AKIAEXPLICITKEY"
    assert sent == []


async def test_a_client_context_entered_after_the_mock_stopped_looks_for_credentials(sent):
    async with mock_secrets():
        late = client()
    with pytest.raises(Tripped):
        async with late:
            pass
    assert "169.254.169.254" in sent[0]
