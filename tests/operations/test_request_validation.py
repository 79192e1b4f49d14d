"""The model checks AWS makes before anything else, and how a SecretBinary arrives."""

from __future__ import annotations

import pytest
from botocore.config import Config

from tests.assertions import raises_aws
from tests.botocore_model import needs
from tests.operations.support import START, state

pytestmark = pytest.mark.secretmock(clock=START, seed=53)


@needs("UpdateSecret", "Type")
def test_every_violated_model_constraint_is_reported_in_one_validation_error(client, secretmock):
    client.create_secret(Name="s", SecretString="one")
    before = state(secretmock)
    description, secret_type = "d" * 2049, "t" * 257

    with raises_aws(
        "ValidationException",
        f"2 validation errors detected: Value '{description}' at 'description' failed to "
        "satisfy constraint: Member must have length less than or equal to 2048; "
        f"Value '{secret_type}' at 'type' failed to satisfy constraint: Member must have length "
        "less than or equal to 256",
    ):
        client.update_secret(SecretId="s", Description=description, Type=secret_type)

    assert state(secretmock) == before


def test_model_constraints_are_checked_before_the_name_rule(client, secretmock):
    description = "d" * 2049

    with raises_aws(
        "ValidationException",
        f"1 validation error detected: Value '{description}' at 'description' failed to satisfy "
        "constraint: Member must have length less than or equal to 2048",
    ):
        client.create_secret(Name="bad name", Description=description)

    assert state(secretmock) == []


@needs("PutSecretValue", "RotationToken")
def test_a_sensitive_member_is_reported_without_its_value(client):
    client.create_secret(Name="s", SecretString="one")

    with raises_aws(
        "ValidationException",
        "2 validation errors detected: Value at 'secretString' failed to satisfy constraint: "
        "Member must have length less than or equal to 65536; Value at 'rotationToken' failed to "
        r"satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9\-]+$",
    ):
        client.put_secret_value(
            SecretId="s",
            SecretString="x" * 65537,
            RotationToken="not valid: it has spaces and a colon in it",
        )


def test_limits_botocore_checks_are_checked_again_for_a_client_that_does_not(
    secretmock, boto3_session
):
    raw = boto3_session.client("secretsmanager", config=Config(parameter_validation=False))
    raw.create_secret(Name="s", SecretString="one")

    with raises_aws(
        "ValidationException",
        "1 validation error detected: Value '[]' at 'versionStages' failed to satisfy "
        "constraint: Member must have length greater than or equal to 1",
    ):
        raw.put_secret_value(SecretId="s", SecretString="two", VersionStages=[])


@pytest.mark.parametrize(
    "given",
    [
        "caf\N{LATIN SMALL LETTER E WITH ACUTE}",
        bytearray("caf\N{LATIN SMALL LETTER E WITH ACUTE}".encode()),
    ],
    ids=["str", "bytearray"],
)
def test_a_secret_binary_given_as_text_or_bytearray_is_stored_as_its_bytes(client, given):
    client.create_secret(Name="s", SecretBinary=given)

    assert (
        client.get_secret_value(SecretId="s")["SecretBinary"]
        == "caf\N{LATIN SMALL LETTER E WITH ACUTE}".encode()
    )
