"""One walk over a request and the installed botocore model's input shape: every constraint.

The walk checks what AWS's request validation checks, for every operation, before its handler:
required members, lengths (of strings, blobs and lists), ranges, patterns and enums, in nested
structures and lists. The shape is the one the caller's client used (botocore's own copy of the
model), so the constraints are those of the installed botocore. It also tells whether the
request has the model's types at all: a value that does not (only a client with botocore's
parameter validation off sends one) raises :class:`Unfit`, and the request is then read from
its serialized body instead (:mod:`secretmock._validation.wire`).

How AWS reports violations (assumed [INF] for Secrets Manager, from AWS's other Coral services):

* every violation of every member, in the model's member order (AWS's Coral validation walks
  the members; the order is the model's as far as Secrets Manager's recorded messages show);
* for one member, a pattern violation before a length violation [USER: STS, Cognito and
  DynamoDB messages quoted in public projects, "...pattern: [\\w+=,.@-]*; Value '...' at
  'roleSessionName' failed to satisfy constraint: Member must have length ..."];
* a list's own length, then its items;
* a list of structures by item ("tags.2.member.key"), a list of strings as a whole: "Value
  '[a, b]' at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: [Member
  must have length less than or equal to 128, Member must have length greater than or equal to
  1]", every constraint of the item shape listed [USER: Lambda, SSM, CloudFormation messages].
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any
from weakref import ref

from botocore.model import Shape

from secretmock._validation.violations import missing, violation
from secretmock._validation.wire import INTEGER_LIMITS, SURROGATE

# A member's check: returns the value as the handlers read it (a blob as bytes), notes
# violations, and raises Unfit for a value of the wrong type.
Check = Callable[[Any, str, list[str]], Any]

# AWS counts SecretString's limit in bytes of UTF-8: "Length of a secret: 65,536 bytes" [DOC
# quota page]; the model's max is that number.
_COUNTED_IN_BYTES = frozenset({"SecretStringType"})
# ClientRequestToken's length is answered by AWS's own rule, with InvalidParameterException
# [PEER] (see secretmock._validation.rules.client_request_token).
_CHECKED_BY_RULES = frozenset({"ClientRequestTokenType"})
# Enum values in the order AWS lists them in its error, where that is recorded and differs from
# the model's: "[all, name, tag-key, description, tag-value]" [PEER: moto since getmoto/moto#3173,
# apparently copied from an AWS answer]. Keys added to the model since follow in its order [INF].
_ENUM_ORDER = {"FilterNameStringType": ("all", "name", "tag-key", "description", "tag-value")}


class Unfit(Exception):
    """The request does not have the model's types; AWS reads its serialized body instead."""


def check_request(shape: Shape, params: Mapping[str, Any], found: list[str]) -> Any:
    """``params`` as the handlers read them, every violation appended to ``found``."""
    compiled = _checks.get(id(shape))
    if compiled is None or compiled[0]() is not shape:
        compiled = _remember(shape)
    return compiled[1](params, "", found)


# The compiled check of each input shape, by the shape's id while the shape lives (a
# WeakKeyDictionary costs a new weak reference on every lookup, and this runs on every call).
_checks: dict[int, tuple[ref[Shape], Check]] = {}


def _remember(shape: Shape) -> tuple[ref[Shape], Check]:
    key = id(shape)
    compiled = _checks[key] = (ref(shape, lambda _: _checks.pop(key, None)), _compile(shape))
    return compiled


def _lower_camel(name: str) -> str:
    """A member as AWS's messages name it ("SecretId" -> "secretId")."""
    return name[0].lower() + name[1:]


def _compile(shape: Shape) -> Check:
    type_name = shape.type_name
    if type_name == "structure":
        return _structure(shape)
    if type_name == "list":
        return _list(shape)
    if type_name == "string":
        return _string(shape)
    if type_name in INTEGER_LIMITS:
        return _integer(shape)
    if type_name == "boolean":
        return _boolean
    if type_name == "blob":
        return _blob(shape)
    return _anything  # no other type occurs in a Secrets Manager request


# The constraints as AWS words them.
def _longest(high: int) -> str:
    return f"Member must have length less than or equal to {high}"


def _shortest(low: int) -> str:
    return f"Member must have length greater than or equal to {low}"


def _largest(high: int) -> str:
    return f"Member must have value less than or equal to {high}"


def _smallest(low: int) -> str:
    return f"Member must have value greater than or equal to {low}"


def _matching(pattern: str) -> str:
    return f"Member must satisfy regular expression pattern: {pattern}"


