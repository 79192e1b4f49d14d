"""BlockPublicPolicy and ValidateResourcePolicy decide "public" with the policy evaluator.

The cases in test_policies.py are the ones AWS's examples settle; these are the ones where the
evaluator's rule (a principal in an account the policy does not name can use the statement)
says more than "a wildcard principal without a pinned key".
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.assertions import raises_aws

OWNER = "123456789012"
PUBLIC_POLICY = (
    "The BlockPublicPolicy parameter is set to true, and the resource policy did not prevent "
    "broad access to the secret."
)


def policy(*conditions: dict[str, Any], principal: Any = "*", key: str = "Principal") -> str:
    statements = [
        {
            "Effect": "Allow",
            key: principal,
            "Action": "secretsmanager:GetSecretValue",
            "Resource": "*",
            **({"Condition": condition} if condition else {}),
        }
        for condition in conditions or ({},)
    ]
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


def broad_access(index: int) -> dict[str, str]:
    return {
        "CheckName": "BROAD_ACCESS",
        "ErrorMessage": "The resource policy grants broad access to the secret: "
        f"statement {index} allows a wildcard principal without a condition that narrows it.",
    }


NOT_PUBLIC = {
    "the roles of one account": policy(
        {"ArnLike": {"aws:PrincipalArn": f"arn:aws:iam::{OWNER}:role/*"}}
    ),
    "the paths of one organization": policy(
        {"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": "o-a1b2c3d4e5/*"}}
    ),
    # Every signed request carries aws:PrincipalAccount: IfExists cannot skip it.
    "the principal's account with IfExists": policy(
        {"StringEqualsIfExists": {"aws:PrincipalAccount": OWNER}}
    ),
    "an account no caller has": policy({"StringEquals": {"aws:PrincipalAccount": "*"}}),
    "everyone but everyone": policy(principal="*", key="NotPrincipal"),
}


@pytest.mark.parametrize("document", NOT_PUBLIC.values(), ids=NOT_PUBLIC.keys())
def test_a_statement_no_stranger_can_use_is_not_public(client, document):
    client.create_secret(Name="app")

    client.put_resource_policy(SecretId="app", ResourcePolicy=document, BlockPublicPolicy=True)

    assert client.get_resource_policy(SecretId="app")["ResourcePolicy"] == document
    reply = client.validate_resource_policy(SecretId="app", ResourcePolicy=document)
    assert (reply["PolicyValidationPassed"], reply["ValidationErrors"]) == (True, [])


PUBLIC = {
    "a Null check that the endpoint is absent": policy({"Null": {"aws:SourceVpce": "true"}}),
    "any organization's path": policy(
        {"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": "o-*/r-ab12/*"}}
    ),
    "a source in any account": policy(
        {"ArnLike": {"aws:SourceArn": "arn:aws:lambda:us-east-1:*:function:rotate"}}
    ),
    "a time window": policy({"DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}),
    "a tag the caller sends": policy({"StringEquals": {"aws:RequestTag/team": "core"}}),
}


@pytest.mark.parametrize("document", PUBLIC.values(), ids=PUBLIC.keys())
def test_a_statement_a_stranger_can_use_is_public(client, secretmock, document):
    client.create_secret(Name="app")

    with raises_aws("PublicPolicyException", PUBLIC_POLICY):
        client.put_resource_policy(SecretId="app", ResourcePolicy=document, BlockPublicPolicy=True)

    assert "ResourcePolicy" not in client.get_resource_policy(SecretId="app")
    reply = client.validate_resource_policy(ResourcePolicy=document)
    assert (reply["PolicyValidationPassed"], reply["ValidationErrors"]) == (
        False,
        [broad_access(1)],
    )


def test_each_statement_is_judged_on_its_own(client):
    document = policy(
        {"StringEquals": {"aws:SourceAccount": OWNER}},
        {"StringNotEquals": {"aws:SourceAccount": OWNER}},
        {
            "StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"},
            "Bool": {"aws:SecureTransport": True},
        },
        {"StringLike": {"aws:PrincipalAccount": "1234*"}},
    )

    reply = client.validate_resource_policy(ResourcePolicy=document)

    assert (reply["PolicyValidationPassed"], reply["ValidationErrors"]) == (
        False,
        [broad_access(2), broad_access(4)],
    )
