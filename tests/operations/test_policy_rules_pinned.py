"""Resource-policy grammar rules no other test pinned down, each found by a rule change the
suite missed.

Through boto3 as users call it; see docs/mutation-testing.md for how the missed changes were
found. The grammar is IAM's JSON policy language [DOC IAM JSON policy element reference].
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from tests.assertions import raises_aws
from tests.botocore_model import has, needs
from tests.operations.support import ACCOUNT_ROOT, START, statement

pytestmark = pytest.mark.secretmock(clock=START, seed=101)

INVALID_SYNTAX = "This resource policy contains a syntax error."
UNSUPPORTED_PRINCIPAL = "This resource policy contains an unsupported principal."

# Every condition operator of IAM's reference [DOC "IAM JSON policy elements: Condition
# operators"], each with a value of the kind it compares.
OPERATORS: dict[str, Any] = {
    "StringEquals": "a",
    "StringNotEquals": "a",
    "StringEqualsIgnoreCase": "a",
    "StringNotEqualsIgnoreCase": "a",
    "StringLike": "a*",
    "StringNotLike": "a*",
    "NumericEquals": 1,
    "NumericNotEquals": 1,
    "NumericLessThan": 1,
    "NumericLessThanEquals": 1,
    "NumericGreaterThan": 1,
    "NumericGreaterThanEquals": 1,
    "DateEquals": "2026-01-01T00:00:00Z",
    "DateNotEquals": "2026-01-01T00:00:00Z",
    "DateLessThan": "2026-01-01T00:00:00Z",
    "DateLessThanEquals": "2026-01-01T00:00:00Z",
    "DateGreaterThan": "2026-01-01T00:00:00Z",
    "DateGreaterThanEquals": "2026-01-01T00:00:00Z",
    "Bool": "true",
    "BinaryEquals": "QmluYXJ5",
    "IpAddress": "203.0.113.0/24",
    "NotIpAddress": "203.0.113.0/24",
    "ArnEquals": "arn:aws:iam::123456789012:role/app",
    "ArnLike": "arn:aws:iam::123456789012:role/*",
    "ArnNotEquals": "arn:aws:iam::123456789012:role/app",
    "ArnNotLike": "arn:aws:iam::123456789012:role/*",
    "Null": "true",
}


def document(*statements: dict[str, Any], **top: Any) -> str:
    return json.dumps({"Version": "2012-10-17", **top, "Statement": list(statements)})


def put(client: Any, text: str) -> None:
    """Put ``text`` on a new secret, and check that it is stored exactly as given."""
    client.create_secret(Name="app")
    response = client.put_resource_policy(SecretId="app", ResourcePolicy=text)
    assert response["Name"] == "app"
    if has("PutResourcePolicy", "PolicyName"):  # a member of newer botocore models
        assert response["PolicyName"] == "default"
    assert client.get_resource_policy(SecretId="app")["ResourcePolicy"] == text


@pytest.mark.parametrize("operator", sorted(OPERATORS))
def test_every_condition_operator_is_accepted(client, operator):
    put(client, document(statement(Condition={operator: {"aws:SomeKey": OPERATORS[operator]}})))


@pytest.mark.parametrize("operator", sorted(set(OPERATORS) - {"Null"}))
def test_every_condition_operator_but_null_takes_if_exists_and_a_set_prefix(client, operator):
    value = OPERATORS[operator]
    put(
        client,
        document(
            statement(
                Condition={
                    f"{operator}IfExists": {"aws:SomeKey": value},
                    f"ForAllValues:{operator}": {"aws:TagKeys": [value]},
                    f"ForAnyValue:{operator}IfExists": {"aws:TagKeys": [value]},
                }
            )
        ),
    )


@pytest.mark.parametrize(
    "operator", ["NullIfExists", "ForAllValues:StringMatches", "IfExists", "ForAnyValue:"]
)
def test_an_operator_that_is_none_of_iams_is_refused(client, operator):
    # "You can't use ...IfExists with the Null condition operator" [DOC]; the set prefixes and
    # IfExists only qualify an operator.
    client.create_secret(Name="app")

    with raises_aws("MalformedPolicyDocumentException", INVALID_SYNTAX):
        client.put_resource_policy(
            SecretId="app",
            ResourcePolicy=document(statement(Condition={operator: {"aws:SomeKey": "true"}})),
        )


@pytest.mark.parametrize("values", [["a", True, 3, 1.5], "a", 7, False])
def test_condition_values_are_strings_booleans_or_numbers_alone_or_in_a_list(client, values):
    put(client, document(statement(Condition={"StringEquals": {"aws:SomeKey": values}})))


@pytest.mark.parametrize(
    "values", [[], [None], [{"a": 1}], [["a"]], None], ids=["empty", "null", "object", "list", "n"]
)
def test_condition_values_of_another_kind_are_refused(client, values):
    client.create_secret(Name="app")

    with raises_aws("MalformedPolicyDocumentException", INVALID_SYNTAX):
        client.put_resource_policy(
            SecretId="app",
            ResourcePolicy=document(statement(Condition={"StringEquals": {"k": values}})),
        )


@pytest.mark.parametrize("condition", [{}, {"StringEquals": {}}], ids=["no operator", "no key"])
def test_an_empty_condition_is_refused(client, condition):
    client.create_secret(Name="app")

    with raises_aws("MalformedPolicyDocumentException", INVALID_SYNTAX):
        client.put_resource_policy(
            SecretId="app", ResourcePolicy=document(statement(Condition=condition))
        )


def test_every_policy_and_statement_element_is_accepted(client):
    put(
        client,
        document(
            statement(
                Sid="All",
                Principal={
                    "AWS": ["111122223333", "arn:aws-us-gov:iam::111122223333:role/app", "*"],
                    "Service": ["lambda.amazonaws.com"],
                    "Federated": "cognito-identity.amazonaws.com",
                    "CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be",
                },
                Condition={"StringEquals": {"aws:PrincipalAccount": "111122223333"}},
            ),
            statement(
                Sid="Others",
                Effect="Deny",
                Principal=None,
                NotPrincipal={"AWS": ACCOUNT_ROOT},
                Action=None,
                NotAction=["secretsmanager:Get*", "kms:Decrypt", "*"],
                Resource=None,
                NotResource=["arn:aws:secretsmanager:us-east-1:123456789012:secret:x", "*"],
            ),
            Id="policy-1",
        ),
    )


@pytest.mark.parametrize(
    "principal",
    [
        {"AWS": "12345678901"},  # eleven digits
        {"AWS": "arn:aws:iam::12345678901:root"},
        {"AWS": "arn:aws:iam::123456789012:"},
        {"AWS": "arn:aws:iam::123456789012:role/with space"},
        {"AWS": "xarn:aws:iam::123456789012:root"},
        {"AWS": "arn:aws:lambda::123456789012:function"},
        {"aws": ACCOUNT_ROOT},
    ],
)
@pytest.mark.parametrize("element", ["Principal", "NotPrincipal"])
def test_an_aws_principal_is_an_account_id_or_an_iam_or_sts_arn(client, principal, element):
    client.create_secret(Name="app")
    members = {"Principal": None, element: principal}

    with raises_aws("MalformedPolicyDocumentException", UNSUPPORTED_PRINCIPAL):
        client.put_resource_policy(SecretId="app", ResourcePolicy=document(statement(**members)))


@pytest.mark.parametrize(
    "members",
    [
        {"Principal": "everyone"},
        {"Principal": ["*"]},
        {"Principal": {"AWS": []}},
        {"Principal": {"AWS": [""]}},
        {"Action": ""},
        {"Action": "secretsmanager:Get Secret"},
        {"Action": "*:*"},
        {"Resource": ["*", 5]},
        {"Resource": "ARN:aws:secretsmanager:us-east-1:123456789012:secret:x"},
        {"Effect": "Allow "},
        {"Action": None, "NotAction": "GetSecretValue"},
        {"Action": None, "NotAction": []},
        {"Resource": None, "NotResource": "my-secret"},
        {"Resource": None, "NotResource": [""]},
        {"Principal": None, "NotPrincipal": {}},
    ],
)
def test_malformed_elements_are_refused(client, members):
    client.create_secret(Name="app")

    with raises_aws("MalformedPolicyDocumentException", INVALID_SYNTAX):
        client.put_resource_policy(SecretId="app", ResourcePolicy=document(statement(**members)))


def test_an_empty_sid_may_repeat(client):
    # Only a Sid that is given must be unique [DOC "Sid": "Sid values must be unique within a
    # policy"]; an empty one names nothing (assumed [INF]).
    put(client, document(statement(Sid=""), statement(Sid="")))


@pytest.mark.parametrize("entry", [[], 1, "Allow", None], ids=["list", "number", "string", "null"])
def test_a_statement_that_is_not_an_object_is_refused(client, entry):
    client.create_secret(Name="app")

    with raises_aws("MalformedPolicyDocumentException", INVALID_SYNTAX):
        client.put_resource_policy(
            SecretId="app", ResourcePolicy=json.dumps({"Statement": [statement(), entry]})
        )


POLICY_READERS: dict[str, Callable[[Any, str], Any]] = {
    "GetResourcePolicy": lambda c, i: c.get_resource_policy(SecretId=i),
    "DeleteResourcePolicy": lambda c, i: c.delete_resource_policy(SecretId=i),
    "ValidateResourcePolicy": lambda c, i: c.validate_resource_policy(
        SecretId=i, ResourcePolicy=json.dumps({"Version": "2012-10-17", "Statement": []})
    ),
    "ListResourcePolicies": lambda c, i: c.list_resource_policies(SecretId=i),
}


@pytest.mark.parametrize(
    "operation",
    [pytest.param(name, marks=needs(name)) for name in sorted(POLICY_READERS)],
)
def test_every_policy_operation_refuses_a_secret_id_that_is_neither_an_arn_nor_a_name(
    client, operation
):
    with raises_aws(
        "ValidationException",
        "Invalid name. Must be a valid name containing alphanumeric characters, "
        "or any of the following: -/_+=.@!",
    ):
        POLICY_READERS[operation](client, "has space")
