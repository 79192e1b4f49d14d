"""Condition operators, and how a condition reads a request that lacks its key.

The rules [DOC IAM "Condition operators", "Conditions with multiple context keys or values",
"Single-valued vs. multivalued context keys"]:

* several values for one key are OR'ed: the key matches if it matches any of them; a negated
  operator (StringNotEquals, ArnNotLike, NotIpAddress, ...) matches if the key matches none
  of them ("evaluated using a logical NOR");
* a key absent from the request makes a condition false, and a negated one true ("If the
  policy condition requires that the key is not matched, such as StringNotLike or ArnNotLike,
  and the right key is not present, the condition is true");
* ``...IfExists``: an absent key makes the condition true; a present one is tested as usual;
* ``Null``: ``true`` matches an absent key, ``false`` a present one; a multivalued key with no
  values counts as absent [INF];
* ``ForAllValues:`` is true when every value of the request's key passes the operator, and
  when the key is absent or has no values; ``ForAnyValue:`` when at least one value passes,
  so never for an absent or empty key ("If the key values in the request resolve to an empty
  data set, a condition operator modified by ForAllValues returns true, and ... ForAnyValue
  returns false"). Under a set operator a negated operator is tested per value: a value
  passes ForAllValues:StringNotLike when it matches none of the patterns (the IAM guide's
  aws:TagKeys table);
* a plain operator on a key with several values passes when any value matches, a negated one
  when none does [INF: AWS asks for set operators on multivalued keys];
* a value that does not parse as the operator's type (a number, a date, an address) matches
  nothing [INF].
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import operator
import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from secretmock._policy.model import Condition, Qualifier
from secretmock._policy.variables import Lookup, expand
from secretmock._policy.wildcard import Piece, arn_regex, wildcard_regex


class Operator(NamedTuple):
    # Whether request value matches one policy value (its pieces, variables resolved).
    test: Callable[[str, list[Piece]], bool]
    negated: bool = False
    # String and ARN operators read policy variables [DOC "Where you can use policy variables"].
    reads_variables: bool = False


def _text(pieces: list[Piece]) -> str:
    return "".join(text for text, _ in pieces)


def _string_equals(value: str, pieces: list[Piece]) -> bool:
    return value == _text(pieces)


def _string_equals_ignore_case(value: str, pieces: list[Piece]) -> bool:
    return value.casefold() == _text(pieces).casefold()


def _string_like(value: str, pieces: list[Piece]) -> bool:
    return wildcard_regex(pieces).fullmatch(value) is not None


def _arn_like(value: str, pieces: list[Piece]) -> bool:
    return arn_regex(pieces).fullmatch(value) is not None


def _number(text: str) -> Decimal | None:
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


# A policy's dates are "String adhering to the W3C Profile of ISO 8601" [DOC IAM "Supported data
# types"]: YYYY-MM, YYYY-MM-DD, then Thh:mm, :ss and .s (any number of digits), then Z or
# +hh:mm/-hh:mm. Read by this pattern, not datetime.fromisoformat, which accepts other forms
# from Python 3.11 on (and fewer of these before): the same policy decides alike on every
# Python. A bare year is read as epoch seconds first; a time without a zone is taken as UTC
# [INF].
_W3C_DATE = re.compile(
    r"(\d{4})-(\d\d)(?:-(\d\d)(?:T(\d\d):(\d\d)(?::(\d\d)(?:\.(\d+))?)?"
    r"(?:Z|([+-])(\d\d):(\d\d))?)?)?",
    re.ASCII,
)
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _date(text: str) -> Decimal | None:
    """Epoch seconds, or a date of the W3C profile of ISO 8601, as exact epoch seconds."""
    text = text.strip()
    if (epoch := _number(text)) is not None:
        return epoch
    match = _W3C_DATE.fullmatch(text)
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, sign, zone_h, zone_m = match.groups()
    try:
        zone = timezone.utc
        if sign is not None:
            if int(zone_m) > 59:
                return None
            offset = timedelta(hours=int(zone_h), minutes=int(zone_m))
            zone = timezone(-offset if sign == "-" else offset)
        moment = datetime(
            int(year),
            int(month),
            int(day or 1),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            tzinfo=zone,
        )
    except ValueError:  # a 13th month, a 30th of February, an hour 24, a zone of 24 hours
        return None
    whole = (moment - _EPOCH) // timedelta(seconds=1)
    return Decimal(whole) + (Decimal(f"0.{fraction}") if fraction else 0)


def _compare(
    parse: Callable[[str], Decimal | None], holds: Callable[[Decimal, Decimal], bool]
) -> Callable[[str, list[Piece]], bool]:
    def test(value: str, pieces: list[Piece]) -> bool:
        left, right = parse(value), parse(_text(pieces))
        return left is not None and right is not None and holds(left, right)

    return test


def _bool(value: str, pieces: list[Piece]) -> bool:
    expected = _text(pieces).lower()
    return expected in ("true", "false") and value.lower() == expected


def _binary(value: str, pieces: list[Piece]) -> bool:
    try:
        return base64.b64decode(value, validate=True) == base64.b64decode(
            _text(pieces), validate=True
        )
    except (binascii.Error, ValueError):
        return False


def _ip_address(value: str, pieces: list[Piece]) -> bool:
    try:
        return ipaddress.ip_address(value.strip()) in ipaddress.ip_network(
            _text(pieces).strip(), strict=False
        )
    except (ValueError, TypeError):
        return False


def _comparisons(prefix: str, parse: Callable[[str], Decimal | None]) -> dict[str, Operator]:
    equals = _compare(parse, operator.eq)
    return {
        f"{prefix}Equals": Operator(equals),
        f"{prefix}NotEquals": Operator(equals, negated=True),
        f"{prefix}LessThan": Operator(_compare(parse, operator.lt)),
        f"{prefix}LessThanEquals": Operator(_compare(parse, operator.le)),
        f"{prefix}GreaterThan": Operator(_compare(parse, operator.gt)),
        f"{prefix}GreaterThanEquals": Operator(_compare(parse, operator.ge)),
    }


OPERATORS: dict[str, Operator] = {
    "StringEquals": Operator(_string_equals, reads_variables=True),
    "StringNotEquals": Operator(_string_equals, negated=True, reads_variables=True),
    "StringEqualsIgnoreCase": Operator(_string_equals_ignore_case, reads_variables=True),
    "StringNotEqualsIgnoreCase": Operator(
        _string_equals_ignore_case, negated=True, reads_variables=True
    ),
    "StringLike": Operator(_string_like, reads_variables=True),
    "StringNotLike": Operator(_string_like, negated=True, reads_variables=True),
    # ArnEquals and ArnLike are one operator: both take wildcards [DOC].
    "ArnEquals": Operator(_arn_like, reads_variables=True),
    "ArnLike": Operator(_arn_like, reads_variables=True),
    "ArnNotEquals": Operator(_arn_like, negated=True, reads_variables=True),
    "ArnNotLike": Operator(_arn_like, negated=True, reads_variables=True),
    **_comparisons("Numeric", _number),
    **_comparisons("Date", _date),
    "Bool": Operator(_bool),
    "BinaryEquals": Operator(_binary),
    "IpAddress": Operator(_ip_address),
    "NotIpAddress": Operator(_ip_address, negated=True),
}
NULL = "Null"


def condition_holds(condition: Condition, lookup: Lookup, *, variables: bool = True) -> bool:
    """Whether ``condition`` holds for a request whose keys ``lookup`` answers.

    ``variables``: whether the policy reads ``${...}`` as variables (Version 2012-10-17).
    """
    values = lookup(condition.key)
    if condition.base == NULL:
        absent = not values
        return any((policy.lower() == "true") == absent for policy in condition.values)
    if values is None and condition.if_exists:
        return True
    rule = OPERATORS.get(condition.base)
    if rule is None:
        return False  # the grammar check refuses unknown operators before this
    patterns = _policy_values(condition, rule, lookup, variables)

    def matches(value: str) -> bool:
        return any(rule.test(value, pieces) for pieces in patterns)

    def passes(value: str) -> bool:
        return matches(value) != rule.negated

    if condition.qualifier is Qualifier.FOR_ALL_VALUES:
        return all(passes(value) for value in values or ())
    if condition.qualifier is Qualifier.FOR_ANY_VALUE:
        return any(passes(value) for value in values or ())
    if values is None:
        return rule.negated
    return any(matches(value) for value in values) != rule.negated


def _policy_values(
    condition: Condition, rule: Operator, lookup: Lookup, variables: bool
) -> list[list[Piece]]:
    if not (variables and rule.reads_variables):
        return [[(value, False)] for value in condition.values]
    # A value whose variable cannot be resolved matches nothing: it is left out.
    return [pieces for value in condition.values if (pieces := expand(value, lookup)) is not None]
