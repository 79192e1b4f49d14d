"""Rules of running rotations that no other test pinned down, each found by a rule change the
suite missed (secretmock/_rotation/engine.py).

Through boto3 and the mock's API as users call them; see docs/mutation-testing.md for how the
missed changes were found.
"""

from __future__ import annotations

from typing import Any

import pytest

from secretmock import LambdaContext
from tests.operations.support import START
from tests.rotation.handlers import Recorder

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
