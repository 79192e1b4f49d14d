"""Policy variables in Resource and in string and ARN condition values."""

from __future__ import annotations

import pytest

from secretmock._policy import Caller, evaluate
from tests.policy.support import OTHER, policy, request, statement

ALICE = Caller.from_arn(f"arn:aws:iam::{OTHER}:user/alice")
ROOT = Caller.from_arn(f"arn:aws:iam::{OTHER}:root")


def test_a_variable_in_a_resource():
    document = policy(statement(Resource="arn:aws:secretsmanager:*:*:secret:${aws:username}/*"))
    alices = "arn:aws:secretsmanager:us-east-1:123456789012:secret:alice/db-AbCdEf"
    bobs = "arn:aws:secretsmanager:us-east-1:123456789012:secret:bob/db-AbCdEf"

    assert evaluate(request(caller=ALICE, resource=alices), document).allowed
    assert not evaluate(request(caller=ALICE, resource=bobs), document).allowed
    # The root user has no aws:username: the resource matches nothing.
    assert not evaluate(request(caller=ROOT, resource=alices), document).allowed


@pytest.mark.parametrize(
    ("value", "tag", "expected"),
    [
        ("${aws:username}", "alice", True),
        ("${AWS:UserName}", "alice", True),
        ("team-${aws:username}", "team-alice", True),
        ("${aws:PrincipalTag/missing, 'nobody'}", "nobody", True),
        ("${aws:PrincipalTag/missing, 'it''s'}", "it's", True),
        ("${aws:username, 'nobody'}", "alice", True),
        ("${aws:PrincipalTag/missing}", "", False),
    ],
)
def test_variables_in_string_equals(value, tag, expected):
    document = policy(statement(Condition={"StringEquals": {"aws:RequestTag/owner": value}}))

    allowed = evaluate(request(caller=ALICE, keys={"aws:RequestTag/owner": tag}), document).allowed

    assert allowed is expected


@pytest.mark.parametrize(
    ("value", "tag", "expected"),
    [
        ("${*}", "*", True),
        ("${*}", "anything", False),
        ("a${?}", "a?", True),
        ("a${?}", "ab", False),
        ("${$}{x}", "${x}", True),
        ("${aws:username}*", "alice-1", True),
        # What a variable stands for is literal: a * in the value is no wildcard.
        ("${aws:RequestTag/pattern}", "anything", False),
    ],
)
def test_special_characters_and_literal_substitutions_in_string_like(value, tag, expected):
    document = policy(statement(Condition={"StringLike": {"aws:RequestTag/owner": value}}))
    keys = {"aws:RequestTag/owner": tag, "aws:RequestTag/pattern": "*"}

    assert evaluate(request(caller=ALICE, keys=keys), document).allowed is expected


def test_a_multivalued_key_is_no_variable():
    document = policy(
        statement(Condition={"StringEquals": {"aws:RequestTag/owner": "${aws:TagKeys}"}})
    )
    keys = {"aws:TagKeys": ["a", "b"], "aws:RequestTag/owner": "a"}

    assert not evaluate(request(keys=keys), document).allowed


def test_numeric_operators_read_no_variables():
    document = policy(
        statement(Condition={"NumericEquals": {"aws:RequestTag/n": "${aws:RequestTag/m}"}})
    )

    assert not evaluate(
        request(keys={"aws:RequestTag/n": "1", "aws:RequestTag/m": "1"}), document
    ).allowed
