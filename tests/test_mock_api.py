"""Every way to activate the mock, its options, and what it records, through real boto3 clients."""

from __future__ import annotations

import contextlib
import inspect
import re
import sys
import unittest
from collections.abc import AsyncGenerator, AsyncIterator, Generator, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import boto3
import freezegun
import pytest
import time_machine
from dateutil.tz import tzlocal

import secretmock
from secretmock import FixedClock, SecretsManagerMock, SystemClock, _hook, mock_secrets
from secretmock.errors import ResourceNotFoundException, SecretMockError
from tests.assertions import raises_aws

NOT_FOUND = "Secrets Manager can't find the specified secret."
ACCOUNT = "210987654321"
OTHER_ACCOUNT = "444455556666"
WHEN = datetime(2024, 2, 29, 13, 14, 15, 678000, tzinfo=timezone.utc)


def _client(session: boto3.Session, region: str = "us-east-1") -> Any:
    return session.client("secretsmanager", region_name=region)


def _assert_no_mock_active() -> None:
    with pytest.raises(SecretMockError, match=r"^no secretmock is active$"):
        secretmock.current()


def _active_accounts() -> list[str]:
    """The account of every active mock, outermost first."""
    return [m.account_id for m in _hook.active if isinstance(m, SecretsManagerMock)]


def _arn_prefix(name: str, account_id: str = "123456789012", region: str = "us-east-1") -> str:
    return f"arn:aws:secretsmanager:{region}:{account_id}:secret:{name}-"


# -- decorators on functions --------------------------------------------------------------------


def test_bare_decorator_runs_a_sync_function_inside_a_fresh_mock(boto3_session):
    client = _client(boto3_session)

    @mock_secrets
    def create_and_read(name: str, *, value: str) -> str:
        assert secretmock.current().active
        client.create_secret(Name=name, SecretString=value)
        return str(client.get_secret_value(SecretId=name)["SecretString"])

    assert create_and_read("decorated", value="first") == "first"
    _assert_no_mock_active()
    # Nothing survives the first run: the same name can be created again.
    assert create_and_read("decorated", value="second") == "second"
    _assert_no_mock_active()


def test_configured_decorator_applies_every_option(boto3_session):
    client = _client(boto3_session, "eu-west-1")

    @mock_secrets(region="eu-west-1", account_id=ACCOUNT, seed=11, clock=WHEN)
    def create() -> tuple[SecretsManagerMock, dict[str, Any]]:
        client.create_secret(Name="configured", SecretString="v")
        return secretmock.current(), client.describe_secret(SecretId="configured")

    mock, described = create()
    assert (mock.region, mock.account_id, mock.seed) == ("eu-west-1", ACCOUNT, 11)
    assert described["ARN"].startswith(_arn_prefix("configured", ACCOUNT, "eu-west-1"))
    assert described["CreatedDate"] == WHEN
    assert mock.store("eu-west-1").by_name("configured") is None  # reset on exit


@pytest.mark.asyncio
async def test_bare_decorator_runs_an_async_function_inside_a_fresh_mock(boto3_session):
    client = _client(boto3_session)

    @mock_secrets
    async def create_and_read(name: str) -> str:
        assert secretmock.current().active
        client.create_secret(Name=name, SecretString="async value")
        return str(client.get_secret_value(SecretId=name)["SecretString"])

    assert inspect.iscoroutinefunction(create_and_read)
    assert await create_and_read("async") == "async value"
    _assert_no_mock_active()
    assert await create_and_read("async") == "async value"


@pytest.mark.asyncio
async def test_configured_decorator_on_an_async_function(boto3_session):
    client = _client(boto3_session, "ap-southeast-2")

    @mock_secrets(account_id=ACCOUNT, region="ap-southeast-2")
    async def create() -> str:
        assert secretmock.current().account_id == ACCOUNT
        return str(client.create_secret(Name="async-configured", SecretString="v")["ARN"])

    assert inspect.iscoroutinefunction(create)
    arn = await create()
    assert arn.startswith(_arn_prefix("async-configured", ACCOUNT, "ap-southeast-2"))
    _assert_no_mock_active()


def _sample(first: int, second: str = "b", *rest: int, flag: bool, **extra: str) -> tuple[Any, ...]:
    """A docstring that must survive decoration."""
    return (first, second, rest, flag, extra, secretmock.current().active)


async def _async_sample(first: int, *, flag: bool = False) -> tuple[Any, ...]:
    """An async docstring."""
    return (first, flag, secretmock.current().active)


