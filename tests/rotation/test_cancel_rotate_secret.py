"""CancelRotateSecret: automatic rotation off, the unfinished version named, labels untouched."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.assertions import raises_aws
from tests.operations.support import START, at, reply, state, token
from tests.rotation.handlers import Recorder
from tests.rotation.support import end_of_day, rotated_secret

pytestmark = pytest.mark.secretmock(clock=START, seed=8)

V1, V2 = token(1), token(2)
DAY = timedelta(days=1)
NO_FUNCTION = (
    "You tried to enable rotation on a secret that doesn't already have a Lambda function ARN "
    "configured and you didn't include such an ARN as a parameter in this call."
)


def test_cancel_turns_rotation_off_and_keeps_the_function_and_rules(client, secretmock):
    created, function, _ = rotated_secret(client, secretmock, ClientRequestToken=V1)
    client.rotate_secret(
        SecretId="db",
        ClientRequestToken=V2,
        RotationLambdaARN=function.arn,
        RotationRules={"AutomaticallyAfterDays": 1},
    )

    response = client.cancel_rotate_secret(SecretId="db")

    assert reply(response) == {"ARN": created["ARN"], "Name": "db"}
    description = reply(client.describe_secret(SecretId="db"))
    assert {
        key: description[key] for key in description if key.startswith(("Rotation", "Last", "Next"))
    } == {
        "RotationEnabled": False,
        "RotationLambdaARN": function.arn,
        "RotationRules": {"AutomaticallyAfterDays": 1},
        "LastChangedDate": at(),
        "LastAccessedDate": description["LastAccessedDate"],
    }
    assert description["VersionIdsToStages"] == {V1: ["AWSPREVIOUS"], V2: ["AWSCURRENT"]}


def test_cancel_answers_with_the_version_of_an_unfinished_rotation_and_leaves_its_labels(
    client, secretmock
):
    created, function, rotation = rotated_secret(client, secretmock, ClientRequestToken=V1)
    rotation.fail_at = "setSecret"
    client.rotate_secret(SecretId="db", ClientRequestToken=V2, RotationLambdaARN=function.arn)

    response = client.cancel_rotate_secret(SecretId="db")

    assert reply(response) == {"ARN": created["ARN"], "Name": "db", "VersionId": V2}
    assert client.describe_secret(SecretId="db")["VersionIdsToStages"] == {
        V1: ["AWSCURRENT"],
        V2: ["AWSPENDING"],
    }


def test_after_cancelling_the_user_cleans_up_and_can_rotate_again(client, secretmock):
    _, function, rotation = rotated_secret(client, secretmock, ClientRequestToken=V1)
    rotation.fail_at, rotation.failures = "testSecret", 1
    client.rotate_secret(SecretId="db", ClientRequestToken=V2, RotationLambdaARN=function.arn)
    pending = client.cancel_rotate_secret(SecretId="db")["VersionId"]

    # "We recommend that you remove the VersionStage value AWSPENDING from this version."
    client.update_secret_version_stage(
        SecretId="db", VersionStage="AWSPENDING", RemoveFromVersionId=pending
    )
    client.rotate_secret(SecretId="db", ClientRequestToken=token(3))

    assert [(record.token, record.outcome) for record in secretmock.rotations] == [
        (V2, "failed"),
        (token(3), "succeeded"),
    ]
    description = client.describe_secret(SecretId="db")
    assert description["RotationEnabled"] is True
    assert description["VersionIdsToStages"] == {V1: ["AWSPREVIOUS"], token(3): ["AWSCURRENT"]}


def test_a_cancelled_rotation_no_longer_runs_on_its_schedule(client, secretmock):
    _, function, _ = rotated_secret(client, secretmock)
    client.rotate_secret(
        SecretId="db", RotationLambdaARN=function.arn, RotationRules={"AutomaticallyAfterDays": 1}
    )
    client.cancel_rotate_secret(SecretId="db")

    secretmock.advance_time(DAY * 5)
    client.describe_secret(SecretId="db")

    assert [record.trigger for record in secretmock.rotations] == ["immediate"]
    assert secretmock.rotations.steps[-1].step == "finishSecret"


def test_turning_rotation_back_on_schedules_it_again(client, secretmock):
    _, function, _ = rotated_secret(client, secretmock)
    client.rotate_secret(
        SecretId="db", RotationLambdaARN=function.arn, RotationRules={"AutomaticallyAfterDays": 1}
    )
    client.cancel_rotate_secret(SecretId="db")
    secretmock.advance_time(DAY * 3)
    client.describe_secret(SecretId="db")  # the cancelled schedule entry comes up and is dropped

    client.rotate_secret(SecretId="db", RotateImmediately=False)
    # The next window counts from the last rotation, long past: the next call rotates first.
    description = client.describe_secret(SecretId="db")

    assert [record.trigger for record in secretmock.rotations] == ["immediate", "test", "scheduled"]
    secretmock.assert_rotations_succeeded()
    assert description["LastRotatedDate"] == at(DAY * 3)
    assert description["NextRotationDate"] == end_of_day(4)


def test_cancelling_twice_succeeds(client, secretmock):
    created, function, _ = rotated_secret(client, secretmock)
    client.rotate_secret(SecretId="db", RotationLambdaARN=function.arn)
    client.cancel_rotate_secret(SecretId="db")

    assert reply(client.cancel_rotate_secret(SecretId="db")) == {
        "ARN": created["ARN"],
        "Name": "db",
    }


def test_cancel_on_a_secret_without_a_rotation_function_is_refused(client, secretmock):
    client.create_secret(Name="db", SecretString="v1")
    before = state(secretmock)

    with raises_aws("InvalidRequestException", NO_FUNCTION):
        client.cancel_rotate_secret(SecretId="db")

    assert state(secretmock) == before


def test_cancel_on_a_secret_scheduled_for_deletion_is_refused(client, secretmock):
    _, function, _ = rotated_secret(client, secretmock)
    client.rotate_secret(SecretId="db", RotationLambdaARN=function.arn)
    client.delete_secret(SecretId="db")

    with raises_aws(
        "InvalidRequestException",
        "You can't perform this operation on the secret because it was marked for deletion.",
    ):
        client.cancel_rotate_secret(SecretId="db")


def test_cancel_on_a_missing_secret_is_not_found(client, secretmock):
    secretmock.register_rotation_function("rotator", Recorder())

    with raises_aws(
        "ResourceNotFoundException", "Secrets Manager can't find the specified secret."
    ):
        client.cancel_rotate_secret(SecretId="missing")


def test_turning_rotation_on_and_off_again_and_again_keeps_the_schedule_small(client, secretmock):
    # White-box: what the schedule holds is not visible through the API, only its growth in
    # memory over a long run (a server's, say). Each RotateSecret queues the next window and
    # each CancelRotateSecret takes it off again.
    _, function, _ = rotated_secret(client, secretmock)
    for _ in range(200):
        client.rotate_secret(
            SecretId="db",
            RotationLambdaARN=function.arn,
            RotationRules={"AutomaticallyAfterDays": 30},
            RotateImmediately=False,
        )
        client.cancel_rotate_secret(SecretId="db")
    client.rotate_secret(SecretId="db", RotateImmediately=False)

    assert len(secretmock._backend.rotations.schedule) <= 10
    secretmock.advance_time(DAY * 40)
    client.describe_secret(SecretId="db")
    # RotateImmediately=False runs testSecret each time; the one window due runs once.
    triggers = [record.trigger for record in secretmock.rotations]
    assert triggers == ["test"] * 201 + ["scheduled"]
    secretmock.assert_rotations_succeeded()
