"""Rotation schedules: AWS's RotationRules, checked, and turned into rotation windows.

Secrets Manager rotates a secret at some time inside a *rotation window* [DOC "Rotation
schedules", user guide]. Windows open on the hour, in UTC:

* ``AutomaticallyAfterDays: N`` and ``rate(N days)``: the window is the whole UTC day N days
  after the day of the last rotation (it opens at midnight);
* ``rate(N hours)``: windows open every N hours counted from midnight and last one hour;
* ``cron(...)``: a window opens at every time the expression names; it lasts one hour when the
  expression names several hours a day, and to the end of the UTC day otherwise.

``Duration`` ("3h") shortens or sets a window's length. It must not reach into the next UTC day
or into the next window, and rotations may not come more often than every four hours [DOC].

NextRotationDate is "the latest date that rotation will occur" [DOC DescribeSecret], so the mock
reports the last second of the next window and rotates when its clock passes that instant.
Assumed [INF]: the window is half-open, so that instant is its end minus one second (23:59:59 for
a window that lasts to the end of the day).

The error texts of the schedule rules are not recorded from AWS, except the refusal of both
AutomaticallyAfterDays and ScheduleExpression [USER]; the others are marked [INF] where raised.
"""

from __future__ import annotations

import calendar
import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

from secretmock._messages import (
    BOTH_SCHEDULES,
    DATE_OUT_OF_RANGE,
    DURATION_RANGE,
    INVALID_EXPRESSION,
    NO_SCHEDULE,
    WINDOW_TOO_LONG,
)
from secretmock.errors import SecretsManagerError

SECONDS_PER_HOUR = 3600
SECONDS_PER_DAY = 86400
HOURS_PER_DAY = 24
MIN_HOURS_BETWEEN_ROTATIONS = 4  # "You can rotate a secret as often as every four hours" [DOC]
MAX_RATE_DAYS = 999  # "The maximum rotation period is 999 days" [DOC rotate-secrets_schedule]
# How far ahead two consecutive firing days are looked for (shortest_gap_hours).
_CRON_HORIZON_DAYS = 366 * 8
# How far ahead the next cron window is looked for. The Gregorian calendar repeats every 400
# years, so an expression that names a date at all names one within 400 years of any instant:
# a day-of-month such as 29 February is up to 8 years away, the fifth Sunday of February 28
# years. A shorter horizon left such a schedule with no next window some years, failing with
# an AssertionError where it was planned. An expression that never fires is refused.
_GREGORIAN_CYCLE_YEARS = 400
# The most days each month can have (2000 was a leap year).
_LONGEST = {month: calendar.monthrange(2000, month)[1] for month in range(1, 13)}

_RATE = re.compile(r"rate\((\d+) (hours?|days?)\)")
_CRON = re.compile(r"cron\((.*)\)")
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"),
        start=1,
    )
}
_WEEKDAYS = {
    name: number
    for number, name in enumerate(("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"), start=1)
}


@dataclass(frozen=True, slots=True)
class Window:
    """One rotation window, in epoch seconds: it opens at ``start`` and closes before ``end``."""

    start: float
    end: float

    @property
    def latest(self) -> float:
        """The instant AWS reports as NextRotationDate: the window's last second."""
        return self.end - 1


