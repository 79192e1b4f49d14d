"""The retries botocore would make, reported in the reply's metadata without making them.

Against AWS, botocore retries an answer its retry mode classes as retryable and the error reaches
the caller with RetryAttempts and MaxAttemptsReached: LimitExceededException (throttling) in
standard and adaptive mode, any 5xx in every mode. The mock reports the same figures for every
retry mode, without sleeping, runs the operation once and records the call once. The contract
check (see tests/contract.py) also compares each reply with what a botocore client of the same
retry configuration reports after really retrying the same answer.
"""

from __future__ import annotations

import time
from typing import Any

import boto3
import pytest
from botocore.config import Config

from secretmock import _dispatch, _operations
from secretmock._request import Request
from secretmock.errors import InternalServiceError
from tests.assertions import raises_aws
from tests.conftest import REGION
from tests.operations.support import TOO_MANY_LABELS

INTERNAL_ERROR = "An internal error occurred."  # ours: the mock never answers it on its own


def with_twenty_labels(client: Any) -> str:
    """A secret "s" whose only version carries 20 staging labels; returns the version id."""
    client.create_secret(Name="s", SecretString="v")
    version: str = next(iter(client.describe_secret(SecretId="s")["VersionIdsToStages"]))
    for number in range(19):
        client.update_secret_version_stage(
            SecretId="s", VersionStage=f"label-{number}", MoveToVersionId=version
        )
    return version


@pytest.fixture
def internal_errors(monkeypatch: pytest.MonkeyPatch) -> list[Request]:
    """GetSecretValue answers InternalServiceError, HTTP 500, Secrets Manager's only 5xx.

    No operation of the mock answers it on its own, but it is the error every retry mode
    retries. Returns the requests the failing operation ran for.
    """
    ran: list[Request] = []

    def fail(request: Request) -> dict[str, Any]:
        ran.append(request)
        raise InternalServiceError(INTERNAL_ERROR)

    operations = {**_operations.OPERATIONS, "GetSecretValue": fail}
    monkeypatch.setattr(_dispatch, "OPERATIONS", operations)
    return ran


def attempts_of_internal_error(client: Any) -> tuple[int, bool | None]:
    """(RetryAttempts, MaxAttemptsReached) of a GetSecretValue answered with a 500."""
    with raises_aws("InternalServiceError", INTERNAL_ERROR, status=500) as info:
        client.get_secret_value(SecretId="s")
    metadata: dict[str, Any] = dict(info.value.response["ResponseMetadata"])
    return metadata["RetryAttempts"], metadata.get("MaxAttemptsReached")


