"""UpdateSecret: metadata, the KMS key, the value as a new version, tokens and limits."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.assertions import raises_aws
from tests.botocore_model import needs
from tests.operations.support import (
    START,
    TOO_MANY_LABELS,
    at,
    reply,
    stages,
    state,
    token,
    without_token_autofill,
)

pytestmark = pytest.mark.secretmock(clock=START, seed=23)

V1, V2, V3 = token(1), token(2), token(3)


def test_a_description_only_update_replies_with_arn_and_name_and_makes_no_version(
    client, secretmock
):
    created = client.create_secret(Name="s", SecretString="one", ClientRequestToken=V1)
    secretmock.advance_time(timedelta(minutes=3))

    response = client.update_secret(SecretId="s", Description="new", ClientRequestToken=V2)

    assert reply(response) == {"ARN": created["ARN"], "Name": "s"}
    described = client.describe_secret(SecretId="s")
    assert (described["Description"], described["LastChangedDate"]) == (
        "new",
        at(timedelta(minutes=3)),
    )
    assert stages(client, "s") == {V1: ["AWSCURRENT"]}


def test_an_update_with_no_field_replies_with_arn_and_name_and_keeps_the_secret(client):
    created = client.create_secret(Name="s", SecretString="one", Description="d")

    response = client.update_secret(SecretId="s")

    assert reply(response) == {"ARN": created["ARN"], "Name": "s"}
    assert client.describe_secret(SecretId="s")["Description"] == "d"


def test_an_empty_description_removes_it_from_describe_secret(client):
    client.create_secret(Name="s", SecretString="one", Description="d")

    client.update_secret(SecretId="s", Description="")

    assert "Description" not in client.describe_secret(SecretId="s")


def test_a_value_makes_a_new_awscurrent_version_and_the_old_current_becomes_awsprevious(client):
    created = client.create_secret(Name="s", SecretString="one", ClientRequestToken=V1)
    client.put_secret_value(SecretId="s", SecretString="two", ClientRequestToken=V2)

    response = client.update_secret(SecretId="s", SecretString="three", ClientRequestToken=V3)

    assert reply(response) == {"ARN": created["ARN"], "Name": "s", "VersionId": V3}
    assert stages(client, "s") == {V2: ["AWSPREVIOUS"], V3: ["AWSCURRENT"]}
    assert client.get_secret_value(SecretId="s")["SecretString"] == "three"


def test_a_binary_value_is_stored_as_bytes(client):
    client.create_secret(Name="s", SecretString="one")

    client.update_secret(SecretId="s", SecretBinary=b"\x00two")

    assert client.get_secret_value(SecretId="s")["SecretBinary"] == b"\x00two"


def test_the_first_value_of_a_secret_created_without_one_becomes_awscurrent(client):
    client.create_secret(Name="s")

    client.update_secret(SecretId="s", SecretString="one", ClientRequestToken=V1)

    assert stages(client, "s") == {V1: ["AWSCURRENT"]}


def test_the_same_token_and_value_again_answers_the_token_as_version_id_and_makes_no_version(
    client, secretmock
):
    # Recorded against AWS; its documentation says this is an error, AWS does not.
    client.create_secret(Name="s", SecretString="Hello", ClientRequestToken=V1)
    before = state(secretmock)[0]["versions"]

    response = client.update_secret(SecretId="s", SecretString="Hello", ClientRequestToken=V1)

    assert response["VersionId"] == V1
    assert state(secretmock)[0]["versions"] == before


def test_a_retry_of_a_value_change_alone_leaves_the_secret_as_it_was(client, secretmock):
    client.put_secret_value(SecretId=client.create_secret(Name="s")["ARN"], SecretString="a")
    secretmock.advance_time(timedelta(hours=1))
    client.update_secret(SecretId="s", SecretString="b", ClientRequestToken=V2)
    before = state(secretmock)
    secretmock.advance_time(timedelta(hours=1))

    response = client.update_secret(SecretId="s", SecretString="b", ClientRequestToken=V2)

    assert response["VersionId"] == V2
    assert state(secretmock) == before
    assert client.describe_secret(SecretId="s")["LastChangedDate"] == at(timedelta(hours=1))


def test_a_retry_that_also_sets_the_description_sets_it(client, secretmock):
    client.create_secret(Name="s", SecretString="a", ClientRequestToken=V1)
    secretmock.advance_time(timedelta(hours=1))

    response = client.update_secret(
        SecretId="s", SecretString="a", Description="d", ClientRequestToken=V1
    )

    assert response["VersionId"] == V1
    described = client.describe_secret(SecretId="s")
    assert (described["Description"], described["LastChangedDate"]) == (
        "d",
        at(timedelta(hours=1)),
    )
    assert stages(client, "s") == {V1: ["AWSCURRENT"]}


def test_the_same_token_with_another_value_is_refused_with_awss_message(client, secretmock):
    created = client.create_secret(Name="s", SecretString="Hello", ClientRequestToken=V1)
    before = state(secretmock)

    with raises_aws(
        "ResourceExistsException",
        f"You can't use ClientRequestToken {V1} because that value is already in use for a "
        f"version of secret {created['ARN']}.",
    ):
        client.update_secret(
            SecretId=created["ARN"], SecretString="Hi", Description="x", ClientRequestToken=V1
        )

    assert state(secretmock) == before


def test_the_same_value_under_a_new_token_still_makes_a_version_and_moves_last_changed_date(
    client, secretmock
):
    client.create_secret(Name="s", SecretString="same", ClientRequestToken=V1)
    secretmock.advance_time(timedelta(seconds=9))

    client.update_secret(SecretId="s", SecretString="same", ClientRequestToken=V2)

    assert stages(client, "s") == {V1: ["AWSPREVIOUS"], V2: ["AWSCURRENT"]}
    assert client.describe_secret(SecretId="s")["LastChangedDate"] == at(timedelta(seconds=9))


def test_a_kms_key_is_reported_and_an_empty_one_goes_back_to_the_default_key(client, secretmock):
    secretmock.kms.create_key(alias="custom")
    client.create_secret(Name="s", SecretString="one")

    client.update_secret(SecretId="s", KmsKeyId="alias/custom")
    assert client.describe_secret(SecretId="s")["KmsKeyId"] == "alias/custom"
    client.update_secret(SecretId="s", KmsKeyId="")

    assert "KmsKeyId" not in client.describe_secret(SecretId="s")


def test_a_new_kms_key_reencrypts_the_current_previous_and_pending_versions_only(
    client, secretmock
):
    secretmock.kms.create_key(alias="new")
    client.create_secret(Name="s", SecretString="one", ClientRequestToken=V1)
    client.put_secret_value(SecretId="s", SecretString="two", ClientRequestToken=V2)
    client.put_secret_value(SecretId="s", SecretString="three", ClientRequestToken=V3)
    # V1 is deprecated now; V2 is AWSPREVIOUS and V3 AWSCURRENT.

    client.update_secret(SecretId="s", KmsKeyId="alias/new")

    entries = client.list_secret_version_ids(SecretId="s", IncludeDeprecated=True)["Versions"]
    assert {entry["VersionId"]: entry["KmsKeyIds"] for entry in entries} == {
        V1: ["DefaultEncryptionKey"],
        V2: ["DefaultEncryptionKey", "alias/new"],  # the previous key still decrypts it too
        V3: ["DefaultEncryptionKey", "alias/new"],
    }


def test_a_value_given_with_a_new_kms_key_is_encrypted_under_that_key(client, secretmock):
    secretmock.kms.create_key(alias="a")
    client.create_secret(Name="s", SecretString="one", ClientRequestToken=V1, KmsKeyId="alias/a")

    client.update_secret(SecretId="s", SecretString="two", ClientRequestToken=V2, KmsKeyId="")

    entries = client.list_secret_version_ids(SecretId="s")["Versions"]
    assert [entry["KmsKeyIds"] for entry in entries] == [
        ["alias/a", "DefaultEncryptionKey"],  # AWSPREVIOUS now, re-encrypted
        ["DefaultEncryptionKey"],
    ]


@needs("UpdateSecret", "Type")
def test_type_is_kept_and_an_empty_type_removes_it(client):
    client.create_secret(Name="s", SecretString="one")

    client.update_secret(SecretId="s", Type="partner")
    assert client.describe_secret(SecretId="s")["Type"] == "partner"
    client.update_secret(SecretId="s", Type="")

    assert "Type" not in client.describe_secret(SecretId="s")


def test_a_value_that_cannot_be_written_leaves_the_metadata_unchanged_too(client, secretmock):
    secretmock.kms.create_key(alias="x")
    client.create_secret(Name="s", SecretString="one", ClientRequestToken=V1, Description="d")
    for number in range(19):  # AWSCURRENT and 19 more: the secret is at 20 labels
        client.update_secret_version_stage(
            SecretId="s", VersionStage=f"l{number}", MoveToVersionId=V1
        )
    before = state(secretmock)

    # Moving AWSCURRENT would add AWSPREVIOUS, a 21st label.
    with raises_aws("LimitExceededException", TOO_MANY_LABELS):
        client.update_secret(
            SecretId="s", SecretString="two", Description="changed", KmsKeyId="alias/x"
        )

    assert state(secretmock) == before


@pytest.mark.parametrize(
    ("member", "limit", "path"),
    [
        ("Description", 2048, "description"),
        ("KmsKeyId", 2048, "kmsKeyId"),
        pytest.param("Type", 256, "type", marks=needs("UpdateSecret", "Type")),
    ],
)
def test_metadata_over_its_length_limit_is_a_validation_error(
    client, secretmock, member, limit, path
):
    client.create_secret(Name="s", SecretString="one")
    before = state(secretmock)
    value = "m" * (limit + 1)

    with raises_aws(
        "ValidationException",
        f"1 validation error detected: Value '{value}' at '{path}' failed to satisfy constraint: "
        f"Member must have length less than or equal to {limit}",
    ):
        client.update_secret(SecretId="s", **{member: value})

    assert state(secretmock) == before


def test_both_a_string_and_a_binary_value_is_refused(client, secretmock):
    client.create_secret(Name="s", SecretString="one")
    before = state(secretmock)

    with raises_aws(
        "InvalidParameterException",
        "You can't specify both a binary secret value and a string secret value in the same "
        "secret.",
    ):
        client.update_secret(SecretId="s", SecretString="x", SecretBinary=b"x")

    assert state(secretmock) == before


def test_a_value_over_65536_bytes_is_a_validation_error(client, secretmock):
    client.create_secret(Name="s", SecretString="one")
    before = state(secretmock)

    with raises_aws(
        "ValidationException",
        "1 validation error detected: Value at 'secretString' failed to satisfy constraint: "
        "Member must have length less than or equal to 65536",
    ):
        client.update_secret(SecretId="s", SecretString="x" * 65537, Description="changed")

    assert state(secretmock) == before


def test_a_raw_request_without_a_client_request_token_is_refused(client, secretmock):
    client.create_secret(Name="s", SecretString="one")
    before = state(secretmock)

    with raises_aws(
        "InvalidRequestException",
        "You must provide a ClientRequestToken value. We recommend a UUID-type value.",
    ):
        without_token_autofill(client).update_secret(
            SecretId="s", SecretString="two", Description="My secret string"
        )

    assert state(secretmock) == before


def test_a_secret_scheduled_for_deletion_cannot_be_updated(client, secretmock):
    client.create_secret(Name="s", SecretString="one")
    client.delete_secret(SecretId="s")
    before = state(secretmock)

    with raises_aws(
        "InvalidRequestException",
        "You can't perform this operation on the secret because it was marked for deletion.",
    ):
        client.update_secret(SecretId="s", Description="d")

    assert state(secretmock) == before


def test_an_unknown_secret_is_not_found(client):
    with raises_aws(
        "ResourceNotFoundException", "Secrets Manager can't find the specified secret."
    ):
        client.update_secret(SecretId="nope", SecretString="x")