@dataclass(frozen=True, slots=True)
class Schedule:
    """When rotations happen: the parsed RotationRules.

    ``days`` for AutomaticallyAfterDays and ``rate(N days)``, ``hours`` for ``rate(N hours)``,
    ``cron`` for a cron expression; ``duration`` is the window length in hours, if set.
    """

    days: int | None = None
    hours: int | None = None
    cron: Cron | None = None
    duration: int | None = None

    def next_window(self, after: float) -> Window:
        """The first window that opens after ``after`` (the last rotation, or now)."""
        if self.days is not None:
            start = _midnight(after) + self.days * SECONDS_PER_DAY
            return Window(start, start + (self.duration or HOURS_PER_DAY) * SECONDS_PER_HOUR)
        if self.hours is not None:
            # Assumed [INF]: hour-rate windows are counted from midnight of the day of the last
            # rotation ("the default rotation window starts at midnight" [DOC]).
            anchor = _midnight(after)
            step = self.hours * SECONDS_PER_HOUR
            start = anchor + ((after - anchor) // step + 1) * step
            return Window(start, start + (self.duration or 1) * SECONDS_PER_HOUR)
        assert self.cron is not None
        fire = self.cron.next_fire(after)
        if fire is None:
            # parse_rules refused expressions that never fire, so this one's next date is past
            # what a datetime holds: answered as any such date is (see Instant).
            raise DATE_OUT_OF_RANGE.error()
        length: float
        if self.duration is not None:
            length = self.duration * SECONDS_PER_HOUR
        elif self.cron.several_a_day:
            length = SECONDS_PER_HOUR
        else:
            length = _midnight(fire) + SECONDS_PER_DAY - fire
        return Window(fire, fire + length)

    def reported_days(self, after: float, window: Window) -> int:
        """RotationRules.AutomaticallyAfterDays as DescribeSecret reports it for this schedule.

        "In DescribeSecret and ListSecrets, this value is calculated from the rotation schedule
        after every successful rotation" [DOC]; users recorded AWS answering
        ``{"AutomaticallyAfterDays": 1, "ScheduleExpression": "rate(10 hours)"}``
        [USER, hashicorp/terraform-provider-aws PR #31915]. Assumed [INF]: it is the number of
        UTC days from the last rotation to the next window, at least 1.
        """
        if self.days is not None:
            return self.days
        return max(1, (_utc_date(window.start) - _utc_date(after)).days)


def parse_rules(rules: Mapping[str, Any]) -> Schedule:
    """Check RotationRules as AWS does and return the schedule they describe.

    The model's constraints on them (lengths, patterns, AutomaticallyAfterDays' range) are
    checked before, with the request (:mod:`secretmock._validation`); these are AWS's rules
    beyond the model, answered with InvalidParameterException.
    """
    days: int | None = rules.get("AutomaticallyAfterDays")
    expression: str | None = rules.get("ScheduleExpression")
    duration_text: str | None = rules.get("Duration")
    if days is not None and expression is not None:
        raise BOTH_SCHEDULES.error()
    duration = int(duration_text[:-1]) if duration_text is not None else None
    if duration is not None and not 1 <= duration <= HOURS_PER_DAY:
        # "You can set the rotation window as small as one hour" [DOC].
        raise DURATION_RANGE.error(duration=duration_text)
    if expression is not None:
        schedule = _parse_expression(expression, duration)
    elif days is not None:
        # Assumed [INF]: Duration also applies to AutomaticallyAfterDays, whose window opens at
        # midnight like rate(N days); 24h at most keeps it inside the day.
        schedule = Schedule(days=days, duration=duration)
    else:
        raise NO_SCHEDULE.error()  # a Duration alone describes no schedule
    return schedule


def _invalid_expression(expression: str, reason: str) -> SecretsManagerError:
    return INVALID_EXPRESSION.error(expression=expression, reason=reason)


def _window_too_long(duration: int) -> SecretsManagerError:
    return WINDOW_TOO_LONG.error(duration=duration)


def _parse_expression(expression: str, duration: int | None) -> Schedule:
    rate = _RATE.fullmatch(expression)
    if rate is not None:
        value, unit = int(rate.group(1)), rate.group(2)
        if value < 1:
            raise _invalid_expression(expression, "the rate must be a positive number.")
        if unit.startswith("day"):
            if value > MAX_RATE_DAYS:
                raise _invalid_expression(
                    expression, f"the longest rotation period is {MAX_RATE_DAYS} days."
                )
            return Schedule(days=value, duration=duration)
        if value < MIN_HOURS_BETWEEN_ROTATIONS:
            raise _invalid_expression(
                expression, "you can rotate a secret at most every four hours."
            )
        if value > MAX_RATE_DAYS * HOURS_PER_DAY:
            # "The maximum rotation period is 999 days" [DOC] holds for hours too; without it a
            # rate such as rate(99999999999 hours) planned a date past year 9999 and failed
            # with a ValueError instead of an AWS error.
            raise _invalid_expression(
                expression, f"the longest rotation period is {MAX_RATE_DAYS} days."
            )
        if duration is not None and duration > value:
            raise _window_too_long(duration)
        return Schedule(hours=value, duration=duration)
    cron_match = _CRON.fullmatch(expression)
    if cron_match is None:
        raise _invalid_expression(expression, "use a rate() or cron() expression.")
    try:
        cron = Cron.parse(cron_match.group(1))
    except ValueError as error:
        raise _invalid_expression(expression, str(error)) from None
    gap = cron.shortest_gap_hours()
    if gap is None:
        raise _invalid_expression(expression, "it names no date.")
    if gap < MIN_HOURS_BETWEEN_ROTATIONS:
        raise _invalid_expression(expression, "you can rotate a secret at most every four hours.")
    if duration is not None:
        if max(cron.hours) + duration > HOURS_PER_DAY:
            raise _window_too_long(duration)
        if duration > gap:
            raise _window_too_long(duration)
    return Schedule(cron=cron, duration=duration)


@dataclass(frozen=True, slots=True)
class Cron:
    """A Secrets Manager cron expression: ``Minutes Hours Day-of-month Month Day-of-week Year``.

    Minutes must be 0 (windows open on the hour) and Year ``*`` [DOC]. Exactly one of
    Day-of-month and Day-of-week is ``?``. Weekdays count from 1 = SUN to 7 = SAT.
    """

    hours: tuple[int, ...]
    months: frozenset[int]
    month_days: frozenset[int] | None  # None: the day-of-month field is "?"
    last_day_of_month: bool
    weekdays: frozenset[int] | None  # None: the day-of-week field is "?"
    nth_weekdays: frozenset[tuple[int, int]]  # (weekday, n) from "TUE#3"
    last_weekdays: frozenset[int]  # from "FRIL" / "6L": the last such weekday of the month

    @property
    def several_a_day(self) -> bool:
        return len(self.hours) > 1

    @classmethod
    def parse(cls, text: str) -> Cron:
        fields = text.split(" ")
        if len(fields) != 6:
            raise ValueError("a cron expression has six fields.")
        minutes, hours, month_days, months, weekdays, year = fields
        if minutes != "0":
            raise ValueError("the minutes field must be 0.")
        if year != "*":
            raise ValueError("the year field must be *.")
        # AWS's own examples include "cron(0 1 * 1/3 SUN *)", with "*" rather than "?" beside a
        # day of the week. Assumed [INF]: "*" next to a specific value means "?".
        if month_days == "*" and weekdays not in ("?", "*"):
            month_days = "?"
        elif weekdays == "*" and month_days != "?":
            weekdays = "?"
        if (month_days == "?") == (weekdays == "?"):
            raise ValueError("exactly one of day-of-month and day-of-week must be ?.")
        hour_set = _parse_field(hours, 0, 23, {})
        month_set = _parse_field(months, 1, 12, _MONTHS)
        day_set: frozenset[int] | None = None
        last_day = False
        if month_days != "?":
            parts = []
            for part in month_days.split(","):
                if part == "L":
                    last_day = True
                else:
                    parts.append(part)
            day_set = frozenset(_parse_field(",".join(parts), 1, 31, {})) if parts else frozenset()
        weekday_set: frozenset[int] | None = None
        nth: set[tuple[int, int]] = set()
        last_weekdays: set[int] = set()
        if weekdays != "?":
            plain = []
            for part in weekdays.split(","):
                if "#" in part:
                    day, _, index = part.partition("#")
                    number = _value(day, 1, 7, _WEEKDAYS)
                    if not index.isdigit() or not 1 <= int(index) <= 5:
                        raise ValueError(f"invalid day-of-week {part!r}.")
                    nth.add((number, int(index)))
                elif part == "L":
                    plain.append("7")  # "L" alone is the last day of the week, SAT
                elif part.endswith("L"):
                    last_weekdays.add(_value(part[:-1], 1, 7, _WEEKDAYS))
                else:
                    plain.append(part)
            weekday_set = (
                frozenset(_parse_field(",".join(plain), 1, 7, _WEEKDAYS)) if plain else frozenset()
            )
        return cls(
            hours=tuple(sorted(hour_set)),
            months=frozenset(month_set),
            month_days=day_set,
            last_day_of_month=last_day,
            weekdays=weekday_set,
            nth_weekdays=frozenset(nth),
            last_weekdays=frozenset(last_weekdays),
        )

    def fires_on(self, day: date) -> bool:
        if day.month not in self.months:
            return False
        days_in_month = calendar.monthrange(day.year, day.month)[1]
        if self.month_days is not None:
            return day.day in self.month_days or (
                self.last_day_of_month and day.day == days_in_month
            )
        weekday = day.isoweekday() % 7 + 1  # SUN = 1 ... SAT = 7
        assert self.weekdays is not None
        if weekday in self.weekdays:
            return True
        if (weekday, (day.day - 1) // 7 + 1) in self.nth_weekdays:
            return True
        return weekday in self.last_weekdays and day.day + 7 > days_in_month

    def next_fire(self, after: float) -> float | None:
        """The first time the expression names that is later than ``after``; None if never.

        Looks one Gregorian cycle (400 years) ahead, a month at a time through the months the
        expression leaves out, and stops at the last date Python can represent.
        """
        if (
            self.month_days is not None
            and not self.last_day_of_month
            and all(day > _LONGEST[month] for month in self.months for day in self.month_days)
        ):
            return None  # such as the 30th of February: no need to look
        try:
            day = _utc_date(after)
            last_year = day.year + _GREGORIAN_CYCLE_YEARS
            while day.year <= last_year:
                if day.month not in self.months:
                    day = (day.replace(day=1) + timedelta(days=31)).replace(day=1)
                    continue
                if self.fires_on(day):
                    midnight = _epoch_of_date(day)
                    for hour in self.hours:
                        moment = midnight + hour * SECONDS_PER_HOUR
                        if moment > after:
                            return moment
                day += timedelta(days=1)
        except (OverflowError, ValueError):  # past 9999-12-31
            pass
        return None

    def shortest_gap_hours(self) -> int | None:
        """The fewest hours between two windows; None if the expression never fires.

        A cron expression whose hours have increments "resets each day" [DOC], so the gap from a
        day's last hour to the next firing day's first hour counts too.
        """
        first = self.next_fire(0)
        if first is None:
            return None
        hours = self.hours
        if len(hours) == 1:
            return HOURS_PER_DAY  # once a day at most
        gaps = [later - earlier for earlier, later in itertools.pairwise(hours)]
        day = _utc_date(first)
        for _ in range(_CRON_HORIZON_DAYS):
            if self.fires_on(day) and self.fires_on(day + timedelta(days=1)):
                gaps.append(HOURS_PER_DAY - hours[-1] + hours[0])
                break
            day += timedelta(days=1)
        return min(gaps)


def _value(text: str, low: int, high: int, names: Mapping[str, int]) -> int:
    upper = text.upper()
    if upper in names:
        return names[upper]
    if not text.isdigit() or not low <= int(text) <= high:
        raise ValueError(f"{text!r} is not a value from {low} to {high}.")
    return int(text)


def _parse_field(text: str, low: int, high: int, names: Mapping[str, int]) -> set[int]:
    """The values one cron field names, with ``*``, ``,``, ``-`` and ``/``."""
    values: set[int] = set()
    for part in text.split(","):
        base, slash, step_text = part.partition("/")
        step = 1
        if slash:
            if not step_text.isdigit() or int(step_text) < 1:
                raise ValueError(f"invalid increment in {part!r}.")
            step = int(step_text)
        if base == "*":
            first, last = low, high
        elif "-" in base:
            start, _, end = base.partition("-")
            first, last = _value(start, low, high, names), _value(end, low, high, names)
            if first > last:
                raise ValueError(f"invalid range {base!r}.")
        else:
            first = _value(base, low, high, names)
            last = high if slash else first
        values.update(range(first, last + 1, step))
    return values


def _utc_date(epoch: float) -> date:
    return datetime.fromtimestamp(epoch, timezone.utc).date()


def _epoch_of_date(day: date) -> float:
    return float(calendar.timegm(day.timetuple()))


def _midnight(epoch: float) -> float:
    return epoch - epoch % SECONDS_PER_DAY
