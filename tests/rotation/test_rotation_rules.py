"""RotationRules through boto3: AWS's validation, and the dates DescribeSecret reports."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from tests.assertions import raises_aws
from tests.operations.support import START, at, state
from tests.rotation.handlers import Recorder
from tests.rotation.support import end_of_day, utc

pytestmark = pytest.mark.secretmock(clock=START, seed=5)

TOO_LONG_WINDOW = (
    "The rotation window duration 3h is too long: the rotation window must not extend into the "
    "next UTC day or into the next rotation window."
)


@pytest.fixture
def function_arn(secretmock, client):
    client.create_secret(Name="db", SecretString="v1")
    return secretmock.register_rotation_function("rotator", Recorder()).arn


@pytest.mark.parametrize(
    ("rules", "code", "message"),
    [
        (
            {"AutomaticallyAfterDays": 7, "ScheduleExpression": "rate(7 days)"},
            "InvalidParameterException",
            "You cannot specify both rotation frequency and schedule expression together.",
        ),
        (
            {"AutomaticallyAfterDays": 1001},
            "ValidationException",
            "1 validation error detected: Value '1001' at 'rotationRules.automaticallyAfterDays' "
            "failed to satisfy constraint: Member must have value less than or equal to 1000",
        ),
        (
            {"ScheduleExpression": "rate(1 day)$"},
            "ValidationException",
            "1 validation error detected: Value 'rate(1 day)$' at "
            "'rotationRules.scheduleExpression' failed to satisfy constraint: Member must "
            "satisfy regular expression pattern: [0-9A-Za-z\\(\\)#\\?\\*\\-\\/, ]+",
        ),
        (
            {"ScheduleExpression": "rate(1 day)" + " " * 250},
            "ValidationException",
            "1 validation error detected: Value '"
            + "rate(1 day)"
            + " " * 250
            + "' at 'rotationRules.scheduleExpression' failed to satisfy constraint: Member "
            "must have length less than or equal to 256",
        ),
        *(
            # AWS's pattern, also where the client's older botocore model has "[0-9h]+" (before
            # 1.41.0), which lets "h3" and "44" through.
            (
                {"AutomaticallyAfterDays": 1, "Duration": duration},
                "ValidationException",
                f"1 validation error detected: Value '{duration}' at 'rotationRules.duration' "
                "failed to satisfy constraint: Member must satisfy regular expression pattern: "
                "[0-9]+h",
            )
            for duration in ("3x", "h3", "44", "1hh")
        ),
        (
            {"AutomaticallyAfterDays": 1, "Duration": "100h"},
            "ValidationException",
            "1 validation error detected: Value '100h' at 'rotationRules.duration' failed to "
            "satisfy constraint: Member must have length less than or equal to 3",
        ),
        (
            {"ScheduleExpression": "rate(2 hours)"},
            "InvalidParameterException",
            "Invalid schedule expression rate(2 hours): you can rotate a secret at most every "
            "four hours.",
        ),
        (
            {"ScheduleExpression": "cron(0 22 * * ? *)", "Duration": "3h"},
            "InvalidParameterException",
            TOO_LONG_WINDOW,
        ),
        (
            # "The maximum rotation period is 999 days" [DOC], in hours too: 999 * 24 = 23976.
            {"ScheduleExpression": "rate(23977 hours)"},
            "InvalidParameterException",
            "Invalid schedule expression rate(23977 hours): the longest rotation period is 999 "
            "days.",
        ),
        (
            # Once a ValueError: the next rotation date fell past year 9999.
            {"ScheduleExpression": "rate(99999999999 hours)"},
            "InvalidParameterException",
            "Invalid schedule expression rate(99999999999 hours): the longest rotation period "
            "is 999 days.",
        ),
    ],
)
@pytest.mark.parametrize("immediately", [True, False])
def test_invalid_rules_are_refused_before_anything_changes(
    client, secretmock, function_arn, rules, code, message, immediately
):
    before = state(secretmock)

    with raises_aws(code, message):
        client.rotate_secret(
            SecretId="db",
            RotationLambdaARN=function_arn,
            RotationRules=rules,
            RotateImmediately=immediately,
        )

    assert state(secretmock) == before
    assert len(secretmock.rotations) == 0


def test_invalid_rules_are_refused_even_for_a_missing_secret(client, function_arn):
    with raises_aws("InvalidParameterException", TOO_LONG_WINDOW):
        client.rotate_secret(
            SecretId="missing",
            RotationLambdaARN=function_arn,
            RotationRules={"ScheduleExpression": "cron(0 22 * * ? *)", "Duration": "3h"},
        )


@pytest.mark.parametrize(
    ("rules", "reported", "next_date"),
    [
        ({"AutomaticallyAfterDays": 3}, {"AutomaticallyAfterDays": 3}, end_of_day(3)),
        (
            {"AutomaticallyAfterDays": 3, "Duration": "2h"},
            {"AutomaticallyAfterDays": 3, "Duration": "2h"},
            utc(2026, 3, 7, 1, 59, 59),
        ),
        (
            # Recorded by users: AWS reports AutomaticallyAfterDays 1 for rate(10 hours).
            {"ScheduleExpression": "rate(10 hours)"},
            {"AutomaticallyAfterDays": 1, "ScheduleExpression": "rate(10 hours)"},
            utc(2026, 3, 4, 10, 59, 59),
        ),
        (
            {"ScheduleExpression": "cron(0 16 1,15 * ? *)", "Duration": "2h"},
            {
                "AutomaticallyAfterDays": 11,
                "Duration": "2h",
                "ScheduleExpression": "cron(0 16 1,15 * ? *)",
            },
            utc(2026, 3, 15, 17, 59, 59),
        ),
    ],
)
def test_describe_secret_reports_the_rules_and_the_next_rotation_date(
    client, function_arn, rules, reported, next_date
):
    client.rotate_secret(SecretId="db", RotationLambdaARN=function_arn, RotationRules=rules)

    description = client.describe_secret(SecretId="db")
    assert description["RotationRules"] == reported
    assert description["NextRotationDate"] == next_date
    assert description["LastRotatedDate"] == at()


def test_the_longest_hourly_rate_is_999_days(client, function_arn):
    client.rotate_secret(
        SecretId="db",
        RotationLambdaARN=function_arn,
        RotationRules={"ScheduleExpression": "rate(23976 hours)"},
    )

    # Hour windows count from midnight of the last rotation's day and last one hour.
    assert client.describe_secret(SecretId="db")["NextRotationDate"] == utc(2028, 11, 27, 0, 59, 59)


@pytest.mark.secretmock(clock=datetime(2040, 3, 4, 5, 6, 7, tzinfo=timezone.utc), seed=5)
@pytest.mark.parametrize("immediately", [True, False])
def test_a_cron_schedule_decades_apart_finds_its_next_window(client, function_arn, immediately):
    # The fifth Sunday of February comes once in 28 years (after 2032, in 2060). The next
    # window used to be looked for only 8 years ahead: an AssertionError, and a secret left
    # with a rotation version and settings but no schedule.
    client.rotate_secret(
        SecretId="db",
        RotationLambdaARN=function_arn,
        RotationRules={"ScheduleExpression": "cron(0 0 ? FEB SUN#5 *)"},
        RotateImmediately=immediately,
    )

    description = client.describe_secret(SecretId="db")
    assert description["NextRotationDate"] == utc(2060, 2, 29, 23, 59, 59)
    assert description["RotationRules"] == {
        "AutomaticallyAfterDays": 7301,
        "ScheduleExpression": "cron(0 0 ? FEB SUN#5 *)",
    }
