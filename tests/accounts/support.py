"""Accounts, clients and policies for the cross-account tests."""

from __future__ import annotations

import functools
import json
from typing import Any

import boto3

REGION = "us-east-1"
A = "111122223333"  # the mock's account: it owns the secrets
B = "444455556666"  # another account


@functools.cache
def client_of(account_id: str) -> Any:
    """A client that acts as ``account_id``'s root (a 12-digit access key id); made once, as
    clients with keys of their own can be: whichever mock is active answers them."""
    return boto3.client(
        "secretsmanager",
        region_name=REGION,
        aws_access_key_id=account_id,
        aws_secret_access_key="secret",
    )


def statement(**members: Any) -> dict[str, Any]:
    """An Allow of every secretsmanager action to B's root, with ``members`` replacing."""
    base: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{B}:root"},
        "Action": "secretsmanager:*",
        "Resource": "*",
    }
    base.update(members)
    return base


def policy(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def denied(caller: str, action: str, resource: str) -> str:
    """AWS's message when no resource-based policy allows ``caller`` the action."""
    return (
        f"User: {caller} is not authorized to perform: secretsmanager:{action} on resource: "
        f"{resource} because no resource-based policy allows the secretsmanager:{action} action"
    )


def denied_explicitly(caller: str, action: str, resource: str) -> str:
    """AWS's message when a Deny in the resource policy denies ``caller`` the action."""
    return (
        f"User: {caller} is not authorized to perform: secretsmanager:{action} on resource: "
        f"{resource} with an explicit deny in a resource-based policy"
    )


def shared_key(sm: Any) -> str:
    """The ARN of a customer managed key of A whose key policy lets A and B use it.

    A secret another account reads or writes needs one: the default key aws/secretsmanager
    refuses callers of other accounts [REC, issue 10].
    """
    key_policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": [f"arn:aws:iam::{A}:root", f"arn:aws:iam::{B}:root"]},
                "Action": "kms:*",
                "Resource": "*",
            }
        ],
    }
    arn: str = sm.kms.create_key(policy=json.dumps(key_policy)).arn
    return arn
