"""The object tests hold: decorator, context manager and pytest fixture value in one."""

from __future__ import annotations

import functools
import inspect
import os
import random
import weakref
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar, overload

from botocore.awsrequest import AWSResponse

from secretmock import _hook
from secretmock._calls import Call, CallList
from secretmock._clock import Clock, FixedClock, SystemClock
from secretmock._ids import DEFAULT_ACCOUNT_ID, checked_account_id, checked_region
from secretmock._rotation import DEFAULT_MEMORY_SIZE, DEFAULT_TIMEOUT, RotationHandler
from secretmock.errors import SecretMockError, SecretsManagerError

if TYPE_CHECKING:
    import unittest

    from botocore.model import OperationModel

    from secretmock._backend.replication import ReplicationControls
    from secretmock._backend.store import SecretStore
    from secretmock._faults import Fault
    from secretmock._identity import Credentials
    from secretmock._kms.public import KmsKeys
    from secretmock._rotation.functions import RotationFunction
    from secretmock._rotation.log import Rotation, RotationLog
    from secretmock._seeding import SeedRotation, SeedVersion
    from secretmock._snapshot import Snapshot

_T = TypeVar("_T", bound=Callable[..., Any])
# Wrappers a class decorator put on test methods, and the functions they wrap.
_CLASS_WRAPPED: weakref.WeakKeyDictionary[Callable[..., Any], Callable[..., Any]] = (
    weakref.WeakKeyDictionary()
)
# Set on a unittest.TestCase instance whose setUp started a class decorator's mock.
_TEST_CASE_MOCK = "_secretmock_started"
# Set on the functions and unittest.TestCase classes mock_secrets decorated: the mock that wraps
# them (a subclass inherits its base class's).
_DECORATED_BY = "__secretmock_mock__"
DEFAULT_REGION = "us-east-1"


