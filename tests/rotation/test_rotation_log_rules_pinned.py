"""Rotation-log rules that no other test pinned down, each found by a rule change the suite
missed (secretmock/_rotation/log.py).

Through boto3 as users call it; see docs/mutation-testing.md for how the missed changes were
found.
"""

from __future__ import annotations

import pytest

from tests.operations.support import START, token
from tests.rotation.handlers import Recorder

pytestmark = pytest.mark.secretmock(clock=START, seed=97)

V1, V2 = token(1), token(2)


def test_a_logged_step_shows_no_event_in_its_repr(client, secretmock):
    # The event repeats the step's own fields: the repr leaves it (and the request id) out.
    created = client.create_secret(Name="db", SecretString="v1", ClientRequestToken=V1)
    function = secretmock.register_rotation_function("rotator", Recorder())
    client.rotate_secret(SecretId="db", ClientRequestToken=V2, RotationLambdaARN=function.arn)

    step = secretmock.rotations.steps[0]

    assert repr(step) == (
        f"RotationStep(secret_arn={created['ARN']!r}, token={V2!r}, step='createSecret', "
        f"function_arn={function.arn!r}, outcome='succeeded', exception=None)"
    )
    assert step.event["Step"] == "createSecret"


def test_the_log_and_a_rotation_show_how_each_rotation_went_in_their_repr(client, secretmock):
    created = client.create_secret(Name="db", SecretString="v1", ClientRequestToken=V1)
    function = secretmock.register_rotation_function("rotator", Recorder())
    client.rotate_secret(SecretId="db", ClientRequestToken=V2, RotationLambdaARN=function.arn)

    rotation = (
        f"<Rotation immediate rotation of {created['ARN']} (token {V2}) succeeded "
        "[createSecret: succeeded, setSecret: succeeded, testSecret: succeeded, "
        "finishSecret: succeeded]>"
    )
    assert repr(secretmock.rotations[0]) == rotation
    assert repr(secretmock.rotations) == f"RotationLog([{rotation}])"
