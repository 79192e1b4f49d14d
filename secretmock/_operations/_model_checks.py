"""The service model's constraints on a request, checked as AWS checks them, all at once.

botocore checks required members, types and ``min`` before a request leaves the client; AWS
checks the rest of the model (``max``, ranges, patterns, and ``min`` again for callers that turn
botocore's validation off) before anything else, and answers every violation in one
ValidationException (see :mod:`secretmock._operations._constraints` for the format and its
evidence). The constraints are read from botocore's own copy of the model, so they are the ones
botocore documents; the model is loaded once, on the first request that needs it.

Two members are left to the operations: ClientRequestToken, whose length error AWS is reported
to answer with its own InvalidParameterException text [PEER], and SecretString, whose limit AWS
states in bytes ("Length of a secret: 65,536 bytes", the quota page) where the model's ``max``
counts characters.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from botocore.loaders import create_loader
from botocore.model import ServiceModel

from secretmock._operations._common import binary_value
from secretmock._operations._constraints import Violations

_OWN_CHECKS = frozenset({"ClientRequestToken"})
_MEASURED_IN_BYTES = frozenset({"SecretString"})


@dataclass(frozen=True, slots=True)
class _Constraint:
    """What the model says of one member (or of the members of a list member)."""

    name: str
    path: str  # the member as AWS's messages name it: lower camel case
    type_name: str
    low: int | None
    high: int | None
    pattern: re.Pattern[str] | None
    sensitive: bool
    item: _Constraint | None = None  # the constraint on each member of a list


def _constraint(name: str, path: str, shape: Any) -> _Constraint:
    metadata = shape.metadata
    pattern = metadata.get("pattern")
    item = None
    if shape.type_name == "list":
        item = _constraint("member", "member", shape.member)
    return _Constraint(
        name=name,
        path=path,
        type_name=shape.type_name,
        low=metadata.get("min"),
        high=metadata.get("max"),
        pattern=re.compile(pattern) if pattern is not None else None,
        sensitive=bool(metadata.get("sensitive")),
        item=item,
    )


@cache
def _service_model() -> ServiceModel:
    # Straight from botocore's data files, as the loader finds them (AWS_DATA_PATH included).
    # Not through a new Session, nor load_service_model: both list every service's directory
    # first, about 30 ms of the first call.
    loader = create_loader()
    version = loader.determine_latest_version("secretsmanager", "service-2")
    data = loader.load_data(f"secretsmanager/{version}/service-2")
    return ServiceModel(data, service_name="secretsmanager")


@cache
def _constraints(operation: str) -> tuple[_Constraint, ...]:
    shape = _service_model().operation_model(operation).input_shape
    if shape is None:
        return ()
    return tuple(
        _constraint(name, name[0].lower() + name[1:], member)
        for name, member in shape.members.items()
        if name not in _OWN_CHECKS
    )


def _check(constraint: _Constraint, path: str, value: Any, violations: Violations) -> None:
    failed: list[str] = []
    type_name = constraint.type_name
    if type_name in ("string", "blob", "list"):
        if constraint.name in _MEASURED_IN_BYTES and isinstance(value, str):
            size = len(value.encode("utf-8"))
        else:
            size = len(value)
        if constraint.high is not None and size > constraint.high:
            failed.append(f"Member must have length less than or equal to {constraint.high}")
        if constraint.low is not None and size < constraint.low:
            failed.append(f"Member must have length greater than or equal to {constraint.low}")
    elif type_name in ("integer", "long"):
        if constraint.low is not None and value < constraint.low:
            failed.append(f"Member must have value greater than or equal to {constraint.low}")
        if constraint.high is not None and value > constraint.high:
            failed.append(f"Member must have value less than or equal to {constraint.high}")
    pattern = constraint.pattern
    if pattern is not None and isinstance(value, str) and not pattern.fullmatch(value):
        failed.append(f"Member must satisfy regular expression pattern: {pattern.pattern}")
    for message in failed:
        if constraint.sensitive:
            violations.add_sensitive(path, message)
        else:
            violations.add(path, value, message)
    if constraint.item is not None and isinstance(value, list):
        for position, item in enumerate(value, 1):
            _check(constraint.item, f"{path}.{position}.member", item, violations)


def check_model_constraints(operation: str, params: Mapping[str, Any]) -> None:
    """Raise AWS's ValidationException listing every model constraint ``params`` break."""
    violations = Violations()
    for constraint in _constraints(operation):
        value = params.get(constraint.name)
        if value is not None:
            _check(constraint, constraint.path, value, violations)
    violations.raise_if_any()


def checked_params(operation: str, params: Mapping[str, Any]) -> Mapping[str, Any]:
    """``params`` with SecretBinary as bytes, once every model constraint is checked.

    The caller's own dict is left alone (it is the user's), and a file-like SecretBinary is
    read exactly once.
    """
    if params.get("SecretBinary") is not None:
        params = {**params, "SecretBinary": binary_value(params["SecretBinary"])}
    check_model_constraints(operation, params)
    return params
