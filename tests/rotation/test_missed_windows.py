"""Windows the clock skips: each rotation counts in the window it was due in, one a window."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.operations.support import START, at, reply, token
from tests.rotation.handlers import credentials
from tests.rotation.support import end_of_day, rotated_secret, utc

pytestmark = pytest.mark.secretmock(clock=START, seed=5)

DAY = timedelta(days=1)


def test_a_daily_schedule_rotates_once_a_day_when_the_clock_moves_a_day_at_a_time(
    client, secretmock
):
    _, function, _ = rotated_secret(client, secretmock)
    client.rotate_secret(
        SecretId="db", RotationLambdaARN=function.arn, RotationRules={"AutomaticallyAfterDays": 1}
    )

    last_rotated = []
    for _ in range(10):
        secretmock.advance_time(DAY)
        last_rotated.append(client.describe_secret(SecretId="db")["LastRotatedDate"])

    assert [run.trigger for run in secretmock.rotations] == ["immediate"] + ["scheduled"] * 9
    secretmock.assert_rotations_succeeded()
    # Day 1 at 05:06 is inside day 1's window; from day 2 on, each call finds one more passed.
    assert last_rotated == [at()] + [end_of_day(day) for day in range(1, 10)]
    assert client.describe_secret(SecretId="db")["NextRotationDate"] == end_of_day(10)


def test_every_window_the_clock_skipped_gets_its_rotation_in_order(client, secretmock):
    _, function, _ = rotated_secret(client, secretmock)
    client.rotate_secret(
        SecretId="db", RotationLambdaARN=function.arn, RotationRules={"AutomaticallyAfterDays": 30}
    )
    assert client.describe_secret(SecretId="db")["NextRotationDate"] == end_of_day(30)

    secretmock.advance_time(DAY * 95)
    description = client.describe_secret(SecretId="db")

    scheduled = secretmock.rotations[1:]
    assert [run.trigger for run in secretmock.rotations] == ["immediate"] + ["scheduled"] * 3
    secretmock.assert_rotations_succeeded()
    # The last of the three counts in the window of day 90 and plans day 120's.
    assert description["LastRotatedDate"] == end_of_day(90)
    assert description["NextRotationDate"] == end_of_day(120)
    # The versions the rotation function wrote carry the time the mock ran it.
    versions = {
        version["VersionId"]: version
        for version in client.list_secret_version_ids(SecretId="db")["Versions"]
    }
    assert versions[scheduled[-1].token]["CreatedDate"] == at(DAY * 95)
    assert versions[scheduled[-1].token]["VersionStages"] == ["AWSCURRENT"]
    assert versions[scheduled[-2].token]["VersionStages"] == ["AWSPREVIOUS"]


def test_a_cron_schedule_makes_up_each_window_it_missed(client, secretmock):
    _, function, _ = rotated_secret(client, secretmock)
    client.rotate_secret(
        SecretId="db",
        RotationLambdaARN=function.arn,
        RotationRules={"ScheduleExpression": "cron(0 12 ? * MON *)", "Duration": "2h"},
    )
    # START is Wednesday 4 March 2026: windows on Mondays 9, 16, 23 and 30 March, 12:00-14:00.
    secretmock.advance_time(DAY * 20)  # Tuesday 24 March, 05:06

    description = client.describe_secret(SecretId="db")

    assert [run.trigger for run in secretmock.rotations] == ["immediate"] + ["scheduled"] * 3
    assert description["LastRotatedDate"] == utc(2026, 3, 23, 13, 59, 59)
    assert description["NextRotationDate"] == utc(2026, 3, 30, 13, 59, 59)


def test_at_most_10_missed_windows_are_made_up_and_the_last_counts_when_it_ran(client, secretmock):
    # rate(4 hours) and ten years: 21,900 windows. The 10th rotation counts at the time it
    # ran and the next window is the first after it.
    _, function, _ = rotated_secret(client, secretmock)
    client.rotate_secret(
        SecretId="db",
        RotationLambdaARN=function.arn,
        RotationRules={"ScheduleExpression": "rate(4 hours)"},
    )
    secretmock.advance_time(DAY * 3650)  # Saturday 1 March 2036, 05:06:07

    ran = secretmock.run_due_rotations()
    description = client.describe_secret(SecretId="db")

    assert [run.trigger for run in ran] == ["scheduled"] * 10
    secretmock.assert_rotations_succeeded()
    assert description["LastRotatedDate"] == at(DAY * 3650)
    assert description["NextRotationDate"] == utc(2036, 3, 1, 8, 59, 59)
    assert secretmock.run_due_rotations() == []


def test_a_month_of_missed_windows_leaves_room_for_the_next_write_and_rotation(client, secretmock):
    # A month of rate(4 hours) is 180 windows. The made-up rotations all run at the mock's one
    # instant, so none of their versions is 24 hours old and none can be removed: 100 of them
    # would fill the secret and the next write and rotation would be refused.
    _, function, _ = rotated_secret(client, secretmock)
    client.rotate_secret(
        SecretId="db",
        RotationLambdaARN=function.arn,
        RotationRules={"ScheduleExpression": "rate(4 hours)"},
    )
    secretmock.advance_time(DAY * 30)  # Friday 3 April 2026, 05:06:07

    client.list_secrets()

    assert [run.trigger for run in secretmock.rotations] == ["immediate"] + ["scheduled"] * 10
    secretmock.assert_rotations_succeeded()
    description = client.describe_secret(SecretId="db")
    assert description["LastRotatedDate"] == at(DAY * 30)
    assert description["NextRotationDate"] == utc(2026, 4, 3, 8, 59, 59)
    versions = client.list_secret_version_ids(SecretId="db", IncludeDeprecated=True)["Versions"]
    # The created one, the immediate rotation's, and the ten made up, all created now.
    assert len(versions) == 12
    made_up = {run.token for run in secretmock.rotations[1:]}
    assert {version["CreatedDate"] for version in versions if version["VersionId"] in made_up} == {
        at(DAY * 30)
    }

    written = client.put_secret_value(
        SecretId="db", ClientRequestToken=token(1), SecretString=credentials(password="by-hand")
    )
    secretmock.advance_time(timedelta(hours=5))  # 10:06:07, past the 08:00-08:59:59 window
    description = client.describe_secret(SecretId="db")

    assert reply(written) == {
        "ARN": description["ARN"],
        "Name": "db",
        "VersionId": token(1),
        "VersionStages": ["AWSCURRENT"],
    }
    assert [run.trigger for run in secretmock.rotations[11:]] == ["scheduled"]
    secretmock.assert_rotations_succeeded()
    assert description["LastRotatedDate"] == utc(2026, 4, 3, 8, 59, 59)
    assert description["NextRotationDate"] == utc(2026, 4, 3, 12, 59, 59)
    assert description["VersionIdsToStages"][secretmock.rotations[-1].token] == ["AWSCURRENT"]
    assert description["VersionIdsToStages"][token(1)] == ["AWSPREVIOUS"]


def test_a_seeded_rotation_already_due_runs_once_when_the_mock_is_first_called(client, secretmock):
    function = secretmock.register_rotation_function("rotator", lambda event, context: None)
    # Rotated 95 days before the mock started, every 30 days: three windows passed before the
    # mock knew the secret. They are not made up: one rotation, counted when it runs.
    secretmock.add_secret(
        "db",
        "v1",
        created=START - timedelta(days=100),
        rotation={
            "lambda_arn": function.arn,
            "rules": {"AutomaticallyAfterDays": 30},
            "last_rotated": START - timedelta(days=95),
        },
    )

    described = client.describe_secret(SecretId="db")

    assert [run.trigger for run in secretmock.rotations] == ["scheduled"]
    assert (described["LastRotatedDate"], described["NextRotationDate"]) == (
        at(),
        end_of_day(30),
    )
