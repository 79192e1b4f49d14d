"""Names and SecretIds on every operation: the character rule, and lookup by name or ARN."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.assertions import raises_aws
from tests.operations.support import START, token

pytestmark = pytest.mark.secretmock(clock=START, seed=43)

V1, V2 = token(1), token(2)
INVALID_NAME = (
    "Invalid name. Must be a valid name containing alphanumeric characters, "
    "or any of the following: -/_+=.@!"
)
NOT_FOUND = "Secrets Manager can't find the specified secret."

# Every operation of this family that takes a SecretId, called on ``secret_id``.
BY_ID: dict[str, Callable[[Any, str], Any]] = {
    "DescribeSecret": lambda c, i: c.describe_secret(SecretId=i),
    "GetSecretValue": lambda c, i: c.get_secret_value(SecretId=i),
    "PutSecretValue": lambda c, i: c.put_secret_value(SecretId=i, SecretString="x"),
    "UpdateSecret": lambda c, i: c.update_secret(SecretId=i, Description="x"),
    "UpdateSecretVersionStage": lambda c, i: c.update_secret_version_stage(
        SecretId=i, VersionStage="blue", MoveToVersionId=V1
    ),
    "ListSecretVersionIds": lambda c, i: c.list_secret_version_ids(SecretId=i),
    "DeleteSecret": lambda c, i: c.delete_secret(SecretId=i),
    "RestoreSecret": lambda c, i: c.restore_secret(SecretId=i),
}


@pytest.mark.parametrize("operation", sorted(BY_ID))
@pytest.mark.parametrize("secret_id", ["has space", "semi;colon", "quote'", "tab\t"])
def test_every_operation_refuses_a_secret_id_that_is_neither_an_arn_nor_a_valid_name(
    client, operation, secret_id
):
    with raises_aws("ValidationException", INVALID_NAME):
        BY_ID[operation](client, secret_id)


@pytest.mark.parametrize("operation", sorted(BY_ID))
@pytest.mark.parametrize(
    "secret_id",
    [
        # AWS's answer for an ARN without the secret's name [USER kubernetes-external-secrets#84]
        "arn:aws:secretsmanager:eu-west-2:111111111110:secret",
        "arn:aws:secretsmanager:us-east-1:123456789012:secret:",
        "arn:aws:secretsmanager",
        "arn:",
        "arn:aws:kms:us-east-1:123456789012:key/0b0b0b0b-1111-4222-8333-444444444444",
    ],
)
def test_every_operation_refuses_an_arn_that_names_no_secret_as_an_invalid_name(
    client, secretmock, operation, secret_id
):
    with raises_aws("ValidationException", INVALID_NAME):
        BY_ID[operation](client, secret_id)
    assert secretmock.store().secrets() == []


def test_a_forced_deletion_of_an_arn_that_names_no_secret_is_refused_too(client, secretmock):
    # A forced deletion of a secret that does not exist succeeds; one of an id that is no
    # secret's ARN fails the name rule first.
    with raises_aws("ValidationException", INVALID_NAME):
        client.delete_secret(
            SecretId="arn:aws:secretsmanager:eu-west-2:111111111110:secret",
            ForceDeleteWithoutRecovery=True,
        )


@pytest.mark.parametrize("operation", sorted(BY_ID))
def test_every_operation_refuses_a_secret_id_over_2048_characters(client, operation):
    secret_id = "arn:aws:secretsmanager:us-east-1:123456789012:secret:" + "n" * 2000

    with raises_aws(
        "ValidationException",
        f"1 validation error detected: Value '{secret_id}' at 'secretId' failed to satisfy "
        "constraint: Member must have length less than or equal to 2048",
    ):
        BY_ID[operation](client, secret_id)


@pytest.mark.parametrize("operation", sorted(BY_ID))
def test_every_operation_finds_a_secret_by_name_full_arn_and_partial_arn(client, operation):
    created = {}
    for name in ("by-name", "by-arn", "by-partial"):
        created[name] = client.create_secret(Name=name, SecretString="v", ClientRequestToken=V1)

    answered = [
        BY_ID[operation](client, secret_id)
        for secret_id in ("by-name", created["by-arn"]["ARN"], created["by-partial"]["ARN"][:-7])
    ]

    assert [response["Name"] for response in answered] == ["by-name", "by-arn", "by-partial"]


@pytest.mark.parametrize("operation", sorted(BY_ID))
def test_every_operation_answers_not_found_for_an_arn_with_a_wrong_suffix(client, operation):
    created = client.create_secret(Name="s", SecretString="v", ClientRequestToken=V1)
    wrong = created["ARN"][:-6] + ("aaaaaa" if not created["ARN"].endswith("aaaaaa") else "bbbbbb")

    with raises_aws("ResourceNotFoundException", NOT_FOUND):
        BY_ID[operation](client, wrong)


def test_a_name_with_the_arn_suffix_appended_is_not_a_name_of_the_secret(client):
    created = client.create_secret(Name="s", SecretString="v")
    name_with_suffix = created["ARN"].rsplit(":", 1)[1]

    with raises_aws("ResourceNotFoundException", NOT_FOUND):
        client.get_secret_value(SecretId=name_with_suffix)


def test_the_partial_arn_of_a_name_ending_in_a_hyphen_and_six_characters_does_not_resolve(client):
    # Recorded against AWS (2022-09) for "Invalid/_+=.@-Name-a1b2c3": AWS takes such a partial
    # ARN for a complete one.
    created = client.create_secret(Name="Invalid/_+=.@-Name-a1b2c3", SecretString="v")
    partial = created["ARN"][:-7]

    with raises_aws("ResourceNotFoundException", NOT_FOUND):
        client.get_secret_value(SecretId=partial)
    assert client.get_secret_value(SecretId=created["ARN"])["SecretString"] == "v"
    assert client.get_secret_value(SecretId="Invalid/_+=.@-Name-a1b2c3")["SecretString"] == "v"


@pytest.mark.parametrize(
    "name", ["s-c64bdc03", "Valid/_+=.@-Name", "Valid/_+=.@-Name-a1b2", "Valid/_+=.@-Name-a1b2c3-"]
)
def test_the_partial_arn_of_other_hyphenated_names_resolves(client, name):
    # Recorded against AWS (2022-09): these partial ARNs were found.
    created = client.create_secret(Name=name, SecretString="v")

    assert client.get_secret_value(SecretId=created["ARN"][:-7])["Name"] == name


def test_a_partial_arn_names_one_whole_name_and_never_a_prefix_of_one(client):
    # Assumed [INF]: the part after "secret:" is matched as a whole name, not as a prefix.
    client.create_secret(Name="app/db-password", SecretString="v")
    partial = client.create_secret(Name="app/db", SecretString="w")["ARN"][:-7]

    assert client.get_secret_value(SecretId=partial)["SecretString"] == "w"
    with raises_aws("ResourceNotFoundException", NOT_FOUND):
        client.get_secret_value(SecretId=partial + "-pass")


def test_arns_name_the_default_account_the_region_and_a_six_character_suffix(client):
    arn = client.create_secret(Name="s", SecretString="v")["ARN"]

    prefix = "arn:aws:secretsmanager:us-east-1:123456789012:secret:s-"
    assert arn.startswith(prefix)
    suffix = arn[len(prefix) :]
    assert len(suffix) == 6
    assert suffix.isascii()
    assert suffix.isalnum()


@pytest.mark.secretmock(account_id="210987654321")
def test_arns_name_the_account_the_mock_was_given(client):
    arn = client.create_secret(Name="s", SecretString="v")["ARN"]

    assert arn.startswith("arn:aws:secretsmanager:us-east-1:210987654321:secret:s-")


OTHER_ACCOUNT_ARN = "arn:aws:secretsmanager:us-east-1:444455556666:secret:app-AbCdEf"


@pytest.mark.parametrize(
    ("arn", "code", "message"),
    [
        (
            "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app-AbCdEf",
            "ResourceNotFoundException",
            NOT_FOUND,
        ),
        # Another account's secret that does not exist has no policy to allow the caller.
        (
            OTHER_ACCOUNT_ARN,
            "AccessDeniedException",
            "User: arn:aws:iam::123456789012:root is not authorized to perform: "
            f"secretsmanager:DescribeSecret on resource: {OTHER_ACCOUNT_ARN} because no "
            "resource-based policy allows the secretsmanager:DescribeSecret action",
        ),
    ],
)
def test_a_lookup_by_an_arn_of_another_region_or_account_adds_no_state(
    client, secretmock, arn, code, message
):
    # A read that finds nothing leaves the state as it was: no empty store for the Region or
    # account the ARN names (found by the fuzz test's state comparison).
    client.create_secret(Name="app", SecretString="v", ClientRequestToken=V1)
    stores_before = dict(secretmock._backend._stores)
    with raises_aws(code, message):
        client.describe_secret(SecretId=arn)
    assert secretmock._backend._stores == stores_before
