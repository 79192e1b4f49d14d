"""Property tests of the evaluator's rules, each against a reference built here independently.

* An explicit Deny wins over any Allow, whatever the order of statements and policies.
* ``*`` and ``?`` match as fnmatch's translation does (no character classes in IAM);
  actions ignore case; ARN conditions match each of the six parts on its own.
* NotAction and NotResource apply exactly where Action and Resource do not.
* ForAllValues holds and ForAnyValue fails for a key that is absent or has no values; an
  ``...IfExists`` condition holds for an absent key; a negated operator is the complement of
  its positive form for a present key.
"""

from __future__ import annotations

import fnmatch
import re
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from secretmock._policy import Outcome, evaluate, read_policy
from secretmock._policy.conditions import OPERATORS
from secretmock._policy.wildcard import matches
from tests.policy.support import SECRET, policy, request, statement

# Small alphabets make matches and near-misses common; no "[": IAM has no character classes.
PATTERN = st.text(alphabet="ab*?:", max_size=8)
VALUE = st.text(alphabet="abAB:", max_size=8)
ACTIONS = ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "kms:Decrypt"]
ACTION_PATTERNS = st.sampled_from(
    [
        "*",
        "secretsmanager:*",
        "secretsmanager:Get*",
        "SECRETSMANAGER:getsecretvalue",
        "kms:*",
        "s3:*",
    ]
)


def reference_matches(pattern: str, value: str, ignore_case: bool = False) -> bool:
    flags = re.IGNORECASE if ignore_case else 0
    return re.fullmatch(fnmatch.translate(pattern), value, flags) is not None


@given(PATTERN, VALUE)
def test_wildcards_match_as_fnmatch_does(pattern, value):
    assert matches(pattern, value) is reference_matches(pattern, value)


@given(PATTERN, VALUE)
def test_actions_ignore_case(pattern, value):
    assert matches(pattern, value, ignore_case=True) is reference_matches(
        pattern, value, ignore_case=True
    )


@given(PATTERN, VALUE)
def test_string_like_and_resources_match_as_fnmatch_does(pattern, value):
    by_condition = policy(statement(Condition={"StringLike": {"aws:RequestTag/k": pattern}}))
    by_resource = policy(statement(Resource=f"arn:{pattern}"))
    expected = reference_matches(pattern, value)

    assert evaluate(request(keys={"aws:RequestTag/k": value}), by_condition).allowed is expected
    assert evaluate(request(resource=f"arn:{value}"), by_resource).allowed is expected


def reference_arn_matches(pattern: str, value: str) -> bool:
    pattern_parts, value_parts = pattern.split(":", 5), value.split(":", 5)
    if len(pattern_parts) < 6 or len(value_parts) < 6:
        return False
    return all(map(reference_matches, pattern_parts, value_parts))


# ARN-like texts of five to seven colon-separated parts, so that most have the six parts.
ARN_PATTERNS = st.lists(st.text(alphabet="ab*?", max_size=3), min_size=5, max_size=7).map(":".join)
ARN_VALUES = st.lists(st.text(alphabet="ab", max_size=2), min_size=5, max_size=7).map(":".join)


@given(ARN_PATTERNS, ARN_VALUES)
def test_arn_conditions_match_part_by_part(pattern, value):
    document = policy(statement(Condition={"ArnLike": {"aws:SourceArn": pattern}}))

    allowed = evaluate(request(keys={"aws:SourceArn": value}), document).allowed

    assert allowed is reference_arn_matches(pattern, value)


def applies(item: dict[str, Any], action: str) -> bool:
    return any(reference_matches(pattern, action, True) for pattern in item["Action"])


@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "Effect": st.sampled_from(["Allow", "Deny"]),
                "Action": st.lists(ACTION_PATTERNS, min_size=1, max_size=2),
            }
        ),
        min_size=1,
        max_size=6,
    ),
    st.sampled_from(ACTIONS),
    st.randoms(use_true_random=False),
)
def test_an_explicit_deny_wins_whatever_the_order(items, action, random):
    statements = [statement(**item) for item in items]
    shuffled = random.sample(statements, len(statements))
    denies = [item for item in items if item["Effect"] == "Deny" and applies(item, action)]
    allows = [item for item in items if item["Effect"] == "Allow" and applies(item, action)]
    expected = (
        Outcome.EXPLICIT_DENY if denies else Outcome.ALLOWED if allows else Outcome.IMPLICIT_DENY
    )

    for order in (statements, shuffled):
        decision = evaluate(request(action=action), policy(*order))
        assert decision.outcome is expected
        if expected is Outcome.IMPLICIT_DENY:
            assert decision.statement is None
        else:
            assert decision.statement is not None
            assert decision.statement.effect.value == ("Deny" if denies else "Allow")
            assert any(
                reference_matches(pattern, action, True) for pattern in decision.statement.actions
            )
    # Split over two policies, in either order, the decision is the same.
    middle = random.randrange(len(shuffled) + 1)
    first, second = (
        policy(*shuffled[:middle] or [statement(Action="s3:*")]),
        policy(*shuffled[middle:] or [statement(Action="s3:*")]),
    )
    assert evaluate(request(action=action), first, second).outcome is expected
    assert evaluate(request(action=action), second, first).outcome is expected


