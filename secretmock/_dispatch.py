"""From an intercepted call to the reply botocore would have produced from AWS's answer.

The reply is built directly in botocore's parsed form (datetimes, bytes), which the contract
test proves equal to what botocore's own parser makes of the wire form. Only this module knows
that form; handlers return plain members or raise :class:`~secretmock.errors.SecretsManagerError`.
The HTTP response that goes with it makes its wire form only if someone reads it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from email.utils import formatdate
from typing import Any

from botocore.awsrequest import AWSResponse, HeadersDict
from botocore.model import OperationModel

from secretmock._backend.backend import Backend
from secretmock._calls import Call, CallList, reply_snapshot, snapshot
from secretmock._clock import FIRST_MOMENT, LAST_MOMENT, clock_out_of_range
from secretmock._faults import Fault, inject
from secretmock._hook import MockStopped
from secretmock._ids import random_uuid
from secretmock._messages import MISSING_AUTHENTICATION_TOKEN
from secretmock._model_fit import fit_reply
from secretmock._operations import OPERATIONS, RULES
from secretmock._operations.rotation import run_due_rotations
from secretmock._reply_wire import CONTENT_TYPE, encode_error, encode_reply
from secretmock._request import Request
from secretmock._retries import report_retries
from secretmock._validation import validate_request
from secretmock.errors import SecretsManagerError, UnsupportedOperationError

Reply = tuple[AWSResponse, dict[str, Any]]


def answer(
    backend: Backend,
    calls: CallList,
    model: OperationModel,
    params: Mapping[str, Any],
    region: str,
    body: bytes | str | None,
    retries: Mapping[str, Any] | None,
    access_key_id: str | None = None,
    faults: list[Fault] | None = None,
    signed: bool = True,
    answering: Callable[[], bool] | None = None,
) -> Reply:
    """Run the operation of ``model`` against ``backend`` as one atomic step, build botocore's
    reply and record the call.

    ``body`` is what botocore serialized: the validation layer checks the request against it
    first, as AWS does (:mod:`secretmock._validation`). ``retries``, the client's retry
    configuration, says what botocore's retries would have made of an error; ``access_key_id``
    says who the caller is (:mod:`secretmock._identity`); ``faults``, the injected faults,
    answer the attempts they match first (:mod:`secretmock._faults`). A call that is not
    ``signed`` (an unsigned client's) gets AWS's refusal instead. ``answering`` says whether the
    mock still answers (MockStopped when it stopped before the call took effect, whose state it
    would otherwise land in). The call is recorded with the parameters as the caller passed them,
    copied before anything runs: nothing that can fail comes after the operation changed the
    state. It is recorded while the lock is held, so calls are recorded in the order they took
    effect.
    """
    operation = model.name
    handler = OPERATIONS.get(operation)
    if handler is None:
        raise UnsupportedOperationError(operation)
    recorded = snapshot(params, body)
    rotations = backend.rotations
    if rotations.schedule:  # scheduled rotations whose date has passed run first, as on AWS
        now = backend.now()
        _check_clock(now)
        if rotations.any_due(now):
            run_due_rotations(backend)
    request: Request | None = None
    try:
        with backend.lock:
            if answering is not None and not answering():
                raise MockStopped
            now = backend.now()
            _check_clock(now)
            caller = backend.identities.caller(access_key_id, region)
            store = backend.store(region, caller.account)
            backend.expire_deletions(now)
            request_id = random_uuid(backend.rng)
            attempt = 1  # the attempt of botocore's retries the operation answers
            try:
                if not signed:  # refused before Secrets Manager: no injected fault answers it
                    raise MISSING_AUTHENTICATION_TOKEN.error()
                if faults:
                    attempt, injected = inject(faults, model, params, backend, store, retries)
                    if injected is not None:
                        raise injected
                checked = validate_request(
                    operation, params, (model.input_shape, body), RULES.get(operation, ())
                )
                request = Request(operation, checked, backend, store, now, caller)
                parsed = handler(request)
                fit_reply(model, parsed)
            except SecretsManagerError as error:
                reply = _error_reply(model, error, request_id, now)
                report_retries(model, reply[0], reply[1], retries, attempt)
                calls.append(Call(operation, recorded, region, store.account_id, None, error))
                return reply
            parsed["ResponseMetadata"] = _metadata(request_id, 200, now)
            http = _response(200, model)
            report_retries(model, http, parsed, retries, attempt)
            # The record's copy of the reply is also what the response's headers and body are
            # made of.
            http._reply = answered = reply_snapshot(operation, parsed)
            http._http_headers = answered["ResponseMetadata"]["HTTPHeaders"]
            calls.append(Call(operation, recorded, region, store.account_id, answered, None))
            return http, parsed
    finally:
        # Outside the lock, after the call is recorded and its reply built.
        if request is not None and request.followup is not None:
            request.followup()


def _check_clock(now: float) -> None:
    """Refuse a clock out of the dates botocore can parse, before anything changes.

    FixedClock and SystemClock refuse to be moved there; a clock of the caller's own, or the
    system clock moved by a time-travel library, may still read such a time.
    """
    if not FIRST_MOMENT <= now <= LAST_MOMENT:
        raise clock_out_of_range(now)


class Response(AWSResponse):
    """The HTTP response botocore's after-call handlers see, as botocore makes it of AWS's.

    Its status; its headers, those of ``ResponseMetadata.HTTPHeaders`` in a HeadersDict of its
    own; the request's URL (set by the hook); and, as ``content`` (and ``text``), the JSON body
    AWS sends, made of the call's recorded reply. Only the status is read by botocore: the
    headers and the body are made the first time someone reads them, so a call pays for neither.
    Nothing was read from a socket: ``raw`` is None, as in botocore's Stubber's responses.
    """

    url: str | None = None  # type: ignore[assignment]  # botocore-stubs: str; set by the hook
    raw = None
    _http_headers: dict[str, str]
    _model: OperationModel
    _headers: HeadersDict | None = None
    _content: bytes | None = None
    _reply: dict[str, Any] | None = None
    _error: SecretsManagerError | None = None

    @property
    def headers(self) -> HeadersDict:
        headers = self._headers
        if headers is None:
            headers = self._headers = HeadersDict(self._http_headers)
        return headers

    @headers.setter
    def headers(self, headers: HeadersDict) -> None:
        self._headers = headers

    @property
    def content(self) -> bytes:
        content = self._content
        if content is None:
            error = self._error
            if error is None:
                assert self._reply is not None
                content = encode_reply(self._model, self._reply)
            else:
                content = encode_error(error.code, error.message, error.modeled)
            self._content = content
        return content


def _response(status: int, model: OperationModel) -> Response:
    """A Response, built without a constructor: each attribute a call does not need stays the
    class's default."""
    response = Response.__new__(Response)
    response.status_code = status
    response._model = model
    return response


def _metadata(request_id: str, status: int, now: float) -> dict[str, Any]:
    last = _last_date
    return {
        "RequestId": request_id,
        "HTTPStatusCode": status,
        "HTTPHeaders": {
            "x-amzn-requestid": request_id,
            "content-type": CONTENT_TYPE,
            # Calls a millisecond apart or less have the same ``now``.
            "date": last[2] if last[0] == now else _date_header(now),
        },
        "RetryAttempts": 0,
    }


def _date_header(now: float) -> str:
    """The HTTP Date header for ``now``; formatted once a second, not on every call."""
    global _last_date
    last = _last_date
    # Round to microseconds as datetime.fromtimestamp does, so the second is formatdate(now)'s.
    fraction, whole = math.modf(now)
    micros = round(fraction * 1e6)
    second = int(whole) + (micros >= 1_000_000) - (micros < 0)
    text = last[2] if last[1] == second else formatdate(second, usegmt=True)
    _last_date = (now, second, text)
    return text


_last_date: tuple[float | None, int | None, str] = (None, None, "")


def _error_reply(
    model: OperationModel, error: SecretsManagerError, request_id: str, now: float
) -> Reply:
    # The members botocore's JSON parser produces for an error answer; for a modeled error it
    # also copies the error shape's members (here only Message) to the top level.
    parsed: dict[str, Any] = {
        "Error": {"Message": error.message, "Code": error.code},
        "ResponseMetadata": _metadata(request_id, error.http_status, now),
    }
    if error.modeled:
        parsed["Message"] = error.message
    http = _response(error.http_status, model)
    http._http_headers = parsed["ResponseMetadata"]["HTTPHeaders"]
    http._error = error
    return http, parsed
