"""Rotating by hand, following AWS's documented steps, is not a Secrets Manager rotation."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from tests.assertions import raises_aws
from tests.operations.support import START, at, reply, token
from tests.rotation.handlers import SingleUserRotation, credentials
from tests.rotation.support import end_of_day, rotated_secret, utc

pytestmark = pytest.mark.secretmock(clock=START, seed=4)

V1, V2, V3 = token(1), token(2), token(3)


def rotate_by_hand(client: Any, pending: str, value: str) -> None:
    """AWSPENDING on a new version, then AWSCURRENT moved onto it and AWSPENDING removed."""
    client.put_secret_value(
        SecretId="db", ClientRequestToken=pending, SecretString=value, VersionStages=["AWSPENDING"]
    )
    current = next(
        version
        for version, stages in client.describe_secret(SecretId="db")["VersionIdsToStages"].items()
        if "AWSCURRENT" in stages
    )
    client.update_secret_version_stage(
        SecretId="db",
        VersionStage="AWSCURRENT",
        MoveToVersionId=pending,
        RemoveFromVersionId=current,
    )
    client.update_secret_version_stage(
        SecretId="db", VersionStage="AWSPENDING", RemoveFromVersionId=pending
    )


def test_a_manual_rotation_moves_next_rotation_date_but_not_last_rotated_date_or_the_log(
    client, secretmock
):
    _, function, _ = rotated_secret(client, secretmock, ClientRequestToken=V1)
    client.rotate_secret(
        SecretId="db",
        ClientRequestToken=V2,
        RotationLambdaARN=function.arn,
        RotationRules={"AutomaticallyAfterDays": 10},
    )
    secretmock.advance_time(timedelta(days=2, hours=5))

    manual = credentials(password="chosen-by-hand")
    rotate_by_hand(client, V3, manual)

    description = client.describe_secret(SecretId="db")
    assert description["VersionIdsToStages"] == {V2: ["AWSPREVIOUS"], V3: ["AWSCURRENT"]}
    assert description["LastRotatedDate"] == at()
    # The PutSecretValue of day 2 counts for the schedule: 10 days from its day.
    assert description["NextRotationDate"] == end_of_day(12)
    assert description["LastChangedDate"] == at(timedelta(days=2, hours=5))
    assert [record.token for record in secretmock.rotations] == [V2]
    assert client.get_secret_value(SecretId="db")["SecretString"] == manual
    # Finished by hand, nothing is in progress: rotation starts again at once.
    client.rotate_secret(SecretId="db", ClientRequestToken=token(4))
    secretmock.assert_rotations_succeeded()


def test_a_manual_rotation_of_a_secret_never_configured_for_rotation(client, secretmock):
    client.create_secret(Name="db", SecretString=credentials(), ClientRequestToken=V1)

    rotate_by_hand(client, V2, "by hand")

    description = client.describe_secret(SecretId="db")
    assert description["VersionIdsToStages"] == {V1: ["AWSPREVIOUS"], V2: ["AWSCURRENT"]}
    assert not {"RotationEnabled", "LastRotatedDate", "NextRotationDate"} & set(description)
    assert len(secretmock.rotations) == 0


def test_an_unfinished_manual_rotation_blocks_rotate_secret_which_then_reattempts_it(
    client, secretmock
):
    _, function, rotation = rotated_secret(client, secretmock, ClientRequestToken=V1)
    client.rotate_secret(SecretId="db", ClientRequestToken=V2, RotationLambdaARN=function.arn)
    manual = credentials(password="chosen-by-hand")
    client.put_secret_value(
        SecretId="db", ClientRequestToken=V3, SecretString=manual, VersionStages=["AWSPENDING"]
    )

    with raises_aws(
        "InvalidRequestException",
        "A previous rotation isn't complete. That rotation will be reattempted.",
    ):
        client.rotate_secret(SecretId="db", ClientRequestToken=token(4))

    # The rotation function finished the rotation with the value put by hand.
    assert [(record.trigger, record.token) for record in secretmock.rotations] == [
        ("immediate", V2),
        ("reattempt", V3),
    ]
    secretmock.assert_rotations_succeeded()
    assert client.get_secret_value(SecretId="db")["SecretString"] == manual
    assert rotation.database == {"app": "chosen-by-hand"}


WRITES_A_VALUE = {
    "PutSecretValue": lambda client, value: client.put_secret_value(
        SecretId="db", ClientRequestToken=V3, SecretString=value
    ),
    "UpdateSecret": lambda client, value: client.update_secret(
        SecretId="db", ClientRequestToken=V3, SecretString=value
    ),
}


@pytest.mark.parametrize("operation", sorted(WRITES_A_VALUE))
def test_a_manual_value_change_moves_next_rotation_date_and_the_schedule(
    client, secretmock, operation
):
    # "If you also manually update your secret value while automatic rotation is set up, then
    # Secrets Manager considers that a valid rotation when it calculates the next rotation
    # date" [DOC]. LastRotatedDate is when Secrets Manager rotated the secret [DOC, USER].
    _, function, _ = rotated_secret(client, secretmock, ClientRequestToken=V1)
    client.rotate_secret(
        SecretId="db",
        ClientRequestToken=V2,
        RotationLambdaARN=function.arn,
        RotationRules={"AutomaticallyAfterDays": 10},
    )
    before = client.describe_secret(SecretId="db")
    secretmock.advance_time(timedelta(days=5))

    manual = credentials(password="chosen-by-hand")
    WRITES_A_VALUE[operation](client, manual)

    assert reply(client.describe_secret(SecretId="db")) == {
        **reply(before),
        "LastChangedDate": at(timedelta(days=5)),
        "NextRotationDate": end_of_day(15),
        "VersionIdsToStages": {V2: ["AWSPREVIOUS"], V3: ["AWSCURRENT"]},
    }
    assert before["LastRotatedDate"] == at()
    assert before["NextRotationDate"] == end_of_day(10)
    assert len(secretmock.rotations) == 1
    # The schedule counts from the manual change now, not from the last rotation.
    secretmock.advance_time(timedelta(days=6))  # day 11, 05:06: past the old end_of_day(10)
    assert secretmock.run_due_rotations() == []
    secretmock.advance_time(timedelta(days=4, hours=19))  # day 16, 00:06: past end_of_day(15)
    [scheduled] = secretmock.run_due_rotations()
    assert (scheduled.trigger, scheduled.outcome) == ("scheduled", "succeeded")
    assert client.get_secret_value(SecretId="db", VersionStage="AWSPREVIOUS")["SecretString"] == (
        manual
    )


@pytest.mark.secretmock(clock=datetime(2026, 2, 2, 17, 16, 24, tzinfo=timezone.utc))
def test_a_put_secret_value_a_day_after_a_rotation_gives_the_published_next_rotation_date(
    boto3_session, secretmock
):
    # A describe-secret a user published [USER, research/evidence-2026-12-05-rotation.md]:
    # LastRotatedDate 2026-02-02T17:16:24Z, AutomaticallyAfterDays 30, versions written on
    # 2026-02-03, NextRotationDate 2026-03-05T23:59:59Z (read as the write counting) [INF].
    client = boto3_session.client("secretsmanager", region_name="ap-northeast-1")
    function = secretmock.register_rotation_function("rotator", SingleUserRotation({"app": "x"}))
    client.create_secret(Name="db", SecretString=credentials())
    client.rotate_secret(
        SecretId="db", RotationLambdaARN=function.arn, RotationRules={"AutomaticallyAfterDays": 30}
    )
    secretmock.advance_time(timedelta(days=1, minutes=17, seconds=38))  # 2026-02-03 17:34:02

    client.put_secret_value(SecretId="db", SecretString=credentials(password="by-hand"))
    description = client.describe_secret(SecretId="db")

    assert description["LastRotatedDate"] == utc(2026, 2, 2, 17, 16, 24)
    assert description["NextRotationDate"] == utc(2026, 3, 5, 23, 59, 59)
    assert description["LastChangedDate"] == utc(2026, 2, 3, 17, 34, 2)


def test_a_manual_value_change_leaves_a_cron_schedule_alone(client, secretmock):
    # Assumed [INF]: a cron() schedule's windows are fixed dates, not counted from a rotation.
    _, function, _ = rotated_secret(client, secretmock, ClientRequestToken=V1)
    client.rotate_secret(
        SecretId="db",
        ClientRequestToken=V2,
        RotationLambdaARN=function.arn,
        RotationRules={"ScheduleExpression": "cron(0 12 15 * ? *)"},
    )
    secretmock.advance_time(timedelta(days=5))  # 9 March 2026

    client.put_secret_value(SecretId="db", ClientRequestToken=V3, SecretString="by hand")

    description = client.describe_secret(SecretId="db")
    assert description["NextRotationDate"] == utc(2026, 3, 15, 23, 59, 59)
    assert description["LastRotatedDate"] == at()
    assert description["RotationRules"] == {
        "AutomaticallyAfterDays": 11,
        "ScheduleExpression": "cron(0 12 15 * ? *)",
    }
