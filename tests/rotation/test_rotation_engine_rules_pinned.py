"""Rules of running rotations that no other test pinned down, each found by a rule change the
suite missed (secretmock/_rotation/engine.py).

Through boto3 and the mock's API as users call them; see docs/mutation-testing.md for how the
missed changes were found.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from secretmock import LambdaContext
from tests.operations.support import START
from tests.rotation.handlers import Recorder
from tests.rotation.support import end_of_day, rotated_secret

pytestmark = pytest.mark.secretmock(clock=START, seed=97)


def test_due_rotations_asked_for_inside_a_rotation_wait_and_none_is_run(client, secretmock):
    # One thread runs one rotation at a time: from inside a handler, nothing runs yet.
    ran: list[Any] = []

    def asks_for_due_rotations(event: dict[str, Any], context: LambdaContext) -> None:
        ran.append(secretmock.run_due_rotations())

    function = secretmock.register_rotation_function(
        "rotator", Recorder(then=asks_for_due_rotations)
    )
    client.create_secret(Name="db", SecretString="v1")

    client.rotate_secret(SecretId="db", RotationLambdaARN=function.arn)

    assert ran == [[], [], [], []]


def test_a_scheduled_rotation_is_due_at_the_very_instant_of_its_next_rotation_date(
    client, secretmock
):
    _, function, _ = rotated_secret(client, secretmock)
    client.rotate_secret(
        SecretId="db", RotationLambdaARN=function.arn, RotationRules={"AutomaticallyAfterDays": 2}
    )
    assert client.describe_secret(SecretId="db")["NextRotationDate"] == end_of_day(2)

    secretmock.clock.set(end_of_day(2) - timedelta(microseconds=1))
    assert secretmock.run_due_rotations() == []
    secretmock.clock.set(end_of_day(2))
    ran = secretmock.run_due_rotations()

    assert [(record.trigger, record.outcome) for record in ran] == [("scheduled", "succeeded")]


def test_a_rotation_started_inside_a_rotation_leaves_the_outer_one_waiting_for_due_rotations(
    client, secretmock
):
    # Secret c's scheduled rotation falls due while secret a's handler runs, after that
    # handler rotated secret b: still inside a rotation, so c's rotation waits until a's ends.
    _, rotator, _ = rotated_secret(client, secretmock, name="c")
    client.rotate_secret(
        SecretId="c", RotationLambdaARN=rotator.arn, RotationRules={"AutomaticallyAfterDays": 1}
    )
    inner = secretmock.register_rotation_function("inner", Recorder())
    client.create_secret(Name="b", SecretString="v1")
    ran_inside: list[Any] = []

    def rotates_b_then_asks_for_due_rotations(
        event: dict[str, Any], context: LambdaContext
    ) -> None:
        if event["Step"] == "createSecret":
            client.rotate_secret(SecretId="b", RotationLambdaARN=inner.arn)
            secretmock.advance_time(timedelta(days=3))
            ran_inside.append(secretmock.run_due_rotations())

    outer = secretmock.register_rotation_function(
        "outer", Recorder(then=rotates_b_then_asks_for_due_rotations)
    )
    client.create_secret(Name="a", SecretString="v1")

    client.rotate_secret(SecretId="a", RotationLambdaARN=outer.arn)

    assert ran_inside == [[]]
    ran = secretmock.run_due_rotations()
    # Three days on, c's windows of days 1 and 2 have both passed: one rotation for each.
    assert [(record.trigger, record.secret_arn.split(":")[-1][:-7]) for record in ran] == [
        ("scheduled", "c"),
        ("scheduled", "c"),
    ]
