"""Timestamps land on the millisecond AWS would report, whatever float arithmetic does.

A clock's time is a float of epoch seconds; flooring ``t * 1000`` directly loses a millisecond
whenever that float is a hair below the exact instant (274087259.715 * 1000 is
274087259714.99997), and adding float seconds to a clock drifts by microseconds. The backend
rounds to the microsecond before it floors to the millisecond, and the clocks keep integer
microseconds, so a whole-millisecond instant is reported exactly.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secretmock import FixedClock, SecretsManagerMock, mock_secrets
from secretmock._backend.backend import Backend
from secretmock.errors import SecretMockError
from tests.state_fingerprint import differences, fingerprint

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
# A float of epoch seconds resolves microseconds exactly up to 2**32 s (February 2106); the
# property is checked from 1970 to 2100.
LAST_MILLISECOND = int((datetime(2100, 1, 1, tzinfo=timezone.utc) - EPOCH).total_seconds()) * 1000

milliseconds = st.integers(min_value=0, max_value=LAST_MILLISECOND)
microseconds = st.integers(min_value=0, max_value=LAST_MILLISECOND * 1000)
# A move of the clock by whole milliseconds, given as a timedelta or as float seconds.
whole_millisecond_steps = st.integers(min_value=1, max_value=10**10).flatmap(
    lambda ms: st.sampled_from([timedelta(milliseconds=ms), ms / 1000])
)


def backend_at(clock: FixedClock) -> Backend:
    return Backend("123456789012", clock, random.Random(0))


def step_ms(step: timedelta | float) -> int:
    if isinstance(step, timedelta):
        return step // timedelta(milliseconds=1)
    return round(step * 1000)


def instant(ms: int) -> datetime:
    """The datetime of a whole-millisecond instant, built without float arithmetic."""
    return EPOCH + timedelta(milliseconds=ms)


@given(ms=milliseconds)
def test_a_whole_millisecond_instant_is_now_exactly(ms):
    assert backend_at(FixedClock(ms / 1000)).now() == ms / 1000
    assert backend_at(FixedClock(instant(ms))).now() == ms / 1000


@given(micros=microseconds)
def test_any_instant_is_floored_to_its_millisecond(micros):
    assert backend_at(FixedClock(micros / 1_000_000)).now() == (micros // 1000) / 1000
    clock = FixedClock(EPOCH + timedelta(microseconds=micros))
    assert backend_at(clock).now() == (micros // 1000) / 1000


@given(start=milliseconds, steps=st.lists(whole_millisecond_steps, max_size=50))
def test_a_clock_moved_by_whole_milliseconds_stays_on_whole_milliseconds(start, steps):
    clock = FixedClock(instant(start))
    backend = backend_at(clock)
    expected = start
    for step in steps:
        clock.advance(step)
        expected += step_ms(step)
        assert backend.now() == expected / 1000


def test_the_instant_that_flooring_the_float_got_wrong():
    # 274087259.715 * 1000 == 274087259714.99997: a plain floor said .714.
    assert backend_at(FixedClock(274087259.715)).now() == 274087259.715
    clock = FixedClock(1700000000)
    for _ in range(3):
        clock.advance(0.001)
    assert backend_at(clock).now() == 1700000000.003


@settings(
    max_examples=40,
    deadline=None,
    # The fixtures this example shares (a clean AWS environment, the boto3 session) are the
    # same for every example; each example starts its own mock.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(start=milliseconds, steps=st.lists(whole_millisecond_steps, min_size=1, max_size=5))
def test_dates_seen_through_boto3_land_on_the_expected_millisecond(boto3_session, start, steps):
    with SecretsManagerMock(clock=instant(start)) as mock:
        client = boto3_session.client("secretsmanager")
        client.create_secret(Name="s", SecretString="v")
        described = client.describe_secret(SecretId="s")
        assert described["CreatedDate"] == instant(start)
        assert described["LastChangedDate"] == instant(start)
        expected = start
        for number, step in enumerate(steps):
            mock.advance_time(step)
            expected += step_ms(step)
            client.update_secret(SecretId="s", Description=f"change {number}")
            described = client.describe_secret(SecretId="s")
            assert described["LastChangedDate"] == instant(expected)
            assert described["LastChangedDate"].microsecond % 1000 == 0
            assert described["CreatedDate"] == instant(start)
        value = client.get_secret_value(SecretId="s")
        assert value["CreatedDate"] == instant(start)


# The mock's clock stays within the dates botocore can parse: the years 1 to 9999. Found by an
# audit: with the clock past 9999-12-31, every call raised ValueError from the Date header.
LAST_MOMENT = datetime(9999, 12, 31, 23, 59, 59, 999000, tzinfo=timezone.utc)
AFTER_9999 = (
    "after 9999-12-31T23:59:59.999Z: botocore cannot parse a date out of the years 1 to 9999 "
    "from AWS's answers"
)
BEFORE_YEAR_1 = (
    "before 0001-01-01T00:00:00Z: botocore cannot parse a date out of the years 1 to 9999 "
    "from AWS's answers"
)


def refusal(epoch: float, side: str) -> str:
    return f"the mock's clock cannot stand at {epoch!r} seconds since the epoch, {side}"


def test_a_clock_is_refused_out_of_the_years_1_to_9999():
    with pytest.raises(SecretMockError) as late:
        mock_secrets(clock=253402300800.5)
    with pytest.raises(SecretMockError) as early:
        FixedClock(-62135596800.001)
    clock = FixedClock(LAST_MOMENT)
    with pytest.raises(SecretMockError) as set_late:
        clock.set(253402300800)
    with pytest.raises(SecretMockError) as set_early:
        clock.set(-62135596800.5)
    assert [str(info.value) for info in (late, early, set_late, set_early)] == [
        refusal(253402300800.5, AFTER_9999),
        refusal(-62135596800.001, BEFORE_YEAR_1),
        refusal(253402300800.0, AFTER_9999),
        refusal(-62135596800.5, BEFORE_YEAR_1),
    ]
    assert clock.now() == 253402300799.999  # where it was
    assert FixedClock(datetime(1, 1, 1, tzinfo=timezone.utc)).now() == -62135596800.0


def test_the_last_moment_is_answered_and_moving_past_it_is_refused(boto3_session):
    with mock_secrets(clock=LAST_MOMENT) as mock:
        client = boto3_session.client("secretsmanager")
        reply = client.get_random_password(PasswordLength=8)
        with pytest.raises(SecretMockError) as info:
            mock.advance_time(timedelta(milliseconds=1))
        listed = client.list_secrets()
        recorded = [call.operation for call in mock.calls]  # emptied when the mock stops
    assert str(info.value) == refusal(253402300800.0, AFTER_9999)
    assert mock.clock.now() == 253402300799.999
    assert [r["ResponseMetadata"]["HTTPHeaders"]["date"] for r in (reply, listed)] == [
        "Fri, 31 Dec 9999 23:59:59 GMT"
    ] * 2
    assert recorded == ["GetRandomPassword", "ListSecrets"]


def test_the_system_clock_cannot_be_moved_past_year_9999():
    with mock_secrets() as mock:
        with pytest.raises(SecretMockError) as info:
            mock.advance_time(timedelta(days=3_000_000))  # about 8,200 years
        assert repr(mock.clock) == "SystemClock(offset=0.0s)"  # not moved
    message = str(info.value)
    assert message.startswith("the mock's clock cannot stand at ")
    assert message.endswith(f" seconds since the epoch, {AFTER_9999}")


class SettableClock:
    """A clock of the test's own, which nothing stops from reading past year 9999."""

    def __init__(self, now: float) -> None:
        self.time = now

    def now(self) -> float:
        return self.time


