"""The retries botocore would make, reported in the reply's metadata without making them.

Against AWS, botocore retries LimitExceededException (it counts it as throttling) and the error
reaches the caller with RetryAttempts and MaxAttemptsReached. The mock reports the same figures
for every retry mode, without sleeping, and records the call once. The contract check (see
tests/contract.py) also compares each reply with what a botocore client of the same retry
configuration reports after really retrying the same answer.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from botocore.config import Config

from secretmock._backend.versioning import TOO_MANY_LABELS
from tests.assertions import raises_aws


def with_twenty_labels(client: Any) -> str:
    """A secret "s" whose only version carries 20 staging labels; returns the version id."""
    client.create_secret(Name="s", SecretString="v")
    version: str = next(iter(client.describe_secret(SecretId="s")["VersionIdsToStages"]))
    for number in range(19):
        client.update_secret_version_stage(
            SecretId="s", VersionStage=f"label-{number}", MoveToVersionId=version
        )
    return version


@pytest.mark.parametrize(
    ("retries", "attempts", "reached"),
    [
        ({}, 2, True),  # botocore's default: standard mode, 3 attempts
        ({"mode": "standard"}, 2, True),
        ({"mode": "standard", "total_max_attempts": 5}, 4, True),
        ({"mode": "standard", "max_attempts": 1}, 1, True),  # max_attempts counts retries
        ({"mode": "adaptive", "total_max_attempts": 4}, 3, True),
        # Legacy mode retries LimitExceededException only for Kinesis: no retry here.
        ({"mode": "legacy"}, 0, None),
        ({"mode": "legacy", "total_max_attempts": 1}, 0, None),
    ],
)
def test_a_limit_exceeded_reply_reports_botocores_retries(
    secretmock, boto3_session, retries, attempts, reached
):
    client = boto3_session.client("secretsmanager", config=Config(retries=retries))
    version = with_twenty_labels(client)
    calls_before = len(secretmock.calls)

    with raises_aws("LimitExceededException", TOO_MANY_LABELS) as info:
        client.update_secret_version_stage(
            SecretId="s", VersionStage="one-too-many", MoveToVersionId=version
        )

    metadata = info.value.response["ResponseMetadata"]
    assert metadata["RetryAttempts"] == attempts
    assert metadata.get("MaxAttemptsReached") is reached
    assert len(secretmock.calls) == calls_before + 1  # one call, whatever the retries


def test_retry_settings_from_the_environment_count(secretmock, boto3_session, monkeypatch):
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "6")
    client = boto3_session.client("secretsmanager")
    version = with_twenty_labels(client)

    with raises_aws("LimitExceededException", TOO_MANY_LABELS) as info:
        client.update_secret_version_stage(SecretId="s", VersionStage="x", MoveToVersionId=version)

    assert info.value.response["ResponseMetadata"]["RetryAttempts"] == 5


def test_an_error_botocore_does_not_retry_reports_no_retries(client):
    with raises_aws(
        "ResourceNotFoundException", "Secrets Manager can't find the specified secret."
    ) as info:
        client.get_secret_value(SecretId="missing")

    metadata = info.value.response["ResponseMetadata"]
    assert metadata["RetryAttempts"] == 0
    assert "MaxAttemptsReached" not in metadata


def test_with_a_single_attempt_allowed_every_reply_has_reached_it(secretmock, boto3_session):
    # botocore's standard mode marks any answer of the last allowed attempt, success included.
    client = boto3_session.client(
        "secretsmanager", config=Config(retries={"mode": "standard", "total_max_attempts": 1})
    )
    reply = client.create_secret(Name="s", SecretString="v")
    assert reply["ResponseMetadata"]["RetryAttempts"] == 0
    assert reply["ResponseMetadata"]["MaxAttemptsReached"] is True


def test_successful_replies_carry_no_retry_flag(client):
    metadata = client.create_secret(Name="s", SecretString="v")["ResponseMetadata"]
    assert metadata["RetryAttempts"] == 0
    assert "MaxAttemptsReached" not in metadata


def test_nothing_sleeps_for_the_retries(client, monkeypatch):
    version = with_twenty_labels(client)

    def no_sleeping(seconds: float) -> None:
        raise AssertionError(f"slept {seconds} s")

    monkeypatch.setattr(time, "sleep", no_sleeping)
    with raises_aws("LimitExceededException", TOO_MANY_LABELS):
        client.update_secret_version_stage(SecretId="s", VersionStage="x", MoveToVersionId=version)
