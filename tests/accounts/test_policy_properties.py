"""Property test through boto3: a secret's policy decides as a reference built here decides.

For any list of Allow and Deny statements with wildcard actions and principals: a statement that
names the caller and matches the action (``*`` and ``?`` as fnmatch, ignoring case) applies; an
applying Deny refuses the call in any account, the owner's included; otherwise another account
needs an applying Allow, and the owner's account needs none.
"""

from __future__ import annotations

import fnmatch
import itertools
import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from secretmock import mock_secrets
from tests.accounts.support import REGION, A, B, client_of, denied, denied_explicitly, policy
from tests.assertions import raises_aws

ACTION = "secretsmanager:DescribeSecret"
CALLERS = {A: f"arn:aws:iam::{A}:root", B: f"arn:aws:iam::{B}:root"}
PRINCIPALS = {
    "*": {A, B},
    A: {A},
    f"arn:aws:iam::{B}:root": {B},
    f"arn:aws:iam::{B}:user/someone": set(),  # names a user, not B's root
}
ACTION_PATTERNS = [
    "*",
    "secretsmanager:*",
    "secretsmanager:describe*",
    "SecretsManager:DescribeSecret",
    "secretsmanager:D?scribeSecret",
    "secretsmanager:Get*",
    "kms:*",
]
STATEMENTS = st.lists(
    st.tuples(
        st.sampled_from(["Allow", "Deny"]),
        st.sampled_from(sorted(PRINCIPALS)),
        st.lists(st.sampled_from(ACTION_PATTERNS), min_size=1, max_size=2),
    ),
    min_size=1,
    max_size=4,
)
_names = itertools.count()


def applies(principal: str, patterns: list[str], account: str) -> bool:
    named = account in PRINCIPALS[principal]
    return named and any(
        re.fullmatch(fnmatch.translate(pattern), ACTION, re.IGNORECASE) for pattern in patterns
    )


def document(statements: list[tuple[str, str, list[str]]]) -> str:
    items: list[dict[str, Any]] = [
        {
            "Effect": effect,
            "Principal": "*" if principal == "*" else {"AWS": principal},
            "Action": patterns,
            "Resource": "*",
        }
        for effect, principal, patterns in statements
    ]
    return policy(*items)


@settings(max_examples=40, deadline=None)
@given(STATEMENTS, st.sampled_from([A, B]))
def test_deny_wins_and_wildcards_match_as_the_reference_says(statements, account):
    with mock_secrets(account_id=A, region=REGION):
        name = f"s{next(_names)}"
        arn = client_of(A).create_secret(Name=name)["ARN"]
        client_of(A).put_resource_policy(SecretId=arn, ResourcePolicy=document(statements))
        caller = CALLERS[account]

        applying = [
            effect
            for effect, principal, patterns in statements
            if applies(principal, patterns, account)
        ]
        if "Deny" in applying:
            with raises_aws(
                "AccessDeniedException", denied_explicitly(caller, "DescribeSecret", arn)
            ):
                client_of(account).describe_secret(SecretId=arn)
        elif "Allow" in applying or account == A:
            assert client_of(account).describe_secret(SecretId=arn)["ARN"] == arn
        else:
            with raises_aws("AccessDeniedException", denied(caller, "DescribeSecret", arn)):
                client_of(account).describe_secret(SecretId=arn)