def test_a_clock_of_your_own_past_year_9999_fails_each_call_and_changes_nothing(boto3_session):
    clock = SettableClock(1_700_000_000.0)
    with mock_secrets(clock=clock) as mock:
        client = boto3_session.client("secretsmanager")
        client.create_secret(Name="rotating", SecretString="v")
        rotator = mock.register_rotation_function("rotator", lambda event, context: None)
        client.rotate_secret(
            SecretId="rotating",
            RotationLambdaARN=rotator.arn,
            RotationRules={"AutomaticallyAfterDays": 1},
            RotateImmediately=False,
        )
        clock.time = 253402300800.0
        before = fingerprint(mock, "mock")
        # Scheduled rotations are due then: the clock is refused before they run.
        with pytest.raises(SecretMockError) as info:
            client.describe_secret(SecretId="rotating")
        after = fingerprint(mock, "mock")
        clock.time = 1_700_000_000.0
        described = client.describe_secret(SecretId="rotating")
        recorded = [call.operation for call in mock.calls]  # emptied when the mock stops
    assert str(info.value) == refusal(253402300800.0, AFTER_9999)
    assert differences(before, after) == []
    assert described["LastChangedDate"] == datetime.fromtimestamp(1_700_000_000, timezone.utc)
    assert recorded == ["CreateSecret", "RotateSecret", "DescribeSecret"]
