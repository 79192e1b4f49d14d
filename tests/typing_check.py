"""The public typing, pinned for mypy (``mypy`` checks this file; pytest never collects it).

Each ``assert_type`` fails mypy if a decorator or context manager stops keeping the exact type;
each ``type: ignore[code]`` fails it (strict mode reports unused ignores) if a wrong call stops
being an error, which would mean a signature had decayed to ``Any``.
"""

from __future__ import annotations

import unittest
from collections.abc import Callable, Coroutine, Iterator, Mapping
from datetime import datetime, timezone
from typing import Any, Literal, TypedDict

from typing_extensions import assert_type

import secretmock
from secretmock import (
    Call,
    CallList,
    Clock,
    FixedClock,
    LambdaContext,
    SecretsManagerMock,
    SystemClock,
    current,
    mock_secrets,
    patch_client,
)


# Positional-only, so their types are exactly the Callable[...] spelled below.
def sync_function(name: str, count: int, /) -> list[str]:
    return [name] * count


async def async_function(name: str, /) -> bytes:
    return name.encode()


# -- bare decorator: the exact type of the function -----------------------------------------------

assert_type(mock_secrets(sync_function), Callable[[str, int], list[str]])
assert_type(mock_secrets(async_function), Callable[[str], Coroutine[Any, Any, bytes]])


@mock_secrets
def decorated_sync(name: str, *, count: int = 1) -> list[str]:
    return [name] * count


@mock_secrets
async def decorated_async(name: str, *, upper: bool = False) -> bytes:
    return (name.upper() if upper else name).encode()


assert_type(decorated_sync("a", count=2), list[str])


async def await_decorated() -> None:
    assert_type(await decorated_async("a", upper=True), bytes)
    assert_type(await configured_async("a"), int)


decorated_sync(1)  # type: ignore[arg-type]
decorated_sync("a", 2)  # type: ignore[call-arg]
_unawaited = decorated_async("a", upper="yes")  # type: ignore[arg-type]


@mock_secrets
def decorated_generator(limit: int) -> Iterator[int]:
    yield from range(limit)


assert_type(decorated_generator(3), Iterator[int])


# -- configured decorator: the same ---------------------------------------------------------------

configured = mock_secrets(
    region="eu-west-1",
    account_id="111122223333",
    seed=7,
    clock=FixedClock(datetime(2024, 1, 1, tzinfo=timezone.utc)),
)
assert_type(configured, SecretsManagerMock)
assert_type(configured(sync_function), Callable[[str, int], list[str]])
assert_type(configured(async_function), Callable[[str], Coroutine[Any, Any, bytes]])
assert_type(mock_secrets(seed=1)(sync_function), Callable[[str, int], list[str]])
assert_type(mock_secrets(clock=datetime(2024, 1, 1)), SecretsManagerMock)
assert_type(mock_secrets(clock=1700000000.0), SecretsManagerMock)
assert_type(mock_secrets(clock=SystemClock()), SecretsManagerMock)
mock_secrets(seed="7")  # type: ignore[call-overload]
mock_secrets("eu-west-1")  # type: ignore[call-overload]


@mock_secrets(account_id="111122223333")
def configured_sync(name: str) -> int:
    return len(name)


@mock_secrets(region="eu-west-1")
async def configured_async(name: str) -> int:
    return len(name)


assert_type(configured_sync("a"), int)
configured_sync(b"a")  # type: ignore[arg-type]
_unawaited_int = configured_async(1)  # type: ignore[arg-type]


# -- class decorators return the class --------------------------------------------------------------


class PlainTests:
    def test_something(self) -> None:
        pass


class UnitTests(unittest.TestCase):
    def test_something(self) -> None:
        pass


assert_type(mock_secrets(PlainTests), type[PlainTests])
assert_type(mock_secrets(UnitTests), type[UnitTests])
assert_type(mock_secrets(account_id="111122223333")(UnitTests), type[UnitTests])


@mock_secrets
class DecoratedTests(unittest.TestCase):
    def test_something(self) -> None:
        pass


assert_type(DecoratedTests(), DecoratedTests)


# -- context managers give the mock -----------------------------------------------------------------


def sync_context() -> None:
    with mock_secrets() as sm:
        assert_type(sm, SecretsManagerMock)
        assert_type(sm.calls, CallList)
        assert_type(sm.calls[0], Call)
        assert_type(sm.calls[0:1], list[Call])
        assert_type(sm.calls.of("GetSecretValue"), list[Call])
        assert_type(sm.clock, Clock)
        assert_type(sm.active, bool)
        assert_type(sm.start(), SecretsManagerMock)
        assert_type(current(), SecretsManagerMock)
        assert_type(secretmock.current(), SecretsManagerMock)
        sm.advance_time(60)
        sm.advance_time(1.5)
        sm.stop()
    with mock_secrets(account_id="111122223333") as configured_sm:
        assert_type(configured_sm, SecretsManagerMock)


async def async_context() -> None:
    async with mock_secrets() as sm:
        assert_type(sm, SecretsManagerMock)
    async with mock_secrets(seed=3) as configured_sm:
        assert_type(configured_sm, SecretsManagerMock)


# -- the fixture's value, as users annotate it ------------------------------------------------------


def test_with_the_fixture(secretmock: SecretsManagerMock) -> None:
    assert_type(secretmock.account_id, str)
    assert_type(secretmock.region, str)
    assert_type(secretmock.seed, int | None)
    assert_type(secretmock.calls, CallList)


patch_client(object())  # type: ignore[arg-type]
assert_type(secretmock.__version__, str)


# -- rotation functions, typed as users type Lambda handlers -----------------------------------------


class RotationEvent(TypedDict):
    SecretId: str
    ClientRequestToken: str
    Step: Literal["createSecret", "setSecret", "testSecret", "finishSecret"]


def typed_handler(event: RotationEvent, context: LambdaContext) -> None:
    pass


def mapping_handler(event: Mapping[str, str], context: object) -> dict[str, Any]:
    return {}


def register_handlers() -> None:
    with mock_secrets(rotation_functions={"typed": typed_handler}) as sm:
        sm.register_rotation_function("mapping", mapping_handler)
        sm.register_rotation_function("lambda", lambda event, context: None)
        sm.register_rotation_function("no-context", lambda event: None)  # type: ignore[arg-type, misc]
