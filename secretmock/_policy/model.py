"""A policy document as the evaluator reads it: statements, principals, conditions.

Built from a document that already follows IAM's grammar (the operations check it and answer
MalformedPolicyDocumentException otherwise). Every element that takes "a string or a list of
strings" becomes a tuple; condition values become strings as IAM compares them (``true`` for
the JSON boolean, ``3600`` for the JSON number).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

# Policy variables (``${aws:username}``) are read only in documents of this version; an older
# document holds them as plain text [DOC IAM "Policy variables": "you must specify version
# 2012-10-17"].
VARIABLES_VERSION = "2012-10-17"

_QUALIFIERS = ("ForAllValues:", "ForAnyValue:")
_IF_EXISTS = "IfExists"


class Effect(Enum):
    ALLOW = "Allow"
    DENY = "Deny"


class Qualifier(Enum):
    """A set operator: how the values of a multivalued key combine."""

    FOR_ALL_VALUES = "ForAllValues"
    FOR_ANY_VALUE = "ForAnyValue"


@dataclass(frozen=True)
class Condition:
    """One key under one operator: ``"ForAnyValue:StringLikeIfExists": {"aws:TagKeys": [...]}``."""

    operator: str  # as written
    base: str  # StringLike
    qualifier: Qualifier | None
    if_exists: bool
    key: str  # as written; compared case-insensitively
    values: tuple[str, ...]


@dataclass(frozen=True)
class Principals:
    """A Principal or NotPrincipal element: ``"*"`` or names by type (AWS, Service, ...)."""

    everyone: bool
    names: tuple[tuple[str, str], ...]  # (type, name), e.g. ("AWS", "123456789012")


@dataclass(frozen=True)
class Statement:
    index: int  # 1-based position in the document
    sid: str | None
    effect: Effect
    principals: Principals | None  # None: no Principal element (an identity-based policy)
    not_principal: bool
    actions: tuple[str, ...]
    not_action: bool
    resources: tuple[str, ...] | None  # None: no Resource element
    not_resource: bool
    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class Policy:
    version: str | None
    statements: tuple[Statement, ...]

    @property
    def reads_variables(self) -> bool:
        return self.version == VARIABLES_VERSION


def read_policy(document: Mapping[str, Any]) -> Policy:
    """The policy a grammar-checked JSON document (as ``json.loads`` returns it) describes."""
    found = document["Statement"]
    listed = [found] if isinstance(found, Mapping) else found
    return Policy(
        version=document.get("Version"),
        statements=tuple(_statement(index, item) for index, item in enumerate(listed, 1)),
    )


def _statement(index: int, item: Mapping[str, Any]) -> Statement:
    principal_key = "NotPrincipal" if "NotPrincipal" in item else "Principal"
    action_key = "NotAction" if "NotAction" in item else "Action"
    resource_key = "NotResource" if "NotResource" in item else "Resource"
    return Statement(
        index=index,
        sid=item.get("Sid"),
        effect=Effect(item["Effect"]),
        principals=_principals(item[principal_key]) if principal_key in item else None,
        not_principal=principal_key == "NotPrincipal",
        actions=_strings(item.get(action_key, ())),
        not_action=action_key == "NotAction",
        resources=_strings(item[resource_key]) if resource_key in item else None,
        not_resource=resource_key == "NotResource",
        conditions=tuple(_conditions(item.get("Condition", {}))),
    )


def _strings(value: Any) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _principals(value: Any) -> Principals:
    if value == "*":
        return Principals(everyone=True, names=())
    names = tuple((kind, name) for kind, names in value.items() for name in _strings(names))
    # {"AWS": "*"} is everyone, as "*" is [DOC IAM "Principal": "anonymous users" under both].
    return Principals(everyone=("AWS", "*") in names, names=names)


def _conditions(element: Mapping[str, Any]) -> list[Condition]:
    conditions = []
    for operator, keys in element.items():
        base, qualifier, if_exists = split_operator(operator)
        for key, values in keys.items():
            listed = values if isinstance(values, list) else [values]
            conditions.append(
                Condition(
                    operator=operator,
                    base=base,
                    qualifier=qualifier,
                    if_exists=if_exists,
                    key=key,
                    values=tuple(condition_text(value) for value in listed),
                )
            )
    return conditions


def split_operator(operator: str) -> tuple[str, Qualifier | None, bool]:
    """``ForAnyValue:StringLikeIfExists`` -> (``StringLike``, FOR_ANY_VALUE, True)."""
    qualifier = None
    for prefix in _QUALIFIERS:
        if operator.startswith(prefix):
            qualifier = Qualifier(prefix[:-1])
            operator = operator[len(prefix) :]
    if_exists = operator.endswith(_IF_EXISTS)
    if if_exists:
        operator = operator[: -len(_IF_EXISTS)]
    return operator, qualifier, if_exists


def condition_text(value: Any) -> str:
    """A JSON value as IAM compares it: booleans as ``true``/``false``, numbers as written."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
