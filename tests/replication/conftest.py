"""Clients of the Regions and accounts the replication tests use."""

from __future__ import annotations

import re
from typing import Any

import boto3
import pytest

OTHER_ACCOUNT = "111122223333"


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
