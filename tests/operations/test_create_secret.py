"""CreateSecret: replies, ARNs, tokens, names scheduled for deletion, and input limits."""

from __future__ import annotations

import re

import pytest

from tests.assertions import raises_aws
from tests.botocore_model import needs
from tests.operations.support import (
    KMS_INVALID_KEY_ID,
    START,
    at,
    reply,
    stages,
    state,
    token,
)

pytestmark = pytest.mark.secretmock(clock=START, seed=19)

V1, V2 = token(1), token(2)
ARN = re.compile(
    r"arn:aws:secretsmanager:us-east-1:123456789012:secret:(?P<name>.+)-[A-Za-z0-9]{6}"
)
INVALID_NAME = (
    "Invalid name. Must be a valid name containing alphanumeric characters, "
    "or any of the following: -/_+=.@!"
)


def test_create_secret_with_a_value_replies_with_arn_name_and_the_token_as_version_id(client):
    response = client.create_secret(Name="db/password", SecretString="s", ClientRequestToken=V1)

    assert reply(response) == {"ARN": response["ARN"], "Name": "db/password", "VersionId": V1}
    match = ARN.fullmatch(response["ARN"])
    assert match is not None
    assert match["name"] == "db/password"


def test_the_value_becomes_the_awscurrent_version(client):
    client.create_secret(Name="s", SecretString="one", ClientRequestToken=V1)

    assert stages(client, "s") == {V1: ["AWSCURRENT"]}


def test_a_secret_created_without_a_value_has_no_version_and_its_reply_no_version_id(client):
    response = client.create_secret(Name="s", ClientRequestToken=V1)

    assert reply(response) == {"ARN": response["ARN"], "Name": "s"}
    assert reply(client.describe_secret(SecretId="s")) == {
        "ARN": response["ARN"],
        "Name": "s",
        "LastChangedDate": at(),
        "CreatedDate": at(),
    }


def test_every_create_draws_a_fresh_arn_suffix_even_for_a_name_used_before(client):
    first = client.create_secret(Name="s", SecretString="one")
    client.delete_secret(SecretId="s", ForceDeleteWithoutRecovery=True)

    second = client.create_secret(Name="s", SecretString="one")

    assert first["ARN"] != second["ARN"]
    assert ARN.fullmatch(second["ARN"]) is not None
    with raises_aws(
        "ResourceNotFoundException", "Secrets Manager can't find the specified secret."
    ):
        client.describe_secret(SecretId=first["ARN"])


def test_a_secret_lives_in_the_region_of_the_client_that_created_it(client, boto3_session):
    other_region = boto3_session.client("secretsmanager", region_name="eu-west-1")
    here = client.create_secret(Name="s", SecretString="us")

    there = other_region.create_secret(Name="s", SecretString="eu")

    assert there["ARN"].startswith("arn:aws:secretsmanager:eu-west-1:123456789012:secret:s-")
    assert here["ARN"].startswith("arn:aws:secretsmanager:us-east-1:123456789012:secret:s-")
    assert other_region.get_secret_value(SecretId="s")["SecretString"] == "eu"


def test_the_same_token_and_value_again_is_an_idempotent_retry_with_the_same_reply(
    client, secretmock
):
    first = client.create_secret(Name="s", SecretString="Hello", ClientRequestToken=V1)
    before = state(secretmock)

    again = client.create_secret(Name="s", SecretString="Hello", ClientRequestToken=V1)

    assert reply(again) == reply(first)
    assert state(secretmock) == before


def test_the_same_token_with_another_value_is_refused_with_awss_message(client, secretmock):
    first = client.create_secret(Name="s", SecretString="Hello", ClientRequestToken=V1)
    before = state(secretmock)

    with raises_aws(
        "ResourceExistsException",
        f"You can't use ClientRequestToken {V1} because that value is already in use for a "
        f"version of secret {first['ARN']}.",
    ):
        client.create_secret(Name="s", SecretString="Hi", ClientRequestToken=V1)

    assert state(secretmock) == before


def test_an_existing_name_with_a_new_token_is_refused_with_awss_message(client, secretmock):
    client.create_secret(Name="s", SecretString="Hello", ClientRequestToken=V1)
    before = state(secretmock)

    with raises_aws(
        "ResourceExistsException", "The operation failed because the secret s already exists."
    ):
        client.create_secret(Name="s", SecretString="Hello", ClientRequestToken=V2)

    assert state(secretmock) == before


