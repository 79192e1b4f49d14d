"""Clients of a secretmock server, and a server run as a command in another process."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3
import pytest

from tests.accounts.support import policy, statement

REGION = "us-east-1"

# A resource policy that lets another account read: state to persist and read back.
POLICY = policy(
    statement(
        Principal={"AWS": "arn:aws:iam::111122223333:root"},
        Action="secretsmanager:GetSecretValue",
    )
)


def client(endpoint_url: str, key: str = "AKIDEXAMPLE", region: str = REGION, **config: Any) -> Any:
    """A boto3 client that sends real HTTP requests to ``endpoint_url``."""
    return boto3.session.Session().client(
        "secretsmanager",
        endpoint_url=endpoint_url,
        region_name=region,
        aws_access_key_id=key,
        aws_secret_access_key="secret-of-" + key,
        **config,
    )


def state_replies(sm: Any) -> list[Any]:
    """What ``sm`` reads of the secrets the state tests make, without request metadata: "app"
    (AWSCURRENT, CUSTOM and AWSPREVIOUS values and a resource policy) and "doomed" (scheduled
    for deletion)."""
    replies = [
        sm.list_secrets(IncludePlannedDeletion=True),
        sm.describe_secret(SecretId="app"),
        sm.describe_secret(SecretId="doomed"),
        sm.list_secret_version_ids(SecretId="app", IncludeDeprecated=True),
        sm.get_secret_value(SecretId="app"),
        sm.get_secret_value(SecretId="app", VersionStage="CUSTOM"),
        sm.get_secret_value(SecretId="app", VersionStage="AWSPREVIOUS"),
        sm.get_resource_policy(SecretId="app"),
    ]
    for reply in replies:
        reply.pop("ResponseMetadata")
    return replies


@contextmanager
def serve(*options: str) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """``python -m secretmock serve --port 0 OPTIONS`` in another process, and its URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "secretmock", "serve", "--port", "0", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("secretmock serving AWS Secrets Manager on http://"), line + (
            process.stderr.read() if process.stderr else ""
        )
        yield process, line.rsplit(" ", 1)[1].strip()
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def skip_unless_installed(installed: bool, reason: str) -> None:
    """Skip the test when a client is not installed; in CI (SECRETMOCK_SERVER_CLIENTS=required,
    set by .ci/run, which installs them) fail instead, so CI never skips it silently."""
    if installed:
        return
    if os.environ.get("SECRETMOCK_SERVER_CLIENTS") == "required":
        pytest.fail(f"{reason}, and .ci/run requires it", pytrace=False)
    pytest.skip(reason)