@given(st.lists(ACTION_PATTERNS, min_size=1, max_size=3), st.sampled_from(ACTIONS))
def test_not_action_applies_exactly_where_action_does_not(patterns, action):
    with_action = policy(statement(Action=patterns))
    with_not_action = policy(statement(Action=None, NotAction=patterns))

    assert (
        evaluate(request(action=action), with_not_action).allowed
        is not evaluate(request(action=action), with_action).allowed
    )


RESOURCES = st.sampled_from(
    [
        "*",
        SECRET,
        "arn:aws:secretsmanager:*:*:secret:app-*",
        "arn:aws:secretsmanager:*",
        "arn:aws:s3:::*",
    ]
)


@given(st.lists(RESOURCES, min_size=1, max_size=3))
def test_not_resource_applies_exactly_where_resource_does_not(resources):
    with_resource = policy(statement(Resource=resources))
    with_not_resource = policy(statement(Resource=None, NotResource=resources))
    expected = any(reference_matches(pattern, SECRET) for pattern in resources)

    assert evaluate(request(), with_resource).allowed is expected
    assert evaluate(request(), with_not_resource).allowed is not expected


OPERATOR_NAMES = st.sampled_from(sorted(OPERATORS))
POLICY_VALUES = st.lists(
    st.sampled_from(["a", "b*", "1", "2026-03-04", "true", "10.0.0.0/8", "arn:aws:s3:::a*"]),
    min_size=1,
    max_size=3,
)


def condition_allows(operator: str, values: list[str], keys: dict[str, Any]) -> bool:
    document = policy(statement(Condition={operator: {"aws:TagKeys": values}}))
    return evaluate(request(keys=keys), document).allowed


@given(OPERATOR_NAMES, POLICY_VALUES, st.booleans())
def test_set_operators_on_an_absent_or_empty_key(operator, values, empty):
    keys: dict[str, Any] = {"aws:TagKeys": []} if empty else {}

    assert condition_allows(f"ForAllValues:{operator}", values, keys) is True
    assert condition_allows(f"ForAnyValue:{operator}", values, keys) is False


@given(OPERATOR_NAMES, POLICY_VALUES, st.sampled_from(["", "ForAllValues:", "ForAnyValue:"]))
def test_if_exists_holds_for_an_absent_key(operator, values, qualifier):
    assert condition_allows(f"{qualifier}{operator}IfExists", values, {}) is True


@given(OPERATOR_NAMES, POLICY_VALUES)
def test_an_absent_key_fails_a_positive_operator_and_passes_a_negated_one(operator, values):
    negated = OPERATORS[operator].negated

    assert condition_allows(operator, values, {}) is negated


@given(
    st.sampled_from(sorted(name for name, rule in OPERATORS.items() if rule.negated)),
    POLICY_VALUES,
    st.sampled_from(["a", "bb", "1", "2026-03-04", "true", "10.1.2.3", "arn:aws:s3:::ab"]),
)
def test_a_negated_operator_is_the_complement_of_its_positive_form(negated, values, value):
    positive = next(
        name
        for name, rule in OPERATORS.items()
        if not rule.negated and rule.test is OPERATORS[negated].test
    )
    keys = {"aws:TagKeys": value}

    assert condition_allows(negated, values, keys) is not condition_allows(positive, values, keys)


@given(st.sampled_from(["2012-10-17", "2008-10-17"]), st.text(alphabet="ab*", max_size=4))
def test_policy_variables_are_read_only_in_the_2012_version(version, name):
    document = read_policy(
        {
            "Version": version,
            "Statement": [
                statement(Condition={"StringEquals": {"aws:TagKeys": "${aws:username}"}})
            ],
        }
    )
    keys = {"aws:username": name, "aws:TagKeys": name}
    literal = {"aws:username": name, "aws:TagKeys": "${aws:username}"}

    assert evaluate(request(keys=keys), document).allowed is (version == "2012-10-17")
    assert evaluate(request(keys=literal), document).allowed is (version == "2008-10-17")


ANY_TEXT = st.text(max_size=12) | st.sampled_from(["${aws:username", "${a, 'b}", "${}", "1e999"])


@given(
    st.sampled_from([*OPERATORS, "Null"]),
    st.sampled_from(["", "ForAllValues:", "ForAnyValue:"]),
    st.booleans(),
    st.lists(ANY_TEXT, min_size=1, max_size=3),
    st.none() | ANY_TEXT | st.lists(ANY_TEXT, max_size=3),
)
def test_no_value_breaks_a_condition(operator, qualifier, if_exists, values, value):
    suffix = "IfExists" if if_exists and operator != "Null" else ""
    document = policy(
        statement(Condition={f"{qualifier}{operator}{suffix}": {"aws:RequestTag/k": values}})
    )
    keys = {} if value is None else {"aws:RequestTag/k": value}

    assert evaluate(request(keys=keys), document).outcome in (
        Outcome.ALLOWED,
        Outcome.IMPLICIT_DENY,
    )