@pytest.mark.parametrize(
    "decorate", [mock_secrets, mock_secrets(seed=3)], ids=["bare", "configured"]
)
def test_decorated_function_keeps_its_name_signature_and_return_value(decorate):
    decorated = decorate(_sample)
    assert decorated.__name__ == "_sample"
    assert decorated.__qualname__ == "_sample"
    assert decorated.__module__ == __name__
    assert decorated.__doc__ == "A docstring that must survive decoration."
    assert decorated.__wrapped__ is _sample
    assert inspect.signature(decorated) == inspect.signature(_sample)
    assert decorated(1, "two", 3, 4, flag=True, x="y") == (1, "two", (3, 4), True, {"x": "y"}, True)


@pytest.mark.parametrize(
    "decorate", [mock_secrets, mock_secrets(seed=3)], ids=["bare", "configured"]
)
@pytest.mark.asyncio
async def test_decorated_coroutine_function_keeps_its_name_signature_and_return_value(decorate):
    decorated = decorate(_async_sample)
    assert inspect.iscoroutinefunction(decorated)
    assert decorated.__name__ == "_async_sample"
    assert decorated.__doc__ == "An async docstring."
    assert inspect.signature(decorated) == inspect.signature(_async_sample)
    assert await decorated(5, flag=True) == (5, True, True)


def test_a_decorated_generator_runs_inside_the_mock_until_it_finishes(boto3_session):
    client = _client(boto3_session)

    @mock_secrets(account_id=ACCOUNT)
    def steps(name: str) -> Generator[str, str, None]:
        client.create_secret(Name=name, SecretString="generated")
        received = yield secretmock.current().account_id
        yield f"{received}: {client.get_secret_value(SecretId=name)['SecretString']}"

    assert inspect.isgeneratorfunction(steps)
    generator = steps("gen")
    _assert_no_mock_active()  # a generator's body starts on the first next()
    assert next(generator) == ACCOUNT
    assert generator.send("sent") == "sent: generated"
    with pytest.raises(StopIteration):
        next(generator)
    _assert_no_mock_active()


def test_a_generator_closed_early_stops_its_mock(boto3_session):
    @mock_secrets
    def forever() -> Generator[int, None, None]:
        while True:
            yield len(secretmock.current().calls)

    generator = forever()
    assert next(generator) == 0
    generator.close()
    _assert_no_mock_active()


@pytest.mark.asyncio
async def test_a_decorated_async_generator_runs_inside_the_mock(boto3_session):
    client = _client(boto3_session)

    @mock_secrets(account_id=ACCOUNT)
    async def steps(name: str) -> AsyncIterator[str]:
        client.create_secret(Name=name, SecretString="generated")
        yield secretmock.current().account_id
        yield str(client.get_secret_value(SecretId=name)["SecretString"])

    assert inspect.isasyncgenfunction(steps)
    assert [item async for item in steps("agen")] == [ACCOUNT, "generated"]
    _assert_no_mock_active()


@pytest.mark.asyncio
async def test_a_decorated_async_generator_gets_what_is_sent_and_thrown_into_it(boto3_session):
    client = _client(boto3_session)
    seen: list[object] = []

    @mock_secrets
    async def echo() -> AsyncGenerator[str, str | None]:
        try:
            received = yield "ready"
            seen.append(received)
            try:
                yield "again"
            except KeyError as error:
                seen.append(error)
                yield "handled"
        finally:
            # Still inside the mock: a call here is answered, never sent to AWS.
            seen.append(client.list_secrets()["SecretList"])

    generator = echo()
    assert await generator.asend(None) == "ready"
    assert await generator.asend("hello") == "again"
    thrown = KeyError("k")
    assert await generator.athrow(thrown) == "handled"
    await generator.aclose()

    assert seen == ["hello", thrown, []]
    _assert_no_mock_active()


@pytest.mark.asyncio
async def test_an_async_context_manager_made_of_a_decorated_generator_sees_the_bodys_error(
    boto3_session,
):
    client = _client(boto3_session)
    handled: list[str] = []

    @contextlib.asynccontextmanager
    @mock_secrets
    async def secret() -> AsyncIterator[str]:
        client.create_secret(Name="db", SecretString="v")
        try:
            yield "db"
        except KeyError:
            handled.append("KeyError")
        finally:
            handled.append(client.describe_secret(SecretId="db")["Name"])

    async def fail_inside() -> None:
        async with secret() as name:
            raise KeyError(name)

    await fail_inside()  # the generator handles the KeyError: nothing escapes
    assert handled == ["KeyError", "db"]
    _assert_no_mock_active()


