"""The fidelity contract: every reply equals what botocore makes of AWS's wire answer.

For each call the mock answers, the reply it built directly in parsed form is turned back into
the JSON AWS would have sent (the wire form of the operation's output shape, or AWS's error body
``{"__type", "Message"}`` with its HTTP status) and handed to a second client whose ``before-send``
returns exactly those bytes. botocore then parses them along its own, complete path (parser,
modeled error fields, response metadata). The two results must be equal member for member, with
the same Python types, the same datetime wall-clock fields and time zone, and bytes for blobs.

The check runs after every call of every test (conftest registers it), and tests/test_contract.py
proves every implemented operation goes through it. When injected faults answered earlier
attempts of the call (secretmock/_faults.py), the reference client gets their error answers
first, so botocore's own retries of that sequence are what the reply must report.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from collections import Counter
from datetime import datetime
from typing import Any

import botocore.endpoint
import botocore.session
from botocore import UNSIGNED, handlers
from botocore.awsrequest import AWSResponse
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore.model import OperationModel, Shape, StructureShape

from secretmock import _hook
from secretmock._dispatch import Response
from secretmock._faults import Fault

_EVENT = "after-call.secrets-manager"
_START = "before-parameter-build.secrets-manager"

#: (operation, status) pairs checked so far in this process.
checked: Counter[tuple[str, int]] = Counter()


def to_wire(value: Any, shape: Shape) -> Any:
    """The JSON value AWS sends for ``value`` of ``shape`` (the inverse of botocore's parser)."""
    type_name = shape.type_name
    if type_name == "structure":
        assert isinstance(shape, StructureShape)
        assert isinstance(value, dict), (shape.name, value)
        unknown = set(value) - set(shape.members) - {"ResponseMetadata"}
        assert not unknown, f"{shape.name} has no members {sorted(unknown)}"
        return {
            shape.members[name].serialization.get("name", name): to_wire(item, shape.members[name])
            for name, item in value.items()
            if name != "ResponseMetadata"
        }
    if type_name == "list":
        assert isinstance(value, list), (shape.name, value)
        return [to_wire(item, shape.member) for item in value]  # type: ignore[attr-defined]
    if type_name == "map":
        assert isinstance(value, dict), (shape.name, value)
        return {key: to_wire(item, shape.value) for key, item in value.items()}  # type: ignore[attr-defined]
    if type_name == "timestamp":
        assert isinstance(value, datetime), (shape.name, value)
        return value.timestamp()
    if type_name == "blob":
        assert isinstance(value, bytes), (shape.name, value)
        return base64.b64encode(value).decode()
    return value


def assert_same(ours: Any, reference: Any, path: str = "reply") -> None:
    """Equal values of identical types, recursively; datetimes equal in every field and zone."""
    assert type(ours) is type(reference), f"{path}: {type(ours)} is not {type(reference)}"
    if isinstance(ours, dict):
        assert ours.keys() == reference.keys(), f"{path}: {sorted(ours)} != {sorted(reference)}"
        for key in ours:
            assert_same(ours[key], reference[key], f"{path}[{key!r}]")
    elif isinstance(ours, list):
        assert len(ours) == len(reference), f"{path}: {len(ours)} != {len(reference)} items"
        for index, (mine, theirs) in enumerate(zip(ours, reference, strict=True)):
            assert_same(mine, theirs, f"{path}[{index}]")
    elif isinstance(ours, datetime):
        assert ours == reference, f"{path}: {ours!r} != {reference!r}"
        assert ours.timetuple() == reference.timetuple(), f"{path}: {ours!r} vs {reference!r}"
        assert ours.microsecond == reference.microsecond, f"{path}: {ours!r} vs {reference!r}"
        assert ours.tzinfo == reference.tzinfo, f"{path}: {ours.tzinfo!r} vs {reference.tzinfo!r}"
    else:
        assert ours == reference, f"{path}: {ours!r} != {reference!r}"


class _Body:
    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, **_: Any) -> Any:
        yield self._data


class _ReferenceClient:
    """A client with no mock on it whose every call is answered by the bytes it is handed."""

    def __init__(self, retries: dict[str, Any]) -> None:
        session = botocore.session.get_session()
        for event, handler, _place in _hook._HANDLERS:
            session.unregister(event, handler)
        session.unregister(_EVENT, check_reply)  # type: ignore[arg-type]
        session.unregister(_START, start_call)
        self._client = session.create_client(
            "secretsmanager",
            region_name="us-east-1",
            # Without validation, so it takes whatever the checked call was given (a client of
            # a test may have turned botocore's validation off), and with the checked client's
            # retry configuration: botocore's own retries of the answer are what the mock's
            # reply must report.
            config=Config(
                signature_version=UNSIGNED,
                parameter_validation=False,
                retries=retries,  # type: ignore[arg-type]
            ),
        )
        self._client.meta.events.register("before-send", self._send)  # type: ignore[arg-type]
        self._next = threading.local()

    def _send(self, request: Any, **_: Any) -> AWSResponse:
        first = self._next.first
        status, headers, body = first.pop(0) if first else self._next.answer
        return AWSResponse(request.url, status, headers, _Body(body))

    def parse(
        self,
        model: OperationModel,
        params: dict[str, Any],
        status: int,
        headers: dict[str, str],
        body: bytes,
        first: list[tuple[int, bytes]] | None = None,
    ) -> dict[str, Any]:
        """botocore's reply when ``first`` (status, body) answers come before this one."""
        self._next.answer = (status, {**headers, "content-length": str(len(body))}, body)
        self._next.first = [
            (code, {**headers, "content-length": str(len(text))}, text)
            for code, text in first or ()
        ]
        method = getattr(self._client, botocore.xform_name(model.name))
        try:
            return method(**params)  # type: ignore[no-any-return]
        except ClientError as error:
            return error.response  # type: ignore[return-value]