def test_a_name_whose_secret_is_scheduled_for_deletion_cannot_be_created_again(client, secretmock):
    client.create_secret(Name="s", SecretString="Hello")
    client.delete_secret(SecretId="s")
    before = state(secretmock)

    with raises_aws(
        "InvalidRequestException",
        "You can't create this secret because a secret with this name is already scheduled for "
        "deletion.",
    ):
        client.create_secret(Name="s", SecretString="again")

    assert state(secretmock) == before


@needs("CreateSecret", "Type")
def test_description_kms_key_and_type_are_kept_and_an_empty_kms_key_means_the_default_key(
    client, secretmock
):
    secretmock.kms.create_key(alias="custom")
    client.create_secret(
        Name="a", SecretString="x", Description="d", KmsKeyId="alias/custom", Type="t"
    )
    client.create_secret(Name="b", SecretString="x", Description="", KmsKeyId="", Type="")

    a = client.describe_secret(SecretId="a")
    b = client.describe_secret(SecretId="b")

    assert (a["Description"], a["KmsKeyId"], a["Type"]) == ("d", "alias/custom", "t")
    assert {"Description", "KmsKeyId", "Type"} & set(b) == set()


@pytest.mark.parametrize(
    "name",
    ["has space", "star*", "bang!", "hash#", "colon:", "caf\N{LATIN SMALL LETTER E WITH ACUTE}"],
)
def test_a_name_outside_awss_character_set_is_a_validation_error(client, secretmock, name):
    with raises_aws("ValidationException", INVALID_NAME):
        client.create_secret(Name=name, SecretString="x")

    assert state(secretmock) == []


def test_every_allowed_character_and_512_characters_make_a_valid_name(client):
    client.create_secret(Name="Az09/_+=.@-", SecretString="x")
    client.create_secret(Name="n" * 512, SecretString="x")

    assert client.describe_secret(SecretId="n" * 512)["Name"] == "n" * 512


def test_a_name_over_512_characters_is_a_validation_error(client, secretmock):
    name = "n" * 513

    with raises_aws(
        "ValidationException",
        f"1 validation error detected: Value '{name}' at 'name' failed to satisfy constraint: "
        "Member must have length less than or equal to 512",
    ):
        client.create_secret(Name=name, SecretString="x")

    assert state(secretmock) == []


@pytest.mark.parametrize(
    ("member", "limit", "path"),
    [
        ("Description", 2048, "description"),
        ("KmsKeyId", 2048, "kmsKeyId"),
        pytest.param("Type", 256, "type", marks=needs("CreateSecret", "Type")),
    ],
)
def test_metadata_over_its_length_limit_is_a_validation_error(
    client, secretmock, member, limit, path
):
    if member == "KmsKeyId":  # the longest the model allows names no KMS key
        with raises_aws("InvalidParameterException", KMS_INVALID_KEY_ID):
            client.create_secret(Name="at-limit", SecretString="x", **{member: "m" * limit})
    else:
        client.create_secret(Name="at-limit", SecretString="x", **{member: "m" * limit})
    before = state(secretmock)
    value = "m" * (limit + 1)

    with raises_aws(
        "ValidationException",
        f"1 validation error detected: Value '{value}' at '{path}' failed to satisfy constraint: "
        f"Member must have length less than or equal to {limit}",
    ):
        client.create_secret(Name="s", SecretString="x", **{member: value})

    assert state(secretmock) == before


def test_both_a_string_and_a_binary_value_is_refused(client, secretmock):
    with raises_aws(
        "InvalidParameterException",
        "You can't specify both a binary secret value and a string secret value in the same "
        "secret.",
    ):
        client.create_secret(Name="s", SecretString="x", SecretBinary=b"x")

    assert state(secretmock) == []


def test_a_value_over_65536_bytes_is_a_validation_error(client, secretmock):
    with raises_aws(
        "ValidationException",
        "1 validation error detected: Value at 'secretBinary' failed to satisfy constraint: "
        "Member must have length less than or equal to 65536",
    ):
        client.create_secret(Name="s", SecretBinary=b"x" * 65537)

    assert state(secretmock) == []


def test_a_binary_value_round_trips_as_bytes(client):
    client.create_secret(Name="s", SecretBinary=b"\x00\xff")

    assert client.get_secret_value(SecretId="s")["SecretBinary"] == b"\x00\xff"


def test_created_date_and_last_changed_date_are_the_moment_of_creation(client):
    client.create_secret(Name="s", SecretString="x")

    described = client.describe_secret(SecretId="s")

    assert (described["CreatedDate"], described["LastChangedDate"]) == (at(), at())
