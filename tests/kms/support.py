"""Key policies, and clients of two accounts, for the KMS tests."""

from __future__ import annotations

import json
from typing import Any

import boto3

OWNER = "123456789012"  # the mock's account: the default client's
OTHER = "444455556666"  # another account: a client whose access key id is these 12 digits
REGION = "us-east-1"

ACCESS_DENIED = ("AccessDeniedException", "Access to KMS is not allowed")
ACCESS_DENIED_OLD_KEY = (
    "AccessDeniedException",
    "Access to KMS is not allowed. This version of secret is not encrypted with the current "
    "KMS key.",
)
DEFAULT_KEY_ACROSS_ACCOUNTS = (
    "InvalidRequestException",
    "You can't access a secret from a different AWS account if you encrypt the secret with the "
    "default KMS service key.",
)


def client_of(account: str) -> Any:
    """A Secrets Manager client acting as ``account``'s root (its access key id is the account)."""
    return boto3.client(
        "secretsmanager",
        region_name=REGION,
        aws_access_key_id=account,
        aws_secret_access_key="secret",
    )


def root(account: str) -> str:
    return f"arn:aws:iam::{account}:root"


def key_policy(*statements: dict[str, Any]) -> str:
    """A key policy: the owner account administers the key, plus ``statements``."""
    admin = {
        "Sid": "Administer",
        "Effect": "Allow",
        "Principal": {"AWS": root(OWNER)},
        "Action": ["kms:Describe*", "kms:Put*", "kms:Enable*", "kms:Disable*"],
        "Resource": "*",
    }
    return json.dumps({"Version": "2012-10-17", "Statement": [admin, *statements]})


def allow(principal: str, *actions: str, **condition: Any) -> dict[str, Any]:
    """A statement allowing ``principal`` the kms ``actions``, under an optional Condition."""
    statement: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": {"AWS": principal},
        "Action": list(actions),
        "Resource": "*",
    }
    if condition:
        statement["Condition"] = condition
    return statement


def deny(principal: str, *actions: str) -> dict[str, Any]:
    return {**allow(principal, *actions), "Effect": "Deny"}


#: What Secrets Manager asks KMS for: a key policy allowing these lets a principal use the key.
SECRETS_MANAGER_USE = ("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey")


def share_with(client: Any, secret_id: str, account: str) -> None:
    """A resource policy letting ``account`` do every secretsmanager action on the secret."""
    client.put_resource_policy(
        SecretId=secret_id,
        ResourcePolicy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"AWS": root(account)},
                        "Action": "secretsmanager:*",
                        "Resource": "*",
                    }
                ],
            }
        ),
    )
