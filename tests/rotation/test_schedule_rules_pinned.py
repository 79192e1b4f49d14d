"""RotationRules at their edges, through boto3: the rules a changed line of the schedule breaks.

Each case rests on AWS's documented rules [DOC "Rotation schedules" and "Schedule expressions",
Secrets Manager user guide]: windows open on the hour in UTC; a secret rotates at most every four
hours; a cron expression "that includes increments of hours resets each day", so the gap from a
day's last hour to the next firing day's first hour counts; a window (``Duration``) must not
reach into the next UTC day or the next window; ``rate()`` runs from 1 day (or 4 hours) to 999
days. The cron fields are EventBridge's: hours 0-23, day-of-month 1-31 with ``L``, months 1-12
or JAN-DEC, day-of-week 1-7 (1 = SUN) or SUN-SAT with ``#`` (1-5) and ``L``; ``,`` ``-`` ``/``
``*`` in every field. The texts of the refusals are the mock's own, assumed [INF] (see
secretmock/_rotation/schedule.py); their codes and the rules are what is pinned here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from tests.assertions import raises_aws
from tests.operations.support import START, at, state
from tests.rotation.handlers import Recorder
from tests.rotation.support import utc

pytestmark = pytest.mark.secretmock(clock=START, seed=71)  # START: Wednesday 2026-03-04 05:06:07

FOUR_HOURS = "you can rotate a secret at most every four hours."
TOO_LONG = (
    "The rotation window duration {} is too long: the rotation window must not extend into the "
    "next UTC day or into the next rotation window."
)
# Exactly 256 characters, the model's limit: "01" then 119 more "1"s in day-of-month.
LONGEST_EXPRESSION = "cron(0 9 01" + ",1" * 119 + " * ? *)"


@pytest.fixture
def function_arn(secretmock, client):
    client.create_secret(Name="db", SecretString="v1")
    return secretmock.register_rotation_function("rotator", Recorder()).arn


def rotate(client: Any, function_arn: str, rules: dict[str, str]) -> dict[str, Any]:
    """RotateSecret with ``rules``, then DescribeSecret's rotation members."""
    client.rotate_secret(SecretId="db", RotationLambdaARN=function_arn, RotationRules=rules)
    description = client.describe_secret(SecretId="db")
    assert description["LastRotatedDate"] == at()
    return {key: description[key] for key in ("RotationRules", "NextRotationDate")}


def accepted(expression: str, days: int, next_date: datetime, duration: str | None = None) -> Any:
    """A case: the rules sent, and DescribeSecret's RotationRules and NextRotationDate after."""
    rules = {"ScheduleExpression": expression}
    if duration is not None:
        rules["Duration"] = duration
    expected = {
        "RotationRules": {"AutomaticallyAfterDays": days, **rules},
        "NextRotationDate": next_date,
    }
    return pytest.param(rules, expected, id=f"{expression} {duration or ''}".strip())


def refused(expression: str, reason: str) -> Any:
    message = f"Invalid schedule expression {expression}: {reason}"
    return pytest.param({"ScheduleExpression": expression}, message, id=expression)


