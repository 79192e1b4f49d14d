"""Time for the backend: an injectable clock and the datetimes botocore would hand back.

The default :class:`SystemClock` reads ``time.time()`` on every call, so freezegun and
time-machine move it, and it can also be moved on its own with :meth:`SystemClock.advance`.
:class:`FixedClock` stands still until a test moves it.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta, timezone
from typing import Protocol, runtime_checkable

from dateutil.tz import tzlocal

from secretmock.errors import SecretMockError

# botocore parses the epoch timestamps of a JSON response with
# ``datetime.fromtimestamp(value, tzlocal())``. Building the same value from a naive
# ``fromtimestamp`` and one shared tzlocal() instance gives an equal datetime with the same
# wall-clock fields and tzinfo, at a fraction of the cost (tzlocal() is slow to construct).
_TZLOCAL = tzlocal()


def to_datetime(epoch: float) -> datetime:
    """The datetime botocore produces for the epoch timestamp ``epoch`` on the wire."""
    global _last
    # One call often converts the same instant several times (a new secret's dates, the day
    # each value of a batch was read), and datetimes are immutable: the last one is kept. The
    # class is part of the key because freezegun swaps this module's ``datetime`` while active.
    cls = datetime
    last = _last
    if last is not None and last[0] == epoch and last[1] is cls:
        return last[2]
    naive = cls.fromtimestamp(epoch)
    # combine() attaches the time zone at a fraction of replace(tzinfo=...)'s cost.
    value = cls.combine(naive, naive.time(), _TZLOCAL)
    _last = (epoch, cls, value)
    return value


_last: tuple[float, type[datetime], datetime] | None = None

# Epoch seconds whose datetime every platform's fromtimestamp makes, in any time zone: from
# 1970-01-02 to 9999-12-30 (a day inside each end of the range it accepts everywhere).
_SURELY_AFTER = 86400.0
_SURELY_BEFORE = 253402300800.0 - 2 * 86400


class Instant:
    """One moment in a mock's state: its epoch seconds, and the datetime a reply carries for it.

    The state keeps every date as an Instant, so the two forms cannot disagree: ``epoch`` is
    what the mock compares with its clock, ``date`` what botocore would parse from AWS's answer.
    Building one refuses a moment that a datetime cannot hold (past 9999-12-31), so an
    operation builds every Instant before it changes anything. The datetime itself is made when
    a reply first needs it (a write's reply carries none), except near the ends of datetime's
    range, where making it is the check.
    """

    __slots__ = ("date", "epoch")
    date: datetime  # unset until first read, which __getattr__ answers

    def __init__(self, epoch: float) -> None:
        self.epoch = epoch
        if not _SURELY_AFTER < epoch < _SURELY_BEFORE:  # NaN included
            try:
                self.date = to_datetime(epoch)
            except (ValueError, OverflowError, OSError):
                # Such a date is valid JSON on the wire, but botocore cannot parse the answer
                # that carries it (datetime.fromtimestamp refuses it): no reply could reach the
                # caller. The request itself broke no AWS rule, so no 4xx fits; Assumed [INF]:
                # the service side fails, as InternalServiceError (HTTP 500), and the call
                # changes nothing.
                from secretmock._messages import DATE_OUT_OF_RANGE  # only here: cheap import

                raise DATE_OUT_OF_RANGE.error() from None

    def __getattr__(self, name: str) -> datetime:
        # Called only for an attribute not set: ``date`` before its first read, which makes
        # it (reads after that find the slot set, at no extra cost).
        if name != "date":
            raise AttributeError(name)
        date = self.date = to_datetime(self.epoch)
        return date

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Instant) and other.epoch == self.epoch

    def __hash__(self) -> int:
        return hash(self.epoch)

    def __repr__(self) -> str:
        return f"Instant({self.date.isoformat()})"


_MICROS_PER_SECOND = 1_000_000
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)

# Where a mock's clock may stand: the dates botocore can parse from AWS's answers (a datetime's
# years 1 to 9999), at AWS's millisecond precision. Past them not even the Date header of an
# answer can be written.
FIRST_MOMENT = -62135596800.0  # 0001-01-01T00:00:00Z
LAST_MOMENT = 253402300799.999  # 9999-12-31T23:59:59.999Z
_FIRST_MICROS = -62135596800 * _MICROS_PER_SECOND
_END_MICROS = 253402300800 * _MICROS_PER_SECOND  # 10000-01-01T00:00:00Z, the first one refused


def clock_out_of_range(epoch: float) -> SecretMockError:
    """The error for a clock standing at ``epoch`` seconds, outside FIRST_MOMENT..LAST_MOMENT."""
    side = "after 9999-12-31T23:59:59.999Z" if epoch > 0 else "before 0001-01-01T00:00:00Z"
    return SecretMockError(
        f"the mock's clock cannot stand at {epoch!r} seconds since the epoch, {side}: "
        "botocore cannot parse a date out of the years 1 to 9999 from AWS's answers"
    )


def _within_range(micros: int) -> int:
    """``micros``, epoch microseconds a clock is to stand at, once checked against the range."""
    if not _FIRST_MICROS <= micros < _END_MICROS:
        raise clock_out_of_range(micros / _MICROS_PER_SECOND)
    return micros


def _micros(delta: timedelta | float | int) -> int:
    """``delta`` (a timedelta or seconds) in whole microseconds, exactly for a timedelta.

    The clocks below keep their time in integer microseconds: adding floats of seconds would
    gather rounding errors, so that a clock moved by whole milliseconds a few times no longer
    stands on a whole millisecond (1700000000 + 0.001 + ... drifts by a few microseconds).
    """
    if isinstance(delta, timedelta):
        return delta // timedelta(microseconds=1)
    return round(float(delta) * _MICROS_PER_SECOND)


def _epoch_micros(when: datetime | float | int) -> int:
    """Epoch microseconds of ``when``, exactly for a datetime; a naive datetime is UTC."""
    if isinstance(when, datetime):
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        return _micros(when - _EPOCH)
    return _micros(when)


@runtime_checkable
class Clock(Protocol):
    """What the backend needs from a clock: the current time as epoch seconds."""

    def now(self) -> float:
        """The current time, in seconds since the epoch."""
        ...  # pragma: no cover


# Moving a clock reads and writes its offset: threads moving clocks at once take turns, so no move
# is lost. One lock for every clock, as moves are rare.
_MOVING = threading.Lock()


class SystemClock:
    """The system clock (``time.time()``), plus an offset that :meth:`advance` moves."""

    def __init__(self) -> None:
        self._offset = 0  # microseconds

    def now(self) -> float:
        return time.time() + self._offset / _MICROS_PER_SECOND

    def advance(self, delta: timedelta | float | int) -> None:
        """Move this clock forward by ``delta`` (a timedelta or seconds); negative moves back.

        :raises SecretMockError: that would put it out of the years 1 to 9999 (it stays put).
        """
        with _MOVING:
            offset = self._offset + _micros(delta)
            _within_range(round(time.time() * _MICROS_PER_SECOND) + offset)
            self._offset = offset

    def __repr__(self) -> str:
        return f"SystemClock(offset={self._offset / _MICROS_PER_SECOND}s)"


class FixedClock:
    """A clock that stands still at ``start`` until :meth:`advance` or :meth:`set` moves it."""

    def __init__(self, start: datetime | float | int) -> None:
        """:raises SecretMockError: ``start`` is out of the years 1 to 9999."""
        # Microseconds, so that moving it is exact.
        self._now = _within_range(_epoch_micros(start))

    def now(self) -> float:
        return self._now / _MICROS_PER_SECOND

    def advance(self, delta: timedelta | float | int) -> None:
        """Move this clock forward by ``delta`` (a timedelta or seconds); negative moves back.

        :raises SecretMockError: that would put it out of the years 1 to 9999 (it stays put).
        """
        with _MOVING:
            self._now = _within_range(self._now + _micros(delta))

    def set(self, when: datetime | float | int) -> None:
        """Put this clock at ``when`` (a datetime, naive meaning UTC, or epoch seconds).

        :raises SecretMockError: ``when`` is out of the years 1 to 9999 (it stays put).
        """
        self._now = _within_range(_epoch_micros(when))

    def __repr__(self) -> str:
        return f"FixedClock({(_EPOCH + timedelta(microseconds=self._now)).isoformat()})"
