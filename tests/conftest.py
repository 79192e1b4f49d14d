"""Shared fixtures: a clean AWS environment, and boto3 clients against the mock."""

from __future__ import annotations

from typing import TYPE_CHECKING

import boto3
import pytest

from secretmock import SecretsManagerMock
from tests import contract

if TYPE_CHECKING:
    from mypy_boto3_secretsmanager import SecretsManagerClient

REGION = "us-east-1"

# Every reply the mock gives in this test suite is checked against botocore's own parse of the
# wire form AWS would send (see tests/contract.py).
contract.install()

_AWS_VARIABLES = (
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_SECRETS_MANAGER",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_ROLE_ARN",
    # botocore's retry settings: the retry tests expect botocore's defaults unless they set them.
    "AWS_RETRY_MODE",
    "AWS_MAX_ATTEMPTS",
)


@pytest.fixture(autouse=True)
def no_aws_configuration(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Every test runs as on a machine with no AWS configuration and no credentials at all."""
    for name in _AWS_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    empty = tmp_path_factory.getbasetemp() / "no-aws-config"
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(empty / "credentials"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(empty / "config"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


@pytest.fixture(scope="session")
def boto3_session() -> boto3.Session:
    # One session for the whole run: creating clients from it is much cheaper than from new ones.
    return boto3.Session(region_name=REGION)


@pytest.fixture
def client(secretmock: SecretsManagerMock, boto3_session: boto3.Session) -> SecretsManagerClient:
    """A Secrets Manager client in us-east-1, answered by the test's mock."""
    return boto3_session.client("secretsmanager")