# The patterns AWS checks today where an older botocore's model, which the caller's client may
# carry, has another one: AWS validates by its own current model, whatever the client's.
# botocore before 1.41.0: DurationType "[0-9h]+", which let "h3" or "44" through [DOC: the
# RotationRules reference and later models say "[0-9]+h"].
_CURRENT_PATTERNS = {"DurationType": "[0-9]+h"}


def _pattern(shape: Shape) -> str | None:
    """The pattern AWS checks a string shape against, if any."""
    pattern: str | None = shape.metadata.get("pattern")
    if pattern is not None:
        return _CURRENT_PATTERNS.get(shape.name, pattern)
    return None


def _constraints(shape: Shape) -> list[str]:
    """Every constraint of a shape (as AWS lists them for the items of a list)."""
    low, high = _bounds(shape)
    numeric = shape.type_name in INTEGER_LIMITS
    found = []
    if high is not None:
        found.append(_largest(high) if numeric else _longest(high))
    if low is not None:
        found.append(_smallest(low) if numeric else _shortest(low))
    pattern = _pattern(shape)
    if pattern is not None:
        found.append(_matching(pattern))
    if getattr(shape, "enum", None):
        found.append(f"Member must satisfy enum value set: [{', '.join(_enum(shape))}]")
    return found


def _enum(shape: Shape) -> list[str]:
    values: list[str] = shape.enum  # type: ignore[attr-defined]
    first = [value for value in _ENUM_ORDER.get(shape.name, ()) if value in values]
    return first + [value for value in values if value not in first]


def _bounds(shape: Shape) -> tuple[int | None, int | None]:
    metadata = shape.metadata
    return metadata.get("min"), metadata.get("max")


def _structure(shape: Shape) -> Check:
    members = [
        (name, _lower_camel(name), _compile(member), name in shape.required_members)
        for name, member in shape.members.items()  # type: ignore[attr-defined]
    ]

    by_name = {name: (own, member_check) for name, own, member_check, _ in members}
    required_names = [name for name, _, _, required in members if required]

    def check(value: Any, path: str, found: list[str]) -> Any:
        if type(value) is not dict and not isinstance(value, Mapping):
            raise Unfit
        # Most requests break no rule: the members given are checked first, in the caller's
        # order, which is cheaper than walking every member of the model. Only if that finds a
        # violation is the walk made again in the model's order, the order AWS reports them in.
        before = len(found)
        for name in required_names:
            if value.get(name) is None:
                break
        else:
            checked: Mapping[str, Any] = value
            copy: dict[str, Any] | None = None
            for name, item in value.items():
                known = by_name.get(name)
                if known is None:
                    continue  # AWS ignores members the model does not know
                if item is None:
                    # JSON null reads as an absent member (only a client that skips botocore's
                    # validation sends one): the handler must not see it.
                    if copy is None:
                        checked = copy = dict(value)
                    del copy[name]
                    continue
                own, member_check = known
                new = member_check(item, f"{path}.{own}" if path else own, found)
                if new is not item:
                    if copy is None:
                        checked = copy = dict(value)  # the caller's dict is the user's
                    copy[name] = new
            if len(found) == before:
                return checked
            del found[before:]
        checked = value
        copy = None
        for name, own, member_check, required in members:
            item = value.get(name)
            if item is None:
                if required:
                    found.append(missing(f"{path}.{own}" if path else own))
                elif name in value:  # a JSON null: absent, as above
                    if copy is None:
                        checked = copy = dict(value)
                    del copy[name]
                continue
            new = member_check(item, f"{path}.{own}" if path else own, found)
            if new is not item:
                if copy is None:
                    checked = copy = dict(value)  # the caller's dict is the user's: unchanged
                copy[name] = new
        return checked

    return check


def _list(shape: Shape) -> Check:
    low, high = _bounds(shape)
    item_shape: Shape = shape.member  # type: ignore[attr-defined]
    item_check = _compile(item_shape)
    by_item = item_shape.type_name == "structure"
    as_a_whole = f"Member must satisfy constraint: [{', '.join(_constraints(item_shape))}]"
    item_lengths = _only_lengths(item_shape)

    def check(value: Any, path: str, found: list[str]) -> Any:
        if type(value) is not list and not isinstance(value, tuple):
            raise Unfit
        size = len(value)
        if (high is not None and size > high) or (low is not None and size < low):
            _check_length(size, low, high, path, value, found, False)
        elif (
            item_lengths is not None and type(value) is list and _fit_lengths(value, *item_lengths)
        ):
            return value  # nothing the item-by-item walk below could find
        if by_item:
            return [
                item_check(item, f"{path}.{position}.member", found)
                for position, item in enumerate(value, 1)
            ]
        items: list[str] = []
        checked = [item_check(item, path, items) for item in value]
        if items:
            found.append(violation(path, value, as_a_whole))
        return checked

    return check