@pytest.fixture
@mock_secrets(account_id=ACCOUNT)
def secret_in_a_decorated_fixture(boto3_session: boto3.Session) -> Iterator[str]:
    client = _client(boto3_session)
    yield client.create_secret(Name="from-fixture", SecretString="fixture value")["ARN"]
    # Still active at teardown: the secret is there until the fixture finishes.
    client.delete_secret(SecretId="from-fixture", ForceDeleteWithoutRecovery=True)


def test_a_decorated_generator_fixture_keeps_its_mock_for_the_test(
    boto3_session, secret_in_a_decorated_fixture
):
    client = _client(boto3_session)
    assert secret_in_a_decorated_fixture.startswith(_arn_prefix("from-fixture", ACCOUNT))
    assert client.get_secret_value(SecretId="from-fixture")["SecretString"] == "fixture value"


def test_options_cannot_be_given_positionally():
    with pytest.raises(SecretMockError, match=r"^mock_secrets decorates a function or a class"):
        mock_secrets("eu-west-1")  # type: ignore[call-overload]


# -- decorators on classes ----------------------------------------------------------------------


@mock_secrets(account_id=ACCOUNT)
class TestDecoratedPlainClass:
    """pytest collects this class: each test method runs inside its own fresh mock."""

    def test_a_sync_method_runs_inside_the_mock(self, boto3_session):
        client = _client(boto3_session)
        # Both methods create the same name: each one starts from an empty state.
        created = client.create_secret(Name="per-test", SecretString="sync")
        assert created["ARN"].startswith(_arn_prefix("per-test", ACCOUNT))

    @pytest.mark.asyncio
    async def test_an_async_method_runs_inside_the_mock(self, boto3_session):
        client = _client(boto3_session)
        created = client.create_secret(Name="per-test", SecretString="async")
        assert created["ARN"].startswith(_arn_prefix("per-test", ACCOUNT))


def test_class_decorator_wraps_test_methods_own_and_inherited_and_nothing_else():
    class Base:
        def test_inherited(self) -> str:
            return secretmock.current().account_id

    @mock_secrets(account_id=ACCOUNT)
    class Suite(Base):
        def test_own(self) -> str:
            return secretmock.current().account_id

        async def test_async(self) -> str:
            return secretmock.current().account_id

        def helper(self) -> list[str]:
            return _active_accounts()

        @staticmethod
        def test_static() -> str:
            return secretmock.current().account_id

        @classmethod
        def test_class(cls) -> tuple[str, str]:
            return cls.__name__, secretmock.current().account_id

        @staticmethod
        def helper_static() -> list[str]:
            return _active_accounts()

        test_data = ("not", "callable")

    assert Suite.__name__ == "Suite"
    suite = Suite()
    assert suite.test_own() == ACCOUNT
    assert suite.test_inherited() == ACCOUNT
    assert suite.helper() == []
    assert (Suite.test_static(), suite.test_static()) == (ACCOUNT, ACCOUNT)
    assert (Suite.test_class(), suite.test_class()) == (("Suite", ACCOUNT), ("Suite", ACCOUNT))
    assert isinstance(inspect.getattr_static(Suite, "test_static"), staticmethod)
    assert isinstance(inspect.getattr_static(Suite, "test_class"), classmethod)
    assert Suite.helper_static() == []
    assert Suite.test_data == ("not", "callable")
    # The base class itself is not changed.
    with pytest.raises(SecretMockError):
        Base().test_inherited()
    _assert_no_mock_active()


@pytest.mark.asyncio
async def test_class_decorator_wraps_async_test_methods():
    @mock_secrets(account_id=ACCOUNT)
    class Suite:
        async def test_async(self) -> str:
            return secretmock.current().account_id

        @staticmethod
        async def test_async_static() -> str:
            return secretmock.current().account_id

        @classmethod
        async def test_async_class(cls) -> str:
            return secretmock.current().account_id

    assert inspect.iscoroutinefunction(Suite.test_async)
    assert inspect.iscoroutinefunction(Suite.test_async_static)
    assert inspect.iscoroutinefunction(Suite.test_async_class)
    assert await Suite().test_async() == ACCOUNT
    assert await Suite.test_async_static() == ACCOUNT
    assert await Suite.test_async_class() == ACCOUNT


def test_closest_class_decorator_wins_for_inherited_test_methods():
    @mock_secrets(account_id=OTHER_ACCOUNT)
    class Base:
        def test_account(self) -> list[str]:
            return _active_accounts()

        @staticmethod
        def test_static_account() -> list[str]:
            return _active_accounts()

        @classmethod
        def test_class_account(cls) -> list[str]:
            return _active_accounts()

    @mock_secrets(account_id=ACCOUNT)
    class Child(Base):
        pass

    assert Base().test_account() == [OTHER_ACCOUNT]
    assert Child().test_account() == [ACCOUNT]
    assert (Base.test_static_account(), Base.test_class_account()) == (
        [OTHER_ACCOUNT],
        [OTHER_ACCOUNT],
    )
    assert (Child.test_static_account(), Child.test_class_account()) == ([ACCOUNT], [ACCOUNT])