class SecretsManagerMock:
    """An in-process AWS Secrets Manager that answers every boto3/botocore call while active.

    Use it as a decorator (functions, coroutines, test classes, ``unittest.TestCase``), as a
    context manager (``with`` or ``async with``), or through the ``secretmock`` pytest fixture.
    Each activation starts from an empty state and leaves none behind.

    :param region: the region the mock's own helpers use when none is given (:meth:`store`,
        and the ARN of a rotation function registered by name), and the region the pytest
        fixture gives a Secrets Manager client that finds none. Clients keep their own region:
        every region has its own secrets.
    :param account_id: the 12-digit account that owns the secrets (default ``123456789012``).
    :param seed: seeds every random choice (ARN suffixes, request ids, generated passwords), so
        a seeded test sees the same values on every run. Unseeded, passwords come from the
        operating system's cryptographically strong source, and identifiers from a fast
        generator seeded from it.
    :param clock: where time comes from: a :class:`~secretmock.Clock` (such as
        :class:`~secretmock.FixedClock`), or a datetime or epoch seconds to start a FixedClock at
        (:class:`~secretmock.errors.SecretMockError` if it is out of the years 1 to 9999).
        By default the system clock, which freezegun and time-machine move.
    :param rotation_functions: rotation functions to register, ``{name or ARN: handler}``, as
        :meth:`register_rotation_function` does.
    """

    def __init__(
        self,
        *,
        region: str = DEFAULT_REGION,
        account_id: str = DEFAULT_ACCOUNT_ID,
        seed: int | None = None,
        clock: Clock | datetime | float | None = None,
        rotation_functions: Mapping[str, RotationHandler] | None = None,
    ) -> None:
        self.region = checked_region(region)
        self.account_id = checked_account_id(account_id)
        self.seed = _checked_seed(seed)
        self.clock: Clock = _make_clock(clock)
        #: Every call answered while active, oldest first; cleared when the mock stops.
        self.calls = CallList()
        # The backend and the dispatcher are imported by the first mock, not by
        # `import secretmock`: the pytest plugin imports secretmock into every test run.
        from secretmock._backend.backend import Backend
        from secretmock._dispatch import answer

        self._backend = Backend(account_id, self.clock, self._new_random(), self.seed)
        self._answer = answer
        self._faults: list[Fault] = []  # injected with inject_error(), checked on every call
        self._depth = 0
        for name_or_arn, handler in (rotation_functions or {}).items():
            self.register_rotation_function(name_or_arn, handler)

    # -- activation -------------------------------------------------------------------------

    @property
    def active(self) -> bool:
        return self._depth > 0

    def start(self) -> SecretsManagerMock:
        """Start answering calls, as the innermost mock.

        Starting an active mock again makes it the innermost one again (it may be inside
        another mock now) and counts one more level; its state is kept.
        """
        with _hook.changing_active:
            self._depth += 1
            _hook.add_active(self)
        return self

    def stop(self) -> None:
        """Leave the latest level; when the last one is left, forget every secret and call."""
        with _hook.changing_active:
            if self._depth == 0:
                raise SecretMockError("this secretmock is not active")
            # Its latest activation is taken out before the depth drops, so that a call the hook
            # gives this mock from now on finds it active, or finds it gone.
            _hook.remove_active(self)
            self._depth -= 1
        with self._backend.lock:
            if self._depth == 0:  # and not started again meanwhile, in another thread
                self.reset()

    def reset(self) -> None:
        """Forget every secret, recorded call and injected fault (randomness restarts from the
        seed)."""
        with self._backend.lock:
            self._backend.reset()
            self._backend.rng = self._new_random()
            self.calls.clear()
            self._faults.clear()

    def __enter__(self) -> SecretsManagerMock:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    async def __aenter__(self) -> SecretsManagerMock:
        return self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def __call__(self, target: _T) -> _T:
        """Decorate a function, a coroutine function, a generator function or a test class."""
        if isinstance(target, type):
            return self._decorate_class(target)  # type: ignore[return-value]
        wrapper = self._wrap(target)
        # So the pytest plugin can tell a decorated test that also has the fixture.
        setattr(wrapper, _DECORATED_BY, self)
        return wrapper

    def _wrap(self, target: _T) -> _T:
        checked: object = target
        if not callable(checked):
            raise SecretMockError(
                "mock_secrets decorates a function or a class and takes its options as "
                f"keywords, such as mock_secrets(region='eu-west-1'); got {checked!r}"
            )
        if inspect.iscoroutinefunction(target):

            @functools.wraps(target)
            async def run_async(*args: Any, **kwargs: Any) -> Any:
                async with self:
                    return await target(*args, **kwargs)

            return run_async  # type: ignore[return-value]
        # A generator's body runs while it is iterated, not when it is called (a yield fixture,
        # for one): the mock stays active from the first next() until it finishes or closes.
        if inspect.isgeneratorfunction(target):

            @functools.wraps(target)
            def run_generator(*args: Any, **kwargs: Any) -> Any:
                with self:
                    return (yield from target(*args, **kwargs))

            return run_generator  # type: ignore[return-value]
        if inspect.isasyncgenfunction(target):

            @functools.wraps(target)
            async def run_async_generator(*args: Any, **kwargs: Any) -> Any:
                async with self:
                    # What `yield from` does for a generator: values sent and exceptions thrown
                    # in (an asynccontextmanager throws the body's exception) reach the body,
                    # and closing closes it while the mock is still active.
                    inner = target(*args, **kwargs)
                    step = inner.asend(None)
                    while True:
                        try:
                            item = await step
                        except StopAsyncIteration:
                            return
                        try:
                            sent = yield item
                        except GeneratorExit:
                            await inner.aclose()
                            raise
                        except BaseException as error:
                            step = inner.athrow(error)
                        else:
                            step = inner.asend(sent)

            return run_async_generator  # type: ignore[return-value]

        @functools.wraps(target)
        def run(*args: Any, **kwargs: Any) -> Any:
            with self:
                return target(*args, **kwargs)

        return run  # type: ignore[return-value]

    def _decorate_class(self, cls: type) -> type:
        import unittest  # imported here: only class decoration needs it

        if issubclass(cls, unittest.TestCase):
            self._decorate_test_case(cls)
            return cls
        # Test methods the class defines or inherits, static and class methods too. One a
        # decorated base class wrapped is unwrapped first, so the closest decorator is the only
        # one that applies.
        for name in dir(cls):
            if not name.startswith("test"):
                continue
            attribute = inspect.getattr_static(cls, name)
            kind = type(attribute) if isinstance(attribute, (staticmethod, classmethod)) else None
            function = attribute.__func__ if kind is not None else attribute
            if inspect.isfunction(function):
                original = _CLASS_WRAPPED.get(function, function)
                wrapper = self(original)
                _CLASS_WRAPPED[wrapper] = original
                setattr(cls, name, wrapper if kind is None else kind(wrapper))
        return cls

    def _decorate_test_case(self, cls: type[unittest.TestCase]) -> None:
        # Active from setUp to the last cleanup, so setUp and tearDown see the mock too; every
        # test starts from an empty state. When a subclass is decorated as well, its setUp runs
        # first and its mock, the closest one, is the only one started.
        original_set_up = cls.setUp

        def set_up(test: unittest.TestCase) -> None:
            if not getattr(test, _TEST_CASE_MOCK, False):
                setattr(test, _TEST_CASE_MOCK, True)
                self.start()
                test.addCleanup(self._stop_test_case, test)
            original_set_up(test)

        cls.setUp = set_up  # type: ignore[method-assign,assignment]
        # So the pytest plugin can tell a test of the class that also has the fixture.
        setattr(cls, _DECORATED_BY, self)

    def _stop_test_case(self, test: unittest.TestCase) -> None:
        delattr(test, _TEST_CASE_MOCK)
        self.stop()

    # -- answering ---------------------------------------------------------------------------

    def intercepts(self, url: str) -> bool:
        """Every call, whatever its endpoint: a client's ``endpoint_url`` is answered in-process
        too (used by the botocore hook)."""
        return True

    def answer(
        self,
        model: OperationModel,
        params: Mapping[str, Any],
        region: str,
        body: bytes | str | None,
        retries: Mapping[str, Any] | None,
        access_key_id: str | None = None,
        signed: bool = True,
        *,
        served: bool = False,
    ) -> tuple[AWSResponse, dict[str, Any]]:
        """The reply to one intercepted call (used by the botocore hook), or with ``served``
        to one request of server mode, which answers without the mock being started.

        :raises MockStopped: this mock stopped before the intercepted call took effect.
        """
        return self._answer(
            self._backend,
            self.calls,
            model,
            params,
            region,
            body,
            retries,
            access_key_id,
            self._faults,
            signed,
            None if served else self._answering,
        )

    def _answering(self) -> bool:
        return self._depth > 0

    def record_refusal(
        self,
        operation: str,
        params: Mapping[str, Any],
        region: str,
        access_key_id: str | None,
        error: SecretsManagerError,
    ) -> None:
        """Record a call refused before it reached the operation (used by server mode, which
        reads the request body itself)."""
        with self._backend.lock:
            caller = self._backend.identities.caller(access_key_id, region)
        account = caller.account or self._backend.account_id
        self.calls.append(Call(operation, params, region, account, None, error))

    # -- injected faults ---------------------------------------------------------------------

    def inject_error(
        self,
        operation: str,
        code: str,
        *,
        message: str | None = None,
        status: int = 400,
        times: int | None = 1,
        secret_id: str | None = None,
        when: Callable[[Mapping[str, Any]], bool] | None = None,
    ) -> Fault:
        """Make matching calls of ``operation`` fail with the AWS error ``code``.

        The client raises it as it would AWS's answer (``client.exceptions.<code>`` for a code
        the service model declares, else a ``ClientError``), with ``message`` and the HTTP
        ``status``, after botocore's retries: an error the client's retry mode retries
        (ThrottlingException, a 5xx, ...) fails each attempt botocore would make, each counting
        one of ``times``, and once the fault is used up the next attempt gets the real answer.
        Nothing sleeps. See docs/test-author-api.md.

        :param operation: the API name (``"GetSecretValue"``) or client method name
            (``"get_secret_value"``).
        :param message: the error message; by default ``"Rate exceeded"`` for
            ThrottlingException, AWS's message for ResourceNotFoundException, the service
            model's description of any other code it declares, else ``"Injected by
            secretmock."``.
        :param times: how many attempts fail, or None for every one.
        :param secret_id: only calls naming this secret, in any form (name, partial or full
            ARN): SecretId, CreateSecret's Name, or a member of SecretIdList.
        :param when: only calls for whose API parameters ``when(params)`` is true.
        :return: the fault: ``count`` says how many attempts it failed; ``remove()`` it, or
            use it as a context manager, to stop it earlier. The mock forgets it when it stops.
        """
        from secretmock._faults import new_fault

        return new_fault(
            self._faults,
            self._backend.lock,
            operation,
            code,
            message=message,
            status=status,
            times=times,
            secret_id=secret_id,
            when=when,
        )

    @property
    def faults(self) -> list[Fault]:
        """The injected faults that still fail calls, oldest first."""
        return list(self._faults)

    # -- seeding and inspection ------------------------------------------------------------

    def store(self, region: str | None = None) -> SecretStore:
        """The secrets of this mock's account in ``region`` (default: the mock's region)."""
        return self._backend.store(region or self.region)

    @property
    def kms(self) -> KmsKeys:
        """The KMS keys of every account, by default this mock's account and region: create
        customer managed keys, disable them, schedule their deletion (see docs/kms.md)."""
        from secretmock._kms.public import KmsKeys

        return KmsKeys(self._backend.kms, self.account_id, self.region)

    def credentials_for(self, principal: str, *, session_name: str | None = None) -> Credentials:
        """Credentials that act as ``principal`` in this mock (see docs/accounts.md).

        ``principal`` is an account id or root ARN, an IAM user ARN, an IAM role ARN (the keys
        act as a session of the role, named ``session_name``, default ``secretmock``), or an
        assumed-role or federated-user session ARN. Pass them to a client
        (``boto3.client("secretsmanager", **creds)``) or call ``creds.client()``.
        """
        with self._backend.lock:
            return self._backend.identities.mint(principal, self.region, session_name)

    @property
    def replication(self) -> ReplicationControls:
        """Asynchronous replication, made testable: hold Regions InProgress, fail them with a
        StatusMessage, release them (see docs/replication.md)."""
        from secretmock._backend.replication import ReplicationControls

        return ReplicationControls(self._backend)

    def advance_time(self, delta: timedelta | float) -> None:
        """Move the mock's clock forward by ``delta`` (a timedelta or seconds).

        Scheduled deletions and scheduled rotations whose date has passed take effect on the
        next call (or, for rotations, on :meth:`run_due_rotations`).

        :raises SecretMockError: the clock has no ``advance()``, or would leave the years 1 to
            9999 (then it stays where it was).
        """
        advance = getattr(self.clock, "advance", None)
        if advance is None:
            raise SecretMockError(
                f"the mock's clock {self.clock!r} cannot be moved; give the mock a "
                "FixedClock or use the default SystemClock"
            )
        advance(delta)

    # -- seeding, snapshots and dumps ----------------------------------------------------------

    def add_secret(
        self,
        name: str,
        value: str | bytes | None = None,
        *,
        description: str | None = None,
        tags: Mapping[str, str] | Sequence[Mapping[str, str]] | None = None,
        kms_key_id: str | None = None,
        secret_type: str | None = None,
        versions: Sequence[SeedVersion | Mapping[str, Any]] | None = None,
        created: datetime | float | str | None = None,
        region: str | None = None,
        account_id: str | None = None,
        rotation: SeedRotation | Mapping[str, Any] | None = None,
        deleted: datetime | float | str | None = None,
        recovery_window_days: int | None = None,
        policy: str | Mapping[str, Any] | None = None,
    ) -> str:
        """Add a secret directly, as if made by calls, without making (or recording) any call.

        ``value`` (a str is a SecretString, bytes a SecretBinary) makes one AWSCURRENT version;
        ``versions`` (oldest first, :class:`~secretmock.SeedVersion` or mappings of its fields)
        gives several, with their labels and creation dates. ``rotation`` gives the settings
        RotateSecret would have stored (:class:`~secretmock.SeedRotation`); ``deleted`` (the
        DeletedDate) and ``recovery_window_days`` (7-30, default 30) a scheduled deletion;
        ``policy`` the resource policy. Dates are datetimes (naive means UTC), epoch seconds
        or ISO 8601 text; ``created`` defaults to now. ``region`` and ``account_id`` default to
        the mock's. Every rule AWS applies to the calls that would make the secret holds, with
        AWS's message: a seed that breaks one raises SecretMockError and adds nothing.

        :returns: the secret's ARN.
        """
        from secretmock._seeding import add_secret, seed_secret

        seed = seed_secret(
            name,
            value,
            region=checked_region(region or self.region),
            account_id=checked_account_id(account_id or self.account_id),
            description=description,
            tags=tags,
            kms_key_id=kms_key_id,
            secret_type=secret_type,
            versions=versions,
            created=created,
            rotation=rotation,
            deleted=deleted,
            recovery_window_days=recovery_window_days,
            policy=policy,
        )
        return add_secret(self._backend, seed).arn

    def load(self, source: Mapping[str, Any] | str | os.PathLike[str]) -> list[str]:
        """Add the KMS keys and secrets of a seed document: a dict, or a JSON or YAML file.

        The document is ``{"kms_keys": [...], "secrets": [...]}``: each secret a mapping of
        :meth:`add_secret`'s keywords (``value_base64`` for a binary value in JSON), each key a
        mapping of :meth:`~secretmock.KmsKeys.create_key`'s keywords (``alias``, ``description``,
        ``policy``, ``region``, ``account_id``, ``key_id``) and ``state``. YAML needs PyYAML
        (``pip install 'secretmock[yaml]'``). All or nothing: when one entry is refused, the
        state is as it was before. :returns: the ARNs of the secrets, in order.
        """
        from secretmock import _seeding, _snapshot

        document = _seeding.read_document(source)
        keys = _seeding.key_entries(document)
        entries = _seeding.secret_entries(document)
        # One atomic step: no call is answered between the state saved and a refusal's restore.
        with self._backend.lock:
            before = _snapshot.take(self._backend, self.clock, self.calls)
            try:
                made = _seeding.add_keys(self.kms, keys)
                arns = [self.add_secret(**entry) for entry in entries]
                _seeding.finish_keys(made)
                return arns
            except BaseException:
                _snapshot.restore(before, self._backend, self.clock, self.calls)
                raise

    def snapshot(self) -> Snapshot:
        """The whole state now: secrets, versions, policies, tags, KMS keys, rotation state
        (functions, log, schedule), scheduled deletions, identities, the clock's offset and
        the recorded calls. Give it to :meth:`restore`, as many times as needed."""
        from secretmock._snapshot import take

        return take(self._backend, self.clock, self.calls)

    def restore(self, snapshot: Snapshot) -> None:
        """Put the whole state back as it was when ``snapshot`` was taken (from this mock)."""
        from secretmock._snapshot import restore

        restore(snapshot, self._backend, self.clock, self.calls)

    def dump(self, *, values: bool = False) -> dict[str, Any]:
        """The secrets and customer managed KMS keys of every account and Region, as a
        JSON-serialisable document in the shape :meth:`load` takes. Values are left out
        unless ``values=True`` (a binary value is ``value_base64``)."""
        from secretmock._seeding import dump_state

        return dump_state(self._backend, values=values)

    # -- rotation ----------------------------------------------------------------------------

    def register_rotation_function(
        self,
        name_or_arn: str,
        handler: RotationHandler,
        *,
        environment: Mapping[str, str] | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        memory_size: int = DEFAULT_MEMORY_SIZE,
    ) -> RotationFunction:
        """Stand ``handler(event, context)`` in for the Lambda rotation function ``name_or_arn``.

        Registered by name (``"my-rotator"``), it answers every Lambda ARN of that name in the
        mock's account; registered by ARN, exactly that ARN. The returned function's ``arn`` is
        what ``rotate_secret(RotationLambdaARN=...)`` takes. ``environment`` holds the
        function's own variables (Lambda's "Environment"), set while the handler runs; a name
        registered again replaces the earlier function.
        """
        with self._backend.lock:
            return self._backend.rotations.functions.register(
                name_or_arn,
                handler,
                region=self.region,
                environment=environment,
                timeout=timeout,
                memory_size=memory_size,
            )

    def unregister_rotation_function(self, name_or_arn: str) -> None:
        """Remove a rotation function: Secrets Manager can no longer invoke it."""
        with self._backend.lock:
            self._backend.rotations.functions.unregister(name_or_arn)

    @property
    def rotation_functions(self) -> list[RotationFunction]:
        """The registered rotation functions."""
        return list(self._backend.rotations.functions)

    @property
    def rotations(self) -> RotationLog:
        """Every rotation run while active, oldest first, with each step's outcome and error.

        Cleared when the mock stops, like :attr:`calls`.
        """
        return self._backend.rotations.log

    def run_due_rotations(self) -> list[Rotation]:
        """Run now every scheduled rotation whose NextRotationDate has passed; return them.

        Every call the mock answers does the same first, so this is only needed when a test
        moves the clock and wants the rotation without making a call. The mock must be active
        and the innermost one: the rotation functions' own calls must come back to it.
        """
        if _hook.innermost() is not self:
            raise SecretMockError(
                "run_due_rotations() needs this mock active and innermost: the rotation "
                "functions' boto3 calls must be answered by it"
            )
        from secretmock._operations.rotation import run_due_rotations

        return run_due_rotations(self._backend)

    def assert_rotations_succeeded(self) -> None:
        """Fail with AssertionError if any rotation failed, naming the step and the error."""
        self.rotations.assert_succeeded()

    def _new_random(self) -> random.Random:
        return random.Random(self.seed) if self.seed is not None else random.SystemRandom()

    def __repr__(self) -> str:
        state = "active" if self.active else "inactive"
        return (
            f"<SecretsManagerMock {state} account_id={self.account_id!r} "
            f"region={self.region!r} clock={self.clock!r}>"
        )


