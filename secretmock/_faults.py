"""Injected faults: matching calls fail with an AWS error the test chose.

A fault answers attempts, not calls: against AWS, botocore retries an answer its retry mode
classes as retryable (throttling, 5xx), and the next attempt may get another answer. So for each
call, the matching faults answer the attempts botocore would make, in the order they were
injected, each as many as it has uses left; botocore's own retry rules for the client's
configuration (:func:`secretmock._retries.retry_outcome`) say whether it would make another.
The first attempt no fault answers is answered by the operation itself. Nothing sleeps, and the
call is recorded once, with its final answer (see :mod:`secretmock._retries`).

A fault answers before the request is read: a matching call gets the injected error whatever its
parameters, and changes no state.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping
from functools import cache
from types import TracebackType
from typing import TYPE_CHECKING, Any

from secretmock import errors
from secretmock._calls import api_name, snapshot
from secretmock._messages import SECRET_NOT_FOUND
from secretmock._retries import retry_outcome
from secretmock._secret_refs import same_secret
from secretmock._validation import _installed_model
from secretmock.errors import SecretMockError, SecretsManagerError

if TYPE_CHECKING:
    from botocore.model import OperationModel, Shape

    from secretmock._backend.backend import Backend
    from secretmock._backend.store import SecretStore

#: What a ``when`` predicate receives: the call's API parameters.
Predicate = Callable[[Mapping[str, Any]], bool]

# Messages of codes whose text does not depend on the request. Other codes the service model
# declares get their description there [DOC]; any other code gets _FALLBACK_MESSAGE [INF].
_MESSAGES = {
    "ThrottlingException": "Rate exceeded",  # [USER] what AWS's JSON services throttle with
    "ResourceNotFoundException": SECRET_NOT_FOUND.text,  # [REC]
}
_FALLBACK_MESSAGE = "Injected by secretmock."
_CODE = re.compile(r"[A-Za-z][A-Za-z0-9_.]*")
_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


class Fault:
    """An injected error: what :meth:`SecretsManagerMock.inject_error` returns.

    ``count`` is how many attempts it has failed so far: every attempt botocore would make
    counts, so a ThrottlingException that a client on standard retries meets three times counts
    3 for that one call. ``remaining`` is how many more it will fail (None: no limit). Remove it
    with :meth:`remove`, or use it as a context manager to remove it on leaving the block.
    """

    def __init__(
        self,
        faults: list[Fault],
        lock: threading.RLock,
        *,
        operation: str,
        code: str,
        message: str,
        status: int,
        times: int | None,
        secret_id: str | None,
        when: Predicate | None,
    ) -> None:
        self.operation = operation  # its API name
        self.code = code
        self.message = message
        self.status = status
        self.secret_id = secret_id
        self.when = when
        #: How many attempts it has failed so far.
        self.count = 0
        #: How many more attempts it will fail; None: no limit.
        self.remaining = times
        self._faults = faults
        self._lock = lock

    @property
    def active(self) -> bool:
        """Whether it still fails matching calls (not removed, uses left)."""
        return self in self._faults

    def remove(self) -> None:
        """Stop failing calls; removing it again changes nothing."""
        with self._lock:
            if self in self._faults:
                self._faults.remove(self)

    def __enter__(self) -> Fault:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.remove()

    def __repr__(self) -> str:
        target = f" secret_id={self.secret_id!r}" if self.secret_id is not None else ""
        state = "active" if self.active else "removed"
        return (
            f"<Fault {self.operation} -> {self.code} ({self.status}){target} "
            f"count={self.count} remaining={self.remaining} {state}>"
        )

    def _matches(self, params: Mapping[str, Any], backend: Backend, store: SecretStore) -> bool:
        wanted = self.secret_id
        if wanted is not None and not any(
            _names(wanted, secret_id, backend, store) for secret_id in _secret_ids(params)
        ):
            return False
        return self.when is None or bool(self.when(snapshot(params)))

    def _use(self, attempts: int) -> None:
        self.count += attempts
        if self.remaining is not None:
            self.remaining -= attempts
            if self.remaining == 0:
                self._faults.remove(self)

    def _error(self, model: OperationModel) -> SecretsManagerError:
        shape: Shape | None = model.service_model.shape_for_error_code(self.code)  # type: ignore[arg-type]
        modeled = shape is not None
        return _error_class(self.code, self.status, modeled)(self.message)


def new_fault(
    faults: list[Fault],
    lock: threading.RLock,
    operation: str,
    code: str,
    *,
    message: str | None,
    status: int,
    times: int | None,
    secret_id: str | None,
    when: Predicate | None,
) -> Fault:
    """Check what :meth:`SecretsManagerMock.inject_error` was given and add the fault."""
    _check(code, _is_code, "code must be an AWS error code such as 'ThrottlingException'")
    _check(message, _is_string_or_none, "message must be a string or None")
    _check(status, _is_error_status, "status must be an HTTP error status (400 to 599)")
    _check(times, _is_times, "times must be a positive integer or None (always)")
    _check(secret_id, _is_text_or_none, "secret_id must be a secret's name or ARN, or None")
    _check(when, _is_predicate, "when must be a function of the call's parameters, or None")
    fault = Fault(
        faults,
        lock,
        operation=api_name(operation, "inject_error()"),
        code=code,
        message=default_message(code) if message is None else message,
        status=status,
        times=times,
        secret_id=secret_id,
        when=when,
    )
    with lock:
        faults.append(fault)
    return fault


def _check(value: object, valid: Callable[[object], bool], requirement: str) -> None:
    if not valid(value):
        raise SecretMockError(f"{requirement}, not {value!r}")


def _is_code(value: object) -> bool:
    return isinstance(value, str) and _CODE.fullmatch(value) is not None


def _is_string_or_none(value: object) -> bool:
    return value is None or isinstance(value, str)


def _is_text_or_none(value: object) -> bool:
    return value is None or (isinstance(value, str) and value != "")


def _is_error_status(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 400 <= value <= 599


def _is_times(value: object) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool) and value > 0)


def _is_predicate(value: object) -> bool:
    return value is None or callable(value)


def inject(
    faults: list[Fault],
    model: OperationModel,
    params: Mapping[str, Any],
    backend: Backend,
    store: SecretStore,
    retries: Mapping[str, Any] | None,
) -> tuple[int, SecretsManagerError | None]:
    """Let the faults that match this call answer the attempts botocore would make.

    Returns the attempt the operation itself answers (1 when no fault matched) and None, or,
    when a fault answers the last attempt, the attempt it started answering at and its error.
    Called under the backend's lock.
    """
    attempt = 1
    for fault in list(faults):
        if fault.operation != model.name or not fault._matches(params, backend, store):
            continue
        last, _ = retry_outcome(model, fault.status, fault.code, retries, attempt)
        needed = last - attempt + 1
        uses = fault.remaining
        if uses is None or uses >= needed:
            fault._use(needed)
            return attempt, fault._error(model)
        fault._use(uses)
        attempt += uses
    return attempt, None


def default_message(code: str) -> str:
    """The message an injected ``code`` carries unless the test gives one."""
    message = _MESSAGES.get(code)
    if message is not None:
        return message
    # botocore-stubs types the code as an int, and the answer as never None.
    shape: Shape | None = _installed_model().shape_for_error_code(code)  # type: ignore[arg-type]
    paragraph = _FIRST_PARAGRAPH.search(shape.documentation) if shape is not None else None
    if paragraph is None:
        return _FALLBACK_MESSAGE
    return " ".join(_TAG.sub("", paragraph[1]).split())


def _secret_ids(params: Mapping[str, Any]) -> list[str]:
    """The secret ids a request names: SecretId, CreateSecret's Name, SecretIdList's members."""
    found = [params.get("SecretId"), params.get("Name")]
    listed = params.get("SecretIdList")
    if isinstance(listed, list | tuple):
        found.extend(listed)
    return [secret_id for secret_id in found if isinstance(secret_id, str)]


def _names(wanted: str, secret_id: str, backend: Backend, store: SecretStore) -> bool:
    """Whether ``secret_id`` names the secret the fault's ``wanted`` id names.

    As a lookup resolves them when either names an existing secret; otherwise (a secret being
    created, or one that is gone) by what the two ids say.
    """
    if wanted == secret_id:
        return True
    found = backend.find(secret_id, store)
    target = backend.find(wanted, store)
    if found is not None or target is not None:
        return found is target
    return same_secret(wanted, secret_id, store.region, store.account_id)


@cache
def _error_class(code: str, status: int, modeled: bool) -> type[SecretsManagerError]:
    """The error class of ``code``: the mock's own when it has one with that status, else one
    made for it (named after the code, as the mock's own are)."""
    known = getattr(errors, code, None)
    if (
        isinstance(known, type)
        and issubclass(known, SecretsManagerError)
        and known.code == code
        and known.http_status == status
        and known.modeled == modeled
    ):
        return known
    members = {"code": code, "http_status": status, "modeled": modeled, "__module__": __name__}
    return type(code, (SecretsManagerError,), members)