def _only_lengths(shape: Shape) -> tuple[int, int] | None:
    """The bounds of a string shape whose only constraints are its length in characters."""
    metadata = shape.metadata
    if (
        shape.type_name != "string"
        or "pattern" in metadata
        or getattr(shape, "enum", None)
        or shape.name in _CHECKED_BY_RULES
        or shape.name in _COUNTED_IN_BYTES
    ):
        return None
    return metadata.get("min", 0), metadata.get("max", 1 << 62)


def _fit_lengths(items: list[Any], low: int, high: int) -> bool:
    """Whether ``items`` are ASCII strings (no surrogate, as many bytes as characters) of
    ``low`` to ``high`` characters: a batch of ids is checked at C speed, not one by one."""
    if not items:
        return True
    if list(map(type, items)).count(str) != len(items):  # exactly str, as the item check wants
        return False
    joined = "".join(items)
    if not joined.isascii():
        return False
    # No item is longer than all of them together; a minimum of one is that none is empty.
    if len(joined) <= high and (low <= 0 or (low == 1 and "" not in items)):
        return True
    lengths = sorted(map(len, items))
    return low <= lengths[0] and lengths[-1] <= high


def _string(shape: Shape) -> Check:
    low, high = _bounds(shape)
    if shape.name in _CHECKED_BY_RULES:
        low = high = None
    in_bytes = shape.name in _COUNTED_IN_BYTES
    sensitive = bool(shape.metadata.get("sensitive"))
    text = _pattern(shape)
    pattern = re.compile(text) if text is not None else None
    allowed = frozenset(getattr(shape, "enum", None) or ())
    enum_message = _constraints(shape)[-1] if allowed else ""

    def check(value: Any, path: str, found: list[str]) -> Any:
        if type(value) is not str:
            raise Unfit
        ascii_only = value.isascii()
        if not ascii_only and SURROGATE.search(value):
            raise Unfit  # a surrogate reads as something else from the body: see wire.py
        if pattern is not None and not pattern.fullmatch(value):
            found.append(violation(path, value, _matching(pattern.pattern), sensitive=sensitive))
        if allowed and value not in allowed:
            found.append(violation(path, value, enum_message))
        if low is not None or high is not None:
            # An ASCII string has as many UTF-8 bytes as characters: no copy to count them.
            size = len(value.encode()) if in_bytes and not ascii_only else len(value)
            if (high is not None and size > high) or (low is not None and size < low):
                _check_length(size, low, high, path, value, found, sensitive)
        return value

    return check


def _check_length(
    size: int,
    low: int | None,
    high: int | None,
    path: str,
    value: object,
    found: list[str],
    sensitive: bool,
) -> None:
    if high is not None and size > high:
        constraint = _longest(high)
    elif low is not None and size < low:
        constraint = _shortest(low)
    else:
        return
    found.append(violation(path, value, constraint, sensitive=sensitive))


def _integer(shape: Shape) -> Check:
    low, high = _bounds(shape)
    limit = INTEGER_LIMITS[shape.type_name]

    def check(value: Any, path: str, found: list[str]) -> Any:
        if type(value) is not int or not -limit <= value < limit:
            raise Unfit  # a bool is sent as true/false; a number beyond Java's is not read
        if high is not None and value > high:
            constraint = _largest(high)
        elif low is not None and value < low:
            constraint = _smallest(low)
        else:
            return value
        found.append(violation(path, value, constraint))
        return value

    return check


def _boolean(value: Any, path: str, found: list[str]) -> Any:
    if type(value) is not bool:
        raise Unfit
    return value


def _blob(shape: Shape) -> Check:
    low, high = _bounds(shape)
    sensitive = bool(shape.metadata.get("sensitive"))

    def check(value: Any, path: str, found: list[str]) -> Any:
        # botocore sends a str as its UTF-8 bytes, and a bytearray as its bytes.
        if isinstance(value, str) and (value.isascii() or not SURROGATE.search(value)):
            value = value.encode()
        elif isinstance(value, bytearray):
            value = bytes(value)
        elif not isinstance(value, bytes):
            raise Unfit
        _check_length(len(value), low, high, path, value, found, sensitive)
        return value

    return check


def _anything(value: Any, path: str, found: list[str]) -> Any:
    return value
