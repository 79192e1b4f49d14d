"""Fit a reply to the installed botocore's model of Secrets Manager.

secretmock supports every botocore from 1.34.0 on. botocore's parser keeps only the members its
model knows, so an older botocore never shows members that AWS added later (DeleteResourcePolicy's
``PolicyName``, say). The operations build their replies with every member the newest model has;
this module removes, once per reply, the ones the client's model lacks.

Only the members listed below can be missing: the reply members of the handlers that botocore's
model gained after 1.34.0. The fidelity contract test (tests/contract.py), run with botocore
1.34.0 in CI, fails on any other member the old model lacks. Each operation's plan is worked out
from the client's model the first time the operation is answered, so a call pays one dict lookup
and nothing more when the model has every member.
"""

from __future__ import annotations

from typing import Any

from botocore.model import OperationModel, Shape, StructureShape

#: A member's path in a reply: member names, with "[]" for every element of a list.
Path = tuple[str, ...]

_NEWER_MEMBERS: dict[str, tuple[Path, ...]] = {
    "PutResourcePolicy": (("PolicyName",),),
    "GetResourcePolicy": (("PolicyName",),),
    "DeleteResourcePolicy": (("PolicyName",),),
    "DescribeSecret": (
        ("Type",),
        ("ExternalSecretRotationMetadata",),
        ("ExternalSecretRotationRoleArn",),
        ("CrossAccountPrimary",),
        ("CrossAccountReplicas",),
    ),
    "ListSecrets": (
        ("SecretList", "[]", "Type"),
        ("SecretList", "[]", "ExternalSecretRotationMetadata"),
        ("SecretList", "[]", "ExternalSecretRotationRoleArn"),
    ),
}

# Per operation name, the paths to remove from its replies (usually none).
_plans: dict[str, tuple[Path, ...]] = {}


def fit_reply(model: OperationModel, parsed: dict[str, Any]) -> None:
    """Remove from ``parsed``, in place, the members the client's model of the operation lacks."""
    plan = _plans.get(model.name)
    if plan is None:
        plan = _plans[model.name] = _plan(model)
    for path in plan:
        _remove(parsed, path)


def _plan(model: OperationModel) -> tuple[Path, ...]:
    """The shortest prefix of each listed path that the model lacks."""
    plan = []
    for path in _NEWER_MEMBERS.get(model.name, ()):
        missing = _missing_prefix(model.output_shape, path)
        if missing is not None:
            plan.append(missing)
    return tuple(plan)


def _missing_prefix(shape: Shape | None, path: Path) -> Path | None:
    for depth, name in enumerate(path):
        if name == "[]":
            shape = getattr(shape, "member", None)
            continue
        if not isinstance(shape, StructureShape) or name not in shape.members:
            return path[: depth + 1]
        shape = shape.members[name]
    return None


def _remove(value: Any, path: Path) -> None:
    name, rest = path[0], path[1:]
    if name == "[]":
        for item in value:
            _remove(item, rest)
    elif not rest:
        value.pop(name, None)
    elif name in value:
        _remove(value[name], rest)
