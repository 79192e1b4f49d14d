"""inject_error and the call assertions with aiobotocore clients: the same retries, the same
record, and no network (the ``sent`` tripwire of conftest)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from tests.async_clients.conftest import REGION

get_session = pytest.importorskip("aiobotocore.session", reason="needs aiobotocore").get_session
pytestmark = pytest.mark.asyncio


def client(**retries: Any) -> Any:
    return get_session().create_client(
        "secretsmanager",
        region_name=REGION,
        config=Config(retries=retries),  # type: ignore[arg-type]
    )


async def test_a_throttle_once_is_retried_and_the_call_succeeds(sent, secretmock):
    async with client(mode="standard") as sm:
        await sm.create_secret(Name="db", SecretString="v1")
        fault = secretmock.inject_error("GetSecretValue", "ThrottlingException", times=1)
        reply = await sm.get_secret_value(SecretId="db")

    assert reply["SecretString"] == "v1"
    assert reply["ResponseMetadata"]["RetryAttempts"] == 1
    assert "MaxAttemptsReached" not in reply["ResponseMetadata"]
    assert (fault.count, fault.active) == (1, False)
    assert sent == []


async def test_with_a_single_attempt_the_throttle_is_raised(sent, secretmock):
    async with client(mode="standard", total_max_attempts=1) as sm:
        await sm.create_secret(Name="db", SecretString="v1")
        secretmock.inject_error("get_secret_value", "ThrottlingException", secret_id="db")
        with pytest.raises(ClientError) as info:
            await sm.get_secret_value(SecretId="db")
        after = await sm.get_secret_value(SecretId="db")

    response: Any = info.value.response
    assert response["Error"] == {"Code": "ThrottlingException", "Message": "Rate exceeded"}
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert response["ResponseMetadata"]["RetryAttempts"] == 0
    assert response["ResponseMetadata"]["MaxAttemptsReached"] is True
    assert after["SecretString"] == "v1"
    assert sent == []


async def test_an_outage_for_every_attempt_reaches_the_caller_as_a_modeled_error(sent, secretmock):
    async with client(mode="legacy") as sm:
        secretmock.inject_error("ListSecrets", "InternalServiceError", status=500, times=None)
        with pytest.raises(ClientError) as info:
            await sm.list_secrets()

        assert isinstance(info.value, sm.exceptions.InternalServiceError)
    metadata = info.value.response["ResponseMetadata"]
    assert (metadata["HTTPStatusCode"], metadata["RetryAttempts"]) == (500, 4)
    assert metadata["MaxAttemptsReached"] is True
    assert secretmock.faults[0].count == 5
    assert sent == []


async def test_call_assertions_see_async_calls(sent, secretmock):
    async with client() as sm:
        arn = (await sm.create_secret(Name="db", SecretString="v1"))["ARN"]
        await sm.get_secret_value(SecretId=arn)

    secretmock.calls.assert_called_once("GetSecretValue", SecretId="db")
    secretmock.calls.assert_calls_in_order(
        ["CreateSecret", ("get_secret_value", {"SecretId": arn})]
    )
    secretmock.calls.assert_not_called("DeleteSecret")
    with pytest.raises(AssertionError) as error:
        secretmock.calls.assert_called("DeleteSecret", SecretId="db")
    assert str(error.value).startswith(
        "expected a call of DeleteSecret(SecretId='db'); calls made (2):\n"
        "  1. CreateSecret(Name='db', SecretString='v1', ClientRequestToken="
    )
    assert sent == []
