"""Running rotations: calling a function's handler step by step, and the rotation schedule.

What a rotation does to a secret (its AWSPENDING version, its dates) is in
:mod:`secretmock._operations.rotation`; this module calls the handlers and keeps the log. The
backend owns this engine, so the engine knows neither the backend's module nor the operations:
it sees its owner as a :class:`RotationHost`, and the operations hand it the function that turns
a due schedule entry into a run (:meth:`Rotations.run_due`'s ``prepare``).
"""

from __future__ import annotations

import heapq
import itertools
import logging
import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from secretmock._identity import Identities, execution_role
from secretmock._ids import random_uuid
from secretmock._rotation.functions import LambdaArn, RotationFunction, RotationFunctions
from secretmock._rotation.lambda_runtime import (
    REMOVED_VARIABLES,
    LambdaContext,
    environment,
    lambda_environment,
)
from secretmock._rotation.log import Rotation, RotationLog, RotationStep

logger = logging.getLogger("secretmock.rotation")


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


class RotationHost(Protocol):
    """What the engine uses of the backend that owns it."""

    @property
    def lock(self) -> AbstractContextManager[Any]: ...

    @property
    def rng(self) -> random.Random: ...

    def now(self) -> float: ...

    @property
    def identities(self) -> Identities: ...


#: Turns a due schedule entry (secret ARN, key, the date it was queued for or None when that
#: date had already passed when it was queued, now, how many rotations of that secret this pass
#: of run_due has run already) into a run; None when the entry no longer counts.
PrepareDue = Callable[[str, int, "float | None", float, int], "RotationRun | None"]


class Rotations:
    """A mock's rotation machinery: its functions, its log and its rotation schedule.

    ``schedule`` is a heap of ``(due epoch, sequence, secret ARN, key, overdue)``; an entry
    only counts while its key is queued (:meth:`drop` takes a changed or cancelled one out) and
    the secret's rotation still carries it (a deleted secret's does not). Entries that no longer
    count are skipped when they come up, and cleared out once they outnumber the others.
    """

    def __init__(self, host: RotationHost, account_id: str) -> None:
        self.host = host
        self.functions = RotationFunctions(account_id)
        self.log = RotationLog()
        # (due, sequence, secret ARN, key, overdue: the date had passed when it was queued)
        self.schedule: list[tuple[float, int, str, int, bool]] = []
        # The due date of each entry still in the schedule, by key (see queued_at).
        self._queued: dict[int, float] = {}
        # ARNs of the secrets whose rotation is running now (on any thread).
        self.rotating: set[str] = set()
        self._sequence = itertools.count()
        self._keys = itertools.count(1)
        self._local = threading.local()

    def queue(self, due: float, secret_arn: str, *, overdue: bool = False) -> int:
        """Schedule a rotation of ``secret_arn`` at ``due``; returns the entry's key.

        ``overdue``: the date had passed when the entry was queued; its rotation then counts no
        window (the ``PrepareDue`` it comes up with is given None for its date).
        """
        key = next(self._keys)
        heapq.heappush(self.schedule, (due, next(self._sequence), secret_arn, key, overdue))
        self._queued[key] = due
        return key

    def queued_at(self, key: int) -> float | None:
        """The date entry ``key`` is queued for; None once it has come up or been dropped."""
        return self._queued.get(key)

    def drop(self, key: int | None) -> None:
        """Take entry ``key`` off the schedule: its rotation was planned again or cancelled."""
        if key is None or self._queued.pop(key, None) is None:
            return
        schedule = self.schedule
        # Left in the heap until they come up; cleared out when more than half of it, so a
        # loop of RotateSecret and CancelRotateSecret does not grow it without end.
        if len(schedule) > 2 * len(self._queued) + 8:
            schedule[:] = [entry for entry in schedule if entry[3] in self._queued]
            heapq.heapify(schedule)

    def any_due(self, now: float) -> bool:
        """Whether an entry's date has passed, read without the lock: a call that sees one
        takes the lock to run it (:meth:`run_due`), and the others pay nothing."""
        schedule = self.schedule
        try:
            return schedule[0][0] <= now
        except IndexError:  # empty, or emptied by another thread meanwhile
            return False

    def reset(self) -> None:
        self.schedule.clear()
        self._queued.clear()
        self.log.clear()

    def run_due(self, prepare: PrepareDue) -> list[Rotation]:
        """Run every scheduled rotation whose date has passed; what ran, in order.

        Called at the start of every call while anything is scheduled. Rotations started from a
        rotation function's own calls wait: one thread runs one rotation at a time.
        """
        if getattr(self._local, "running", False):
            return []
        ran: list[Rotation] = []
        # A rotation that runs late plans the next one, which may be due already: counted per
        # secret, so that prepare can bound how many missed windows one pass makes up for.
        per_secret: Counter[str] = Counter()
        while True:
            job = self._next_due(prepare, per_secret)
            if job is None:
                return ran
            per_secret[job.record.secret_arn] += 1
            ran.append(self.run(job))

    def _next_due(self, prepare: PrepareDue, per_secret: Counter[str]) -> RotationRun | None:
        host = self.host
        with host.lock:
            now = host.now()
            schedule = self.schedule
            while schedule and schedule[0][0] <= now:
                due, _, secret_arn, key, overdue = heapq.heappop(schedule)
                if self._queued.pop(key, None) is None:
                    continue  # dropped
                window = None if overdue else due
                job = prepare(secret_arn, key, window, now, per_secret[secret_arn])
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
            host = self.host
            with host.lock:
                job.finish(record.outcome == "succeeded", host.now())
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
        host = self.host
        request_id = random_uuid(host.rng)
        # time.gmtime, unlike datetime, also takes a clock past year 9999.
        day = time.strftime("%Y/%m/%d", time.gmtime(host.now()))
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
        # The handler's clients with default credentials act as the function's execution role.
        role = execution_role(invoked.partition, invoked.account_id, invoked.name)
        with (
            environment(lambda_environment(function, invoked, context), REMOVED_VARIABLES),
            host.identities.acting_as(role),
        ):
            try:
                function.handler(dict(event), context)
            except (Exception, SystemExit) as error:  # Lambda reports both as a failed invoke
                return _record_step(record, step, event, request_id, error)
            except BaseException as error:
                # KeyboardInterrupt, asyncio.CancelledError, GeneratorExit, pytest.fail() or
                # pytest.skip() inside a handler: not a failed invoke but the test run being
                # stopped, which the mock must not swallow. The step and the rotation are
                # recorded as failed at this step, and the exception goes on to the caller
                # (run() still finishes the rotation's state on the way out, as for any failed
                # step: AWSCURRENT stays where it was).
                _record_step(record, step, event, request_id, error)
                raise
        return _record_step(record, step, event, request_id, None)


def _record_step(
    record: Rotation,
    step: str,
    event: dict[str, str],
    request_id: str,
    exception: BaseException | None,
) -> bool:
    """Log one handler call in ``record``; True when it succeeded."""
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
    if exception is None:
        return True
    record.outcome = "failed"
    record.failed_step = step
    record.exception = exception
    return False