def _run_unittest(case: type[unittest.TestCase]) -> unittest.TestResult:
    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(case).run(result)
    return result


def test_unittest_testcase_sees_the_mock_from_setup_to_teardown(boto3_session):
    client = _client(boto3_session)
    seen: list[tuple[str, str]] = []

    @mock_secrets(account_id=ACCOUNT)
    class Case(unittest.TestCase):
        def setUp(self) -> None:
            seen.append(("setUp", secretmock.current().account_id))
            client.create_secret(Name="from-setup", SecretString="prepared")

        def tearDown(self) -> None:
            value = client.get_secret_value(SecretId="from-setup")["SecretString"]
            seen.append(("tearDown", value))

        def test_1_reads_what_setup_made_and_adds_one(self) -> None:
            assert client.get_secret_value(SecretId="from-setup")["SecretString"] == "prepared"
            client.create_secret(Name="left-behind", SecretString="x")
            seen.append(("test_1", "ran"))

        def test_2_starts_from_an_empty_state(self) -> None:
            with pytest.raises(client.exceptions.ResourceNotFoundException):
                client.describe_secret(SecretId="left-behind")
            seen.append(("test_2", "ran"))

        def test_3_fails(self) -> None:
            self.fail("a failing test still leaves no mock behind")

    result = _run_unittest(Case)
    assert result.testsRun == 3
    assert result.errors == []
    assert [
        (test.id().rsplit(".", 1)[1], "a failing test" in text) for test, text in result.failures
    ] == [("test_3_fails", True)]
    assert seen == [
        ("setUp", ACCOUNT),
        ("test_1", "ran"),
        ("tearDown", "prepared"),
        ("setUp", ACCOUNT),
        ("test_2", "ran"),
        ("tearDown", "prepared"),
        ("setUp", ACCOUNT),
        ("tearDown", "prepared"),
    ]
    _assert_no_mock_active()


def test_unittest_mock_stops_even_when_setup_fails(boto3_session):
    @mock_secrets
    class Case(unittest.TestCase):
        def setUp(self) -> None:
            raise RuntimeError("setUp failed")

        def test_never_runs(self) -> None:
            raise AssertionError("unreachable")

    result = _run_unittest(Case)
    assert result.testsRun == 1
    assert len(result.errors) == 1
    assert "RuntimeError: setUp failed" in result.errors[0][1]
    _assert_no_mock_active()


def test_unittest_closest_class_decorator_wins():
    seen: list[list[str]] = []

    @mock_secrets(account_id=OTHER_ACCOUNT)
    class Base(unittest.TestCase):
        def test_account(self) -> None:
            seen.append(_active_accounts())

    @mock_secrets(account_id=ACCOUNT)
    class Child(Base):
        pass

    assert _run_unittest(Base).wasSuccessful()
    assert _run_unittest(Child).wasSuccessful()
    assert seen == [[OTHER_ACCOUNT], [ACCOUNT]]


def test_isolated_asyncio_testcase_sees_the_mock(boto3_session):
    client = _client(boto3_session)
    seen: list[str] = []

    @mock_secrets(account_id=ACCOUNT)
    class Case(unittest.IsolatedAsyncioTestCase):
        async def asyncSetUp(self) -> None:
            client.create_secret(Name="async-setup", SecretString="ready")

        async def test_reads(self) -> None:
            seen.append(client.get_secret_value(SecretId="async-setup")["SecretString"])
            seen.append(secretmock.current().account_id)

    result = _run_unittest(Case)
    assert (result.testsRun, result.errors, result.failures) == (1, [], [])
    assert seen == ["ready", ACCOUNT]
    _assert_no_mock_active()


# -- context managers ---------------------------------------------------------------------------


def test_with_block_gives_the_active_mock(boto3_session):
    client = _client(boto3_session)
    with mock_secrets() as sm:
        assert isinstance(sm, SecretsManagerMock)
        assert secretmock.current() is sm
        client.create_secret(Name="in-with", SecretString="v")
        assert [secret.name for secret in sm.store().secrets()] == ["in-with"]
    assert not sm.active
    assert len(sm.store()) == 0
    _assert_no_mock_active()


