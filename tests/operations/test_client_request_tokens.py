"""ClientRequestToken on CreateSecret, PutSecretValue and UpdateSecret: presence and length."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from tests.assertions import raises_aws
from tests.operations.support import START, state, token, without_token_autofill

pytestmark = pytest.mark.secretmock(clock=START, seed=47)

WRITES: dict[str, Callable[..., Any]] = {
    "CreateSecret": lambda c, **token: c.create_secret(Name="new", SecretString="v", **token),
    "PutSecretValue": lambda c, **token: c.put_secret_value(
        SecretId="s", SecretString="v", **token
    ),
    "UpdateSecret": lambda c, **token: c.update_secret(SecretId="s", SecretString="v", **token),
}


@pytest.fixture
def existing(client):
    client.create_secret(Name="s", SecretString="one", ClientRequestToken=token(1))
    return client


@pytest.mark.parametrize("operation", sorted(WRITES))
def test_a_raw_request_without_a_token_is_refused_with_awss_message(
    existing, secretmock, operation
):
    # Recorded against AWS (2023-05) with signed raw HTTP requests; SDKs always send a token.
    before = state(secretmock)

    with raises_aws(
        "InvalidRequestException",
        "You must provide a ClientRequestToken value. We recommend a UUID-type value.",
    ):
        WRITES[operation](without_token_autofill(existing))

    assert state(secretmock) == before


@pytest.mark.parametrize("operation", sorted(WRITES))
def test_a_token_over_64_characters_is_refused(existing, secretmock, operation):
    before = state(secretmock)

    with raises_aws(
        "InvalidParameterException", "ClientRequestToken must be 32-64 characters long."
    ):
        WRITES[operation](existing, ClientRequestToken="t" * 65)

    assert state(secretmock) == before


@pytest.mark.parametrize("operation", sorted(WRITES))
@pytest.mark.parametrize("length", [32, 64])
def test_tokens_of_32_and_64_characters_become_the_version_id(existing, operation, length):
    version_id = "t" * length

    response = WRITES[operation](existing, ClientRequestToken=version_id)

    assert response["VersionId"] == version_id


@pytest.mark.parametrize("operation", sorted(WRITES))
def test_the_token_botocore_fills_in_is_a_uuid_and_becomes_the_version_id(existing, operation):
    response = WRITES[operation](existing)

    assert str(uuid.UUID(response["VersionId"])) == response["VersionId"]
