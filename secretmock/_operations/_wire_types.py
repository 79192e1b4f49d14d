"""A request as AWS reads it when the client turned botocore's parameter validation off.

With ``Config(parameter_validation=False)`` botocore serializes whatever the caller passed into
the JSON body, and AWS reads that body. Its deserializer refuses the first member whose JSON type
does not fit the model with a SerializationException; then its validation refuses every missing
required member in one ValidationException ("Value null at 'secretId' ..."). With validation on
(the default) botocore has refused both before sending, so the mock reads the caller's
parameters as they are and this module is not used.

The texts are those AWS's JSON services answer for each pair of JSON type and model type,
measured against other services that share AWS's JSON protocol stack [PEER: emulators' notes of
measurements against Athena, Kinesis and SQS; users quoting CodeDeploy's
"SerializationException: STRING_VALUE can not be converted to an Integer"]. Assumed [INF]:
Secrets Manager answers the same, and a Boolean or Long target reads like an Integer one.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from typing import Any

from botocore.model import Shape

from secretmock._operations._constraints import Violations
from secretmock.errors import SerializationException

_START_OF_LIST = "Start of list found where not expected"
_START_OF_STRUCTURE = "Start of structure or map found where not expected."
_SCALAR_TARGETS = {
    "string": "a String",
    "integer": "an Integer",
    "long": "a Long",
    "boolean": "a Boolean",
}


def fits_model(params: Mapping[str, Any], input_shape: Shape | None) -> bool:
    """Whether ``params`` have the types and required members botocore's validation demands.

    True for every call of a client that validates (the default); a cheap walk over the
    members given.
    """
    if input_shape is None:
        return True
    members = input_shape.members  # type: ignore[attr-defined]
    for name in input_shape.required_members:
        if params.get(name) is None:
            return False
    for name, value in params.items():
        member = members.get(name)
        if member is not None and not _fits(value, member):
            return False
    return True


def _fits(value: Any, shape: Shape) -> bool:
    type_name = shape.type_name
    if type_name == "string":
        return isinstance(value, str)
    if type_name in ("integer", "long"):
        return isinstance(value, int) and not isinstance(value, bool)
    if type_name == "boolean":
        return isinstance(value, bool)
    if type_name == "list":
        member = shape.member  # type: ignore[attr-defined]
        return isinstance(value, (list, tuple)) and all(_fits(item, member) for item in value)
    if type_name == "structure":
        return isinstance(value, Mapping) and fits_model(value, shape)
    return True  # a blob: botocore sends bytes, str and files alike, base64-encoded


def read_unvalidated_request(body: bytes | str, input_shape: Shape | None) -> dict[str, Any]:
    """The members of a serialized request, typed as the handlers expect them.

    Blobs are base64-decoded back to bytes, JSON null means absent, and a fractional number
    for an integer member is truncated, as AWS does [PEER: measured against Athena, where
    1.5 for MaxResults is read as 1].
    """
    document = json.loads(body) if body else {}
    if input_shape is None:
        return {}
    if not isinstance(document, dict):  # botocore always sends an object; kept for safety
        raise SerializationException(_START_OF_LIST)
    params = _structure(document, input_shape)
    violations = Violations()
    _required(params, input_shape, violations)
    violations.raise_if_any()
    return params


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
            return value
        raise SerializationException(f"STRING_VALUE can not be converted to {target}")
    # A JSON number.
    if type_name in ("integer", "long"):
        return int(value)
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


def _required(params: dict[str, Any], shape: Shape, violations: Violations) -> None:
    """A "Value null" violation for every required member left out.

    Only top-level members: no structure nested in a Secrets Manager request has required
    members.
    """
    for name in shape.required_members:
        if name not in params:
            violations.missing(name[0].lower() + name[1:])
