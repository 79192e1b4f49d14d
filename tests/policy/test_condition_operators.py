"""Each condition operator: a match, a non-match, and a request without the key."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from secretmock._policy import ContextValue, evaluate
from tests.policy.support import NOW, policy, request, statement

KEY = "aws:RequestTag/env"
ABSENT = object()


def holds(operator: str, values: Any, value: Any, key: str = KEY) -> bool:
    """Whether a one-condition Allow allows a request whose ``key`` is ``value`` (or absent)."""
    document = policy(statement(Condition={operator: {key: values}}))
    keys: dict[str, ContextValue] = {} if value is ABSENT else {key: value}
    return evaluate(request(keys=keys), document).allowed


# (operator, policy values, request value, expected)
CASES: list[tuple[str, Any, Any, bool]] = [
    ("StringEquals", "prod", "prod", True),
    ("StringEquals", "prod", "Prod", False),
    ("StringEquals", ["dev", "prod"], "prod", True),
    ("StringEquals", "pr*", "prod", False),
    ("StringEquals", "prod", ABSENT, False),
    ("StringNotEquals", "prod", "dev", True),
    ("StringNotEquals", "prod", "prod", False),
    ("StringNotEquals", ["dev", "prod"], "prod", False),
    ("StringNotEquals", ["dev", "prod"], "test", True),
    ("StringNotEquals", "prod", ABSENT, True),
    ("StringEqualsIgnoreCase", "PROD", "prod", True),
    ("StringEqualsIgnoreCase", "prod", "dev", False),
    ("StringEqualsIgnoreCase", "prod", ABSENT, False),
    ("StringNotEqualsIgnoreCase", "PROD", "prod", False),
    ("StringNotEqualsIgnoreCase", "prod", "dev", True),
    ("StringNotEqualsIgnoreCase", "prod", ABSENT, True),
    ("StringLike", "pr*", "prod", True),
    ("StringLike", "pr?d", "prod", True),
    ("StringLike", "pr?d", "prood", False),
    ("StringLike", "Pr*", "prod", False),
    ("StringLike", "pr*", ABSENT, False),
    ("StringNotLike", "pr*", "dev", True),
    ("StringNotLike", ["d*", "pr*"], "prod", False),
    ("StringNotLike", "pr*", ABSENT, True),
    ("NumericEquals", "10", "10", True),
    ("NumericEquals", 10, "10.0", True),
    ("NumericEquals", "10", "11", False),
    ("NumericEquals", "10", 10, True),
    ("NumericEquals", "10", "ten", False),
    ("NumericEquals", "10", ABSENT, False),
    ("NumericNotEquals", "10", "11", True),
    ("NumericNotEquals", "10", "10", False),
    ("NumericNotEquals", "10", ABSENT, True),
    ("NumericLessThan", "10", "9", True),
    ("NumericLessThan", "10", "10", False),
    ("NumericLessThan", "10", ABSENT, False),
    ("NumericLessThanEquals", "10", "10", True),
    ("NumericLessThanEquals", "10", "11", False),
    ("NumericLessThanEquals", "10", ABSENT, False),
    ("NumericGreaterThan", "10", "11", True),
    ("NumericGreaterThan", "10", "10", False),
    ("NumericGreaterThan", "10", ABSENT, False),
    ("NumericGreaterThanEquals", "10", "10", True),
    ("NumericGreaterThanEquals", "10", "9", False),
    ("NumericGreaterThanEquals", "10", ABSENT, False),
    ("DateEquals", "2026-03-04T05:06:07Z", "2026-03-04T05:06:07+00:00", True),
    ("DateEquals", "1772600767", "2026-03-04T05:06:07Z", True),
    ("DateEquals", "2026-03-04", "2026-03-04T00:00:01Z", False),
    ("DateEquals", "2026-03-04T05:06:07Z", NOW, True),
    ("DateEquals", "2026-03-04T05:06:07Z", "yesterday", False),
    ("DateEquals", "2026-03-04T05:06:07Z", ABSENT, False),
    ("DateNotEquals", "2026-03-04T05:06:07Z", "2026-03-04T05:06:08Z", True),
    ("DateNotEquals", "2026-03-04T05:06:07Z", "2026-03-04T05:06:07Z", False),
    ("DateNotEquals", "2026-03-04T05:06:07Z", ABSENT, True),
    ("DateLessThan", "2026-03-05", "2026-03-04T23:59:59Z", True),
    ("DateLessThan", "2026-03-05", "2026-03-05T00:00:00Z", False),
    ("DateLessThan", "2026-03-05", ABSENT, False),
    ("DateLessThanEquals", "2026-03-05T00:00:00Z", "2026-03-05", True),
    ("DateLessThanEquals", "2026-03-05", "2026-03-05T00:00:01Z", False),
    ("DateLessThanEquals", "2026-03-05", ABSENT, False),
    ("DateGreaterThan", "2026-03-05", "2026-03-05T00:00:01Z", True),
    ("DateGreaterThan", "2026-03-05", "2026-03-05T00:00:00Z", False),
    ("DateGreaterThan", "2026-03-05", ABSENT, False),
    ("DateGreaterThanEquals", "2026-03-05T01:00:00+01:00", "2026-03-05T00:00:00Z", True),
    ("DateGreaterThanEquals", "2026-03-05", "2026-03-04T23:59:59Z", False),
    ("DateGreaterThanEquals", "2026-03-05", ABSENT, False),
    # The W3C profile of ISO 8601, alike on every Python: a month, minutes without seconds,
    # fractions of any length, offsets either way...
    ("DateEquals", "2026-03", "2026-03-01T00:00:00Z", True),
    ("DateEquals", "2026-03-04T05:06Z", "2026-03-04T05:06:00Z", True),
    ("DateEquals", "2026-03-04T05:06:07.5Z", "1772600767.5", True),
    ("DateEquals", "2026-03-04T05:06:07.123456789Z", "1772600767.123456789", True),
    ("DateEquals", "2026-03-04T05:06:07-01:30", "2026-03-04T06:36:07Z", True),
    ("DateEquals", "2026-03-04T05:06:07", "2026-03-04T05:06:07Z", True),  # no zone: UTC
    # ...and nothing else: other ISO 8601 forms and impossible dates match nothing.
    ("DateLessThan", "2030-01-01", "2026-03-04 05:06:07Z", False),
    ("DateLessThan", "2030-01-01", "20260304T050607Z", False),
    ("DateLessThan", "2030-01-01", "2026-W10-3", False),
    ("DateLessThan", "2030-01-01", "2026-03-04T05:06:07+0100", False),
    ("DateLessThan", "2030-01-01", "2026-02-30", False),
    ("DateLessThan", "2030-01-01", "2026-03-04T24:00:00Z", False),
    ("DateLessThan", "2030-01-01", "2026-03-04T05:06:07+24:00", False),
    ("DateLessThan", "2030-01-01", "2026-03-04T05:06:07+01:60", False),
    ("Bool", "true", True, True),
    ("Bool", True, "TRUE", True),
    ("Bool", "true", False, False),
    ("Bool", "yes", "yes", False),
    ("Bool", "false", ABSENT, False),
    ("BinaryEquals", "cXVlc3Rpb24=", b"question", True),
    ("BinaryEquals", "cXVlc3Rpb24=", b"answer", False),
    ("BinaryEquals", "not base64!", b"question", False),
    ("BinaryEquals", "cXVlc3Rpb24=", ABSENT, False),
    ("IpAddress", "203.0.113.0/24", "203.0.113.7", True),
    ("IpAddress", "203.0.113.7", "203.0.113.7", True),
    ("IpAddress", "2001:db8::/32", "2001:db8::1", True),
    ("IpAddress", "203.0.113.0/24", "198.51.100.7", False),
    ("IpAddress", "203.0.113.0/24", "not an address", False),
    ("IpAddress", "203.0.113.0/24", ABSENT, False),
    ("NotIpAddress", "203.0.113.0/24", "198.51.100.7", True),
    ("NotIpAddress", "203.0.113.0/24", "203.0.113.7", False),
    ("NotIpAddress", "203.0.113.0/24", ABSENT, True),
    ("Null", "true", ABSENT, True),
    ("Null", "true", "prod", False),
    ("Null", "false", "prod", True),
    ("Null", "false", ABSENT, False),
    ("Null", "true", [], True),
]

ARN = "arn:aws:iam::444455556666:role/team/app"
ARN_CASES: list[tuple[str, Any, Any, bool]] = [
    ("ArnEquals", ARN, ARN, True),
    ("ArnEquals", "arn:aws:iam::444455556666:role/*", ARN, True),
    ("ArnEquals", "arn:aws:iam::444455556666:role/other", ARN, False),
    ("ArnEquals", ARN, ABSENT, False),
    ("ArnLike", "arn:aws:iam::*:role/team/*", ARN, True),
    ("ArnLike", "arn:aws:iam::4444555566??:role/team/app", ARN, True),
    # A wildcard does not cross a colon before the resource part...
    ("ArnLike", "arn:*:role/team/app", ARN, False),
    # ...and within the resource part it does.
    ("ArnLike", "arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a:b", True),
    ("ArnLike", "arn:aws:iam::*", ARN, False),  # five parts: not an ARN pattern
    ("ArnLike", "arn:aws:iam::*:role/other", ARN, False),
    ("ArnLike", "arn:aws:iam::*:role/*", ABSENT, False),
    ("ArnNotEquals", "arn:aws:iam::444455556666:role/other", ARN, True),
    ("ArnNotEquals", ARN, ARN, False),
    ("ArnNotEquals", ARN, ABSENT, True),
    ("ArnNotLike", "arn:aws:iam::*:role/other*", ARN, True),
    ("ArnNotLike", "arn:aws:iam::*:role/team/*", ARN, False),
    ("ArnNotLike", "arn:aws:iam::*:role/*", ABSENT, True),
]


def _id(case: tuple[str, Any, Any, bool]) -> str:
    operator, values, value, expected = case
    shown = "absent" if value is ABSENT else repr(value)
    return f"{operator} {values!r} vs {shown} -> {expected}"


@pytest.mark.parametrize("case", CASES + ARN_CASES, ids=[_id(c) for c in CASES + ARN_CASES])
def test_operator(case):
    operator, values, value, expected = case
    key = "aws:SourceArn" if operator.startswith("Arn") else KEY
    assert holds(operator, values, value, key) is expected


@pytest.mark.parametrize(
    ("operator", "value", "expected"),
    [
        ("StringEqualsIfExists", ABSENT, True),
        ("StringEqualsIfExists", "prod", True),
        ("StringEqualsIfExists", "dev", False),
        ("StringNotEqualsIfExists", ABSENT, True),
        ("StringNotEqualsIfExists", "prod", False),
        ("NumericLessThanIfExists", ABSENT, True),
        ("BoolIfExists", ABSENT, True),
        ("ArnLikeIfExists", ABSENT, True),
        ("IpAddressIfExists", ABSENT, True),
        ("DateGreaterThanIfExists", ABSENT, True),
    ],
)
def test_if_exists_passes_an_absent_key_and_tests_a_present_one(operator, value, expected):
    values = {
        "NumericLessThanIfExists": "1",
        "BoolIfExists": "true",
        "IpAddressIfExists": "10.0.0.0/8",
    }
    assert holds(operator, values.get(operator, "prod"), value) is expected


@pytest.mark.parametrize(
    ("operator", "values", "tag_keys", "expected"),
    [
        ("ForAllValues:StringEquals", ["env", "team"], ["env"], True),
        ("ForAllValues:StringEquals", ["env", "team"], ["env", "team"], True),
        ("ForAllValues:StringEquals", ["env"], ["env", "cost"], False),
        ("ForAllValues:StringEquals", ["env"], [], True),
        ("ForAllValues:StringEquals", ["env"], ABSENT, True),
        ("ForAnyValue:StringEquals", ["env"], ["env", "cost"], True),
        ("ForAnyValue:StringEquals", ["env"], ["cost"], False),
        ("ForAnyValue:StringEquals", ["env"], [], False),
        ("ForAnyValue:StringEquals", ["env"], ABSENT, False),
        # The IAM guide's table for ForAllValues:StringNotLike "key1*".
        ("ForAllValues:StringNotLike", ["key1*"], ["key1:legal"], False),
        ("ForAllValues:StringNotLike", ["key1*"], ["key1:hr", "key1:personnel"], False),
        ("ForAllValues:StringNotLike", ["key1*"], ["key2:audit"], True),
        ("ForAllValues:StringNotLike", ["key1*"], ABSENT, True),
        ("ForAnyValue:StringNotLike", ["key1*"], ["key1:hr", "key2:audit"], True),
        ("ForAnyValue:StringNotLike", ["key1*"], ["key1:hr"], False),
        ("ForAnyValue:StringNotLike", ["key1*"], ABSENT, False),
        ("ForAnyValue:StringEqualsIfExists", ["env"], ABSENT, True),
        # A plain operator on a multivalued key: any value for a positive one, none for a
        # negated one.
        ("StringEquals", ["env"], ["cost", "env"], True),
        ("StringNotEquals", ["env"], ["cost", "env"], False),
        ("StringNotEquals", ["env"], ["cost"], True),
    ],
)
def test_set_operators(operator, values, tag_keys, expected):
    assert holds(operator, values, tag_keys, key="aws:TagKeys") is expected


def test_condition_key_names_are_case_insensitive_and_values_case_sensitive():
    document = policy(statement(Condition={"StringEquals": {"AWS:REQUESTTAG/Env": "prod"}}))

    assert evaluate(request(keys={"aws:requesttag/env": "prod"}), document).allowed
    assert not evaluate(request(keys={"aws:requesttag/env": "PROD"}), document).allowed


def test_keys_and_operators_are_anded():
    document = policy(
        statement(
            Condition={
                "StringEquals": {KEY: "prod", "aws:RequestTag/team": "core"},
                "Bool": {"aws:SecureTransport": "true"},
            }
        )
    )
    every: dict[str, ContextValue] = {
        KEY: "prod",
        "aws:RequestTag/team": "core",
        "aws:SecureTransport": True,
    }

    assert evaluate(request(keys=every), document).allowed
    for missing in every:
        keys = {key: value for key, value in every.items() if key != missing}
        assert not evaluate(request(keys=keys), document).allowed


def test_the_caller_and_the_clock_give_the_global_keys():
    document = policy(
        statement(
            Condition={
                "StringEquals": {
                    "aws:PrincipalAccount": "444455556666",
                    "aws:PrincipalType": "Account",
                    "aws:PrincipalArn": "arn:aws:iam::444455556666:root",
                },
                "DateGreaterThan": {"aws:CurrentTime": "2026-03-04T05:06:06Z"},
                "NumericEquals": {"aws:EpochTime": int(NOW.timestamp())},
            }
        )
    )

    assert evaluate(request(), document).allowed
    later = datetime(2026, 3, 4, 5, 6, 5, tzinfo=timezone.utc)
    assert not evaluate(request(now=later), document).allowed


def test_an_unknown_operator_never_holds():
    document = policy(statement(Condition={"StringMatches": {KEY: "prod"}}))

    assert not evaluate(request(keys={KEY: "prod"}), document).allowed
