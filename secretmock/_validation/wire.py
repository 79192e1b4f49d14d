"""A request as AWS reads it from its JSON body, when the caller's parameters do not fit the model.

With ``Config(parameter_validation=False)`` botocore serializes whatever the caller passed into
the JSON body, and AWS reads that body. Its deserializer refuses the first member whose JSON
type does not fit the model with a SerializationException; what it reads is then validated like
any request (:mod:`secretmock._validation.model`, "Value null at 'secretId' ..." for a missing
required member among the rest).

The texts are those AWS's JSON services answer for each pair of JSON type and model type,
measured against other services that share AWS's JSON protocol stack [PEER: emulators' notes of
measurements against Athena, Kinesis and SQS; users quoting CodeDeploy's
"SerializationException: STRING_VALUE can not be converted to an Integer"]. Assumed [INF]:
Secrets Manager answers the same, and a Boolean or Long target reads like an Integer one.

What botocore writes and JSON cannot carry is refused by the same reader (assumed [INF]; AWS's
services read JSON with Jackson, whose defaults refuse all three): NaN and ±Infinity, which
Python's json writes for a float; a lone UTF-16 surrogate, which is no character of the UTF-8
text AWS stores (a pair written as two code points reads as its one character, as AWS reads the
escapes); nesting deeper than the parser follows. The texts are in :mod:`secretmock._messages`.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
import threading
from typing import Any

from botocore.model import Shape

from secretmock._messages import (
    EXPECTED_LIST,
    EXPECTED_NULL,
    INVALID_BASE64,
    LONE_SURROGATE,
    NON_NUMERIC,
    START_OF_LIST,
    START_OF_STRUCTURE,
    TOO_DEEP,
    TYPE_MISMATCH,
)

_SCALAR_TARGETS = {
    "string": "a String",
    "integer": "an Integer",
    "long": "a Long",
    "boolean": "a Boolean",
}
INTEGER_LIMITS = {"integer": 2**31, "long": 2**63}  # what a Java Integer and Long hold
SURROGATE = re.compile("[\ud800-\udfff]")


def read_request(body: bytes | str, input_shape: Shape) -> dict[str, Any]:
    """The members of a serialized request, typed as the handlers expect them.

    Blobs are base64-decoded back to bytes, JSON null means absent, and a fractional number
    for an integer member is truncated, as AWS does [PEER: measured against Athena, where
    1.5 for MaxResults is read as 1].
    """
    document = _parse(body) if body else {}
    if not isinstance(document, dict):  # botocore always sends an object
        raise START_OF_LIST.error()
    return _structure(document, input_shape)


def _parse(body: bytes | str) -> Any:
    try:
        return json.loads(body, parse_constant=_non_numeric)
    except RecursionError:
        pass  # read again below, outside this handler: its errors are AWS's answer
    # botocore wrote the body on a stack a few frames shallower than this one, and AWS's parser
    # follows any depth botocore can write (assumed [INF]: Jackson's default limit is 1000
    # levels, botocore's encoder stops before): the body is read again on a fresh stack.
    outcome: list[Any] = []

    def parse() -> None:
        try:
            outcome.append(json.loads(body, parse_constant=_non_numeric))
        except RecursionError:
            pass  # deeper than botocore can write: TOO_DEEP
        except Exception as error:  # NON_NUMERIC, or a ValueError as on the first reading
            outcome.append(error)

    worker = threading.Thread(target=parse, name="secretmock-read-request")
    worker.start()
    worker.join()
    if not outcome:
        raise TOO_DEEP.error()
    if isinstance(outcome[0], Exception):
        raise outcome[0]
    return outcome[0]


def _non_numeric(token: str) -> Any:
    raise NON_NUMERIC.error(token=token)


def _read(value: Any, shape: Shape) -> Any:
    type_name = shape.type_name
    if type_name == "structure":
        if isinstance(value, dict):
            return _structure(value, shape)
        raise (START_OF_LIST if isinstance(value, list) else EXPECTED_NULL).error()
    if type_name == "list":
        if isinstance(value, list):
            member = shape.member  # type: ignore[attr-defined]
            return [_read(item, member) for item in value if item is not None]
        if isinstance(value, dict):
            raise START_OF_STRUCTURE.error()
        raise EXPECTED_LIST.error()
    if isinstance(value, list):
        raise START_OF_LIST.error()
    if isinstance(value, dict):
        raise START_OF_STRUCTURE.error()
    if type_name == "blob":
        return _blob(value)
    return _scalar(value, type_name)


def _structure(document: dict[str, Any], shape: Shape) -> dict[str, Any]:
    members = shape.members  # type: ignore[attr-defined]
    read: dict[str, Any] = {}
    for name, value in document.items():
        member = members.get(name)
        # AWS ignores members the model does not know; null is the same as absent.
        if member is not None and value is not None:
            read[name] = _read(value, member)
    return read


def _scalar(value: Any, type_name: str) -> Any:
    target = _SCALAR_TARGETS[type_name]
    if isinstance(value, bool):
        if type_name == "boolean":
            return value
        raise TYPE_MISMATCH.error(token=f"{'TRUE' if value else 'FALSE'}_VALUE", target=target)
    if isinstance(value, str):
        if type_name == "string":
            if not value.isascii() and SURROGATE.search(value):
                raise LONE_SURROGATE.error()
            return value
        raise TYPE_MISMATCH.error(token="STRING_VALUE", target=target)
    # A JSON number.
    if type_name in INTEGER_LIMITS:
        if isinstance(value, float) and not math.isfinite(value):
            # 1e400 in a body the server reads: past any float, so past any integer too [INF]
            raise TYPE_MISMATCH.error(token="NUMBER_VALUE", target=target)
        number = math.trunc(value)
        if not -INTEGER_LIMITS[type_name] <= number < INTEGER_LIMITS[type_name]:
            raise TYPE_MISMATCH.error(token="NUMBER_VALUE", target=target)  # [INF]
        return number
    raise TYPE_MISMATCH.error(token="NUMBER_VALUE", target=target)


def _blob(value: Any) -> bytes:
    # botocore sends a blob base64-encoded; it cannot send anything else there.
    if not isinstance(value, str):
        kind = (
            f"{'TRUE' if value else 'FALSE'}_VALUE" if isinstance(value, bool) else "NUMBER_VALUE"
        )
        raise TYPE_MISMATCH.error(token=kind, target="a Blob")  # [INF]
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as error:
        raise INVALID_BASE64.error() from error
