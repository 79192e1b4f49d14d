"""DeleteSecret: recovery windows, forced deletion, and the end of a scheduled secret."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests.assertions import raises_aws
from tests.operations.support import START, at, reply, state, token

pytestmark = pytest.mark.secretmock(clock=START, seed=31)

V1 = token(1)
NOT_FOUND = "Secrets Manager can't find the specified secret."
WINDOW_RANGE = "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive)."
FORCE_AND_WINDOW = (
    "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays."
)


def test_delete_secret_schedules_the_deletion_30_days_out_by_default(client):
    created = client.create_secret(Name="s", SecretString="one")

    response = client.delete_secret(SecretId="s")

    assert reply(response) == {
        "ARN": created["ARN"],
        "Name": "s",
        "DeletionDate": at(timedelta(days=30)),
    }
    described = client.describe_secret(SecretId="s")
    assert (described["DeletedDate"], described["LastChangedDate"]) == (at(), at())


@pytest.mark.parametrize("days", [7, 18, 30])
def test_a_recovery_window_from_7_to_30_days_sets_the_deletion_date(client, days):
    client.create_secret(Name="s", SecretString="one")

    response = client.delete_secret(SecretId="s", RecoveryWindowInDays=days)

    assert response["DeletionDate"] == at(timedelta(days=days))


@pytest.mark.parametrize("days", [-1, 0, 6, 31, 365])
def test_a_recovery_window_outside_7_to_30_days_is_refused(client, secretmock, days):
    client.create_secret(Name="s", SecretString="one")
    before = state(secretmock)

    with raises_aws("InvalidParameterException", WINDOW_RANGE):
        client.delete_secret(SecretId="s", RecoveryWindowInDays=days)

    assert state(secretmock) == before


def test_force_delete_together_with_a_recovery_window_is_refused(client, secretmock):
    client.create_secret(Name="s", SecretString="one")
    before = state(secretmock)

    with raises_aws("InvalidParameterException", FORCE_AND_WINDOW):
        client.delete_secret(SecretId="s", RecoveryWindowInDays=7, ForceDeleteWithoutRecovery=True)

    assert state(secretmock) == before


def test_an_out_of_range_window_is_reported_before_the_conflict_with_force(client):
    with raises_aws("InvalidParameterException", WINDOW_RANGE):
        client.delete_secret(SecretId="s", RecoveryWindowInDays=1, ForceDeleteWithoutRecovery=True)


def test_force_delete_removes_the_secret_at_once_and_frees_its_name(client):
    created = client.create_secret(Name="s", SecretString="one")

    response = client.delete_secret(SecretId="s", ForceDeleteWithoutRecovery=True)

    assert reply(response) == {"ARN": created["ARN"], "Name": "s", "DeletionDate": at()}
    with raises_aws("ResourceNotFoundException", NOT_FOUND):
        client.describe_secret(SecretId="s")
    again = client.create_secret(Name="s", SecretString="two")
    assert again["ARN"] != created["ARN"]


def test_force_deleting_a_secret_that_does_not_exist_succeeds_with_a_made_up_arn(
    client, secretmock
):
    response = client.delete_secret(SecretId="ghost", ForceDeleteWithoutRecovery=True)

    assert re.fullmatch(
        r"arn:aws:secretsmanager:us-east-1:123456789012:secret:ghost-[A-Za-z0-9]{6}",
        response["ARN"],
    )
    assert (response["Name"], response["DeletionDate"]) == ("ghost", at())
    assert state(secretmock) == []


def test_force_deleting_an_arn_that_does_not_exist_echoes_the_arn(client):
    arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:ghost-AbCdEf"

    response = client.delete_secret(SecretId=arn, ForceDeleteWithoutRecovery=True)

    assert reply(response) == {"ARN": arn, "Name": "ghost-AbCdEf", "DeletionDate": at()}


def test_deleting_a_secret_that_does_not_exist_without_force_is_not_found(client):
    with raises_aws("ResourceNotFoundException", NOT_FOUND):
        client.delete_secret(SecretId="ghost")


def test_deleting_a_scheduled_secret_again_is_refused_and_keeps_the_first_deletion_date(
    client, secretmock
):
    client.create_secret(Name="s", SecretString="one")
    client.delete_secret(SecretId="s", RecoveryWindowInDays=7)
    before = state(secretmock)

    with raises_aws(
        "InvalidRequestException",
        "You tried to perform the operation on a secret that's currently marked deleted.",
    ):
        client.delete_secret(SecretId="s", RecoveryWindowInDays=30)

    assert state(secretmock) == before


def test_force_deleting_a_scheduled_secret_removes_it_at_once(client):
    created = client.create_secret(Name="s", SecretString="one")
    client.delete_secret(SecretId="s")

    response = client.delete_secret(SecretId="s", ForceDeleteWithoutRecovery=True)

    assert reply(response) == {"ARN": created["ARN"], "Name": "s", "DeletionDate": at()}
    with raises_aws("ResourceNotFoundException", NOT_FOUND):
        client.describe_secret(SecretId=created["ARN"])


def test_a_scheduled_secret_stays_until_its_deletion_date_then_disappears_and_frees_its_name(
    client, secretmock
):
    created = client.create_secret(Name="s", SecretString="one")
    client.delete_secret(SecretId="s", RecoveryWindowInDays=7)

    secretmock.advance_time(timedelta(days=7) - timedelta(seconds=1))
    assert client.describe_secret(SecretId="s")["DeletedDate"] == at()
    secretmock.advance_time(timedelta(seconds=1))

    with raises_aws("ResourceNotFoundException", NOT_FOUND):
        client.describe_secret(SecretId=created["ARN"])
    with raises_aws("ResourceNotFoundException", NOT_FOUND):
        client.restore_secret(SecretId="s")
    again = client.create_secret(Name="s", SecretString="two")
    assert again["ARN"] != created["ARN"]


def test_a_secret_reached_by_arn_disappears_on_time_too(client, secretmock):
    created = client.create_secret(Name="s", SecretString="one")
    client.delete_secret(SecretId=created["ARN"], RecoveryWindowInDays=7)

    secretmock.advance_time(timedelta(days=8))

    with raises_aws("ResourceNotFoundException", NOT_FOUND):
        client.get_secret_value(SecretId=created["ARN"])


def test_a_scheduled_deletion_keeps_the_date_it_was_asked_for_as_time_passes(client, secretmock):
    client.create_secret(Name="s", SecretString="one")
    secretmock.advance_time(timedelta(hours=1))
    deleted = client.delete_secret(SecretId="s", RecoveryWindowInDays=7)

    secretmock.advance_time(timedelta(days=3))
    described = client.describe_secret(SecretId="s")

    # Asking for the deletion changed the secret; the days after it did not.
    assert described["LastChangedDate"] == at(timedelta(hours=1))
    assert described["DeletedDate"] == at(timedelta(hours=1))
    assert deleted["DeletionDate"] == at(timedelta(days=7, hours=1))

    client.restore_secret(SecretId="s")
    restored = client.describe_secret(SecretId="s")
    assert restored["LastChangedDate"] == at(timedelta(days=3, hours=1))
    assert "DeletedDate" not in restored


def test_a_secret_of_another_region_disappears_on_time_whoever_calls(
    boto3_session, client, secretmock
):
    west = boto3_session.client("secretsmanager", region_name="us-west-2")
    created = west.create_secret(Name="s", SecretString="one")
    west.delete_secret(SecretId="s", RecoveryWindowInDays=7)

    secretmock.advance_time(timedelta(days=8))
    client.list_secrets()  # a call in us-east-1 only

    assert [secret.name for secret in secretmock.store("us-west-2").secrets()] == []
    with raises_aws("ResourceNotFoundException", NOT_FOUND):
        client.describe_secret(SecretId=created["ARN"])
    assert west.create_secret(Name="s", SecretString="two")["ARN"] != created["ARN"]
