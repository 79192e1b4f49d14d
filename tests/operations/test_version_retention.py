"""AWS's version retention: 100 versions, unlabelled ones removed once 24 hours old."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import pytest

from secretmock import SecretsManagerMock
from tests.assertions import raises_aws
from tests.operations.support import START, TOO_MANY_VERSIONS, state, token

if TYPE_CHECKING:
    from mypy_boto3_secretsmanager import SecretsManagerClient

pytestmark = pytest.mark.secretmock(clock=START, seed=13)


def hundred_versions(client: SecretsManagerClient) -> None:
    """A secret with versions token(0) .. token(99); token(99) is AWSCURRENT."""
    client.create_secret(Name="s", SecretString="v0", ClientRequestToken=token(0))
    for number in range(1, 100):
        client.put_secret_value(
            SecretId="s", SecretString=f"v{number}", ClientRequestToken=token(number)
        )


def version_count(secretmock: SecretsManagerMock) -> int:
    secret = secretmock.store().by_name("s")
    assert secret is not None
    return len(secret.versions)


def test_a_secret_keeps_every_version_up_to_100(client, secretmock):
    hundred_versions(client)

    assert version_count(secretmock) == 100
    assert client.get_secret_value(SecretId="s", VersionId=token(0))["SecretString"] == "v0"


def test_a_101st_version_within_24_hours_is_refused_and_nothing_changes(client, secretmock):
    hundred_versions(client)
    secretmock.advance_time(timedelta(hours=23, minutes=59))
    before = state(secretmock)

    with raises_aws("LimitExceededException", TOO_MANY_VERSIONS):
        client.put_secret_value(SecretId="s", SecretString="v100", ClientRequestToken=token(100))

    assert state(secretmock) == before


def test_once_24_hours_old_the_oldest_unlabelled_version_makes_room_for_a_new_one(
    client, secretmock
):
    hundred_versions(client)
    secretmock.advance_time(timedelta(hours=24))

    client.put_secret_value(SecretId="s", SecretString="v100", ClientRequestToken=token(100))

    assert version_count(secretmock) == 100
    with raises_aws(
        "ResourceNotFoundException",
        f"Secrets Manager can't find the specified secret value for VersionId: {token(0)}",
    ):
        client.get_secret_value(SecretId="s", VersionId=token(0))
    assert client.get_secret_value(SecretId="s", VersionId=token(1))["SecretString"] == "v1"


def test_labelled_versions_are_never_removed_however_old(client, secretmock):
    hundred_versions(client)
    client.update_secret_version_stage(SecretId="s", VersionStage="keep", MoveToVersionId=token(0))
    secretmock.advance_time(timedelta(days=30))

    client.put_secret_value(SecretId="s", SecretString="v100", ClientRequestToken=token(100))

    assert client.get_secret_value(SecretId="s", VersionStage="keep")["SecretString"] == "v0"
    with raises_aws(
        "ResourceNotFoundException",
        f"Secrets Manager can't find the specified secret value for VersionId: {token(1)}",
    ):
        client.get_secret_value(SecretId="s", VersionId=token(1))


def test_versions_younger_than_24_hours_are_kept_even_when_older_ones_were_pruned(
    client, secretmock
):
    client.create_secret(Name="s", SecretString="v0", ClientRequestToken=token(0))
    secretmock.advance_time(timedelta(hours=24))
    for number in range(1, 100):
        client.put_secret_value(
            SecretId="s", SecretString=f"v{number}", ClientRequestToken=token(number)
        )
    # Only token(0) is old enough: one new version fits, the next one does not.
    client.put_secret_value(SecretId="s", SecretString="v100", ClientRequestToken=token(100))
    before = state(secretmock)

    with raises_aws("LimitExceededException", TOO_MANY_VERSIONS):
        client.put_secret_value(SecretId="s", SecretString="v101", ClientRequestToken=token(101))

    assert state(secretmock) == before
    assert version_count(secretmock) == 100
