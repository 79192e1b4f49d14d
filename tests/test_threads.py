"""Mocks started, stopped, restored and moved in time while other threads make calls.

The races these tests drive are rare at Python's default thread switch interval; each test that
needs one shortens the interval, so a thread may be interrupted between any two bytecodes.
"""

from __future__ import annotations

import asyncio
import functools
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import EndpointConnectionError

from secretmock import FixedClock, SecretsManagerMock, _hook, mock_secrets
from secretmock.errors import SecretMockError


@pytest.fixture
def fast_switching() -> Iterator[None]:
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(interval)


def client() -> Any:
    return boto3.session.Session().client("secretsmanager", region_name="us-east-1")


def in_threads(count: int, work: Callable[[int], object]) -> list[BaseException]:
    """Run ``work(number)`` in ``count`` threads at once; the exceptions that escaped it."""
    problems: list[BaseException] = []
    start = threading.Barrier(count)

    def run(number: int) -> None:
        start.wait()
        try:
            work(number)
        except BaseException as error:  # every escape is a finding
            problems.append(error)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return problems


def waiting_for_the_lock(thread: threading.Thread) -> bool:
    """Whether ``thread`` is inside the dispatcher, waiting for its mock's lock."""
    frame = sys._current_frames().get(thread.ident or -1)
    while frame is not None:
        if frame.f_code.co_name == "answer" and frame.f_code.co_filename.endswith("_dispatch.py"):
            return True
        frame = frame.f_back
    return False


def test_a_call_whose_mock_stops_before_it_takes_effect_is_answered_by_the_mock_active_then():
    with mock_secrets() as outer:
        inner = mock_secrets().start()
        secrets = client()
        answers: list[dict[str, Any]] = []
        # The call has chosen the inner mock and waits for its lock while the inner mock stops.
        with inner._backend.lock:
            caller = threading.Thread(
                target=lambda: answers.append(secrets.create_secret(Name="late", SecretString="v"))
            )
            caller.start()
            while not waiting_for_the_lock(caller):
                caller.join(0.001)
            inner.stop()
        caller.join()

        assert [call.operation for call in outer.calls] == ["CreateSecret"]
        assert answers[0]["Name"] == "late"
        assert secrets.describe_secret(SecretId="late")["ARN"] == answers[0]["ARN"]
        assert list(inner.calls) == []
        inner.start()
        assert client().list_secrets()["SecretList"] == []
        inner.stop()


def test_a_call_whose_only_mock_stops_before_it_takes_effect_is_not_sent():
    sm = mock_secrets().start()
    secrets = client()  # placeholder keys: sent, AWS would refuse it
    raised: list[BaseException] = []

    def create() -> None:
        try:
            secrets.create_secret(Name="late", SecretString="v")
        except BaseException as error:  # what the call raised is the finding
            raised.append(error)

    with sm._backend.lock:
        caller = threading.Thread(target=create)
        caller.start()
        while not waiting_for_the_lock(caller):
            caller.join(0.001)
        sm.stop()
    caller.join()

    assert [type(error) for error in raised] == [SecretMockError]
    assert str(raised[0]) == (
        "Secrets Manager CreateSecret was called while a secretmock was active, and that mock "
        "stopped before answering it; it was not sent"
    )


def test_a_mock_restarted_by_a_class_decorator_starts_empty_while_a_thread_still_calls():
    mock = mock_secrets()
    # Once no mock answers, its calls go to a closed local port, never to AWS.
    secrets = boto3.session.Session().client(
        "secretsmanager",
        region_name="us-east-1",
        endpoint_url="http://127.0.0.1:9",
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret",
        config=Config(connect_timeout=1, retries={"total_max_attempts": 1}),
    )
    stop = threading.Event()
    names = iter(range(1_000_000))

    def keep_creating() -> None:
        while not stop.is_set():
            try:
                secrets.create_secret(Name=f"leftover-{next(names)}", SecretString="v")
            except (SecretMockError, EndpointConnectionError):  # the mock has stopped
                return

    with mock:
        thread = threading.Thread(target=keep_creating)
        thread.start()
        while not mock.calls:
            thread.join(0.001)
    stop.set()
    thread.join()
    # Whatever the thread did, it did in the activation that stopped.
    with mock:
        assert list(mock.calls) == []
        assert client().list_secrets()["SecretList"] == []


def test_mocks_started_and_stopped_in_many_threads_at_once_leave_none_active(fast_switching):
    def enter_and_leave(number: int) -> None:
        for _ in range(1_000):
            with mock_secrets():
                pass

    assert in_threads(8, enter_and_leave) == []
    assert _hook.active == []