def too_long(expression: str, duration: str) -> Any:
    rules = {"ScheduleExpression": expression, "Duration": duration}
    return pytest.param(rules, TOO_LONG.format(duration), id=f"{expression} {duration}")


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        # Several hours a day, on days that never follow each other: the gap within the day
        # (19 hours) is the shortest; 20:00 the same Wednesday is the next window, one hour long.
        accepted("cron(0 1,20 ? * MON,WED *)", 1, utc(2026, 3, 4, 20, 59, 59)),
        # Every other day of the month, 02:00 and 22:00: the 31st and the next month's 1st follow
        # each other, and 22:00 to 02:00 is exactly the four hours allowed.
        accepted("cron(0 2,22 */2 * ? *)", 1, utc(2026, 3, 5, 2, 59, 59)),
        # Months left out break the runs: 31 January is followed by no firing 1 February.
        accepted("cron(0 1,23 */2 JAN ? *)", 303, utc(2027, 1, 1, 1, 59, 59)),
        accepted("cron(0 1,23 L JAN ? *)", 333, utc(2027, 1, 31, 1, 59, 59)),
        accepted("cron(0 1,23 L JAN,MAR ? *)", 27, utc(2026, 3, 31, 1, 59, 59)),
        # 30-day months: the odd days end on the 29th, never next to the next month's 1st.
        accepted("cron(0 1,23 */2 APR,JUN,SEP,NOV ? *)", 28, utc(2026, 4, 1, 1, 59, 59)),
        # Field parsing: lists, "L" beside a day, names, and every numeric bound.
        accepted("cron(0 9 ? * MON,WED,FRI *)", 1, utc(2026, 3, 4, 23, 59, 59)),
        accepted("cron(0 9 1,L * ? *)", 27, utc(2026, 3, 31, 23, 59, 59)),
        accepted("cron(0 9 1 JAN,JUL ? *)", 119, utc(2026, 7, 1, 23, 59, 59)),
        accepted("cron(0 9 ? * SUN-TUE *)", 4, utc(2026, 3, 8, 23, 59, 59)),
        accepted(
            "cron(0 9 1 JAN,FEB,MAR,APR,MAY,JUN,JUL,AUG,SEP,OCT,NOV,DEC ? *)",
            28,
            utc(2026, 4, 1, 23, 59, 59),
        ),
        accepted("cron(0 9 ? * SUN,MON,TUE,WED,THU,FRI,SAT *)", 1, utc(2026, 3, 4, 23, 59, 59)),
        accepted("cron(0 9 ? * THU#1,SAT#1 *)", 1, utc(2026, 3, 5, 23, 59, 59)),
        accepted("cron(0 9 ? * 1#2 *)", 4, utc(2026, 3, 8, 23, 59, 59)),  # the second Sunday
        accepted("cron(0 9 ? * 1L *)", 25, utc(2026, 3, 29, 23, 59, 59)),  # the last Sunday
        accepted("cron(0 9 ? * 7#1 *)", 3, utc(2026, 3, 7, 23, 59, 59)),  # the first Saturday
        # "*" beside a specific day of the month stands for "?" [INF, as AWS's own example
        # "cron(0 1 * 1/3 SUN *)" has "*" beside a day of the week].
        accepted("cron(0 9 1 * * *)", 28, utc(2026, 4, 1, 23, 59, 59)),
        accepted("cron(0 0 1 1 ? *)", 303, utc(2027, 1, 1, 23, 59, 59)),
        accepted("cron(0 23 31 12 ? *)", 302, utc(2026, 12, 31, 23, 59, 59)),
        accepted("cron(0 9 ? * 1 *)", 4, utc(2026, 3, 8, 23, 59, 59)),  # 1 = SUN
        accepted("cron(0 9 ? * 7 *)", 3, utc(2026, 3, 7, 23, 59, 59)),  # 7 = SAT
        accepted("cron(0 9 ? * 7L *)", 24, utc(2026, 3, 28, 23, 59, 59)),  # the last Saturday
        accepted("cron(0 9 ? * MON#1 *)", 33, utc(2026, 4, 6, 23, 59, 59)),
        accepted("cron(0 9 ? * MON#5 *)", 26, utc(2026, 3, 30, 23, 59, 59)),
        accepted("cron(0 9 ? JAN SUN#5 *)", 333, utc(2027, 1, 31, 23, 59, 59)),
        accepted("cron(0 9 1/1 * ? *)", 1, utc(2026, 3, 4, 23, 59, 59)),  # "/1": every day
        accepted("cron(0 3-3 * * ? *)", 1, utc(2026, 3, 5, 23, 59, 59)),  # a one-hour range
        accepted(LONGEST_EXPRESSION, 28, utc(2026, 4, 1, 23, 59, 59)),
        # The shortest and the longest day rates.
        accepted("rate(1 day)", 1, utc(2026, 3, 5, 23, 59, 59)),
        accepted("rate(999 days)", 999, utc(2028, 11, 27, 23, 59, 59)),
        accepted("rate(4 hours)", 1, utc(2026, 3, 4, 8, 59, 59)),
        # A Duration as long as the gap to the next window, or ending exactly at midnight.
        accepted("cron(0 0,6 * * ? *)", 1, utc(2026, 3, 4, 11, 59, 59), duration="6h"),
        accepted("cron(0 2,20 * * ? *)", 1, utc(2026, 3, 4, 23, 59, 59), duration="4h"),
        accepted("cron(0 21 * * ? *)", 1, utc(2026, 3, 4, 23, 59, 59), duration="3h"),
        accepted("cron(0 6,12 ? * MON,WED *)", 1, utc(2026, 3, 4, 11, 59, 59), duration="6h"),
        # Monday 19:00 to Tuesday 01:00 is six hours: a five-hour window fits.
        accepted("cron(0 1,19 ? * MON,TUE *)", 5, utc(2026, 3, 9, 5, 59, 59), duration="5h"),
        accepted("rate(6 hours)", 1, utc(2026, 3, 4, 11, 59, 59), duration="6h"),
    ],
)
def test_schedules_aws_accepts_and_their_next_rotation_date(client, function_arn, rules, expected):
    assert rotate(client, function_arn, rules) == expected


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        # Monday 22:00 to Tuesday 01:00: three hours.
        refused("cron(0 1,22 ? * MON,TUE *)", FOUR_HOURS),
        # The odd days include the 31st and the next month's 1st: 23:00 to 01:00.
        refused("cron(0 1,23 */2 * ? *)", FOUR_HOURS),
        refused("cron(0 1,23 1,L * ? *)", FOUR_HOURS),
        # Pairs of days some years have: 29 February and 1 March in leap years; the fifth
        # Friday of February and the first Saturday of March only when 1 February is a Friday
        # in a leap year (1980, 2008, 2036: once in 28 years).
        refused("cron(0 1,23 1,29 FEB,MAR ? *)", FOUR_HOURS),
        refused("cron(0 1,23 ? FEB,MAR FRI#5,SAT#1 *)", FOUR_HOURS),
        refused("cron(0 0/1 * * ? *)", FOUR_HOURS),
        refused("cron(0 24 * * ? *)", "'24' is not a value from 0 to 23."),
        refused("cron(0 9 0 * ? *)", "'0' is not a value from 1 to 31."),
        refused("cron(0 9 32 * ? *)", "'32' is not a value from 1 to 31."),
        refused("cron(0 9 1 0 ? *)", "'0' is not a value from 1 to 12."),
        refused("cron(0 9 1 13 ? *)", "'13' is not a value from 1 to 12."),
        refused("cron(0 9 ? * 0 *)", "'0' is not a value from 1 to 7."),
        refused("cron(0 9 ? * 8 *)", "'8' is not a value from 1 to 7."),
        refused("cron(0 9 ? * MON#0 *)", "invalid day-of-week 'MON#0'."),
        refused("cron(0 9 ? * 8#1 *)", "'8' is not a value from 1 to 7."),
        refused("cron(0 9 ? * 8L *)", "'8' is not a value from 1 to 7."),
        refused("cron(0 9 1 * MON *)", "exactly one of day-of-month and day-of-week must be ?."),
        refused("cron(0 9 ? * 0L *)", "'0' is not a value from 1 to 7."),
        # Duration longer than the gap to the next window (six hours), or past midnight.
        too_long("cron(0 0,6 * * ? *)", "7h"),
        too_long("cron(0 6,12 ? * MON,WED *)", "7h"),
        # 20:00 to 02:00 the next day is six hours, but 20:00 + 5h runs past midnight.
        too_long("cron(0 2,20 * * ? *)", "5h"),
        too_long("cron(0 21 * * ? *)", "4h"),
        too_long("cron(0 1,19 ? * MON,TUE *)", "6h"),
    ],
)
def test_schedules_aws_refuses_change_nothing(client, secretmock, function_arn, rules, message):
    before = state(secretmock)

    with raises_aws("InvalidParameterException", message):
        client.rotate_secret(SecretId="db", RotationLambdaARN=function_arn, RotationRules=rules)

    assert state(secretmock) == before
    assert len(secretmock.rotations) == 0


def test_a_schedule_expression_of_257_characters_is_a_validation_error(client, function_arn):
    expression = LONGEST_EXPRESSION.replace("01", "001", 1)
    assert len(expression) == 257

    with raises_aws(
        "ValidationException",
        f"1 validation error detected: Value '{expression}' at 'rotationRules.scheduleExpression' "
        "failed to satisfy constraint: Member must have length less than or equal to 256",
    ):
        client.rotate_secret(
            SecretId="db",
            RotationLambdaARN=function_arn,
            RotationRules={"ScheduleExpression": expression},
        )


def test_a_duration_of_three_characters_is_within_the_model(client, function_arn):
    # "24h" is the longest Duration (3 characters, the model's limit) and the longest window.
    rules = {"AutomaticallyAfterDays": 2, "Duration": "24h"}

    client.rotate_secret(SecretId="db", RotationLambdaARN=function_arn, RotationRules=rules)

    description = client.describe_secret(SecretId="db")
    assert description["RotationRules"] == rules
    assert description["NextRotationDate"] == utc(2026, 3, 6, 23, 59, 59)
