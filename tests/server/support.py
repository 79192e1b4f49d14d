"""Clients of a secretmock server, and a server run as a command in another process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3
import pytest

REGION = "us-east-1"

# A resource policy that lets another account read: state to persist and read back.
POLICY = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                "Action": "secretsmanager:GetSecretValue",
                "Resource": "*",
            }
        ],
    }
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
