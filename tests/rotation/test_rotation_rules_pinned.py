"""Rotation rules that no other test pinned down, each found by a rule change the suite missed.

Through boto3 as users call it; see docs/mutation-testing.md for how the missed changes were
found.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from tests.assertions import raises_aws
from tests.operations.support import START, at, reply, token
from tests.rotation.handlers import Recorder
from tests.rotation.support import rotated_secret

pytestmark = pytest.mark.secretmock(clock=START, seed=97)

V1, V2 = token(1), token(2)


def idle_function(mock: Any) -> str:
    """A rotation function whose steps do nothing: nothing but RotateSecret changes the secret."""
    return str(mock.register_rotation_function("rotator", Recorder()).arn)


def test_rotate_secret_changes_the_secret_even_when_its_steps_write_nothing(client, secretmock):
    # Assumed [INF] (operations/rotation.py): configuring rotation is a change of the secret,
    # "the last date and time that this secret was modified in any way" [DOC LastChangedDate].
    client.create_secret(Name="db", SecretString="v1", ClientRequestToken=V1)
    arn = idle_function(secretmock)
    secretmock.advance_time(timedelta(hours=1))

    response = client.rotate_secret(SecretId="db", ClientRequestToken=V2, RotationLambdaARN=arn)

    assert reply(response) == {"ARN": response["ARN"], "Name": "db", "VersionId": V2}
    described = client.describe_secret(SecretId="db")
    assert described["LastChangedDate"] == at(timedelta(hours=1))
    assert described["CreatedDate"] == at()


def test_cancel_rotate_secret_changes_the_secret(client, secretmock):
    # Assumed [INF] (operations/rotation.py): turning rotation off is a configuration change.
    client.create_secret(Name="db", SecretString="v1", ClientRequestToken=V1)
    client.rotate_secret(
        SecretId="db", ClientRequestToken=V2, RotationLambdaARN=idle_function(secretmock)
    )
    secretmock.advance_time(timedelta(hours=2))

    response = client.cancel_rotate_secret(SecretId="db")

    assert reply(response) == {"ARN": response["ARN"], "Name": "db", "VersionId": V2}
    described = client.describe_secret(SecretId="db")
    assert described["LastChangedDate"] == at(timedelta(hours=2))
    assert described["RotationEnabled"] is False


@pytest.mark.secretmock(clock=datetime(9999, 11, 3, tzinfo=timezone.utc), seed=97)
def test_a_rotation_with_no_next_window_before_year_10000_reports_no_days_for_its_schedule(
    client, secretmock
):
    # RotationRules.AutomaticallyAfterDays of a ScheduleExpression is "calculated from the
    # rotation schedule after every successful rotation" [DOC]: once the next window would be
    # past 9999-12-31 (no date a reply can carry), no next rotation is planned, and no count of
    # days to it is reported either (assumed [INF]).
    _, function, _ = rotated_secret(client, secretmock)
    client.rotate_secret(
        SecretId="db",
        RotationLambdaARN=function.arn,
        RotationRules={"ScheduleExpression": "rate(30 days)"},
    )
    rules = client.describe_secret(SecretId="db")["RotationRules"]
    assert rules == {"AutomaticallyAfterDays": 30, "ScheduleExpression": "rate(30 days)"}

    # Past the window of 3 December: the rotation counts in it, and the next would open on
    # 2 January 10000.
    secretmock.clock.set(datetime(9999, 12, 4, 12, 0, tzinfo=timezone.utc))
    described = client.describe_secret(SecretId="db")

    assert (secretmock.rotations[-1].trigger, secretmock.rotations[-1].outcome) == (
        "scheduled",
        "succeeded",
    )
    assert described["RotationRules"] == {"ScheduleExpression": "rate(30 days)"}
    assert "NextRotationDate" not in described


def test_a_refused_scheduled_rotation_is_queued_again_when_rotation_is_set_for_the_same_window(
    client, secretmock
):
    # A scheduled rotation with no room for its AWSPENDING version fails before any step and
    # leaves NextRotationDate in the past (see test_rotation_quotas). Once a label is freed, a
    # RotateSecret with RotateImmediately=false plans the same window from the same last
    # rotation: that rotation is due, and the next call runs it.
    _, function, _ = rotated_secret(client, secretmock, ClientRequestToken=V1)
    client.rotate_secret(
        SecretId="db",
        ClientRequestToken=V2,
        RotationLambdaARN=function.arn,
        RotationRules={"AutomaticallyAfterDays": 1},
    )
    custom = [f"label-{number:02d}" for number in range(18)]
    for label in custom:  # V1 AWSPREVIOUS, V2 AWSCURRENT and these: 20 labels
        client.update_secret_version_stage(SecretId="db", VersionStage=label, MoveToVersionId=V2)
    secretmock.advance_time(timedelta(days=2))
    client.describe_secret(SecretId="db")  # runs the scheduled rotation: refused
    client.update_secret_version_stage(
        SecretId="db", VersionStage=custom[0], RemoveFromVersionId=V2
    )

    client.rotate_secret(SecretId="db", ClientRequestToken=token(3), RotateImmediately=False)
    client.describe_secret(SecretId="db")

    runs = [(run.trigger, run.outcome) for run in secretmock.rotations]
    assert runs == [
        ("immediate", "succeeded"),
        ("scheduled", "failed"),
        ("test", "succeeded"),
        ("scheduled", "succeeded"),
    ]


PREVIOUS_INCOMPLETE = "A previous rotation isn't complete. That rotation will be reattempted."


def test_an_awspending_put_by_hand_on_a_secret_never_rotated_blocks_rotation_and_nothing_runs(
    client, secretmock
):
    # "If the AWSPENDING staging label is present but not attached to the same version as
    # AWSCURRENT, then any later invocation of RotateSecret assumes that a previous rotation
    # request is still in progress and returns an error" [DOC RotateSecret]. No rotation is
    # configured, so nothing is there to reattempt it (assumed [INF]).
    client.create_secret(Name="db", SecretString="v1", ClientRequestToken=V1)
    client.put_secret_value(
        SecretId="db", SecretString="v2", ClientRequestToken=V2, VersionStages=["AWSPENDING"]
    )
    arn = idle_function(secretmock)

    with raises_aws("InvalidRequestException", PREVIOUS_INCOMPLETE):
        client.rotate_secret(SecretId="db", ClientRequestToken=token(3), RotationLambdaARN=arn)

    assert list(secretmock.rotations) == []
    assert "RotationEnabled" not in client.describe_secret(SecretId="db")


def test_an_unfinished_rotation_that_was_cancelled_is_not_reattempted(client, secretmock):
    # After CancelRotateSecret, nothing reattempts the unfinished rotation that RotateSecret's
    # refusal names (assumed [INF]: "That rotation will be reattempted" by rotation, now off).
    client.create_secret(Name="db", SecretString="v1", ClientRequestToken=V1)
    client.rotate_secret(
        SecretId="db", ClientRequestToken=V2, RotationLambdaARN=idle_function(secretmock)
    )
    client.cancel_rotate_secret(SecretId="db")

    with raises_aws("InvalidRequestException", PREVIOUS_INCOMPLETE):
        client.rotate_secret(SecretId="db", ClientRequestToken=token(3))

    assert [(run.trigger, run.token) for run in secretmock.rotations] == [("immediate", V2)]
    assert client.describe_secret(SecretId="db")["RotationEnabled"] is False


def test_a_test_rotation_on_an_existing_version_keeps_that_version(client, secretmock):
    # RotateImmediately=false "creates an AWSPENDING version of the secret and then removes it"
    # [DOC RotateSecret]; a token naming an existing version reuses it (assumed [INF]), and
    # only a version the test created is removed afterwards.
    client.create_secret(Name="db", SecretString="v1", ClientRequestToken=V1)
    client.put_secret_value(SecretId="db", SecretString="v2", ClientRequestToken=V2)
    client.put_secret_value(SecretId="db", SecretString="v3", ClientRequestToken=token(3))

    client.rotate_secret(
        SecretId="db",
        ClientRequestToken=V1,  # deprecated: no label left on it
        RotationLambdaARN=idle_function(secretmock),
        RotateImmediately=False,
    )

    assert [(run.trigger, run.outcome) for run in secretmock.rotations] == [("test", "succeeded")]
    value = client.get_secret_value(SecretId="db", VersionId=V1)
    assert (value["SecretString"], value["VersionStages"]) == ("v1", [])
    listed = client.list_secret_version_ids(SecretId="db", IncludeDeprecated=True)["Versions"]
    assert [version["VersionId"] for version in listed] == [V1, V2, token(3)]
    assert client.describe_secret(SecretId="db")["VersionIdsToStages"] == {
        V2: ["AWSPREVIOUS"],
        token(3): ["AWSCURRENT"],
    }
    with raises_aws(
        "ResourceNotFoundException",
        "Secrets Manager can't find the specified secret value for staging label: AWSPENDING",
    ):
        client.get_secret_value(SecretId="db", VersionStage="AWSPENDING")
    # No label is left behind: the secret still has room for 18 more, to AWS's 20.
    for number in range(18):
        client.update_secret_version_stage(
            SecretId="db", VersionStage=f"label-{number:02d}", MoveToVersionId=V1
        )


def test_a_test_rotation_gives_awspending_back_to_the_current_version_it_took_it_from(
    client, secretmock
):
    # A finished rotation may leave AWSPENDING on the AWSCURRENT version [REC] (this function
    # removes it; here it is put back by hand). A test rotation (RotateImmediately=false) moves
    # it to its short-lived version and, once that version is removed, AWSPENDING comes back
    # where it was (assumed [INF], see _test_run).
    _, function, _ = rotated_secret(client, secretmock, ClientRequestToken=V1)
    client.rotate_secret(SecretId="db", ClientRequestToken=V2, RotationLambdaARN=function.arn)
    client.update_secret_version_stage(SecretId="db", VersionStage="AWSPENDING", MoveToVersionId=V2)
    after_rotation = {V1: ["AWSPREVIOUS"], V2: ["AWSCURRENT", "AWSPENDING"]}
    assert client.describe_secret(SecretId="db")["VersionIdsToStages"] == after_rotation

    client.rotate_secret(SecretId="db", ClientRequestToken=token(3), RotateImmediately=False)

    assert [(run.trigger, run.outcome) for run in secretmock.rotations] == [
        ("immediate", "succeeded"),
        ("test", "succeeded"),
    ]
    assert client.describe_secret(SecretId="db")["VersionIdsToStages"] == after_rotation


def test_a_rotation_due_after_the_deletion_date_finds_the_secret_gone(client, secretmock):
    # The rotation falls due while the secret waits for its deletion, which comes first: the
    # rotation is put off to the deletion date, and then finds nothing to rotate.
    _, function, _ = rotated_secret(client, secretmock)
    client.rotate_secret(
        SecretId="db", RotationLambdaARN=function.arn, RotationRules={"AutomaticallyAfterDays": 1}
    )
    client.delete_secret(SecretId="db", RecoveryWindowInDays=7)
    secretmock.advance_time(timedelta(days=8))

    assert client.list_secrets()["SecretList"] == []
    assert [record.trigger for record in secretmock.rotations] == ["immediate"]
    assert secretmock.run_due_rotations() == []


def test_cancel_rotate_secret_refuses_a_secret_id_that_is_neither_an_arn_nor_a_name(client):
    with raises_aws(
        "ValidationException",
        "Invalid name. Must be a valid name containing alphanumeric characters, "
        "or any of the following: -/_+=.@!",
    ):
        client.cancel_rotate_secret(SecretId="has space")
