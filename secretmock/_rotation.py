"""Rotation functions: the user's own Python handlers, run in-process as Secrets Manager runs them.

On AWS a rotation function is a Lambda function that Secrets Manager invokes once per step
(createSecret, setSecret, testSecret, finishSecret). Here a test registers a plain Python callable
``handler(event, context)`` under the function's name or ARN, and the mock calls it with the
event Secrets Manager sends, a Lambda-like context, and the environment Lambda gives a function.
The boto3 clients the handler creates are answered by the same mock, like any other client.

This module knows functions, invocations and the rotation log; what a rotation does to a secret
(its AWSPENDING version, its dates) is in :mod:`secretmock._operations.rotation`.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import os
import re
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, overload

from secretmock._ids import partition_of, random_uuid
from secretmock.errors import SecretMockError

if TYPE_CHECKING:
    from secretmock._backend.backend import Backend

logger = logging.getLogger("secretmock.rotation")

#: The steps of a rotation, in the order Secrets Manager calls them [DOC "How rotation works"].
STEPS = ("createSecret", "setSecret", "testSecret", "finishSecret")

#: What a rotation function is: ``handler(event, context)``, as a Python Lambda handler.
RotationHandler = Callable[[dict[str, Any], Any], object]

Outcome = Literal["succeeded", "failed"]
#: Why a rotation ran: RotateSecret (``"immediate"``), RotateSecret with RotateImmediately=false
#: (``"test"``: testSecret only), the rotation schedule (``"scheduled"``), or Secrets Manager
#: retrying an unfinished rotation (``"reattempt"``).
Trigger = Literal["immediate", "test", "scheduled", "reattempt"]

DEFAULT_TIMEOUT = 30.0  # seconds; the AWS rotation templates deploy their functions with 30 s
DEFAULT_MEMORY_SIZE = 128  # MB, Lambda's default

_LAMBDA_ARN = re.compile(
    r"arn:(aws[a-z-]*):lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]{1,64})"
    r"(?::([A-Za-z0-9$_-]{1,128}))?"
)
_FUNCTION_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")

# Variables a Lambda function's environment never has, removed while a handler runs so that the
# developer's own AWS configuration cannot leak into it.
REMOVED_VARIABLES = (
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_SECRETS_MANAGER",
)
# Lambda gives a function the temporary credentials of its execution role. These are
# deliberately unusable: a handler that reaches a real AWS service by mistake fails to
# authenticate instead of acting with the developer's credentials.
FAKE_ACCESS_KEY_ID = "ASIASECRETMOCKLAMBDA"
FAKE_SECRET_ACCESS_KEY = "secretmock/rotation/not-a-real-secret-key"
FAKE_SESSION_TOKEN = "secretmock-rotation-function-session-token"


class LambdaArn(NamedTuple):
    """The parts of ``arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]``."""

    partition: str
    region: str
    account_id: str
    name: str
    qualifier: str | None

    @property
    def version(self) -> str:
        """The version Lambda runs: a numeric qualifier names one, anything else ``$LATEST``."""
        if self.qualifier is not None and self.qualifier.isdigit():
            return self.qualifier
        return "$LATEST"


def parse_lambda_arn(value: str) -> LambdaArn | None:
    match = _LAMBDA_ARN.fullmatch(value)
    if match is None:
        return None
    partition, region, account_id, name, qualifier = match.groups()
    return LambdaArn(partition, region, account_id, name, qualifier)


def _lambda_arn(region: str, account_id: str, name: str) -> str:
    return f"arn:{partition_of(region)}:lambda:{region}:{account_id}:function:{name}"


@dataclass(frozen=True, eq=False)
class RotationFunction:
    """A rotation function registered on a mock: a Python handler standing in for a Lambda.

    Give :attr:`arn` to ``rotate_secret(RotationLambdaARN=...)``. A function registered by name
    also answers every other ARN of that name in the mock's account (any Region, any qualifier);
    one registered by ARN answers exactly that ARN.
    """

    name: str
    arn: str
    handler: RotationHandler
    environment: Mapping[str, str] = field(default_factory=dict)
    timeout: float = DEFAULT_TIMEOUT
    memory_size: int = DEFAULT_MEMORY_SIZE
    by_arn: bool = False

    def __repr__(self) -> str:
        return f"<RotationFunction {self.arn} handler={self.handler!r}>"


class RotationFunctions:
    """The rotation functions of one mock, found by the Lambda ARN a secret's rotation names."""

    def __init__(self, account_id: str) -> None:
        self.account_id = account_id
        self._by_name: dict[str, RotationFunction] = {}
        self._by_arn: dict[str, RotationFunction] = {}

    def register(
        self,
        name_or_arn: str,
        handler: RotationHandler,
        *,
        region: str,
        environment: Mapping[str, str] | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        memory_size: int = DEFAULT_MEMORY_SIZE,
    ) -> RotationFunction:
        if not callable(handler):
            raise SecretMockError(f"a rotation function must be callable, not {handler!r}")
        variables: dict[str, object] = dict(environment or {})
        for key, value in variables.items():
            if not isinstance(value, str):
                raise SecretMockError(f"environment variables must be strings: {key!r}={value!r}")
        strings = {key: str(value) for key, value in variables.items()}
        if name_or_arn.startswith("arn:"):
            arn = parse_lambda_arn(name_or_arn)
            if arn is None:
                raise SecretMockError(
                    f"not a Lambda function ARN: {name_or_arn!r} (expected "
                    "arn:aws:lambda:REGION:ACCOUNT:function:NAME)"
                )
            function = RotationFunction(
                arn.name, name_or_arn, handler, strings, timeout, memory_size, by_arn=True
            )
            self._by_arn[name_or_arn] = function
            return function
        if not _FUNCTION_NAME.fullmatch(name_or_arn):
            raise SecretMockError(
                f"not a Lambda function name: {name_or_arn!r} (1-64 letters, digits, - and _)"
            )
        function = RotationFunction(
            name_or_arn,
            _lambda_arn(region, self.account_id, name_or_arn),
            handler,
            strings,
            timeout,
            memory_size,
        )
        self._by_name[name_or_arn] = function
        return function

    def unregister(self, name_or_arn: str) -> None:
        table = self._by_arn if name_or_arn.startswith("arn:") else self._by_name
        if table.pop(name_or_arn, None) is None:
            raise SecretMockError(f"no rotation function is registered as {name_or_arn!r}")

    def resolve(self, arn: str) -> RotationFunction | None:
        """The function a RotationLambdaARN invokes, or None (AWS cannot invoke it)."""
        exact = self._by_arn.get(arn)
        if exact is not None:
            return exact
        parsed = parse_lambda_arn(arn)
        if parsed is None or parsed.account_id != self.account_id:
            return None
        return self._by_name.get(parsed.name)

    def __iter__(self) -> Iterator[RotationFunction]:
        return iter([*self._by_name.values(), *self._by_arn.values()])

    def __len__(self) -> int:
        return len(self._by_name) + len(self._by_arn)

    def __repr__(self) -> str:
        return f"RotationFunctions({list(self)!r})"


