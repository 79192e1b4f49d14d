"""A failed rotation is tried again at the next window, until one succeeds.

AWS: "If rotation fails, Secrets Manager retries the entire rotation process multiple times. If
rotation is unsuccessful, this date may be in the past" (DescribeSecret NextRotationDate).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from secretmock import RotationFunction, SecretsManagerMock
from tests.operations.support import START, at
from tests.rotation.handlers import SingleUserRotation
from tests.rotation.support import end_of_day, rotated_secret

pytestmark = pytest.mark.secretmock(clock=START, seed=3)

DAY = timedelta(days=1)
INCOMPLETE = "A previous rotation isn't complete. That rotation will be reattempted."


def wait(client: Any, mock: SecretsManagerMock, delta: timedelta) -> None:
    """Move the clock, then make a call: the rotations that came due run first."""
    mock.advance_time(delta)
    client.list_secrets()


def runs(mock: SecretsManagerMock) -> list[tuple[str, str, str | None]]:
    return [(run.trigger, run.token, run.outcome) for run in mock.rotations]


def dates(client: Any) -> tuple[datetime, datetime]:
    description = client.describe_secret(SecretId="db")
    return description["LastRotatedDate"], description["NextRotationDate"]


def daily_rotation(
    client: Any, mock: SecretsManagerMock, failures: int
) -> tuple[RotationFunction, SingleUserRotation]:
    """A secret rotated now, every day; its next ``failures`` rotations fail at testSecret."""
    _, function, rotation = rotated_secret(client, mock)
    client.rotate_secret(
        SecretId="db", RotationLambdaARN=function.arn, RotationRules={"AutomaticallyAfterDays": 1}
    )
    rotation.fail_at, rotation.failures = "testSecret", failures
    return function, rotation


def test_a_failed_scheduled_rotation_is_reattempted_at_the_next_window(client, secretmock):
    daily_rotation(client, secretmock, failures=1)

    wait(client, secretmock, DAY * 2)  # day 1's window has passed: its rotation fails
    failed = secretmock.rotations[-1]
    description = client.describe_secret(SecretId="db")

    assert (failed.trigger, failed.outcome, failed.failed_step) == (
        "scheduled",
        "failed",
        "testSecret",
    )
    assert description["VersionIdsToStages"][failed.token] == ["AWSPENDING"]
    # NextRotationDate keeps the failed window's date until a rotation succeeds.
    assert dates(client) == (at(), end_of_day(1))

    wait(client, secretmock, DAY)  # day 2's window has passed: the same rotation, again

    assert runs(secretmock)[1:] == [
        ("scheduled", failed.token, "failed"),
        ("reattempt", failed.token, "succeeded"),
    ]
    assert [step.step for step in secretmock.rotations[-1].steps] == [
        "createSecret",
        "setSecret",
        "testSecret",
        "finishSecret",
    ]
    assert client.describe_secret(SecretId="db")["VersionIdsToStages"][failed.token] == [
        "AWSCURRENT"
    ]
    # The reattempt counts in day 2's window and plans day 3's.
    assert dates(client) == (end_of_day(2), end_of_day(3))


def test_a_rotation_that_keeps_failing_is_reattempted_at_every_window_missed(client, secretmock):
    _, function, rotation = rotated_secret(client, secretmock)
    client.rotate_secret(
        SecretId="db", RotationLambdaARN=function.arn, RotationRules={"AutomaticallyAfterDays": 30}
    )
    rotation.fail_at = "createSecret"  # fails from now on

    wait(client, secretmock, DAY * 95)  # the windows of days 30, 60 and 90 have passed
    failed = secretmock.rotations[1]

    assert runs(secretmock)[1:] == [
        ("scheduled", failed.token, "failed"),
        ("reattempt", failed.token, "failed"),
        ("reattempt", failed.token, "failed"),
    ]
    assert dates(client) == (at(), end_of_day(30))

    rotation.failures = 0  # the function works again
    wait(client, secretmock, DAY * 30)  # day 125: day 120's window has passed

    assert runs(secretmock)[4:] == [("reattempt", failed.token, "succeeded")]
    assert dates(client) == (end_of_day(120), end_of_day(150))


def test_a_scheduled_rotation_whose_function_is_gone_is_tried_at_each_window(client, secretmock):
    _, function, rotation = rotated_secret(client, secretmock)
    client.rotate_secret(
        SecretId="db", RotationLambdaARN=function.arn, RotationRules={"AutomaticallyAfterDays": 30}
    )
    secretmock.unregister_rotation_function("rotator")

    wait(client, secretmock, DAY * 65)
    failed = secretmock.rotations[1]

    assert runs(secretmock)[1:] == [
        ("scheduled", failed.token, "failed"),
        ("reattempt", failed.token, "failed"),
    ]
    assert dates(client) == (at(), end_of_day(30))

    secretmock.register_rotation_function("rotator", rotation)
    wait(client, secretmock, DAY * 30)  # day 95: day 90's window has passed

    assert runs(secretmock)[3:] == [("reattempt", failed.token, "succeeded")]
    assert dates(client) == (end_of_day(90), end_of_day(120))


def test_a_failed_immediate_rotation_is_reattempted_at_each_next_window(client, secretmock):
    _, function, rotation = rotated_secret(client, secretmock)
    rotation.fail_at, rotation.failures = "setSecret", 2
    client.rotate_secret(
        SecretId="db", RotationLambdaARN=function.arn, RotationRules={"AutomaticallyAfterDays": 1}
    )
    failed = secretmock.rotations[0]
    assert "LastRotatedDate" not in client.describe_secret(SecretId="db")

    wait(client, secretmock, DAY * 2)  # day 1's window, counted from the immediate rotation
    wait(client, secretmock, DAY)  # day 2's

    assert runs(secretmock) == [
        ("immediate", failed.token, "failed"),
        ("reattempt", failed.token, "failed"),
        ("reattempt", failed.token, "succeeded"),
    ]
    assert dates(client) == (end_of_day(2), end_of_day(3))


def test_a_successful_rotate_secret_replaces_the_queued_reattempt(client, secretmock):
    daily_rotation(client, secretmock, failures=2)
    wait(client, secretmock, DAY * 3)  # days 1 and 2 fail; day 3's window is queued
    failed = secretmock.rotations[1]

    with pytest.raises(client.exceptions.InvalidRequestException) as refused:
        client.rotate_secret(SecretId="db")

    assert refused.value.response["Error"] == {
        "Code": "InvalidRequestException",
        "Message": INCOMPLETE,
    }
    assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    # As the message says, the rotation is reattempted at once; it counts now.
    assert runs(secretmock)[1:] == [
        ("scheduled", failed.token, "failed"),
        ("reattempt", failed.token, "failed"),
        ("reattempt", failed.token, "succeeded"),
    ]
    assert dates(client) == (at(DAY * 3), end_of_day(4))

    wait(client, secretmock, DAY)  # day 3's window: its queued reattempt no longer counts
    assert len(secretmock.rotations) == 4
    wait(client, secretmock, DAY)  # day 4's window

    assert [(run.trigger, run.outcome) for run in secretmock.rotations[4:]] == [
        ("scheduled", "succeeded")
    ]
    assert dates(client) == (end_of_day(4), end_of_day(5))


def test_cancel_rotate_secret_drops_the_queued_reattempt(client, secretmock):
    daily_rotation(client, secretmock, failures=2)
    wait(client, secretmock, DAY * 3)  # days 1 and 2 fail; day 3's window is queued
    failed = secretmock.rotations[1]

    cancelled = client.cancel_rotate_secret(SecretId="db")
    wait(client, secretmock, DAY * 5)

    assert cancelled["VersionId"] == failed.token
    assert runs(secretmock)[1:] == [
        ("scheduled", failed.token, "failed"),
        ("reattempt", failed.token, "failed"),
    ]
    assert secretmock.run_due_rotations() == []


def test_a_restored_secret_reattempts_its_failed_rotation(client, secretmock):
    daily_rotation(client, secretmock, failures=1)
    wait(client, secretmock, DAY * 2)  # day 1 fails; day 2's window is queued
    failed = secretmock.rotations[1]
    client.delete_secret(SecretId="db", RecoveryWindowInDays=7)

    wait(client, secretmock, DAY * 2)  # day 2's window passes while the secret is deleted
    client.restore_secret(SecretId="db")
    described = dates(client)

    # Overdue: it runs on the call after the restore, once, and counts when it ran.
    assert described == (at(DAY * 4), end_of_day(5))
    assert runs(secretmock)[1:] == [
        ("scheduled", failed.token, "failed"),
        ("reattempt", failed.token, "succeeded"),
    ]
    assert secretmock.run_due_rotations() == []


def test_a_restore_before_the_reattempts_window_keeps_it(client, secretmock):
    daily_rotation(client, secretmock, failures=1)
    wait(client, secretmock, DAY * 2)  # day 1 fails; day 2's window is queued
    failed = secretmock.rotations[1]
    client.delete_secret(SecretId="db", RecoveryWindowInDays=7)
    client.restore_secret(SecretId="db")

    wait(client, secretmock, DAY)

    assert runs(secretmock)[1:] == [
        ("scheduled", failed.token, "failed"),
        ("reattempt", failed.token, "succeeded"),
    ]
    assert dates(client) == (end_of_day(2), end_of_day(3))


def test_a_snapshot_restores_the_queued_reattempt_once(client, secretmock):
    daily_rotation(client, secretmock, failures=1)
    wait(client, secretmock, DAY * 2)  # day 1 fails; day 2's window is queued
    failed = secretmock.rotations[1]
    saved = secretmock.snapshot()

    for _ in range(2):
        secretmock.restore(saved)
        wait(client, secretmock, DAY)

        assert runs(secretmock)[1:] == [
            ("scheduled", failed.token, "failed"),
            ("reattempt", failed.token, "succeeded"),
        ]
        assert dates(client) == (end_of_day(2), end_of_day(3))


def test_a_rotation_that_keeps_failing_makes_up_at_most_ten_windows_at_a_time(client, secretmock):
    daily_rotation(client, secretmock, failures=1000)

    wait(client, secretmock, DAY * 30)  # 29 windows passed, every attempt fails

    attempts = runs(secretmock)[1:]
    assert [(trigger, outcome) for trigger, _, outcome in attempts] == [("scheduled", "failed")] + [
        ("reattempt", "failed")
    ] * 9
    assert secretmock.run_due_rotations() == []
    # The next attempt is the first window after now (day 31's); NextRotationDate keeps the
    # date of the window that failed first.
    assert dates(client)[1] == end_of_day(1)
    wait(client, secretmock, DAY)
    assert len(runs(secretmock)) == 11
    wait(client, secretmock, DAY)
    assert runs(secretmock)[-1][0::2] == ("reattempt", "failed")
    assert len(runs(secretmock)) == 12