@pytest.mark.asyncio
async def test_async_with_block_gives_the_active_mock(boto3_session):
    client = _client(boto3_session)
    async with mock_secrets(account_id=ACCOUNT) as sm:
        assert isinstance(sm, SecretsManagerMock)
        assert secretmock.current() is sm
        arn = client.create_secret(Name="in-async-with", SecretString="v")["ARN"]
        assert arn.startswith(_arn_prefix("in-async-with", ACCOUNT))
    assert not sm.active
    _assert_no_mock_active()


def test_start_and_stop_by_hand(boto3_session):
    client = _client(boto3_session)
    mock = SecretsManagerMock()
    assert mock.start() is mock
    try:
        client.create_secret(Name="manual", SecretString="v")
    finally:
        mock.stop()
    assert not mock.active
    with pytest.raises(SecretMockError, match=r"^this secretmock is not active$"):
        mock.stop()


# -- nesting ------------------------------------------------------------------------------------


def test_innermost_mock_answers_with_its_own_state_and_the_outer_state_survives(boto3_session):
    client = _client(boto3_session)
    with mock_secrets() as outer:
        client.create_secret(Name="outer-only", SecretString="outer value")
        with mock_secrets(account_id=ACCOUNT) as inner:
            assert secretmock.current() is inner
            with raises_aws("ResourceNotFoundException", NOT_FOUND):
                client.get_secret_value(SecretId="outer-only")
            arn = client.create_secret(Name="inner-only", SecretString="inner value")["ARN"]
            assert arn.startswith(_arn_prefix("inner-only", ACCOUNT))
            assert [call.operation for call in inner.calls] == ["GetSecretValue", "CreateSecret"]
        assert not inner.active
        assert len(inner.calls) == 0
        assert secretmock.current() is outer
        assert client.get_secret_value(SecretId="outer-only")["SecretString"] == "outer value"
        with raises_aws("ResourceNotFoundException", NOT_FOUND):
            client.get_secret_value(SecretId="inner-only")
        assert [call.operation for call in outer.calls] == [
            "CreateSecret",
            "GetSecretValue",
            "GetSecretValue",
        ]
    _assert_no_mock_active()


def test_reentering_the_same_mock_keeps_its_state_until_the_last_exit(boto3_session):
    client = _client(boto3_session)
    mock = mock_secrets()
    with mock:
        client.create_secret(Name="first", SecretString="1")
        with mock as again:
            assert again is mock
            assert client.get_secret_value(SecretId="first")["SecretString"] == "1"
            client.create_secret(Name="second", SecretString="2")
        assert secretmock.current() is mock
        assert client.get_secret_value(SecretId="second")["SecretString"] == "2"
    assert not mock.active
    with mock, raises_aws("ResourceNotFoundException", NOT_FOUND):
        client.get_secret_value(SecretId="first")


def test_reentering_an_outer_mock_makes_it_the_innermost_again(boto3_session):
    client = _client(boto3_session)
    outer = mock_secrets(account_id=OTHER_ACCOUNT)
    middle = mock_secrets(account_id=ACCOUNT)
    with outer:
        client.create_secret(Name="kept", SecretString="outer")
        with middle:
            with outer:
                assert secretmock.current() is outer
                assert client.get_secret_value(SecretId="kept")["SecretString"] == "outer"
            assert secretmock.current() is middle
            with raises_aws("ResourceNotFoundException", NOT_FOUND):
                client.get_secret_value(SecretId="kept")
        assert secretmock.current() is outer
        assert client.get_secret_value(SecretId="kept")["SecretString"] == "outer"
    _assert_no_mock_active()


def test_stopping_an_outer_mock_first_leaves_the_inner_one_answering(boto3_session):
    client = _client(boto3_session)
    outer = mock_secrets(account_id=OTHER_ACCOUNT).start()
    inner = mock_secrets(account_id=ACCOUNT).start()
    try:
        outer.stop()
        assert secretmock.current() is inner
        assert client.create_secret(Name="n", SecretString="v")["ARN"].startswith(
            _arn_prefix("n", ACCOUNT)
        )
    finally:
        inner.stop()
    _assert_no_mock_active()


# -- exceptions ---------------------------------------------------------------------------------


class _BodyError(Exception):
    pass


def test_an_exception_in_a_with_body_propagates_unchanged_and_state_is_reset(boto3_session):
    client = _client(boto3_session)
    error = _BodyError("boom")
    mock = mock_secrets()

    def body() -> None:
        client.create_secret(Name="doomed", SecretString="v")
        raise error

    with pytest.raises(_BodyError) as info, mock:
        body()
    assert info.value is error
    assert info.value.__context__ is None
    assert not mock.active
    assert len(mock.calls) == 0
    assert len(mock.store()) == 0
    _assert_no_mock_active()