class CognitoIdentity:
    """``context.identity``: empty, as for every invocation that is not from a mobile SDK."""

    __slots__ = ("cognito_identity_id", "cognito_identity_pool_id")

    def __init__(self) -> None:
        self.cognito_identity_id: str | None = None
        self.cognito_identity_pool_id: str | None = None


class LambdaContext:
    """The context object a Python Lambda handler receives, with the same attributes.

    As in Lambda's Python runtime, ``memory_limit_in_mb`` is a string (it comes from the
    ``AWS_LAMBDA_FUNCTION_MEMORY_SIZE`` variable). The mock never stops a handler that runs past
    its timeout; :meth:`get_remaining_time_in_millis` only counts down.
    """

    def __init__(
        self,
        *,
        aws_request_id: str,
        function_name: str,
        function_version: str,
        invoked_function_arn: str,
        memory_limit_in_mb: str,
        log_group_name: str,
        log_stream_name: str,
        timeout: float,
    ) -> None:
        self.aws_request_id = aws_request_id
        self.function_name = function_name
        self.function_version = function_version
        self.invoked_function_arn = invoked_function_arn
        self.memory_limit_in_mb = memory_limit_in_mb
        self.log_group_name = log_group_name
        self.log_stream_name = log_stream_name
        self.identity = CognitoIdentity()
        self.client_context: object | None = None  # Secrets Manager sends none
        self.tenant_id: str | None = None
        self._deadline = time.monotonic() + timeout

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))

    def log(self, message: object) -> None:
        """Write to the function's log, as ``context.log`` does (here: standard output)."""
        sys.stdout.write(str(message))

    def __repr__(self) -> str:
        return (
            f"LambdaContext(aws_request_id={self.aws_request_id!r}, "
            f"invoked_function_arn={self.invoked_function_arn!r})"
        )


