"""aioboto3 sessions and clients against the mock, with no credentials and the network tripwire."""

from __future__ import annotations

import pytest

from secretmock import mock_secrets
from secretmock._credentials import PLACEHOLDER_ACCESS_KEY_ID
from tests.assertions import raises_aws
from tests.async_clients.conftest import REGION

aioboto3 = pytest.importorskip("aioboto3", reason="aioboto3 is not installed here")

pytestmark = pytest.mark.asyncio


async def test_an_aioboto3_client_is_answered_in_process(sent):
    async with mock_secrets() as mock:
        async with aioboto3.Session().client("secretsmanager", region_name=REGION) as sm:
            await sm.create_secret(Name="db", SecretString="hunter2")
            value = await sm.get_secret_value(SecretId="db")
            pages = [page async for page in sm.get_paginator("list_secrets").paginate()]
            with raises_aws(
                "ResourceNotFoundException", "Secrets Manager can't find the specified secret."
            ):
                await sm.describe_secret(SecretId="missing")
        assert [call.operation for call in mock.calls] == [
            "CreateSecret",
            "GetSecretValue",
            "ListSecrets",
            "DescribeSecret",
        ]
    assert value["SecretString"] == "hunter2"
    assert [entry["Name"] for page in pages for entry in page["SecretList"]] == ["db"]
    assert sent == []


async def test_the_fixture_answers_aioboto3(secretmock, sent):
    async with aioboto3.Session(region_name=REGION).client("secretsmanager") as sm:
        await sm.create_secret(Name="a", SecretString="1")
    assert secretmock.store(REGION).by_name("a") is not None
    assert sent == []


async def test_a_client_context_made_before_the_mock_looks_for_no_credentials_inside_it(sent):
    # aioboto3's client() returns aiobotocore's context: credentials are looked for on entering.
    early = aioboto3.Session().client("secretsmanager", region_name=REGION)
    async with mock_secrets() as mock:
        async with early as sm:
            await sm.create_secret(Name="db", SecretString="hunter2")
            key = sm._request_signer._credentials.access_key
        assert [call.operation for call in mock.calls] == ["CreateSecret"]
    assert key == PLACEHOLDER_ACCESS_KEY_ID
    assert sent == []