def test_an_exception_in_a_decorated_function_propagates_unchanged(boto3_session):
    client = _client(boto3_session)
    error = _BodyError("from the function")

    @mock_secrets
    def failing() -> None:
        client.create_secret(Name="doomed", SecretString="v")
        raise error

    with pytest.raises(_BodyError) as info:
        failing()
    assert info.value is error
    _assert_no_mock_active()


@pytest.mark.asyncio
async def test_an_exception_in_a_decorated_coroutine_propagates_unchanged(boto3_session):
    client = _client(boto3_session)
    error = _BodyError("from the coroutine")
    mock = mock_secrets()

    @mock
    async def failing() -> None:
        client.create_secret(Name="doomed", SecretString="v")
        raise error

    with pytest.raises(_BodyError) as info:
        await failing()
    assert info.value is error
    assert (mock.active, len(mock.calls), len(mock.store())) == (False, 0, 0)
    _assert_no_mock_active()


def test_an_aws_error_in_the_body_propagates_unchanged_and_state_is_reset(boto3_session):
    client = _client(boto3_session)
    mock = mock_secrets()

    def body() -> None:
        client.create_secret(Name="created", SecretString="v")
        client.get_secret_value(SecretId="missing")

    with pytest.raises(client.exceptions.ResourceNotFoundException) as info, mock:
        body()
    assert info.value.response["Error"] == {
        "Code": "ResourceNotFoundException",
        "Message": NOT_FOUND,
    }
    with mock, raises_aws("ResourceNotFoundException", NOT_FOUND):
        client.describe_secret(SecretId="created")


def test_no_state_survives_an_exit(boto3_session):
    client = _client(boto3_session)
    mock = mock_secrets(seed=1)
    with mock:
        client.create_secret(Name="gone", SecretString="v")
        calls = mock.calls
        assert len(calls) == 1
    assert len(calls) == 0  # the same list, cleared in place
    with mock:
        assert mock.calls is calls
        assert len(mock.calls) == 0
        with raises_aws("ResourceNotFoundException", NOT_FOUND):
            client.get_secret_value(SecretId="gone")
        client.create_secret(Name="gone", SecretString="again")


# -- options ------------------------------------------------------------------------------------


@pytest.mark.parametrize("region", ["us-east-1", "eu-west-1", "ap-southeast-2"])
def test_account_id_appears_in_every_arn(boto3_session, region):
    client = _client(boto3_session, region)
    with mock_secrets(account_id=ACCOUNT):
        created = client.create_secret(Name="owned", SecretString="v")
        described = client.describe_secret(SecretId="owned")
    assert created["ARN"].startswith(_arn_prefix("owned", ACCOUNT, region))
    assert described["ARN"] == created["ARN"]


def test_default_account_and_region():
    mock = SecretsManagerMock()
    assert (mock.account_id, mock.region, mock.seed) == ("123456789012", "us-east-1", None)
    assert isinstance(mock.clock, SystemClock)


@pytest.mark.parametrize(
    "account_id",
    [
        "12345678901",
        "1234567890123",
        "12345678901a",
        "",
        " 123456789012",
        "123456789012\n",
        "\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19\uff10\uff11\uff12",  # fullwidth digits: digits to Unicode, not to AWS
        123456789012,
        None,
    ],
)
def test_an_invalid_account_id_is_refused(account_id):
    with pytest.raises(SecretMockError) as info:
        mock_secrets(account_id=account_id)
    assert str(info.value) == f"account_id must be a string of 12 digits, not {account_id!r}"


@pytest.mark.parametrize(
    "region",
    [
        "",
        "US-EAST-1",
        "us_east_1",
        "us-east",
        "us-east-1 ",
        "not a region",
        "us-east-\u0661",
        1,
        None,
    ],
)
def test_an_invalid_region_is_refused(region):
    with pytest.raises(SecretMockError) as info:
        mock_secrets(region=region)
    assert str(info.value) == f"region must be a region name such as 'us-east-1', not {region!r}"


@pytest.mark.parametrize(
    "region",
    [
        "us-east-1",
        "eu-central-2",
        "cn-northwest-1",
        "us-gov-west-1",
        "us-isob-east-1",
        "il-central-1",
    ],
)
def test_every_region_name_form_is_accepted(boto3_session, region):
    mock = mock_secrets(region=region)
    assert mock.region == region
    assert mock.store().region == region


@pytest.mark.parametrize("seed", ["42", 4.2, True])
def test_a_seed_that_is_not_an_integer_is_refused(seed):
    with pytest.raises(SecretMockError) as info:
        mock_secrets(seed=seed)
    assert str(info.value) == f"seed must be an integer or None, not {seed!r}"