def lambda_environment(
    function: RotationFunction, invoked: LambdaArn, context: LambdaContext
) -> dict[str, str]:
    """The environment variables Lambda sets for a Python function, plus the function's own.

    SECRETS_MANAGER_ENDPOINT is what AWS's rotation templates are deployed with (the template
    code reads ``os.environ['SECRETS_MANAGER_ENDPOINT']``); a function's own ``environment``
    overrides any of these.
    """
    region = invoked.region
    suffix = "amazonaws.com.cn" if invoked.partition == "aws-cn" else "amazonaws.com"
    handler = function.handler
    handler_name = getattr(handler, "__name__", type(handler).__name__)
    module = getattr(handler, "__module__", None) or "lambda_function"
    return {
        "AWS_REGION": region,
        "AWS_DEFAULT_REGION": region,
        "AWS_LAMBDA_FUNCTION_NAME": context.function_name,
        "AWS_LAMBDA_FUNCTION_VERSION": context.function_version,
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": context.memory_limit_in_mb,
        "AWS_LAMBDA_LOG_GROUP_NAME": context.log_group_name,
        "AWS_LAMBDA_LOG_STREAM_NAME": context.log_stream_name,
        "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
        "AWS_EXECUTION_ENV": f"AWS_Lambda_python{sys.version_info[0]}.{sys.version_info[1]}",
        "LAMBDA_TASK_ROOT": "/var/task",
        "LAMBDA_RUNTIME_DIR": "/var/runtime",
        "_HANDLER": f"{module}.{handler_name}",
        "AWS_ACCESS_KEY_ID": FAKE_ACCESS_KEY_ID,
        "AWS_SECRET_ACCESS_KEY": FAKE_SECRET_ACCESS_KEY,
        "AWS_SESSION_TOKEN": FAKE_SESSION_TOKEN,
        "SECRETS_MANAGER_ENDPOINT": f"https://secretsmanager.{region}.{suffix}",
        **function.environment,
    }


@contextmanager
def environment(variables: Mapping[str, str], removed: Sequence[str] = ()) -> Iterator[None]:
    """Set ``variables`` and unset ``removed`` in ``os.environ``; put everything back after.

    os.environ is process-wide: other threads see these values while a handler runs.
    """
    names = [*variables, *removed]
    saved = {name: os.environ.get(name) for name in names}
    try:
        for name in removed:
            os.environ.pop(name, None)
        os.environ.update(variables)
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@dataclass(frozen=True)
class RotationStep:
    """One call of a rotation function: a step of one rotation, and how it ended."""

    secret_arn: str
    token: str  # the ClientRequestToken: the VersionId of the version being rotated in
    step: str  # createSecret, setSecret, testSecret or finishSecret
    function_arn: str
    event: Mapping[str, str] = field(repr=False)  # the event the handler was called with
    aws_request_id: str = field(repr=False)
    outcome: Outcome
    exception: BaseException | None = None


