"""Rotating by hand, following AWS's documented steps, is not a Secrets Manager rotation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.assertions import raises_aws
from tests.operations.support import START, at, reply, token
from tests.rotation.handlers import credentials
from tests.rotation.support import end_of_day, rotated_secret

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


def test_a_manual_rotation_changes_the_value_but_not_the_rotation_dates_or_log(client, secretmock):
    _, function, _ = rotated_secret(client, secretmock, ClientRequestToken=V1)
    client.rotate_secret(
        SecretId="db",
        ClientRequestToken=V2,
        RotationLambdaARN=function.arn,
        RotationRules={"AutomaticallyAfterDays": 10},
    )
    secretmock.advance_time(timedelta(hours=5))

    manual = credentials(password="chosen-by-hand")
    rotate_by_hand(client, V3, manual)

    description = client.describe_secret(SecretId="db")
    assert description["VersionIdsToStages"] == {V2: ["AWSPREVIOUS"], V3: ["AWSCURRENT"]}
    assert description["LastRotatedDate"] == at()
    assert description["NextRotationDate"] == end_of_day(10)
    assert description["LastChangedDate"] == at(timedelta(hours=5))
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
def test_a_manual_value_change_leaves_the_rotation_dates_and_schedule_alone(
    client, secretmock, operation
):
    # LastRotatedDate is when Secrets Manager rotated the secret [DOC, USER]; NextRotationDate
    # is assumed [INF] to stay too (see secretmock._backend.versioning.write_value).
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
        "VersionIdsToStages": {V2: ["AWSPREVIOUS"], V3: ["AWSCURRENT"]},
    }
    assert before["LastRotatedDate"] == at()
    assert before["NextRotationDate"] == end_of_day(10)
    assert len(secretmock.rotations) == 1
    # The schedule still counts from the last rotation, not from the manual change.
    secretmock.advance_time(timedelta(days=5))  # day 10, 05:06: inside day 10's window
    assert secretmock.run_due_rotations() == []
    secretmock.advance_time(timedelta(hours=19))  # day 11, 00:06: past end_of_day(10)
    [scheduled] = secretmock.run_due_rotations()
    assert (scheduled.trigger, scheduled.outcome) == ("scheduled", "succeeded")
    assert client.get_secret_value(SecretId="db", VersionStage="AWSPREVIOUS")["SecretString"] == (
        manual
    )