@pytest.mark.parametrize("clock", ["2024-01-01", object(), True])
def test_a_clock_that_is_not_one_is_refused(clock):
    with pytest.raises(SecretMockError) as info:
        mock_secrets(clock=clock)
    assert str(info.value) == (
        "clock must be a Clock (an object with a now() method returning epoch seconds), "
        f"a datetime or epoch seconds, not {clock!r}"
    )


def _seeded_run(session: boto3.Session, seed: int | None) -> list[str]:
    client = _client(session)
    with mock_secrets(seed=seed):
        first = client.create_secret(Name="seeded", SecretString="v")
        second = client.create_secret(Name="seeded-too", SecretString="v")
        missing = client.describe_secret(SecretId=first["ARN"])
    return [
        first["ARN"],
        second["ARN"],
        first["ResponseMetadata"]["RequestId"],
        missing["ResponseMetadata"]["RequestId"],
    ]


def test_a_seed_makes_arn_suffixes_and_request_ids_reproducible(boto3_session):
    first_run = _seeded_run(boto3_session, 1234)
    assert _seeded_run(boto3_session, 1234) == first_run
    assert _seeded_run(boto3_session, 4321) != first_run
    assert re.fullmatch(re.escape(_arn_prefix("seeded")) + "[A-Za-z0-9]{6}", first_run[0])


def test_the_same_seeded_mock_restarts_its_randomness_on_each_activation(boto3_session):
    client = _client(boto3_session)
    mock = mock_secrets(seed=99)
    arns = []
    for _ in range(2):
        with mock:
            arns.append(client.create_secret(Name="again", SecretString="v")["ARN"])
    assert arns[0] == arns[1]


def test_unseeded_runs_differ(boto3_session):
    # Two ARNs drawn from 62**6 suffixes (and request ids from 2**122) colliding is negligible.
    first, second = _seeded_run(boto3_session, None), _seeded_run(boto3_session, None)
    assert all(mine != theirs for mine, theirs in zip(first, second, strict=True))


def _created_date(session: boto3.Session, name: str = "timed") -> datetime:
    client = _client(session)
    client.create_secret(Name=name, SecretString="v")
    created: datetime = client.describe_secret(SecretId=name)["CreatedDate"]
    assert created.tzinfo == tzlocal()  # as botocore's parser gives every timestamp
    return created


@pytest.mark.parametrize(
    "clock",
    [
        FixedClock(WHEN),
        WHEN,
        WHEN.astimezone(timezone(timedelta(hours=-5))),
        WHEN.replace(tzinfo=None),  # naive means UTC
        WHEN.timestamp(),
        FixedClock(WHEN.timestamp()),
    ],
    ids=["FixedClock", "datetime", "other-zone", "naive", "epoch", "FixedClock-epoch"],
)
def test_a_fixed_clock_gives_the_exact_created_date(boto3_session, clock):
    with mock_secrets(clock=clock) as sm:
        assert _created_date(boto3_session) == WHEN
        assert isinstance(sm.clock, FixedClock)


def test_timestamps_keep_milliseconds_only(boto3_session):
    with mock_secrets(clock=WHEN.replace(microsecond=678999)):
        assert _created_date(boto3_session) == WHEN  # 678 ms, the rest dropped as AWS does


def test_advance_time_moves_a_fixed_clock(boto3_session):
    with mock_secrets(clock=FixedClock(WHEN)) as sm:
        assert _created_date(boto3_session, "before") == WHEN
        sm.advance_time(timedelta(days=2, seconds=5))
        assert _created_date(boto3_session, "after") == WHEN + timedelta(days=2, seconds=5)
        sm.advance_time(1.5)
        assert _created_date(boto3_session, "later") == WHEN + timedelta(days=2, seconds=6.5)


def test_a_custom_clock_is_used_as_is(boto3_session):
    class Sundial:
        def now(self) -> float:
            return WHEN.timestamp()

    sundial = Sundial()
    with mock_secrets(clock=sundial) as sm:
        assert sm.clock is sundial
        assert _created_date(boto3_session) == WHEN
        with pytest.raises(SecretMockError) as info:
            sm.advance_time(60)
    assert str(info.value) == (
        f"the mock's clock {sundial!r} cannot be moved; give the mock a FixedClock or use "
        "the default SystemClock"
    )