@dataclass(eq=False, repr=False)
class Rotation:
    """One rotation of one secret: why it ran, the steps that ran, and how it ended.

    ``outcome`` is ``"in progress"`` while the steps run, then ``"succeeded"`` once the last
    step returned, or ``"failed"`` with the step that raised (``failed_step``) and its
    ``exception``.
    """

    secret_arn: str
    secret_name: str
    token: str
    function_arn: str
    trigger: Trigger
    rotation_token: str
    steps: list[RotationStep] = field(default_factory=list)
    outcome: Literal["in progress", "succeeded", "failed"] = "in progress"
    failed_step: str | None = None
    exception: BaseException | None = None

    @property
    def succeeded(self) -> bool:
        return self.outcome == "succeeded"

    def __repr__(self) -> str:
        steps = ", ".join(f"{step.step}: {step.outcome}" for step in self.steps)
        return f"<Rotation {self.describe()} [{steps}]>"

    def describe(self) -> str:
        where = f" at {self.failed_step}" if self.failed_step else ""
        error = f": {self.exception!r}" if self.exception is not None else ""
        return (
            f"{self.trigger} rotation of {self.secret_arn} (token {self.token}) "
            f"{self.outcome}{where}{error}"
        )


class RotationLog(Sequence[Rotation]):
    """Every rotation a mock ran, oldest first; cleared when the mock stops, like ``calls``."""

    def __init__(self) -> None:
        self._rotations: list[Rotation] = []

    @overload
    def __getitem__(self, index: int) -> Rotation: ...

    @overload
    def __getitem__(self, index: slice) -> list[Rotation]: ...

    def __getitem__(self, index: int | slice) -> Rotation | list[Rotation]:
        return self._rotations[index]

    def __len__(self) -> int:
        return len(self._rotations)

    def __iter__(self) -> Iterator[Rotation]:
        return iter(self._rotations)

    def __repr__(self) -> str:
        return f"RotationLog({self._rotations!r})"

    @property
    def steps(self) -> list[RotationStep]:
        """Every handler call of every rotation, in order."""
        return [step for rotation in self._rotations for step in rotation.steps]

    def failed(self) -> list[Rotation]:
        return [rotation for rotation in self._rotations if rotation.outcome == "failed"]

    def for_secret(self, secret_id: str) -> list[Rotation]:
        """The rotations of one secret, named by name or full ARN."""
        return [
            rotation
            for rotation in self._rotations
            if secret_id in (rotation.secret_arn, rotation.secret_name)
        ]

    def assert_succeeded(self) -> None:
        """Fail (AssertionError) if a rotation failed, naming each and chaining the first error."""
        failures = self.failed()
        if not failures:
            return
        lines = "\n".join(f"  - {rotation.describe()}" for rotation in failures)
        raise AssertionError(f"{len(failures)} rotation(s) failed:\n{lines}") from failures[
            0
        ].exception

    def append(self, rotation: Rotation) -> None:
        self._rotations.append(rotation)

    def clear(self) -> None:
        self._rotations.clear()


@dataclass(eq=False)
class RotationRun:
    """A rotation ready to run: the handler to call, and what to do under the lock at the end.

    ``finish(succeeded, now)`` is called under the backend lock once the steps are over.
    ``unavailable`` says why the function cannot be called (no function answers its ARN).
    """

    record: Rotation
    function: RotationFunction | None
    invoked: LambdaArn | None
    steps: tuple[str, ...]
    finish: Callable[[bool, float], None]
    unavailable: BaseException | None = None


