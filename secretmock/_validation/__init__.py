"""The validation layer: what AWS checks of a request before acting on it, in AWS's order.

1. Reading: a request whose parameters do not have the model's types (only a client with
   botocore's parameter validation off sends one) is read from its serialized body, as AWS
   reads it, and the first member AWS cannot read is a SerializationException
   (:mod:`~secretmock._validation.wire`).
2. The model: every constraint of the installed botocore model's input shape, every violation
   reported in one ValidationException (:mod:`~secretmock._validation.model`).
3. The operation's own rules beyond the model, as it declares them
   (:mod:`~secretmock._validation.rules`).

The dispatcher calls :func:`validate_request` once per call, before the handler.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from functools import cache
from typing import Any

from botocore.loaders import create_loader
from botocore.model import ServiceModel, Shape

from secretmock._validation.model import Unfit, check_request
from secretmock._validation.rules import Rules
from secretmock._validation.violations import raise_violations
from secretmock._validation.wire import read_request

#: What botocore made of the call: the operation's input shape and the serialized body (None when
#: there is none: the parameters are read as botocore would serialize them).
Wire = tuple[Shape | None, "bytes | str | None"]


def validate_request(
    operation: str, params: Mapping[str, Any], wire: Wire | None, rules: Rules
) -> Mapping[str, Any]:
    """``params`` as the handler reads them, once AWS's checks pass; AWS's error otherwise.

    The caller's dict is never changed: a converted member (a SecretBinary given as text) makes
    a new one.
    """
    shape, body = wire if wire is not None else (_installed_input_shape(operation), None)
    if shape is None:
        return params
    _input_shapes[operation] = shape
    found: list[str] = []
    try:
        checked = check_request(shape, params, found)
    except Unfit:
        if body is None:
            body = json.dumps(params, default=_base64)  # what botocore's serializer writes
        found = []
        checked = check_request(shape, read_request(body, shape), found)
    if found:
        raise_violations(found)
    for rule in rules:
        rule(checked, shape)
    return checked  # type: ignore[no-any-return]


def _base64(value: Any) -> str:
    return base64.b64encode(bytes(value)).decode()


def model_maximum(operation: str, member: str) -> int:
    """A member's ``max`` in the model the call was validated against (its client's), for a
    handler that defaults to it."""
    return int(_input_shapes[operation].members[member].metadata["max"])  # type: ignore[attr-defined]


# The input shape each operation was last validated against: the caller's own model.
_input_shapes: dict[str, Shape] = {}


@cache
def _installed_input_shape(operation: str) -> Shape | None:
    """The input shape from botocore's data files, for a call without the client's."""
    return _installed_model().operation_model(operation).input_shape


@cache
def _installed_model() -> ServiceModel:
    # Straight from botocore's data files, as the loader finds them (AWS_DATA_PATH included).
    # Not through a new Session, nor load_service_model: both list every service's directory
    # first, about 30 ms.
    loader = create_loader()
    version = loader.determine_latest_version("secretsmanager", "service-2")
    data = loader.load_data(f"secretsmanager/{version}/service-2")
    return ServiceModel(data, service_name="secretsmanager")
