"""RestoreSecret: cancelling a scheduled deletion."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.assertions import raises_aws
from tests.operations.support import START, at, reply, state, token

pytestmark = pytest.mark.secretmock(clock=START, seed=37)

V1 = token(1)


def test_restore_secret_replies_with_arn_and_name_and_makes_the_secret_usable_again(
    client, secretmock
):
    created = client.create_secret(Name="s", SecretString="one", ClientRequestToken=V1)
    client.delete_secret(SecretId="s")
    secretmock.advance_time(timedelta(days=2))

    response = client.restore_secret(SecretId="s")

    assert reply(response) == {"ARN": created["ARN"], "Name": "s"}
    described = client.describe_secret(SecretId="s")
    assert "DeletedDate" not in described
    assert described["LastChangedDate"] == at(timedelta(days=2))
    assert client.get_secret_value(SecretId="s")["SecretString"] == "one"
    client.put_secret_value(SecretId="s", SecretString="two")


def test_a_restored_secret_outlives_its_old_deletion_date(client, secretmock):
    client.create_secret(Name="s", SecretString="one")
    client.delete_secret(SecretId="s", RecoveryWindowInDays=7)
    client.restore_secret(SecretId="s")

    secretmock.advance_time(timedelta(days=40))

    assert client.get_secret_value(SecretId="s")["SecretString"] == "one"


def test_a_restored_secret_deleted_again_follows_its_new_window(client, secretmock):
    client.create_secret(Name="s", SecretString="one")
    client.delete_secret(SecretId="s", RecoveryWindowInDays=7)
    client.restore_secret(SecretId="s")
    secretmock.advance_time(timedelta(days=1))
    response = client.delete_secret(SecretId="s", RecoveryWindowInDays=30)

    secretmock.advance_time(timedelta(days=7))

    assert response["DeletionDate"] == at(timedelta(days=31))
    assert client.describe_secret(SecretId="s")["DeletedDate"] == at(timedelta(days=1))


def test_restoring_a_secret_that_is_not_scheduled_for_deletion_succeeds_and_changes_nothing(
    client, secretmock
):
    created = client.create_secret(Name="s", SecretString="one")
    before = state(secretmock)

    response = client.restore_secret(SecretId="s")

    assert reply(response) == {"ARN": created["ARN"], "Name": "s"}
    assert state(secretmock) == before


def test_an_unknown_secret_is_not_found(client):
    with raises_aws(
        "ResourceNotFoundException", "Secrets Manager can't find the specified secret."
    ):
        client.restore_secret(SecretId="nope")
