"""AWS rules that no other test pinned down, each found by a rule change the suite missed.

Through boto3 as users call it. Each test names the AWS fact it rests on; see
docs/mutation-testing.md for how the missed changes were found.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.assertions import raises_aws
from tests.operations.search_support import listed, with_filters
from tests.operations.support import START, TOO_MANY_LABELS, at, reply, stages, state, token
from tests.rotation.handlers import Recorder

pytestmark = pytest.mark.secretmock(clock=START, seed=83)

V1, V2, V3 = token(1), token(2), token(3)
NOT_FOUND = "Secrets Manager can't find the specified secret."
CUSTOM = [f"label-{number:02d}" for number in range(19)]


def rotation_function(mock: Any) -> str:
    """A rotation function whose steps do nothing: the AWSPENDING version stays empty."""
    return str(mock.register_rotation_function("rotator", Recorder()).arn)


# -- a rotation's AWSPENDING version --------------------------------------------------------------


def test_put_secret_value_without_stages_fills_the_empty_pending_version_and_makes_it_current(
    client, secretmock
):
    # "If you don't include VersionStages, then Secrets Manager automatically moves the staging
    # label AWSCURRENT to this version" [DOC PutSecretValue]; the version RotateSecret created
    # (VersionId = its token, labelled AWSPENDING, no value [REC moto aws_verified]) is the one
    # written, and AWSPENDING stays on it until something moves it.
    client.create_secret(Name="db", SecretString="v1", ClientRequestToken=V1)
    client.rotate_secret(
        SecretId="db", ClientRequestToken=V2, RotationLambdaARN=rotation_function(secretmock)
    )
    secretmock.advance_time(timedelta(hours=1))

    response = client.put_secret_value(SecretId="db", ClientRequestToken=V2, SecretString="v2")

    assert reply(response) == {
        "ARN": response["ARN"],
        "Name": "db",
        "VersionId": V2,
        "VersionStages": ["AWSCURRENT", "AWSPENDING"],
    }
    assert stages(client, "db") == {V1: ["AWSPREVIOUS"], V2: ["AWSCURRENT", "AWSPENDING"]}
    value = client.get_secret_value(SecretId="db")
    assert (value["VersionId"], value["SecretString"]) == (V2, "v2")
    # The version keeps the date RotateSecret created it; the secret changed now.
    assert value["CreatedDate"] == at()
    assert client.describe_secret(SecretId="db")["LastChangedDate"] == at(timedelta(hours=1))


def test_rotate_secret_with_the_token_of_a_version_without_awspending_labels_that_version(
    client, secretmock
):
    # The token names an existing, non-current version: RotateSecret reuses it rather than making
    # another ("prevent the accidental creation of duplicate versions" [DOC]) and labels it
    # AWSPENDING, as it labels the version it creates; its other labels stay [INF].
    client.create_secret(Name="db", SecretString="v1", ClientRequestToken=V1)
    client.put_secret_value(
        SecretId="db", SecretString="v2", ClientRequestToken=V2, VersionStages=["blue"]
    )

    response = client.rotate_secret(
        SecretId="db", ClientRequestToken=V2, RotationLambdaARN=rotation_function(secretmock)
    )

    assert reply(response) == {"ARN": response["ARN"], "Name": "db", "VersionId": V2}
    assert stages(client, "db") == {V1: ["AWSCURRENT"], V2: ["blue", "AWSPENDING"]}
    assert client.get_secret_value(SecretId="db", VersionStage="AWSPENDING")["SecretString"] == "v2"
    assert [(rotation.token, rotation.outcome) for rotation in secretmock.rotations] == [
        (V2, "succeeded")
    ]


def test_rotate_secret_with_the_token_of_the_current_version_adds_no_label(client, secretmock):
    # AWSPENDING on the AWSCURRENT version is what a finished rotation leaves [REC]; the mock
    # does not put it there itself [INF], so the secret's labels stay as they were.
    client.create_secret(Name="db", SecretString="v1", ClientRequestToken=V1)

    response = client.rotate_secret(
        SecretId="db", ClientRequestToken=V1, RotationLambdaARN=rotation_function(secretmock)
    )

    assert response["VersionId"] == V1
    assert stages(client, "db") == {V1: ["AWSCURRENT"]}


def twenty_labels(client: Any) -> None:
    """V1: AWSCURRENT; V2: 19 labels of ours: the 20 labels a secret may have, no AWSPENDING."""
    client.create_secret(Name="db", SecretString="v1", ClientRequestToken=V1)
    client.put_secret_value(
        SecretId="db", SecretString="v2", ClientRequestToken=V2, VersionStages=CUSTOM
    )


def test_labelling_an_existing_version_awspending_counts_against_the_label_quota(
    client, secretmock
):
    # 20 staging labels per secret [DOC quotas]: AWSPENDING new to the secret would be the 21st,
    # whichever version it goes on. Refused with PutSecretValue's text [INF], nothing changes.
    function_arn = rotation_function(secretmock)
    twenty_labels(client)
    before = state(secretmock)

    with raises_aws("LimitExceededException", TOO_MANY_LABELS):
        client.rotate_secret(SecretId="db", ClientRequestToken=V2, RotationLambdaARN=function_arn)

    assert state(secretmock) == before
    assert len(secretmock.rotations) == 0


def test_the_token_of_the_current_version_needs_no_label_even_with_twenty(client, secretmock):
    function_arn = rotation_function(secretmock)
    twenty_labels(client)

    response = client.rotate_secret(
        SecretId="db", ClientRequestToken=V1, RotationLambdaARN=function_arn
    )

    assert response["VersionId"] == V1
    assert stages(client, "db") == {V1: ["AWSCURRENT"], V2: CUSTOM}


# -- encryption keys ----------------------------------------------------------------------------


def test_update_secret_with_a_value_and_no_kms_key_encrypts_it_under_the_secrets_own_key(
    client, secretmock
):
    secretmock.kms.create_key(alias="custom")
    # The secret's KMS key is the one "that Secrets Manager uses to encrypt new secret versions"
    # [DOC UpdateSecret KmsKeyId]; without a KmsKeyId in the call the secret keeps its key, so
    # the new version is encrypted under it, not under aws/secretsmanager.
    client.create_secret(
        Name="db", SecretString="v1", ClientRequestToken=V1, KmsKeyId="alias/custom"
    )

    client.update_secret(SecretId="db", SecretString="v2", ClientRequestToken=V2)

    versions = client.list_secret_version_ids(SecretId="db")["Versions"]
    assert [
        (version["VersionId"], version["VersionStages"], version["KmsKeyIds"])
        for version in versions
    ] == [
        (V1, ["AWSPREVIOUS"], ["alias/custom"]),
        (V2, ["AWSCURRENT"], ["alias/custom"]),
    ]
    assert client.describe_secret(SecretId="db")["KmsKeyId"] == "alias/custom"


# -- deletion dates -----------------------------------------------------------------------------


def test_a_scheduled_deletion_keeps_its_dates_as_time_passes(client, secretmock):
    # DeletedDate is when DeleteSecret was called [DOC DescribeSecret], and scheduling the
    # deletion is the secret's last change [INF: "the last date and time that this secret was
    # modified in any way"]; neither moves while the recovery window runs.
    client.create_secret(Name="db", SecretString="v1")
    secretmock.advance_time(timedelta(days=1))
    deleted = client.delete_secret(SecretId="db", RecoveryWindowInDays=7)
    secretmock.advance_time(timedelta(days=2))

    description = client.describe_secret(SecretId="db")

    assert deleted["DeletionDate"] == at(timedelta(days=8))
    assert description["DeletedDate"] == at(timedelta(days=1))
    assert description["LastChangedDate"] == at(timedelta(days=1))
    assert description["CreatedDate"] == at()


def test_restoring_a_deletion_is_a_change_at_the_time_of_the_restore(client, secretmock):
    client.create_secret(Name="db", SecretString="v1")
    secretmock.advance_time(timedelta(days=1))
    client.delete_secret(SecretId="db")
    secretmock.advance_time(timedelta(days=2))

    client.restore_secret(SecretId="db")

    description = client.describe_secret(SecretId="db")
    assert "DeletedDate" not in description
    assert description["LastChangedDate"] == at(timedelta(days=3))


# -- SecretId's length limit ------------------------------------------------------------------

LOOKUPS = {
    "DescribeSecret": lambda client, secret_id: client.describe_secret(SecretId=secret_id),
    "DeleteSecret": lambda client, secret_id: client.delete_secret(SecretId=secret_id),
    "RestoreSecret": lambda client, secret_id: client.restore_secret(SecretId=secret_id),
}


@pytest.mark.parametrize("operation", sorted(LOOKUPS))
def test_a_secret_id_of_2048_characters_is_looked_up(client, operation):
    # SecretId: 1-2048 characters [DOC model]; within it, an unknown secret is not found.
    with raises_aws("ResourceNotFoundException", NOT_FOUND):
        LOOKUPS[operation](client, "n" * 2048)


@pytest.mark.parametrize("operation", sorted(LOOKUPS))
def test_a_secret_id_of_2049_characters_is_a_validation_error(client, operation):
    secret_id = "n" * 2049

    with raises_aws(
        "ValidationException",
        f"1 validation error detected: Value '{secret_id}' at 'secretId' failed to satisfy "
        "constraint: Member must have length less than or equal to 2048",
    ):
        LOOKUPS[operation](client, secret_id)


@pytest.mark.parametrize(
    "options",
    [{"RecoveryWindowInDays": 5}, {"RecoveryWindowInDays": 7, "ForceDeleteWithoutRecovery": True}],
)
def test_a_too_long_secret_id_is_reported_before_deletes_own_checks(client, options):
    # The model's constraints are checked before the operation's own rules [INF: AWS's request
    # validation answers ValidationException before the service runs], so a 2049-character
    # SecretId wins over a window out of range or given with ForceDeleteWithoutRecovery.
    secret_id = "n" * 2049

    with raises_aws(
        "ValidationException",
        f"1 validation error detected: Value '{secret_id}' at 'secretId' failed to satisfy "
        "constraint: Member must have length less than or equal to 2048",
    ):
        client.delete_secret(SecretId=secret_id, **options)


# -- ListSecrets filters ------------------------------------------------------------------------


def test_two_capitals_before_lower_case_split_before_the_second(client):
    # A run of capitals followed by lower case gives its last capital to the next word
    # ("COMPANYthings" -> COMPAN, Ythings [REC moto aws_verified]); a run of two is the
    # shortest such run: "ABcd" -> A, Bcd. One capital starts a word and splits nothing.
    client.create_secret(Name="ABcd")
    client.create_secret(Name="Abcd")

    assert with_filters(client, ("all", ["bcd"])) == ["ABcd"]
    assert with_filters(client, ("all", ["a"])) == ["ABcd", "Abcd"]
    assert with_filters(client, ("all", ["ab"])) == ["Abcd"]
    assert with_filters(client, ("all", ["cd"])) == []
    assert with_filters(client, ("description", ["bcd"])) == []


def test_filters_on_a_tag_without_a_value(client):
    # A tag's Value is optional [DOC Tag]. Such a tag matches on its key; its value is the empty
    # string to a filter (a prefix of nothing else, so a negated value keeps it) [INF].
    client.create_secret(Name="flagged")
    client.tag_resource(SecretId="flagged", Tags=[{"Key": "feature"}])
    client.create_secret(Name="valued", Tags=[{"Key": "feature", "Value": "on"}])
    client.create_secret(Name="untagged")

    assert with_filters(client, ("tag-key", ["feature"])) == ["flagged", "valued"]
    assert with_filters(client, ("tag-value", ["on"])) == ["valued"]
    assert with_filters(client, ("tag-value", ["!on"])) == ["flagged", "untagged"]
    assert with_filters(client, ("all", ["feature"])) == ["flagged", "valued"]
    assert with_filters(client, ("all", ["on"])) == ["valued"]
    assert with_filters(client, ("all", ["!feature"])) == ["untagged"]


def test_list_secrets_sees_every_secret_added_and_removed_since_the_last_listing(client):
    # ListSecrets lists the secrets that exist now [DOC], however many were added and removed
    # since the last listing (the mock keeps each order until the set of secrets changes).
    client.create_secret(Name="first")
    assert listed(client) == ["first"]
    client.create_secret(Name="second")
    assert listed(client) == ["first", "second"]
    client.delete_secret(SecretId="first", ForceDeleteWithoutRecovery=True)
    assert listed(client) == ["second"]
    client.delete_secret(SecretId="second", ForceDeleteWithoutRecovery=True)
    client.create_secret(Name="third")

    assert listed(client) == ["third"]