def _checked_seed(seed: object) -> int | None:
    if seed is None or (isinstance(seed, int) and not isinstance(seed, bool)):
        return seed
    raise SecretMockError(f"seed must be an integer or None, not {seed!r}")


def _make_clock(clock: object) -> Clock:
    if clock is None:
        return SystemClock()
    if isinstance(clock, (datetime, int, float)) and not isinstance(clock, bool):
        return FixedClock(clock)
    if not isinstance(clock, Clock):
        raise SecretMockError(
            "clock must be a Clock (an object with a now() method returning epoch seconds), "
            f"a datetime or epoch seconds, not {clock!r}"
        )
    return clock


@overload
def mock_secrets(target: _T, /) -> _T: ...


@overload
def mock_secrets(
    target: None = None,
    /,
    *,
    region: str = DEFAULT_REGION,
    account_id: str = DEFAULT_ACCOUNT_ID,
    seed: int | None = None,
    clock: Clock | datetime | float | None = None,
    rotation_functions: Mapping[str, RotationHandler] | None = None,
) -> SecretsManagerMock: ...


def mock_secrets(
    target: _T | None = None,
    /,
    *,
    region: str = DEFAULT_REGION,
    account_id: str = DEFAULT_ACCOUNT_ID,
    seed: int | None = None,
    clock: Clock | datetime | float | None = None,
    rotation_functions: Mapping[str, RotationHandler] | None = None,
) -> _T | SecretsManagerMock:
    """Mock AWS Secrets Manager: ``@mock_secrets``, ``@mock_secrets(...)`` or ``with mock_secrets():``."""
    mock = SecretsManagerMock(
        region=region,
        account_id=account_id,
        seed=seed,
        clock=clock,
        rotation_functions=rotation_functions,
    )
    if target is None:
        return mock
    return mock(target)


def decorating_mock(target: object) -> SecretsManagerMock | None:
    """The mock that @mock_secrets put on ``target`` (a function or a TestCase class), if any."""
    mock = getattr(target, _DECORATED_BY, None)
    return mock if isinstance(mock, SecretsManagerMock) else None


def current() -> SecretsManagerMock:
    """The innermost active mock: the one answering calls made here now (see the usage page on
    threads and tasks)."""
    for responder in _hook.innermost_first():
        if isinstance(responder, SecretsManagerMock):
            return responder
    raise SecretMockError("no secretmock is active")