class Rotations:
    """A mock's rotation machinery: its functions, its log and its rotation schedule.

    ``schedule`` is a heap of ``(due epoch, sequence, secret ARN, key)``; an entry only counts
    while the secret's rotation still carries its key, so a changed or cancelled schedule leaves
    stale entries that are dropped when they come up (as the deletion schedule does).
    """

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.functions = RotationFunctions(backend.account_id)
        self.log = RotationLog()
        self.schedule: list[tuple[float, int, str, int]] = []
        # ARNs of the secrets whose rotation is running now (on any thread).
        self.rotating: set[str] = set()
        self._sequence = itertools.count()
        self._keys = itertools.count(1)
        self._local = threading.local()

    def queue(self, due: float, secret_arn: str, key: int | None = None) -> int:
        """Schedule a rotation of ``secret_arn`` at ``due``; returns the entry's key."""
        if key is None:
            key = next(self._keys)
        heapq.heappush(self.schedule, (due, next(self._sequence), secret_arn, key))
        return key

    def reset(self) -> None:
        self.schedule.clear()
        self.log.clear()

    def run_due(self) -> list[Rotation]:
        """Run every scheduled rotation whose date has passed; what ran, in order.

        Called at the start of every call while anything is scheduled. Rotations started from a
        rotation function's own calls wait: one thread runs one rotation at a time.
        """
        if getattr(self._local, "running", False):
            return []
        # Imported here: the operations package imports the backend, which imports this module.
        from secretmock._operations.rotation import prepare_due_rotation

        ran: list[Rotation] = []
        while True:
            job = self._next_due(prepare_due_rotation)
            if job is None:
                return ran
            ran.append(self.run(job))

    def _next_due(
        self, prepare: Callable[[Backend, str, int, float], RotationRun | None]
    ) -> RotationRun | None:
        backend = self.backend
        with backend.lock:
            now = backend.now()
            schedule = self.schedule
            while schedule and schedule[0][0] <= now:
                _, _, secret_arn, key = heapq.heappop(schedule)
                job = prepare(backend, secret_arn, key, now)
                if job is not None:
                    return job
        return None

    def run(self, job: RotationRun) -> Rotation:
        """Call the handler for each step until one raises; then let the run finish its state."""
        record = job.record
        self.log.append(record)
        local = self._local
        outer = getattr(local, "running", False)
        local.running = True
        self.rotating.add(record.secret_arn)
        try:
            if job.function is None or job.invoked is None:
                record.outcome = "failed"
                record.exception = job.unavailable
            else:
                for step in job.steps:
                    if not self._invoke(job.function, job.invoked, record, step):
                        break
                else:
                    record.outcome = "succeeded"
        finally:
            local.running = outer
            self.rotating.discard(record.secret_arn)
            backend = self.backend
            with backend.lock:
                job.finish(record.outcome == "succeeded", backend.now())
        if record.outcome == "failed":
            logger.warning(
                "secretmock: %s",
                record.describe(),
                exc_info=record.exception if record.exception is not None else None,
            )
        return record

    def _invoke(
        self, function: RotationFunction, invoked: LambdaArn, record: Rotation, step: str
    ) -> bool:
        backend = self.backend
        request_id = random_uuid(backend.rng)
        day = datetime.fromtimestamp(backend.now(), timezone.utc).strftime("%Y/%m/%d")
        version = invoked.version
        context = LambdaContext(
            aws_request_id=request_id,
            function_name=invoked.name,
            function_version=version,
            invoked_function_arn=record.function_arn,
            memory_limit_in_mb=str(function.memory_size),
            log_group_name=f"/aws/lambda/{invoked.name}",
            log_stream_name=f"{day}/[{version}]{request_id.replace('-', '')}",
            timeout=function.timeout,
        )
        # The event Secrets Manager sends [DOC "Rotation by Lambda function": Step, SecretId (the
        # secret's ARN), ClientRequestToken, RotationToken]. RotationToken is in the documented
        # request structure without condition, and AWS's Lambda event libraries added it in 2025
        # (aws/aws-lambda-java-libs#520); Assumed [INF]: it is sent on every invocation, one
        # token per rotation.
        event = {
            "Step": step,
            "SecretId": record.secret_arn,
            "ClientRequestToken": record.token,
            "RotationToken": record.rotation_token,
        }
        exception: BaseException | None = None
        with environment(lambda_environment(function, invoked, context), REMOVED_VARIABLES):
            try:
                function.handler(dict(event), context)
            except (Exception, SystemExit) as error:  # Lambda reports both as a failed invoke
                exception = error
        record.steps.append(
            RotationStep(
                secret_arn=record.secret_arn,
                token=record.token,
                step=step,
                function_arn=record.function_arn,
                event=event,
                aws_request_id=request_id,
                outcome="failed" if exception is not None else "succeeded",
                exception=exception,
            )
        )
        if exception is not None:
            record.outcome = "failed"
            record.failed_step = step
            record.exception = exception
            return False
        return True
