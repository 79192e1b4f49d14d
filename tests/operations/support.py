"""Helpers the operation tests share: fixed tokens, replies without metadata, state snapshots."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timedelta, timezone
from typing import Any

from secretmock import SecretsManagerMock
from secretmock._clock import to_datetime

# Operation tests run on a fixed clock, so every date in a reply is known exactly.
START = datetime(2026, 3, 4, 5, 6, 7, 123000, tzinfo=timezone.utc)
ACCOUNT = "123456789012"
REGION = "us-east-1"
ACCOUNT_ROOT = f"arn:aws:iam::{ACCOUNT}:root"


def token(number: int) -> str:
    """A distinct, valid ClientRequestToken (36 characters, UUID-shaped)."""
    return f"{number:08d}-0000-4000-8000-000000000000"


def at(delta: timedelta = timedelta()) -> datetime:
    """The datetime botocore hands back for START + ``delta``."""
    return to_datetime((START + delta).timestamp())


def day_of(delta: timedelta = timedelta()) -> datetime:
    """LastAccessedDate for a read at START + ``delta``: midnight UTC of that day."""
    moment = START + delta
    return to_datetime(
        datetime(moment.year, moment.month, moment.day, tzinfo=timezone.utc).timestamp()
    )


def reply(response: dict[str, Any]) -> dict[str, Any]:
    """A reply without ResponseMetadata, for comparing whole replies."""
    return {key: value for key, value in response.items() if key != "ResponseMetadata"}


def stages(client: Any, secret_id: str) -> dict[str, list[str]]:
    """VersionIdsToStages as DescribeSecret reports it ({} when the member is absent)."""
    return dict(client.describe_secret(SecretId=secret_id).get("VersionIdsToStages", {}))


def state(mock: SecretsManagerMock, region: str = REGION) -> list[dict[str, Any]]:
    """A deep copy of every secret of ``region``: compare before and after a refused call."""
    return [asdict(secret) for secret in mock.store(region).secrets()]


def without_token_autofill(client: Any) -> Any:
    """``client`` sending requests without the ClientRequestToken botocore fills in.

    SDKs always send one; this is how a raw HTTP caller talks to AWS.
    """
    from botocore.handlers import generate_idempotent_uuid

    client.meta.events.unregister("before-parameter-build", generate_idempotent_uuid)
    return client


# AWS's quota refusals, as the mock words them (see secretmock._messages).
TOO_MANY_LABELS = "You can't attach more than 20 staging labels to the versions of a secret."
TOO_MANY_VERSIONS = (
    "You can't create more than 100 versions of a secret. Secrets Manager removes versions "
    "without staging labels only once they are 24 hours old."
)
KMS_INVALID_KEY_ID = "The operation failed because of an invalid KMS key: Invalid keyId"


def statement(**members: Any) -> dict[str, Any]:
    """A policy statement allowing the account's root GetSecretValue, ``members`` replacing its
    members (None leaves one out)."""
    base: dict[str, Any] = {
        "Effect": "Allow",
        "Principal": {"AWS": ACCOUNT_ROOT},
        "Action": "secretsmanager:GetSecretValue",
        "Resource": "*",
    }
    base.update(members)
    return {key: value for key, value in base.items() if value is not None}
