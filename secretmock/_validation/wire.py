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
services read JSON with Jackson, whose defaults refuse all three):

* NaN, Infinity and -Infinity, which Python's json writes for a float: Jackson's "Non-standard
  token 'NaN': enable JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS to allow";
* a lone UTF-16 surrogate ("\\ud800"), which cannot be a character of the UTF-8 text AWS stores
  and answers: "Invalid UTF-8: lone surrogate in a string value";
* nesting deeper than a parser follows: "Document nesting depth exceeds the maximum allowed".
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from typing import Any

from botocore.model import Shape

from secretmock.errors import SerializationException

_START_OF_LIST = "Start of list found where not expected"
_START_OF_STRUCTURE = "Start of structure or map found where not expected."
_NON_NUMERIC = (
    "Non-standard token '{}': enable JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS to allow"
)
LONE_SURROGATE = "Invalid UTF-8: lone surrogate in a string value"
TOO_DEEP = "Document nesting depth exceeds the maximum allowed"
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
    try:
        document = json.loads(body, parse_constant=_non_numeric) if body else {}
    except RecursionError:
        raise SerializationException(TOO_DEEP) from None
    if not isinstance(document, dict):  # botocore always sends an object
        raise SerializationException(_START_OF_LIST)
    return _structure(document, input_shape)


def _non_numeric(token: str) -> Any:
    raise SerializationException(_NON_NUMERIC.format(token))


def _read(value: Any, shape: Shape) -> Any:
    type_name = shape.type_name
    if type_name == "structure":
        if isinstance(value, dict):
            return _structure(value, shape)
        raise SerializationException(_START_OF_LIST if isinstance(value, list) else "Expected null")
    if type_name == "list":
        if isinstance(value, list):
            member = shape.member  # type: ignore[attr-defined]
            return [_read(item, member) for item in value if item is not None]
        if isinstance(value, dict):
            raise SerializationException(_START_OF_STRUCTURE)
        raise SerializationException("Expected list or null")
    if isinstance(value, list):
        raise SerializationException(_START_OF_LIST)
    if isinstance(value, dict):
        raise SerializationException(_START_OF_STRUCTURE)
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
        raise SerializationException(
            f"{'TRUE' if value else 'FALSE'}_VALUE can not be converted to {target}"
        )
    if isinstance(value, str):
        if type_name == "string":
            if not value.isascii() and SURROGATE.search(value):
                raise SerializationException(LONE_SURROGATE)
            return value
        raise SerializationException(f"STRING_VALUE can not be converted to {target}")
    # A JSON number.
    if type_name in INTEGER_LIMITS:
        number = math.trunc(value)
        if not -INTEGER_LIMITS[type_name] <= number < INTEGER_LIMITS[type_name]:
            raise SerializationException(f"NUMBER_VALUE can not be converted to {target}")  # [INF]
        return number
    raise SerializationException(f"NUMBER_VALUE can not be converted to {target}")


def _blob(value: Any) -> bytes:
    # botocore sends a blob base64-encoded; it cannot send anything else there.
    if not isinstance(value, str):
        raise SerializationException(_scalar_mismatch_for_blob(value))
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as error:
        raise SerializationException("Base64 encoded value is not valid") from error  # [INF]


def _scalar_mismatch_for_blob(value: Any) -> str:
    kind = f"{'TRUE' if value else 'FALSE'}_VALUE" if isinstance(value, bool) else "NUMBER_VALUE"
    return f"{kind} can not be converted to a Blob"  # [INF]