def test_time_machine_moves_the_default_clock(boto3_session):
    with time_machine.travel(WHEN, tick=False) as traveller, mock_secrets() as sm:
        assert _created_date(boto3_session, "travelled") == WHEN
        traveller.shift(timedelta(hours=3))
        assert _created_date(boto3_session, "shifted") == WHEN + timedelta(hours=3)
        sm.advance_time(timedelta(minutes=1))  # the mock's own offset adds to the travel
        assert _created_date(boto3_session, "advanced") == WHEN + timedelta(hours=3, minutes=1)


def test_freezegun_moves_the_default_clock(boto3_session):
    with freezegun.freeze_time(WHEN) as frozen, mock_secrets() as sm:
        assert _created_date(boto3_session, "frozen") == WHEN
        frozen.tick(timedelta(seconds=90))
        assert _created_date(boto3_session, "ticked") == WHEN + timedelta(seconds=90)
        sm.advance_time(timedelta(days=1))
        assert _created_date(boto3_session, "advanced") == WHEN + timedelta(days=1, seconds=90)


# -- current() and calls ------------------------------------------------------------------------


def test_current_is_the_innermost_active_mock():
    _assert_no_mock_active()
    with mock_secrets() as outer:
        assert secretmock.current() is outer
        with mock_secrets() as inner:
            assert secretmock.current() is inner
        assert secretmock.current() is outer
    _assert_no_mock_active()


def test_calls_record_operation_params_region_and_reply_or_error(boto3_session):
    client = _client(boto3_session)
    elsewhere = _client(boto3_session, "eu-west-1")
    token = "11111111-2222-4333-8444-555555555555"
    with mock_secrets() as sm:
        created = client.create_secret(
            Name="recorded",
            SecretString="v",
            ClientRequestToken=token,
            Tags=[{"Key": "k", "Value": "x"}],
        )
        with raises_aws("ResourceNotFoundException", NOT_FOUND):
            elsewhere.get_secret_value(SecretId="recorded")
        read = client.get_secret_value(SecretId="recorded")
        calls = list(sm.calls)
        assert len(sm.calls) == 3
        assert sm.calls[-1] is calls[2]
        assert sm.calls[0:2] == calls[0:2]
        assert sm.calls.of("GetSecretValue") == [calls[1], calls[2]]
        assert sm.calls.of("DeleteSecret") == []

    create, failed, get = calls
    assert (create.operation, create.region, create.response, create.error) == (
        "CreateSecret",
        "us-east-1",
        created,
        None,
    )
    assert create == (
        "CreateSecret",
        {
            "Name": "recorded",
            "SecretString": "v",
            "ClientRequestToken": token,
            "Tags": [{"Key": "k", "Value": "x"}],
        },
        "us-east-1",
        "123456789012",
        created,
        None,
    )
    assert (failed.operation, failed.params, failed.region, failed.account, failed.response) == (
        "GetSecretValue",
        {"SecretId": "recorded"},
        "eu-west-1",
        "123456789012",
        None,
    )
    assert isinstance(failed.error, ResourceNotFoundException)
    assert (failed.error.code, failed.error.message, failed.error.http_status) == (
        "ResourceNotFoundException",
        NOT_FOUND,
        400,
    )
    assert (get.params, get.region, get.response, get.error) == (
        {"SecretId": "recorded"},
        "us-east-1",
        read,
        None,
    )
    assert len(sm.calls) == 0


def test_calls_record_the_token_botocore_fills_in(boto3_session):
    client = _client(boto3_session)
    with mock_secrets() as sm:
        created = client.create_secret(Name="auto-token", SecretString="v")
        (call,) = sm.calls
    assert call.params["ClientRequestToken"] == created["VersionId"]


def test_repr_shows_state_and_options():
    mock = SecretsManagerMock(account_id=ACCOUNT, region="eu-west-1", clock=0)
    assert repr(mock) == (
        f"<SecretsManagerMock inactive account_id='{ACCOUNT}' region='eu-west-1' "
        "clock=FixedClock(1970-01-01T00:00:00+00:00)>"
    )
    with mock:
        assert repr(mock).startswith("<SecretsManagerMock active ")


# -- package metadata ---------------------------------------------------------------------------


def _pyproject_version() -> str:
    text = (Path(__file__).parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    if sys.version_info >= (3, 11):
        import tomllib

        return str(tomllib.loads(text)["project"]["version"])
    found = re.search(r'(?m)^\[project\][^\[]*?^version\s*=\s*"([^"]+)"', text)
    assert found is not None, "no version in the [project] table of pyproject.toml"
    return found.group(1)


def test_version_equals_the_one_in_pyproject():
    assert secretmock.__version__ == _pyproject_version()
    assert re.fullmatch(r"\d+\.\d+\.\d+(?:[a-z0-9.+-]*)", secretmock.__version__)
