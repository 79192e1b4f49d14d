"""ValidateResourcePolicy's third check: "Verifies the policy does not lock out a caller" [DOC].

A policy locks the caller out when, attached to the secret, it would refuse the caller both
PutResourcePolicy and DeleteResourcePolicy: nothing the caller could do would undo it.
"""

from __future__ import annotations

from typing import Any

import pytest

from secretmock import mock_secrets
from tests.accounts.support import REGION, A, B, client_of, policy, statement

LOCKED_OUT = {
    "PolicyValidationPassed": False,
    "ValidationErrors": [
        {
            "CheckName": "LOCKOUT",
            "ErrorMessage": "Your requested changes will not allow you to manage this secret in "
            "the future.",
        }
    ],
}
PASSED = {"PolicyValidationPassed": True, "ValidationErrors": []}


def validate(client: Any, **params: Any) -> dict[str, Any]:
    reply = client.validate_resource_policy(**params)
    return {key: value for key, value in reply.items() if key != "ResponseMetadata"}


def deny(principal: Any, *actions: str) -> dict[str, Any]:
    return statement(Effect="Deny", Principal=principal, Action=list(actions))


@pytest.mark.parametrize(
    ("denied", "expected"),
    [
        (deny("*", "secretsmanager:*"), LOCKED_OUT),
        (deny({"AWS": A}, "secretsmanager:*ResourcePolicy"), LOCKED_OUT),
        (deny("*", "secretsmanager:PutResourcePolicy"), PASSED),  # it can still be deleted
        (deny("*", "secretsmanager:DeleteResourcePolicy"), PASSED),  # or replaced
        (deny({"AWS": B}, "secretsmanager:*"), PASSED),  # someone else is shut out
    ],
    ids=["deny everything", "deny the owner both", "deny put", "deny delete", "deny another"],
)
def test_the_owner_is_locked_out_only_when_both_policy_writes_are_denied(denied, expected):
    with mock_secrets(account_id=A, region=REGION):
        a = client_of(A)
        a.create_secret(Name="db", SecretString="v")

        assert validate(a, SecretId="db", ResourcePolicy=policy(denied)) == expected
        # Without a secret there is no one to lock out of it.
        assert validate(a, ResourcePolicy=policy(denied)) == PASSED


def test_another_account_is_locked_out_by_a_policy_that_stops_allowing_it_to_manage_policies():
    with mock_secrets(account_id=A, region=REGION):
        a, b = client_of(A), client_of(B)
        arn = a.create_secret(Name="db", SecretString="v")["ARN"]
        a.put_resource_policy(SecretId=arn, ResourcePolicy=policy(statement()))
        read_only = policy(statement(Action="secretsmanager:DescribeSecret"))

        assert validate(b, SecretId=arn, ResourcePolicy=read_only) == LOCKED_OUT
        assert validate(a, SecretId=arn, ResourcePolicy=read_only) == PASSED
        assert validate(b, SecretId=arn, ResourcePolicy=policy(statement())) == PASSED


def test_a_policy_that_locks_out_can_still_be_attached_and_is_then_enforced():
    # AWS's console refuses it; whether the API refuses it too is not known [INF]: the mock
    # attaches it, and from then on every call of the caller on the secret is denied.
    with mock_secrets(account_id=A, region=REGION):
        a = client_of(A)
        a.create_secret(Name="db", SecretString="v")
        a.put_resource_policy(SecretId="db", ResourcePolicy=policy(deny("*", "secretsmanager:*")))

        with pytest.raises(a.exceptions.ClientError) as raised:
            a.delete_resource_policy(SecretId="db")
        assert raised.value.response["Error"]["Code"] == "AccessDeniedException"
