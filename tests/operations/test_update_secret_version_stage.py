"""UpdateSecretVersionStage: moving, adding and removing staging labels, as AWS does."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest

from secretmock._backend.models import SecretVersion
from secretmock._clock import Instant
from tests.assertions import raises_aws
from tests.operations.support import (
    START,
    TOO_MANY_LABELS,
    at,
    reply,
    stages,
    state,
    token,
)

if TYPE_CHECKING:
    from mypy_boto3_secretsmanager import SecretsManagerClient

pytestmark = pytest.mark.secretmock(clock=START, seed=3)

V1, V2, V3, V4 = token(1), token(2), token(3), token(4)


def two_versions(client: SecretsManagerClient, name: str = "s") -> None:
    """A secret whose V1 is AWSPREVIOUS and V2 AWSCURRENT."""
    client.create_secret(Name=name, SecretString="one", ClientRequestToken=V1)
    client.put_secret_value(SecretId=name, SecretString="two", ClientRequestToken=V2)


def test_update_secret_version_stage_replies_with_only_arn_and_name(client):
    created = client.create_secret(Name="s", SecretString="one", ClientRequestToken=V1)
    client.put_secret_value(
        SecretId="s", SecretString="two", ClientRequestToken=V2, VersionStages=["AWSPENDING"]
    )

    response = client.update_secret_version_stage(
        SecretId="s", VersionStage="AWSCURRENT", MoveToVersionId=V2, RemoveFromVersionId=V1
    )

    assert reply(response) == {"ARN": created["ARN"], "Name": "s"}


def test_moving_awscurrent_onto_the_pending_version_keeps_both_labels_there_and_makes_the_old_one_previous(
    client,
):
    client.create_secret(Name="s", SecretString="one", ClientRequestToken=V1)
    client.put_secret_value(
        SecretId="s", SecretString="two", ClientRequestToken=V2, VersionStages=["AWSPENDING"]
    )

    client.update_secret_version_stage(
        SecretId="s", VersionStage="AWSCURRENT", MoveToVersionId=V2, RemoveFromVersionId=V1
    )

    assert stages(client, "s") == {V1: ["AWSPREVIOUS"], V2: ["AWSCURRENT", "AWSPENDING"]}
    assert client.get_secret_value(SecretId="s")["SecretString"] == "two"


def test_moving_awscurrent_moves_awsprevious_and_deprecates_the_version_that_loses_it(client):
    two_versions(client)
    client.put_secret_value(
        SecretId="s", SecretString="three", ClientRequestToken=V3, VersionStages=["AWSPENDING"]
    )

    client.update_secret_version_stage(
        SecretId="s", VersionStage="AWSCURRENT", MoveToVersionId=V3, RemoveFromVersionId=V2
    )

    assert stages(client, "s") == {V2: ["AWSPREVIOUS"], V3: ["AWSCURRENT", "AWSPENDING"]}
    # V1 lost AWSPREVIOUS and with it its last label: deprecated, yet still readable by id.
    assert client.get_secret_value(SecretId="s", VersionId=V1)["VersionStages"] == []


def test_moving_awscurrent_back_to_the_previous_version_swaps_current_and_previous(client):
    two_versions(client)

    client.update_secret_version_stage(
        SecretId="s", VersionStage="AWSCURRENT", MoveToVersionId=V1, RemoveFromVersionId=V2
    )

    assert stages(client, "s") == {V1: ["AWSCURRENT"], V2: ["AWSPREVIOUS"]}
    assert client.get_secret_value(SecretId="s")["SecretString"] == "one"


def test_moving_awscurrent_off_a_version_that_also_carries_awspending_drops_awspending_there(
    client,
):
    client.create_secret(Name="s", SecretString="one", ClientRequestToken=V1)
    client.put_secret_value(
        SecretId="s", SecretString="two", ClientRequestToken=V2, VersionStages=["AWSPENDING"]
    )
    client.update_secret_version_stage(
        SecretId="s", VersionStage="AWSCURRENT", MoveToVersionId=V2, RemoveFromVersionId=V1
    )

    client.update_secret_version_stage(
        SecretId="s", VersionStage="AWSCURRENT", MoveToVersionId=V1, RemoveFromVersionId=V2
    )

    assert stages(client, "s") == {V1: ["AWSCURRENT"], V2: ["AWSPREVIOUS"]}


def test_moving_awscurrent_without_remove_from_version_id_fails_with_awss_message_and_changes_nothing(
    client, secretmock
):
    two_versions(client)
    before = state(secretmock)

    with raises_aws(
        "InvalidParameterException",
        "The parameter RemoveFromVersionId can't be empty. Staging label AWSCURRENT is currently "
        f"attached to version {V2}, so you must explicitly reference that version in "
        "RemoveFromVersionId.",
    ):
        client.update_secret_version_stage(
            SecretId="s", VersionStage="AWSCURRENT", MoveToVersionId=V1
        )

    assert state(secretmock) == before


def test_moving_a_custom_label_attached_elsewhere_also_needs_remove_from_version_id(
    client, secretmock
):
    two_versions(client)
    client.update_secret_version_stage(SecretId="s", VersionStage="blue", MoveToVersionId=V1)
    before = state(secretmock)

    with raises_aws(
        "InvalidParameterException",
        "The parameter RemoveFromVersionId can't be empty. Staging label blue is currently "
        f"attached to version {V1}, so you must explicitly reference that version in "
        "RemoveFromVersionId.",
    ):
        client.update_secret_version_stage(SecretId="s", VersionStage="blue", MoveToVersionId=V2)

    assert state(secretmock) == before
    client.update_secret_version_stage(
        SecretId="s", VersionStage="blue", MoveToVersionId=V2, RemoveFromVersionId=V1
    )
    assert stages(client, "s") == {V1: ["AWSPREVIOUS"], V2: ["AWSCURRENT", "blue"]}


def test_remove_from_version_id_that_does_not_carry_the_label_fails_and_changes_nothing(
    client, secretmock
):
    two_versions(client)
    client.put_secret_value(
        SecretId="s", SecretString="three", ClientRequestToken=V3, VersionStages=["AWSPENDING"]
    )
    before = state(secretmock)

    with raises_aws(
        "InvalidParameterException",
        "When you move staging label AWSCURRENT, if you specify RemoveFromVersionId, it must be "
        "set to the version that currently has the staging label AWSCURRENT.",
    ):
        client.update_secret_version_stage(
            SecretId="s", VersionStage="AWSCURRENT", MoveToVersionId=V3, RemoveFromVersionId=V1
        )

    assert state(secretmock) == before


def test_awscurrent_on_no_version_moves_without_remove_from_version_id_as_a_rotation_bootstrap_does(
    client, secretmock
):
    # A secret created without a value, whose first version was made by a rotation: the
    # createSecret step filled the AWSPENDING version, so no version carries AWSCURRENT yet.
    client.create_secret(Name="s")
    secret = secretmock.store().by_name("s")
    now = START.timestamp()
    secret.versions[V1] = SecretVersion(V1, Instant(now))
    secret.labels["AWSPENDING"] = V1
    client.put_secret_value(
        SecretId="s", SecretString="first", ClientRequestToken=V1, VersionStages=["AWSPENDING"]
    )
    assert stages(client, "s") == {V1: ["AWSPENDING"]}

    client.update_secret_version_stage(SecretId="s", VersionStage="AWSCURRENT", MoveToVersionId=V1)

    assert stages(client, "s") == {V1: ["AWSPENDING", "AWSCURRENT"]}
    assert client.get_secret_value(SecretId="s")["SecretString"] == "first"


def test_adding_a_custom_label_to_a_version_keeps_its_other_labels(client):
    two_versions(client)

    client.update_secret_version_stage(SecretId="s", VersionStage="blue", MoveToVersionId=V1)

    assert stages(client, "s") == {V1: ["AWSPREVIOUS", "blue"], V2: ["AWSCURRENT"]}
    assert client.get_secret_value(SecretId="s", VersionStage="blue")["VersionId"] == V1


def test_moving_a_custom_label_does_not_touch_awscurrent_or_awsprevious(client):
    two_versions(client)
    client.put_secret_value(
        SecretId="s", SecretString="three", ClientRequestToken=V3, VersionStages=["blue"]
    )

    client.update_secret_version_stage(
        SecretId="s", VersionStage="blue", MoveToVersionId=V1, RemoveFromVersionId=V3
    )

    # V3 lost its only label: deprecated, so DescribeSecret no longer lists it.
    assert stages(client, "s") == {V1: ["AWSPREVIOUS", "blue"], V2: ["AWSCURRENT"]}


def test_remove_from_version_id_alone_removes_the_label_and_a_version_left_without_labels_is_deprecated(
    client,
):
    two_versions(client)
    client.put_secret_value(
        SecretId="s", SecretString="three", ClientRequestToken=V3, VersionStages=["AWSPENDING"]
    )

    client.update_secret_version_stage(
        SecretId="s", VersionStage="AWSPENDING", RemoveFromVersionId=V3
    )

    assert stages(client, "s") == {V1: ["AWSPREVIOUS"], V2: ["AWSCURRENT"]}
    assert client.get_secret_value(SecretId="s", VersionId=V3)["SecretString"] == "three"


def test_removing_a_label_that_no_version_carries_succeeds_and_changes_nothing(client, secretmock):
    two_versions(client)
    before = state(secretmock)

    response = client.update_secret_version_stage(
        SecretId="s", VersionStage="AWSPENDING", RemoveFromVersionId=V1
    )

    assert reply(response)["Name"] == "s"
    assert state(secretmock) == before


def test_moving_a_label_onto_the_version_that_already_has_it_changes_nothing(client, secretmock):
    two_versions(client)
    before = state(secretmock)
    secretmock.advance_time(timedelta(minutes=5))

    client.update_secret_version_stage(SecretId="s", VersionStage="AWSCURRENT", MoveToVersionId=V2)
    client.update_secret_version_stage(
        SecretId="s", VersionStage="AWSCURRENT", MoveToVersionId=V2, RemoveFromVersionId=V2
    )

    assert state(secretmock) == before


def test_awscurrent_cannot_be_removed_without_moving_it(client, secretmock):
    two_versions(client)
    before = state(secretmock)

    with raises_aws(
        "InvalidParameterException",
        "You can only move staging label AWSCURRENT to a different secret version. "
        "It can't be completely removed.",
    ):
        client.update_secret_version_stage(
            SecretId="s", VersionStage="AWSCURRENT", RemoveFromVersionId=V2
        )

    assert state(secretmock) == before


def test_a_call_with_neither_move_to_nor_remove_from_version_id_is_refused(client, secretmock):
    two_versions(client)
    before = state(secretmock)

    with raises_aws(
        "InvalidParameterException", "You must specify MoveToVersionId or RemoveFromVersionId."
    ):
        client.update_secret_version_stage(SecretId="s", VersionStage="blue")

    assert state(secretmock) == before


@pytest.mark.parametrize("member", ["MoveToVersionId", "RemoveFromVersionId"])
def test_a_version_id_the_secret_does_not_have_is_not_found(client, secretmock, member):
    two_versions(client)
    before = state(secretmock)

    with raises_aws(
        "ResourceNotFoundException",
        f"Secrets Manager can't find the specified secret value for VersionId: {V4}",
    ):
        client.update_secret_version_stage(SecretId="s", VersionStage="blue", **{member: V4})

    assert state(secretmock) == before


def test_twenty_labels_fit_on_a_secret_and_the_twenty_first_is_refused_with_limit_exceeded(
    client, secretmock
):
    two_versions(client)  # AWSCURRENT and AWSPREVIOUS
    for number in range(18):
        client.update_secret_version_stage(
            SecretId="s", VersionStage=f"label-{number}", MoveToVersionId=V1
        )
    before = state(secretmock)

    with raises_aws(
        "LimitExceededException",
        "You can't attach more than 20 staging labels to the versions of a secret.",
    ):
        client.update_secret_version_stage(
            SecretId="s", VersionStage="one-too-many", MoveToVersionId=V2
        )

    assert state(secretmock) == before
    assert sum(len(labels) for labels in stages(client, "s").values()) == 20
    # Moving a label that exists already does not add one.
    client.update_secret_version_stage(
        SecretId="s", VersionStage="label-0", MoveToVersionId=V2, RemoveFromVersionId=V1
    )
    assert "label-0" in stages(client, "s")[V2]


def test_a_label_change_moves_last_changed_date(client, secretmock):
    two_versions(client)
    secretmock.advance_time(timedelta(minutes=5))

    client.update_secret_version_stage(SecretId="s", VersionStage="blue", MoveToVersionId=V1)

    assert client.describe_secret(SecretId="s")["LastChangedDate"] == at(timedelta(minutes=5))


def test_the_secret_can_be_named_by_full_or_partial_arn(client):
    created = client.create_secret(Name="s", SecretString="one", ClientRequestToken=V1)
    client.put_secret_value(SecretId="s", SecretString="two", ClientRequestToken=V2)

    client.update_secret_version_stage(
        SecretId=created["ARN"], VersionStage="blue", MoveToVersionId=V1
    )
    client.update_secret_version_stage(
        SecretId=created["ARN"][:-7], VersionStage="green", MoveToVersionId=V2
    )

    assert stages(client, "s") == {V1: ["AWSPREVIOUS", "blue"], V2: ["AWSCURRENT", "green"]}


def test_a_secret_scheduled_for_deletion_refuses_label_changes(client, secretmock):
    two_versions(client)
    client.delete_secret(SecretId="s")
    before = state(secretmock)

    with raises_aws(
        "InvalidRequestException",
        "You can't perform this operation on the secret because it was marked for deletion.",
    ):
        client.update_secret_version_stage(
            SecretId="s", VersionStage="AWSCURRENT", MoveToVersionId=V1, RemoveFromVersionId=V2
        )

    assert state(secretmock) == before


def test_an_unknown_secret_is_not_found(client):
    with raises_aws(
        "ResourceNotFoundException", "Secrets Manager can't find the specified secret."
    ):
        client.update_secret_version_stage(SecretId="nope", VersionStage="blue", MoveToVersionId=V1)


def test_an_invalid_secret_name_is_a_validation_error(client):
    with raises_aws(
        "ValidationException",
        "Invalid name. Must be a valid name containing alphanumeric characters, "
        "or any of the following: -/_+=.@!",
    ):
        client.update_secret_version_stage(
            SecretId="no spaces", VersionStage="b", MoveToVersionId=V1
        )


def test_a_staging_label_longer_than_256_characters_is_a_validation_error(client, secretmock):
    two_versions(client)
    before = state(secretmock)
    label = "x" * 257

    with raises_aws(
        "ValidationException",
        f"1 validation error detected: Value '{label}' at 'versionStage' failed to satisfy "
        "constraint: Member must have length less than or equal to 256",
    ):
        client.update_secret_version_stage(SecretId="s", VersionStage=label, MoveToVersionId=V1)

    assert state(secretmock) == before
    client.update_secret_version_stage(SecretId="s", VersionStage="x" * 256, MoveToVersionId=V1)


@pytest.mark.parametrize(
    ("member", "path"),
    [("MoveToVersionId", "moveToVersionId"), ("RemoveFromVersionId", "removeFromVersionId")],
)
def test_a_version_id_longer_than_64_characters_is_a_validation_error(client, member, path):
    two_versions(client)
    long_id = "v" * 65

    with raises_aws(
        "ValidationException",
        f"1 validation error detected: Value '{long_id}' at '{path}' failed to satisfy "
        "constraint: Member must have length less than or equal to 64",
    ):
        client.update_secret_version_stage(SecretId="s", VersionStage="b", **{member: long_id})


def test_limit_exceeded_replies_carry_botocores_retry_metadata(client):
    two_versions(client)
    for number in range(18):
        client.update_secret_version_stage(
            SecretId="s", VersionStage=f"label-{number}", MoveToVersionId=V1
        )

    with raises_aws("LimitExceededException", TOO_MANY_LABELS) as info:
        client.update_secret_version_stage(SecretId="s", VersionStage="extra", MoveToVersionId=V2)

    metadata: dict[str, Any] = dict(info.value.response["ResponseMetadata"])
    assert (metadata["RetryAttempts"], metadata["MaxAttemptsReached"]) == (2, True)
