"""From an intercepted call to the reply botocore would have produced from AWS's answer.

The reply is built directly in botocore's parsed form (datetimes, bytes), which the contract
test proves equal to what botocore's own parser makes of the wire form. Only this module knows
that form; handlers return plain members or raise :class:`~secretmock.errors.SecretsManagerError`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from email.utils import formatdate
from typing import Any

from botocore.awsrequest import AWSResponse

from secretmock._backend.backend import Backend
from secretmock._calls import Call, CallList
from secretmock._hook import Wire
from secretmock._ids import random_uuid
from secretmock._operations import OPERATIONS, RULES
from secretmock._operations.rotation import run_due_rotations
from secretmock._request import Request
from secretmock._validation import validate_request
from secretmock.errors import SecretsManagerError, UnsupportedOperationError

CONTENT_TYPE = "application/x-amz-json-1.1"
Reply = tuple[AWSResponse, dict[str, Any]]


def answer(
    backend: Backend,
    calls: CallList,
    operation: str,
    params: Mapping[str, Any],
    region: str,
    wire: Wire | None = None,
) -> Reply:
    """Run ``operation`` against ``backend`` as one atomic step and build botocore's reply.

    ``wire`` is what botocore serialized: the validation layer checks the request against it
    first, as AWS does (:mod:`secretmock._validation`).
    """
    handler = OPERATIONS.get(operation)
    if handler is None:
        raise UnsupportedOperationError(operation)
    rotations = backend.rotations
    if rotations.schedule:  # scheduled rotations whose date has passed run first, as on AWS
        run_due_rotations(backend)
    request: Request | None = None
    try:
        with backend.lock:
            now = backend.now()
            store = backend.store(region)
            backend.expire_deletions(now)
            request_id = random_uuid(backend.rng)
            try:
                params = validate_request(operation, params, wire, RULES.get(operation, ()))
                request = Request(operation, params, backend, store, now)
                parsed = handler(request)
            except SecretsManagerError as error:
                calls.append(Call(operation, params, region, None, error))
                return _error_reply(error, request_id, now)
        calls.append(Call(operation, params, region, parsed, None))
        parsed["ResponseMetadata"] = _metadata(request_id, 200, now)
        return _http(200), parsed
    finally:
        # Outside the lock, after the call is recorded and its reply built.
        if request is not None and request.followup is not None:
            request.followup()


def _http(status: int) -> AWSResponse:
    # What botocore's after-call handlers see; like botocore's Stubber, no URL and no body.
    # AWSResponse wraps the headers in a HeadersDict of its own.
    return AWSResponse(None, status, {}, None)  # type: ignore[arg-type]


def _metadata(request_id: str, status: int, now: float) -> dict[str, Any]:
    return {
        "RequestId": request_id,
        "HTTPStatusCode": status,
        "HTTPHeaders": {
            "x-amzn-requestid": request_id,
            "content-type": CONTENT_TYPE,
            "date": _date_header(now),
        },
        "RetryAttempts": 0,
    }


def _date_header(now: float) -> str:
    """The HTTP Date header for ``now``; formatted once a second, not on every call."""
    global _last_date
    # Round to microseconds as datetime.fromtimestamp does, so the second is formatdate(now)'s.
    fraction, whole = math.modf(now)
    micros = round(fraction * 1e6)
    second = int(whole) + (micros >= 1_000_000) - (micros < 0)
    last = _last_date
    if last[0] != second:
        last = _last_date = (second, formatdate(second, usegmt=True))
    return last[1]


_last_date: tuple[int | None, str] = (None, "")


def _error_reply(error: SecretsManagerError, request_id: str, now: float) -> Reply:
    # The members botocore's JSON parser produces for an error answer; for a modeled error it
    # also copies the error shape's members (here only Message) to the top level.
    parsed: dict[str, Any] = {
        "Error": {"Message": error.message, "Code": error.code},
        "ResponseMetadata": _metadata(request_id, error.http_status, now),
    }
    if error.modeled:
        parsed["Message"] = error.message
    return _http(error.http_status), parsed
