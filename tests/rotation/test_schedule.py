"""Rotation schedules: RotationRules turned into rotation windows, unit by unit."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from secretmock._rotation.schedule import Cron, Schedule, parse_rules
from secretmock.errors import InvalidParameterException

DAY = 86400


def epoch(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> float:
    return datetime(year, month, day, hour, minute, second, tzinfo=timezone.utc).timestamp()


def shown(value: float) -> str:
    return datetime.fromtimestamp(value, timezone.utc).strftime("%Y-%m-%d %a %H:%M:%S")


def window(rules: Mapping[str, object], after: float) -> tuple[str, str, int]:
    """(window start, NextRotationDate, reported AutomaticallyAfterDays) after ``after``."""
    schedule = parse_rules(rules)
    found = schedule.next_window(after)
    return shown(found.start), shown(found.latest), schedule.reported_days(after, found)


WED = epoch(2026, 3, 4, 5, 6, 7)  # a Wednesday


@pytest.mark.parametrize(
    ("rules", "after", "expected"),
    [
        # A day schedule: the whole UTC day N days later.
        (
            {"AutomaticallyAfterDays": 30},
            WED,
            ("2026-04-03 Fri 00:00:00", "2026-04-03 Fri 23:59:59", 30),
        ),
        (
            {"AutomaticallyAfterDays": 1, "Duration": "3h"},
            WED,
            ("2026-03-05 Thu 00:00:00", "2026-03-05 Thu 02:59:59", 1),
        ),
        (
            {"ScheduleExpression": "rate(10 days)"},
            WED,
            ("2026-03-14 Sat 00:00:00", "2026-03-14 Sat 23:59:59", 10),
        ),
        # An hour rate: windows every N hours from midnight, one hour long by default.
        (
            {"ScheduleExpression": "rate(10 hours)"},
            WED,
            ("2026-03-04 Wed 10:00:00", "2026-03-04 Wed 10:59:59", 1),
        ),
        (
            {"ScheduleExpression": "rate(4 hours)", "Duration": "2h"},
            WED,
            ("2026-03-04 Wed 08:00:00", "2026-03-04 Wed 09:59:59", 1),
        ),
        # The examples of AWS's "Rotation schedules" page.
        (
            {"ScheduleExpression": "cron(0 10 * * ? *)"},
            epoch(2026, 3, 4, 11),
            ("2026-03-05 Thu 10:00:00", "2026-03-05 Thu 23:59:59", 1),
        ),
        (
            {"ScheduleExpression": "cron(0 18 ? * SAT *)"},
            WED,
            ("2026-03-07 Sat 18:00:00", "2026-03-07 Sat 23:59:59", 3),
        ),
        (
            {"ScheduleExpression": "cron(0 8 1 * ? *)"},
            WED,
            ("2026-04-01 Wed 08:00:00", "2026-04-01 Wed 23:59:59", 28),
        ),
        (
            {"ScheduleExpression": "cron(0 1 * 1/3 SUN *)"},
            WED,
            ("2026-04-05 Sun 01:00:00", "2026-04-05 Sun 23:59:59", 32),
        ),
        (
            {"ScheduleExpression": "cron(0 17 L * ? *)"},
            epoch(2026, 2, 4),
            ("2026-02-28 Sat 17:00:00", "2026-02-28 Sat 23:59:59", 24),
        ),
        (
            {"ScheduleExpression": "cron(0 8 ? * MON-FRI *)"},
            epoch(2026, 3, 6, 9),
            ("2026-03-09 Mon 08:00:00", "2026-03-09 Mon 23:59:59", 3),
        ),
        (
            {"ScheduleExpression": "cron(0 16 1,15 * ? *)", "Duration": "2h"},
            WED,
            ("2026-03-15 Sun 16:00:00", "2026-03-15 Sun 17:59:59", 11),
        ),
        (
            {"ScheduleExpression": "cron(0 0 ? * SUN#1 *)"},
            WED,
            ("2026-04-05 Sun 00:00:00", "2026-04-05 Sun 23:59:59", 32),
        ),
        # "A cron expression that includes increments of hours resets each day."
        (
            {"ScheduleExpression": "cron(0 4/12 * * ? *)"},
            epoch(2026, 3, 6, 17),
            ("2026-03-07 Sat 04:00:00", "2026-03-07 Sat 04:59:59", 1),
        ),
        (
            {"ScheduleExpression": "cron(0 12 ? * FRIL *)"},
            WED,
            ("2026-03-27 Fri 12:00:00", "2026-03-27 Fri 23:59:59", 23),
        ),
        (
            {"ScheduleExpression": "cron(0 12 29 FEB ? *)"},
            WED,
            ("2028-02-29 Tue 12:00:00", "2028-02-29 Tue 23:59:59", 727),
        ),
        (
            {"ScheduleExpression": "cron(0 9 ? JAN-MAR,OCT L *)"},
            WED,
            ("2026-03-07 Sat 09:00:00", "2026-03-07 Sat 23:59:59", 3),
        ),
    ],
)
def test_the_next_window_and_what_describe_secret_reports(rules, after, expected):
    assert window(rules, after) == expected


def test_a_rotation_inside_a_window_moves_to_the_following_window():
    rules = {"ScheduleExpression": "cron(0 16 1,15 * ? *)", "Duration": "2h"}

    assert window(rules, epoch(2026, 3, 15, 16, 30)) == (
        "2026-04-01 Wed 16:00:00",
        "2026-04-01 Wed 17:59:59",
        17,
    )


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        (
            {"AutomaticallyAfterDays": 3, "ScheduleExpression": "rate(3 days)"},
            "You cannot specify both rotation frequency and schedule expression together.",
        ),
        (
            {"ScheduleExpression": "rate(3 hours)"},
            "Invalid schedule expression rate(3 hours): you can rotate a secret at most every "
            "four hours.",
        ),
        (
            {"ScheduleExpression": "cron(0 */2 * * ? *)"},
            "Invalid schedule expression cron(0 */2 * * ? *): you can rotate a secret at most "
            "every four hours.",
        ),
        (
            {"ScheduleExpression": "cron(0 0,22 * * ? *)"},
            "Invalid schedule expression cron(0 0,22 * * ? *): you can rotate a secret at most "
            "every four hours.",
        ),
        (
            {"ScheduleExpression": "rate(1000 days)"},
            "Invalid schedule expression rate(1000 days): the longest rotation period is 999 days.",
        ),
        (
            {"ScheduleExpression": "rate(0 days)"},
            "Invalid schedule expression rate(0 days): the rate must be a positive number.",
        ),
        (
            {"ScheduleExpression": "every day"},
            "Invalid schedule expression every day: use a rate() or cron() expression.",
        ),
        (
            {"ScheduleExpression": "cron(5 12 * * ? *)"},
            "Invalid schedule expression cron(5 12 * * ? *): the minutes field must be 0.",
        ),
        (
            {"ScheduleExpression": "cron(0 12 * * ? 2027)"},
            "Invalid schedule expression cron(0 12 * * ? 2027): the year field must be *.",
        ),
        (
            {"ScheduleExpression": "cron(0 12 ? * ? *)"},
            "Invalid schedule expression cron(0 12 ? * ? *): exactly one of day-of-month and "
            "day-of-week must be ?.",
        ),
        (
            {"ScheduleExpression": "cron(0 12 * *)"},
            "Invalid schedule expression cron(0 12 * *): a cron expression has six fields.",
        ),
        (
            {"ScheduleExpression": "cron(0 25 * * ? *)"},
            "Invalid schedule expression cron(0 25 * * ? *): '25' is not a value from 0 to 23.",
        ),
        (
            {"ScheduleExpression": "cron(0 12 30 2 ? *)"},
            "Invalid schedule expression cron(0 12 30 2 ? *): it names no date.",
        ),
        (
            {"ScheduleExpression": "cron(0 12 ? * MON#6 *)"},
            "Invalid schedule expression cron(0 12 ? * MON#6 *): invalid day-of-week 'MON#6'.",
        ),
        (
            {"ScheduleExpression": "cron(0 9-5 * * ? *)"},
            "Invalid schedule expression cron(0 9-5 * * ? *): invalid range '9-5'.",
        ),
        (
            {"ScheduleExpression": "cron(0 0/0 * * ? *)"},
            "Invalid schedule expression cron(0 0/0 * * ? *): invalid increment in '0/0'.",
        ),
        (
            {"Duration": "2h"},
            "You must specify either AutomaticallyAfterDays or ScheduleExpression in "
            "RotationRules.",
        ),
        (
            {"AutomaticallyAfterDays": 2, "Duration": "0h"},
            "The rotation window duration 0h must be between 1h and 24h.",
        ),
        (
            {"AutomaticallyAfterDays": 2, "Duration": "25h"},
            "The rotation window duration 25h must be between 1h and 24h.",
        ),
        (
            {"ScheduleExpression": "cron(0 22 * * ? *)", "Duration": "3h"},
            "The rotation window duration 3h is too long: the rotation window must not extend "
            "into the next UTC day or into the next rotation window.",
        ),
        (
            {"ScheduleExpression": "rate(6 hours)", "Duration": "7h"},
            "The rotation window duration 7h is too long: the rotation window must not extend "
            "into the next UTC day or into the next rotation window.",
        ),
        (
            {"ScheduleExpression": "cron(0 0/6 * * ? *)", "Duration": "7h"},
            "The rotation window duration 7h is too long: the rotation window must not extend "
            "into the next UTC day or into the next rotation window.",
        ),
    ],
)
def test_rules_aws_refuses(rules, message):
    with pytest.raises(InvalidParameterException) as refused:
        parse_rules(rules)

    assert refused.value.message == message


def test_cron_day_fields():
    cron = Cron.parse("0 6,18 ? * TUE#2,L,3L *")

    assert cron.hours == (6, 18)
    assert cron.weekdays == frozenset({7})
    assert cron.nth_weekdays == frozenset({(3, 2)})
    assert cron.last_weekdays == frozenset({3})
    fires = [day for day in range(1, 32) if cron.fires_on(datetime(2026, 3, day).date())]
    # Saturdays, the second Tuesday (10th) and the last Tuesday (31st) of March 2026.
    assert fires == [7, 10, 14, 21, 28, 31]


RULES = st.one_of(
    st.builds(
        lambda days, duration: (
            {"AutomaticallyAfterDays": days} | ({"Duration": f"{duration}h"} if duration else {})
        ),
        st.integers(1, 1000),
        st.integers(0, 24),
    ),
    st.builds(
        lambda hours, duration: (
            {"ScheduleExpression": f"rate({hours} hours)"}
            | ({"Duration": f"{duration}h"} if duration and duration <= hours else {})
        ),
        st.integers(4, 72),
        st.integers(0, 24),
    ),
    st.builds(
        lambda hour, days, duration: (
            {"ScheduleExpression": f"cron(0 {hour} {days} * ? *)"}
            | ({"Duration": f"{duration}h"} if duration and hour + duration <= 24 else {})
        ),
        st.integers(0, 23),
        st.sampled_from(["*", "1", "L", "1,15", "2/7", "10-12"]),
        st.integers(0, 24),
    ),
    st.builds(
        lambda hour, weekdays: {"ScheduleExpression": f"cron(0 {hour} ? * {weekdays} *)"},
        st.sampled_from(["0/4", "1/6", "3,9,15,21", "0,12", "5"]),
        st.sampled_from(["*", "MON-FRI", "SUN", "2#3", "FRIL", "L"]),
    ),
)
AFTER = st.floats(min_value=epoch(2000, 1, 1), max_value=epoch(2090, 1, 1))


@given(rules=RULES, after=AFTER)
def test_every_window_comes_later_and_opens_on_the_hour(rules, after):
    schedule: Schedule = parse_rules(rules)

    found = schedule.next_window(after)

    assert found.start > after
    assert found.start % 3600 == 0
    assert found.start < found.latest < found.end
    if schedule.hours is None:
        # Day and cron windows never reach into the next UTC day. (For hour rates AWS only asks
        # that a window end before the next one.)
        assert shown(found.start)[:10] == shown(found.latest)[:10]
    assert schedule.reported_days(after, found) >= 1
    # A rotation at the very end of the window is followed by a later window.
    assert schedule.next_window(found.latest).start > found.latest