def test_restore_while_other_threads_call_lets_no_python_exception_escape(fast_switching):
    with mock_secrets() as sm:
        client().create_secret(Name="kept", SecretString="v")
        snapshot = sm.snapshot()
        done = threading.Event()

        def read(number: int) -> None:
            secrets = client()
            while not done.is_set():
                assert secrets.get_secret_value(SecretId="kept")["SecretString"] == "v"

        def restore(number: int) -> None:
            try:
                for _ in range(1_000):
                    sm.restore(snapshot)
            finally:
                done.set()

        assert in_threads(4, lambda n: restore(n) if n == 0 else read(n)) == []


@pytest.mark.parametrize("clock", [None, FixedClock(1_700_000_000)], ids=["system", "fixed"])
def test_advance_time_from_many_threads_loses_no_move(fast_switching, clock):
    with SecretsManagerMock(clock=clock) as sm:
        before = sm.clock.now()

        def advance(number: int) -> None:
            for _ in range(2_000):
                sm.advance_time(1)

        assert in_threads(8, advance) == []
        moved = sm.clock.now() - before
    # The system clock also moved with the wall clock meanwhile.
    assert 16_000 <= moved < (16_000 if clock is not None else 16_060) + 1


def test_calls_are_recorded_in_the_order_they_took_effect(fast_switching):
    with mock_secrets() as sm:
        secrets = client()
        secrets.create_secret(Name="s", SecretString="start")
        for round_number in range(60):
            with ThreadPoolExecutor(8) as pool:
                values = [f"{round_number}-{n}" for n in range(16)]
                list(
                    pool.map(
                        lambda v: secrets.put_secret_value(SecretId="s", SecretString=v), values
                    )
                )
            puts = [call.params["SecretString"] for call in sm.calls.of("PutSecretValue")]
            current = secrets.get_secret_value(SecretId="s")["SecretString"]
            previous = secrets.get_secret_value(SecretId="s", VersionStage="AWSPREVIOUS")
            assert (puts[-2], puts[-1]) == (previous["SecretString"], current)
            sm.advance_time(2 * 86_400)  # past the 100 versions a day AWS allows


def test_mocks_active_at_once_in_two_threads_each_answer_their_own_thread():
    both_started = threading.Barrier(2)
    seen: dict[str, list[str]] = {}
    recorded: dict[str, list[str]] = {}

    def test(name: str) -> None:
        with mock_secrets() as sm:
            both_started.wait()
            secrets = client()
            secrets.create_secret(Name=name, SecretString="v")
            both_started.wait()  # both secrets exist now, each in its own mock
            seen[name] = [entry["Name"] for entry in secrets.list_secrets()["SecretList"]]
            recorded[name] = [call.operation for call in sm.calls]
            both_started.wait()

    assert in_threads(2, lambda n: test(f"secret-{n}")) == []
    assert seen == {"secret-0": ["secret-0"], "secret-1": ["secret-1"]}
    assert recorded == {name: ["CreateSecret", "ListSecrets"] for name in seen}


def test_decorated_coroutines_gathered_together_each_reach_their_own_mock():
    both_created, both_listed = asyncio.Event(), asyncio.Event()
    created: list[str] = []
    listed: list[str] = []

    async def test(name: str) -> list[str]:
        # Both mocks are active from the first call of either to the last call of both.
        secrets = client()
        secrets.create_secret(Name=name, SecretString="v")
        created.append(name)
        if len(created) == 2:
            both_created.set()
        await both_created.wait()
        names = [entry["Name"] for entry in secrets.list_secrets()["SecretList"]]
        listed.append(name)
        if len(listed) == 2:
            both_listed.set()
        await both_listed.wait()
        return names

    # Two tests, each decorated (one decorated function shares its mock between its calls).
    test_a = mock_secrets(functools.partial(test, "a"))
    test_b = mock_secrets(functools.partial(test, "b"))

    async def both() -> list[list[str]]:
        return list(await asyncio.gather(test_a(), test_b()))

    assert asyncio.run(both()) == [["a"], ["b"]]


def test_a_thread_that_starts_no_mock_is_answered_by_the_mock_started_last():
    with mock_secrets() as sm:
        names: list[str] = []
        thread = threading.Thread(
            target=lambda: names.append(client().create_secret(Name="t", SecretString="v")["Name"])
        )
        thread.start()
        thread.join()
        assert names == ["t"]
        assert [call.operation for call in sm.calls] == ["CreateSecret"]
