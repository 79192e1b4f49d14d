"""Clients of the Regions and accounts the replication tests use."""

from __future__ import annotations

import re
from typing import Any

import boto3
import pytest

OTHER_ACCOUNT = "111122223333"
REPLICA_WRITE = (
    "InvalidParameterException",
    "Operation not permitted on a replica secret. Call must be made in primary secret's region.",
)


def client_in(region: str, account: str | None = None) -> Any:
    """A Secrets Manager client of ``region``; a 12-digit access key id acts as ``account``."""
    if account is None:
        return boto3.client("secretsmanager", region_name=region)
    return boto3.client(
        "secretsmanager",
        region_name=region,
        aws_access_key_id=account,
        aws_secret_access_key="secret",
    )


@pytest.fixture
def west(secretmock: Any) -> Any:
    """A client of eu-west-1, the usual replica Region."""
    return client_in("eu-west-1")


@pytest.fixture
def west2(secretmock: Any) -> Any:
    """A client of eu-west-2."""
    return client_in("eu-west-2")


def disabled_key_failure(key_arn: str) -> str:
    """The StatusMessage of a replica whose key is disabled, as a pattern (KMS's request id)."""
    return (
        re.escape(
            f"Replication failed: Secrets Manager can't encrypt the secret value: {key_arn} is "
            "disabled. (Service: AWSKMS; Status Code: 400; Error Code: DisabledException; "
            "Request ID: "
        )
        + "[0-9a-f-]{36}"
        + re.escape("; Proxy: null)")
    )


@pytest.fixture
def owner(secretmock: Any) -> Any:
    """A client of the primary's account (another account), for cross-account replicas."""
    return client_in("us-east-1", OTHER_ACCOUNT)


@pytest.fixture
def key(secretmock: Any) -> str:
    """The ARN of a customer managed key (alias/replica) of the mock's account."""
    arn: str = secretmock.kms.create_key(alias="replica").arn
    return arn
