"""Dates past 9999-12-31, the last one a datetime (and so botocore) can hold.

A call whose answer or state would need such a date (a deletion or rotation date computed from
a clock near the end of 9999) answers InternalServiceError (HTTP 500) and changes nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from secretmock._clock import to_datetime
from tests.assertions import raises_aws
from tests.operations.support import state
from tests.rotation.support import rotated_secret

LATE = datetime(9999, 12, 25, 12, 0, tzinfo=timezone.utc)
DAY = timedelta(days=1)
OUT_OF_RANGE = "An error occurred on the server side."


def late(delta: timedelta = timedelta()) -> datetime:
    """The datetime botocore hands back for LATE + ``delta``."""
    return to_datetime((LATE + delta).timestamp())


@pytest.mark.secretmock(clock=LATE, seed=9)
@pytest.mark.parametrize("window", [None, 7, 30])
def test_a_deletion_date_past_year_9999_is_refused_and_nothing_changes(client, secretmock, window):
    client.create_secret(Name="s", SecretString="v")
    before = state(secretmock)
    params: dict[str, Any] = {} if window is None else {"RecoveryWindowInDays": window}

    with raises_aws("InternalServiceError", OUT_OF_RANGE, status=500):
        client.delete_secret(SecretId="s", **params)

    assert state(secretmock) == before
    assert "DeletedDate" not in client.describe_secret(SecretId="s")
    assert client.get_secret_value(SecretId="s")["SecretString"] == "v"


@pytest.mark.secretmock(clock=LATE - DAY * 2, seed=9)
def test_a_deletion_date_just_inside_year_9999_is_scheduled(client, secretmock):
    client.create_secret(Name="s", SecretString="v")

    deleted = client.delete_secret(SecretId="s", RecoveryWindowInDays=7)

    assert deleted["DeletionDate"] == late(DAY * 5)
    assert client.describe_secret(SecretId="s")["DeletedDate"] == late(-DAY * 2)


@pytest.mark.secretmock(clock=LATE, seed=9)
@pytest.mark.parametrize(
    "rules",
    [
        {"AutomaticallyAfterDays": 30},
        {"ScheduleExpression": "rate(10 days)"},
        {"ScheduleExpression": "cron(0 10 1 1 ? *)"},  # every 1 January: next in year 10000
    ],
)
def test_a_next_rotation_date_past_year_9999_is_refused_and_nothing_changes(
    client, secretmock, rules
):
    _, function, rotation = rotated_secret(client, secretmock)
    before = state(secretmock)

    with raises_aws("InternalServiceError", OUT_OF_RANGE, status=500):
        client.rotate_secret(SecretId="db", RotationLambdaARN=function.arn, RotationRules=rules)

    assert state(secretmock) == before
    assert list(secretmock.rotations) == []
    assert rotation.calls == []
    assert "RotationEnabled" not in client.describe_secret(SecretId="db")


@pytest.mark.secretmock(clock=datetime(9999, 11, 3, tzinfo=timezone.utc), seed=9)
def test_a_scheduled_rotation_whose_next_window_is_past_year_9999_plans_no_next_one(
    client, secretmock
):
    _, function, _ = rotated_secret(client, secretmock)
    client.rotate_secret(
        SecretId="db", RotationLambdaARN=function.arn, RotationRules={"AutomaticallyAfterDays": 30}
    )
    end_of_window = datetime(9999, 12, 3, 23, 59, 59, tzinfo=timezone.utc)
    assert client.describe_secret(SecretId="db")["NextRotationDate"] == to_datetime(
        end_of_window.timestamp()
    )

    # The rotation counts in its window, and the next one would open on 2 January 10000.
    secretmock.clock.set(datetime(9999, 12, 4, 12, 0, tzinfo=timezone.utc))
    description = client.describe_secret(SecretId="db")

    scheduled = secretmock.rotations[-1]
    assert (scheduled.trigger, scheduled.outcome) == ("scheduled", "succeeded")
    assert description["RotationEnabled"] is True
    assert description["LastRotatedDate"] == to_datetime(end_of_window.timestamp())
    assert "NextRotationDate" not in description
