"""Helpers for the ListSecrets, filter and BatchGetSecretValue tests."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from secretmock import SecretsManagerMock
from secretmock._backend.models import Secret
from secretmock._clock import Instant, to_datetime
from secretmock._ids import secret_arn

START = datetime(2026, 3, 4, 5, 6, 7, 123000, tzinfo=timezone.utc)
REGION = "us-east-1"
ACCOUNT = "123456789012"


def at(seconds: float = 0) -> datetime:
    """The datetime botocore hands back for START + ``seconds``."""
    return to_datetime((START + timedelta(seconds=seconds)).timestamp())


def reply(response: dict[str, Any]) -> dict[str, Any]:
    """A reply without ResponseMetadata, for comparing whole replies."""
    return {key: value for key, value in response.items() if key != "ResponseMetadata"}


def names(response: dict[str, Any]) -> list[str]:
    return [entry["Name"] for entry in response["SecretList"]]


def listed(client: Any, **params: Any) -> list[str]:
    """Every name ListSecrets lists for ``params``, through botocore's paginator."""
    paginator = client.get_paginator("list_secrets")
    return [name for page in paginator.paginate(**params) for name in names(page)]


def with_filters(client: Any, *filters: tuple[str, list[str]], **params: Any) -> list[str]:
    return listed(
        client, Filters=[{"Key": key, "Values": values} for key, values in filters], **params
    )


def seed(mock: SecretsManagerMock, name: str, created: float = 0, **fields: Any) -> Secret:
    """Put a secret straight into the mock's store (fast, and with fields no API sets)."""
    epoch = (START + timedelta(seconds=created)).timestamp()
    secret = Secret(
        name=name,
        arn=secret_arn(REGION, ACCOUNT, name, "AbCdEf"),
        created_at=Instant(epoch),
        last_changed_at=Instant(epoch),
        **fields,
    )
    mock.store(REGION).add(secret)
    return secret
