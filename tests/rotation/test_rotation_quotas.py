"""A rotation's AWSPENDING version obeys AWS's quotas: 20 staging labels, 100 versions."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import pytest

from secretmock.errors import LimitExceededException
from tests.assertions import raises_aws
from tests.operations.support import (
    START,
    TOO_MANY_LABELS,
    TOO_MANY_VERSIONS,
    at,
    reply,
    stages,
    state,
    token,
)
from tests.rotation.handlers import Recorder
from tests.rotation.support import end_of_day, rotated_secret

pytestmark = pytest.mark.secretmock(clock=START, seed=29)

V1, V2, V3 = token(1), token(2), token(3)
CUSTOM = [f"label-{number:02d}" for number in range(19)]


def twenty_labels(client: Any) -> None:
    """V1: AWSCURRENT, V2: 19 labels of ours: 20 labels and no AWSPENDING."""
    client.create_secret(Name="db", SecretString="v1", ClientRequestToken=V1)
    client.put_secret_value(
        SecretId="db", SecretString="v2", ClientRequestToken=V2, VersionStages=CUSTOM
    )


def hundred_versions(client: Any) -> None:
    """Versions token(0) .. token(99), all created at START; token(99) is AWSCURRENT."""
    client.create_secret(Name="db", SecretString="v0", ClientRequestToken=token(0))
    for number in range(1, 100):
        client.put_secret_value(
            SecretId="db", SecretString=f"v{number}", ClientRequestToken=token(number)
        )


@pytest.mark.parametrize("immediately", [True, False])
def test_a_rotation_whose_awspending_would_be_a_21st_label_is_refused_and_changes_nothing(
    client, secretmock, immediately
):
    # AWSPENDING is new to this secret, so it counts: 21 labels. Nothing is stored either,
    # neither the version nor the function and rules.
    function = secretmock.register_rotation_function("rotator", Recorder())
    twenty_labels(client)
    before = state(secretmock)

    with raises_aws("LimitExceededException", TOO_MANY_LABELS):
        client.rotate_secret(
            SecretId="db",
            ClientRequestToken=V3,
            RotationLambdaARN=function.arn,
            RotationRules={"AutomaticallyAfterDays": 7},
            RotateImmediately=immediately,
        )

    assert state(secretmock) == before
    assert len(secretmock.rotations) == 0
    description = client.describe_secret(SecretId="db")
    assert not {"RotationEnabled", "RotationLambdaARN", "RotationRules"} & set(description)
    # Nothing was scheduled either.
    secretmock.advance_time(timedelta(days=30))
    assert secretmock.run_due_rotations() == []


def test_moving_awspending_off_the_current_version_adds_no_label(client, secretmock):
    # AWSPENDING left on AWSCURRENT by a finished rotation is one of the 20 already: the
    # rotation moves it to its new version and the secret still has 20 labels.
    function = secretmock.register_rotation_function("rotator", Recorder())
    client.create_secret(Name="db", SecretString="v1", ClientRequestToken=V1)
    client.update_secret_version_stage(SecretId="db", VersionStage="AWSPENDING", MoveToVersionId=V1)
    client.put_secret_value(
        SecretId="db", SecretString="v2", ClientRequestToken=V2, VersionStages=CUSTOM[:18]
    )

    response = client.rotate_secret(
        SecretId="db", ClientRequestToken=V3, RotationLambdaARN=function.arn
    )

    assert reply(response) == {"ARN": response["ARN"], "Name": "db", "VersionId": V3}
    assert stages(client, "db") == {V1: ["AWSCURRENT"], V2: CUSTOM[:18], V3: ["AWSPENDING"]}
    assert [rotation.outcome for rotation in secretmock.rotations] == ["succeeded"]


def test_a_rotation_that_would_be_the_101st_version_within_24_hours_is_refused(client, secretmock):
    function = secretmock.register_rotation_function("rotator", Recorder())
    hundred_versions(client)
    secretmock.advance_time(timedelta(hours=23, minutes=59))
    before = state(secretmock)

    with raises_aws("LimitExceededException", TOO_MANY_VERSIONS):
        client.rotate_secret(
            SecretId="db", ClientRequestToken=token(100), RotationLambdaARN=function.arn
        )

    assert state(secretmock) == before
    assert len(secretmock.rotations) == 0


def test_once_24_hours_old_the_oldest_unlabelled_version_makes_room_for_a_rotations_version(
    client, secretmock
):
    function = secretmock.register_rotation_function("rotator", Recorder())
    hundred_versions(client)
    secretmock.advance_time(timedelta(hours=24))

    client.rotate_secret(
        SecretId="db", ClientRequestToken=token(100), RotationLambdaARN=function.arn
    )

    secret = secretmock.store().by_name("db")
    assert secret is not None
    assert len(secret.versions) == 100
    assert token(0) not in secret.versions
    assert stages(client, "db") == {
        token(98): ["AWSPREVIOUS"],
        token(99): ["AWSCURRENT"],
        token(100): ["AWSPENDING"],
    }
    assert secret.versions[token(100)].created_at.date == at(timedelta(hours=24))
    assert client.get_secret_value(SecretId="db", VersionId=token(1))["SecretString"] == "v1"


def test_a_scheduled_rotation_with_no_room_for_its_version_fails_and_changes_nothing(
    client, secretmock, caplog
):
    _, function, _ = rotated_secret(client, secretmock, ClientRequestToken=V1)
    client.rotate_secret(
        SecretId="db",
        ClientRequestToken=V2,
        RotationLambdaARN=function.arn,
        RotationRules={"AutomaticallyAfterDays": 1},
    )
    # The rotation function removed AWSPENDING: V1 AWSPREVIOUS, V2 AWSCURRENT, plus 18 of ours.
    for label in CUSTOM[:18]:
        client.update_secret_version_stage(SecretId="db", VersionStage=label, MoveToVersionId=V2)
    before = reply(client.describe_secret(SecretId="db"))
    secretmock.advance_time(timedelta(days=2))

    with caplog.at_level(logging.WARNING, logger="secretmock.rotation"):
        # Any call runs what is due first; the call itself is answered as usual.
        after = reply(client.describe_secret(SecretId="db"))

    assert after == before  # NextRotationDate stays, now in the past
    [first, scheduled] = secretmock.rotations
    assert first.outcome == "succeeded"
    assert (scheduled.trigger, scheduled.outcome, scheduled.failed_step) == (
        "scheduled",
        "failed",
        None,
    )
    assert scheduled.steps == []
    assert isinstance(scheduled.exception, LimitExceededException)
    assert scheduled.exception.message == TOO_MANY_LABELS
    assert scheduled.token not in stages(client, "db")
    assert [record.levelname for record in caplog.records] == ["WARNING"]
    # Not retried on every call: it is tried again at the next window, day 2's.
    client.describe_secret(SecretId="db")
    assert len(secretmock.rotations) == 2
    client.update_secret_version_stage(
        SecretId="db", VersionStage=CUSTOM[0], RemoveFromVersionId=V2
    )
    secretmock.advance_time(timedelta(days=1))

    described = client.describe_secret(SecretId="db")

    assert [(run.trigger, run.outcome) for run in secretmock.rotations[2:]] == [
        ("scheduled", "succeeded")
    ]
    assert (described["LastRotatedDate"], described["NextRotationDate"]) == (
        end_of_day(2),
        end_of_day(3),
    )