@pytest.mark.parametrize(
    ("retries", "attempts", "reached"),
    [
        ({}, 2, True),  # the default mode of botocore >= 1.44: standard, 3 attempts
        ({"mode": "standard"}, 2, True),
        ({"mode": "standard", "total_max_attempts": 5}, 4, True),
        ({"mode": "standard", "max_attempts": 1}, 1, True),  # max_attempts counts retries
        ({"mode": "standard", "total_max_attempts": 1}, 0, True),  # no retry, limit reached
        ({"mode": "adaptive"}, 2, True),
        ({"mode": "adaptive", "total_max_attempts": 4}, 3, True),
        # Legacy mode retries LimitExceededException only for Kinesis: no retry here.
        ({"mode": "legacy"}, 0, None),
        ({"mode": "legacy", "max_attempts": 10}, 0, None),
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


@pytest.mark.parametrize(
    ("retries", "attempts", "reached"),
    [
        ({"mode": "legacy"}, 4, True),  # _retry.json: 5 attempts
        ({"mode": "legacy", "max_attempts": 2}, 2, True),
        ({"mode": "legacy", "total_max_attempts": 1}, 0, True),
        ({"mode": "standard"}, 2, True),
        ({"mode": "standard", "total_max_attempts": 1}, 0, True),
        ({"mode": "adaptive", "max_attempts": 5}, 5, True),
    ],
)
def test_a_5xx_reply_reports_botocores_retries_in_every_mode(
    secretmock, boto3_session, internal_errors, retries, attempts, reached
):
    client = boto3_session.client("secretsmanager", config=Config(retries=retries))

    assert attempts_of_internal_error(client) == (attempts, reached)
    # The operation ran once and the call is recorded once: retries are counted, not made.
    assert len(internal_errors) == 1
    [call] = secretmock.calls
    assert (call.operation, call.response) == ("GetSecretValue", None)
    assert (call.error.code, call.error.http_status) == ("InternalServiceError", 500)


def test_the_legacy_mode_set_in_the_environment_retries_a_5xx_four_times(
    secretmock, boto3_session, internal_errors, monkeypatch
):
    monkeypatch.setenv("AWS_RETRY_MODE", "legacy")
    client = boto3_session.client("secretsmanager")
    assert client.meta.config.retries == {"mode": "legacy"}

    assert attempts_of_internal_error(client) == (4, True)


def test_retry_settings_from_the_environment_count(secretmock, boto3_session, monkeypatch):
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "6")
    client = boto3_session.client("secretsmanager")
    version = with_twenty_labels(client)

    with raises_aws("LimitExceededException", TOO_MANY_LABELS) as info:
        client.update_secret_version_stage(SecretId="s", VersionStage="x", MoveToVersionId=version)

    assert info.value.response["ResponseMetadata"]["RetryAttempts"] == 5


def test_retry_settings_from_the_config_file_count(
    secretmock, internal_errors, monkeypatch, tmp_path
):
    config_file = tmp_path / "config"
    config_file.write_text("[default]\nretry_mode = legacy\nmax_attempts = 3\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config_file))
    # A new session: a session reads the config file once.
    client: Any = boto3.Session(region_name=REGION).client("secretsmanager")
    assert client.meta.config.retries == {"mode": "legacy", "total_max_attempts": 3}

    assert attempts_of_internal_error(client) == (2, True)


def test_the_clients_config_wins_over_the_environment(
    secretmock, boto3_session, internal_errors, monkeypatch
):
    monkeypatch.setenv("AWS_RETRY_MODE", "legacy")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "2")
    client = boto3_session.client(
        "secretsmanager", config=Config(retries={"mode": "standard", "max_attempts": 3})
    )

    assert attempts_of_internal_error(client) == (3, True)


@pytest.mark.parametrize(
    ("retries", "reached"),
    [
        ({}, None),
        ({"mode": "adaptive"}, None),
        ({"mode": "legacy"}, None),
        # Standard mode flags the last allowed attempt whatever its answer.
        ({"mode": "standard", "total_max_attempts": 1}, True),
        # Legacy mode flags it only for an answer it would have retried.
        ({"mode": "legacy", "total_max_attempts": 1}, None),
    ],
)
def test_an_error_botocore_does_not_retry_reports_no_retries(
    secretmock, boto3_session, retries, reached
):
    client = boto3_session.client("secretsmanager", config=Config(retries=retries))
    with raises_aws(
        "ResourceNotFoundException", "Secrets Manager can't find the specified secret."
    ) as info:
        client.get_secret_value(SecretId="missing")

    metadata = info.value.response["ResponseMetadata"]
    assert metadata["RetryAttempts"] == 0
    assert metadata.get("MaxAttemptsReached") is reached


@pytest.mark.parametrize(
    ("mode", "reached"), [("standard", True), ("adaptive", True), ("legacy", None)]
)
def test_with_a_single_attempt_allowed_a_success_is_flagged_in_standard_mode_only(
    secretmock, boto3_session, mode, reached
):
    # botocore's standard rules mark any answer of the last allowed attempt, success included.
    client = boto3_session.client(
        "secretsmanager", config=Config(retries={"mode": mode, "total_max_attempts": 1})
    )
    reply = client.create_secret(Name="s", SecretString="v")
    assert reply["ResponseMetadata"]["RetryAttempts"] == 0
    assert reply["ResponseMetadata"].get("MaxAttemptsReached") is reached


def test_successful_replies_carry_no_retry_flag(client):
    metadata = client.create_secret(Name="s", SecretString="v")["ResponseMetadata"]
    assert metadata["RetryAttempts"] == 0
    assert "MaxAttemptsReached" not in metadata


def sleeping_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_sleeping(seconds: float) -> None:
        raise AssertionError(f"slept {seconds} s")

    monkeypatch.setattr(time, "sleep", no_sleeping)


@pytest.mark.parametrize("mode", ["standard", "adaptive"])
def test_nothing_sleeps_for_the_retries_of_a_limit_exceeded_reply(
    secretmock, boto3_session, monkeypatch, mode
):
    client = boto3_session.client("secretsmanager", config=Config(retries={"mode": mode}))
    version = with_twenty_labels(client)

    sleeping_fails(monkeypatch)
    for _ in range(3):  # adaptive mode's rate limiter would slow the later ones down
        with raises_aws("LimitExceededException", TOO_MANY_LABELS) as info:
            client.update_secret_version_stage(
                SecretId="s", VersionStage="x", MoveToVersionId=version
            )
        assert info.value.response["ResponseMetadata"]["RetryAttempts"] == 2


@pytest.mark.parametrize("mode", ["legacy", "standard", "adaptive"])
def test_nothing_sleeps_for_the_retries_of_a_5xx_reply(
    secretmock, boto3_session, internal_errors, monkeypatch, mode
):
    client = boto3_session.client("secretsmanager", config=Config(retries={"mode": mode}))

    sleeping_fails(monkeypatch)
    assert attempts_of_internal_error(client) == ({"legacy": 4}.get(mode, 2), True)
