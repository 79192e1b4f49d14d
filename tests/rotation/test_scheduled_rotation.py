"""Scheduled rotation: when the clock passes NextRotationDate, the rotation runs, as on AWS."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import boto3
import freezegun
import pytest
import time_machine

from secretmock import SecretsManagerMock, mock_secrets
from secretmock.errors import SecretMockError
from tests.operations.support import START, at, token
from tests.rotation.handlers import Recorder, SingleUserRotation, credentials
from tests.rotation.support import end_of_day, rotated_secret, utc

V1, V2 = token(1), token(2)
DAY = timedelta(days=1)


@pytest.mark.secretmock(clock=START, seed=2)
def test_advancing_the_mocks_clock_past_next_rotation_date_rotates_on_the_next_call(
    client, secretmock
):
    _, function, rotation = rotated_secret(client, secretmock, ClientRequestToken=V1)
    client.rotate_secret(
        SecretId="db",
        ClientRequestToken=V2,
        RotationLambdaARN=function.arn,
        RotationRules={"AutomaticallyAfterDays": 2},
    )
    assert client.describe_secret(SecretId="db")["NextRotationDate"] == end_of_day(2)

    secretmock.advance_time(DAY)  # not yet due
    assert len(client.describe_secret(SecretId="db")["VersionIdsToStages"]) == 2
    secretmock.advance_time(DAY * 2)  # day 3: past the end of day 2's window
    description = client.describe_secret(SecretId="db")

    scheduled = secretmock.rotations[-1]
    assert (scheduled.trigger, scheduled.outcome) == ("scheduled", "succeeded")
    assert scheduled.token not in (V1, V2)
    assert description["VersionIdsToStages"] == {
        V2: ["AWSPREVIOUS"],
        scheduled.token: ["AWSCURRENT"],
    }
    # It counts as done in the window it was due in, at that window's last second.
    assert description["LastRotatedDate"] == end_of_day(2)
    assert description["NextRotationDate"] == end_of_day(4)
    assert rotation.calls[-4:] == [
        (step, scheduled.token)
        for step in ("createSecret", "setSecret", "testSecret", "finishSecret")
    ]


@pytest.mark.secretmock(clock=START, seed=2)
def test_run_due_rotations_runs_what_is_due_without_a_call(client, secretmock):
    _, function, _ = rotated_secret(client, secretmock)
    client.rotate_secret(
        SecretId="db", RotationLambdaARN=function.arn, RotationRules={"AutomaticallyAfterDays": 1}
    )
    assert secretmock.run_due_rotations() == []
    calls = len(secretmock.calls)

    secretmock.advance_time(DAY * 2)
    ran = secretmock.run_due_rotations()

    assert [(record.trigger, record.outcome) for record in ran] == [("scheduled", "succeeded")]
    assert ran == secretmock.rotations[1:]
    # Only the rotation function's own calls were made.
    assert secretmock.calls[calls].operation == "DescribeSecret"
    assert secretmock.run_due_rotations() == []


def test_run_due_rotations_needs_the_mock_active_and_innermost():
    mock = SecretsManagerMock()
    with pytest.raises(SecretMockError, match="active and innermost"):
        mock.run_due_rotations()
    with mock, mock_secrets(), pytest.raises(SecretMockError, match="active and innermost"):
        mock.run_due_rotations()


@pytest.mark.secretmock(clock=START, seed=2)
def test_an_hourly_schedule_rotates_once_per_window(client, secretmock):
    _, function, _ = rotated_secret(client, secretmock)
    client.rotate_secret(
        SecretId="db",
        RotationLambdaARN=function.arn,
        RotationRules={"ScheduleExpression": "rate(6 hours)"},
    )
    # START is 05:06 UTC: windows open at 06:00, 12:00, 18:00, 00:00.
    assert client.describe_secret(SecretId="db")["NextRotationDate"] == utc(2026, 3, 4, 6, 59, 59)

    rotated_at = []
    for _ in range(4):
        secretmock.advance_time(timedelta(hours=6))
        rotated_at.append(client.describe_secret(SecretId="db")["LastRotatedDate"])

    assert [record.trigger for record in secretmock.rotations] == ["immediate"] + ["scheduled"] * 4
    assert rotated_at == [
        utc(2026, 3, 4, 6, 59, 59),
        utc(2026, 3, 4, 12, 59, 59),
        utc(2026, 3, 4, 18, 59, 59),
        utc(2026, 3, 5, 0, 59, 59),
    ]
    assert client.describe_secret(SecretId="db")["NextRotationDate"] == utc(2026, 3, 5, 6, 59, 59)


@pytest.mark.secretmock(clock=START, seed=2)
def test_a_due_rotation_with_one_unfinished_reattempts_the_unfinished_one(client, secretmock):
    _, function, rotation = rotated_secret(client, secretmock)
    rotation.fail_at, rotation.failures = "createSecret", 1
    client.rotate_secret(
        SecretId="db",
        ClientRequestToken=V2,
        RotationLambdaARN=function.arn,
        RotationRules={"AutomaticallyAfterDays": 1},
    )

    secretmock.advance_time(DAY * 2)
    ran = secretmock.run_due_rotations()

    assert [(record.trigger, record.token, record.outcome) for record in ran] == [
        ("reattempt", V2, "succeeded")
    ]


@pytest.mark.secretmock(clock=START, seed=2)
def test_a_function_unregistered_after_configuration_fails_the_scheduled_rotation(
    client, secretmock
):
    _, function, _ = rotated_secret(client, secretmock)
    client.rotate_secret(
        SecretId="db", RotationLambdaARN=function.arn, RotationRules={"AutomaticallyAfterDays": 1}
    )
    secretmock.unregister_rotation_function("rotator")

    secretmock.advance_time(DAY * 2)
    [record] = secretmock.run_due_rotations()

    assert (record.outcome, record.failed_step, record.steps) == ("failed", None, [])
    assert isinstance(record.exception, SecretMockError)
    assert str(record.exception) == (
        f"no rotation function is registered for {function.arn}: Secrets Manager could not "
        "invoke it (Secrets Manager cannot invoke the specified Lambda function. Ensure that the "
        "function policy grants access to the principal secretsmanager.amazonaws.com.)"
    )
    stages = client.describe_secret(SecretId="db")["VersionIdsToStages"]
    assert stages[record.token] == ["AWSPENDING"]


@pytest.mark.secretmock(clock=START, seed=2)
def test_no_rotation_runs_while_the_secret_is_scheduled_for_deletion(client, secretmock):
    _, function, _ = rotated_secret(client, secretmock)
    client.rotate_secret(
        SecretId="db", RotationLambdaARN=function.arn, RotationRules={"AutomaticallyAfterDays": 1}
    )
    client.delete_secret(SecretId="db", RecoveryWindowInDays=7)

    secretmock.advance_time(DAY * 3)
    assert secretmock.run_due_rotations() == []
    secretmock.advance_time(DAY * 5)  # past the deletion date: the secret is gone

    assert secretmock.run_due_rotations() == []
    assert [record.trigger for record in secretmock.rotations] == ["immediate"]
    assert client.list_secrets(IncludePlannedDeletion=True)["SecretList"] == []


@pytest.mark.secretmock(clock=START, seed=2)
def test_a_rotation_due_while_deleted_runs_on_the_first_call_after_restore_secret(
    client, secretmock
):
    _, function, _ = rotated_secret(client, secretmock)
    client.rotate_secret(
        SecretId="db", RotationLambdaARN=function.arn, RotationRules={"AutomaticallyAfterDays": 2}
    )
    client.delete_secret(SecretId="db", RecoveryWindowInDays=30)
    secretmock.advance_time(DAY * 4)  # past NextRotationDate (end of day 2) while deleted
    assert secretmock.run_due_rotations() == []

    client.restore_secret(SecretId="db")
    description = client.describe_secret(SecretId="db")

    assert [(run.trigger, run.outcome) for run in secretmock.rotations] == [
        ("immediate", "succeeded"),
        ("scheduled", "succeeded"),
    ]
    assert description["LastRotatedDate"] == at(DAY * 4)
    assert description["NextRotationDate"] == end_of_day(6)
    assert description["RotationEnabled"] is True


@pytest.mark.secretmock(clock=START, seed=2)
def test_a_secret_restored_before_its_rotation_date_rotates_at_that_date_once(client, secretmock):
    _, function, _ = rotated_secret(client, secretmock)
    client.rotate_secret(
        SecretId="db", RotationLambdaARN=function.arn, RotationRules={"AutomaticallyAfterDays": 2}
    )
    client.delete_secret(SecretId="db", RecoveryWindowInDays=7)
    client.restore_secret(SecretId="db")
    client.delete_secret(SecretId="db", RecoveryWindowInDays=7)
    client.restore_secret(SecretId="db")
    secretmock.advance_time(DAY * 2)
    assert secretmock.run_due_rotations() == []  # day 2, 05:06: the window is still open

    secretmock.advance_time(DAY)
    description = client.describe_secret(SecretId="db")

    assert [run.trigger for run in secretmock.rotations] == ["immediate", "scheduled"]
    assert description["LastRotatedDate"] == end_of_day(2)
    assert description["NextRotationDate"] == end_of_day(4)


@pytest.mark.secretmock(clock=START, seed=2)
def test_a_secret_of_another_region_rotates_on_a_call_in_any_region(
    client, secretmock, boto3_session
):
    other = boto3_session.client("secretsmanager", region_name="eu-west-1")
    function = secretmock.register_rotation_function("rotator", SingleUserRotation({"app": "x"}))
    other.create_secret(Name="db", SecretString=credentials())
    other.rotate_secret(
        SecretId="db", RotationLambdaARN=function.arn, RotationRules={"AutomaticallyAfterDays": 1}
    )

    secretmock.advance_time(DAY * 2)
    client.get_random_password()  # any call, here in us-east-1

    assert [(record.trigger, record.outcome) for record in secretmock.rotations] == [
        ("immediate", "succeeded"),
        ("scheduled", "succeeded"),
    ]
    assert secretmock.rotations[1].secret_arn.startswith(
        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-"
    )


def test_time_machine_moving_the_system_clock_triggers_the_scheduled_rotation(boto3_session):
    start = datetime(2026, 5, 1, 9, 30, tzinfo=timezone.utc)
    with time_machine.travel(start, tick=False) as traveller, mock_secrets() as sm:
        client = boto3_session.client("secretsmanager")
        sm.register_rotation_function("rotator", SingleUserRotation({"app": "initial-password"}))
        client.create_secret(Name="db", SecretString=credentials())
        client.rotate_secret(
            SecretId="db",
            RotationLambdaARN=sm.rotation_functions[0].arn,
            RotationRules={"ScheduleExpression": "cron(0 12 ? * MON *)", "Duration": "2h"},
        )
        # 1 May 2026 is a Friday: the next window is Monday 4 May, 12:00-14:00 UTC.
        next_date = client.describe_secret(SecretId="db")["NextRotationDate"]
        assert next_date == datetime(2026, 5, 4, 13, 59, 59, tzinfo=timezone.utc)

        traveller.shift(timedelta(days=3, hours=4))  # Monday 13:30, still inside the window
        client.describe_secret(SecretId="db")
        assert len(sm.rotations) == 1
        traveller.shift(timedelta(minutes=30))  # 14:00: past NextRotationDate
        description = client.describe_secret(SecretId="db")

        assert [record.trigger for record in sm.rotations] == ["immediate", "scheduled"]
        sm.assert_rotations_succeeded()
        assert description["LastRotatedDate"] == datetime(
            2026, 5, 4, 13, 59, 59, tzinfo=timezone.utc
        )
        assert description["NextRotationDate"] == datetime(
            2026, 5, 11, 13, 59, 59, tzinfo=timezone.utc
        )


def test_freezegun_moving_the_system_clock_triggers_the_scheduled_rotation():
    with freezegun.freeze_time("2026-06-01 08:00:00") as frozen, mock_secrets() as sm:
        client = boto3.client("secretsmanager", region_name="us-east-1")
        sm.register_rotation_function("rotator", Recorder())
        client.create_secret(Name="db", SecretString="v1")
        client.rotate_secret(
            SecretId="db",
            RotationLambdaARN=sm.rotation_functions[0].arn,
            RotationRules={"AutomaticallyAfterDays": 1},
            RotateImmediately=False,
        )

        frozen.tick(timedelta(days=1, hours=16))  # 2 June, 24:00
        sm.run_due_rotations()

        assert [(record.trigger, record.outcome) for record in sm.rotations] == [
            ("test", "succeeded"),
            ("scheduled", "succeeded"),
        ]