_references: dict[tuple[str, int | None], _ReferenceClient] = {}
_lock = threading.Lock()


def _reference_client(retries: dict[str, Any], retried: bool) -> _ReferenceClient:
    """A reference client with these retry settings.

    A reply whose call botocore would have retried gets a new one: standard mode keeps a retry
    quota per client, which a long-lived client would spend over the suite. A new client's quota
    is full, which is what the mock assumes of every client (it does not emulate the quota; see
    secretmock/_retries.py).
    """
    if retries.get("mode") == "adaptive":
        # Adaptive mode retries by standard mode's rules and adds a client-side rate limiter,
        # which would make the reference client wait after throttling answers; the replies are
        # the same.
        retries = {**retries, "mode": "standard"}
    if retried:
        return _ReferenceClient(dict(retries))
    key = (retries.get("mode", "standard"), retries.get("total_max_attempts"))
    with _lock:
        reference = _references.get(key)
        if reference is None:
            reference = _references[key] = _ReferenceClient(dict(retries))
        return reference


def check_reply(
    http_response: AWSResponse,
    parsed: dict[str, Any],
    model: OperationModel,
    context: dict[str, Any],
    **_: Any,
) -> None:
    """after-call handler: the mock's reply must equal botocore's parse of its wire form."""
    stack = _injected.stack
    injected = stack.pop() if stack else []
    params = context.get(_hook._PARAMS_KEY)
    if params is None or not isinstance(http_response, Response):
        return  # not answered by secretmock (the mock is not active, or a Stubber answered)
    metadata = parsed["ResponseMetadata"]
    status = http_response.status_code
    assert metadata["HTTPStatusCode"] == status
    headers = dict(metadata["HTTPHeaders"])
    if status < 300:
        if model.output_shape is None:
            # An operation without output (TagResource, UntagResource): AWS sends an empty body.
            body = b""
        else:
            body = json.dumps(to_wire(parsed, model.output_shape)).encode()
    else:
        error = parsed["Error"]
        body = json.dumps({"__type": error["Code"], "Message": error["Message"]}).encode()
    reference_client = _reference_client(
        context["client_config"].retries or {}, metadata["RetryAttempts"] > 0
    )
    # The injected answers botocore met first, one per attempt. When they answered every
    # attempt, the last one is the reply itself.
    first = [
        (fault_status, json.dumps({"__type": code, "Message": message}).encode())
        for fault_status, code, message, attempts in injected
        for _ in range(attempts)
    ]
    if len(first) == metadata["RetryAttempts"] + 1:
        first.pop()
    reference = reference_client.parse(model, dict(params), status, headers, body, first)
    # botocore also reports the content-length header, which the mock does not compute.
    reference_metadata = reference["ResponseMetadata"]
    reference_headers = reference_metadata["HTTPHeaders"]
    assert reference_headers.pop("content-length")
    assert_same(parsed, reference)
    checked[(model.name, status)] += 1


class _Injected(threading.local):
    """Per thread, a stack with one entry per call in flight (a rotation function's calls run
    inside the RotateSecret call): the (status, code, message, attempts) of each fault that
    answered attempts of it, in order."""

    def __init__(self) -> None:
        self.stack: list[list[tuple[int, str, str, int]]] = []


_injected = _Injected()


def start_call(**_: Any) -> None:
    """before-parameter-build handler: a call starts, with no injected answer yet."""
    _injected.stack.append([])


def _record_fault_use(use: Any) -> Any:
    def recording_use(fault: Fault, attempts: int) -> None:
        if _injected.stack:
            _injected.stack[-1].append((fault.status, fault.code, fault.message, attempts))
        use(fault, attempts)

    recording_use.recording = True  # type: ignore[attr-defined]
    return recording_use


class _NoSleep:
    """botocore's endpoint module's view of ``time``, without the backoff sleeps."""

    time = staticmethod(time.time)

    @staticmethod
    def sleep(seconds: float) -> None:
        pass


def install() -> None:
    """Check every reply of every client created from now on.

    The reference clients retry a retryable answer as any botocore client does; its backoff
    sleeps are skipped (process-wide, but in this test suite no client sends a real request).
    """
    botocore.endpoint.time = _NoSleep  # type: ignore[attr-defined]
    if not getattr(Fault._use, "recording", False):
        Fault._use = _record_fault_use(Fault._use)  # type: ignore[method-assign]
    for spec in ((_START, start_call), (_EVENT, check_reply)):
        if spec not in handlers.BUILTIN_HANDLERS:
            handlers.BUILTIN_HANDLERS.append(spec)
