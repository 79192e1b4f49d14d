"""``python -m secretmock serve`` in another process: the AWS CLI and boto3 against it, the
signature check, and a clean stop on SIGTERM and SIGINT."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from typing import Any

import pytest
from botocore.exceptions import EndpointConnectionError

import secretmock._mock
from secretmock import SecretsManagerMock
from secretmock import __main__ as command
from tests.server.support import client, serve, skip_unless_installed

AWS_CLI = os.environ.get("SECRETMOCK_AWS_CLI") or shutil.which("aws")


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_the_server_prints_its_endpoint_and_stops_cleanly(stop):
    with serve("--region", "ap-south-1", "--account-id", "999988887777") as (process, endpoint):
        created = client(endpoint, region="ap-south-1").create_secret(Name="x", SecretString="y")
        assert created["ARN"].startswith("arn:aws:secretsmanager:ap-south-1:999988887777:")
        process.send_signal(stop)
        assert process.wait(timeout=30) == 0
        assert process.stdout is not None
        assert process.stdout.read() == "secretmock server stopped\n"


def aws(
    endpoint: str, *arguments: str, key: str = "AKIDEXAMPLE"
) -> subprocess.CompletedProcess[str]:
    assert AWS_CLI is not None
    return subprocess.run(
        [AWS_CLI, "secretsmanager", *arguments, "--endpoint-url", endpoint, "--output", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={
            **os.environ,
            "AWS_ACCESS_KEY_ID": key,
            "AWS_SECRET_ACCESS_KEY": "any",
            "AWS_DEFAULT_REGION": "us-west-2",
            "AWS_MAX_ATTEMPTS": "1",
        },
    )


def test_the_aws_cli_in_another_process():
    skip_unless_installed(AWS_CLI is not None, "the AWS CLI (aws) is not installed")
    with serve() as (_, endpoint):
        created = aws(
            endpoint, "create-secret", "--name", "cli", "--secret-string", "one", key="123456789000"
        )
        assert created.returncode == 0, created.stderr
        arn = json.loads(created.stdout)["ARN"]
        assert arn.startswith("arn:aws:secretsmanager:us-west-2:123456789000:secret:cli-")
        value = aws(endpoint, "get-secret-value", "--secret-id", "cli", key="123456789000")
        assert value.returncode == 0, value.stderr
        got = json.loads(value.stdout)
        assert (got["ARN"], got["Name"], got["SecretString"], got["VersionStages"]) == (
            arn,
            "cli",
            "one",
            ["AWSCURRENT"],
        )
        # The CLI (v1) prints a timestamp as it read it: epoch seconds.
        version = client(endpoint, key="123456789000", region="us-west-2").get_secret_value(
            SecretId="cli"
        )
        assert got["CreatedDate"] == version["CreatedDate"].timestamp()
        listed = aws(endpoint, "list-secrets", key="123456789000")
        assert [secret["Name"] for secret in json.loads(listed.stdout)["SecretList"]] == ["cli"]
        # Another account has no such secret: the CLI (v1) exits 255 with AWS's error.
        missing = aws(endpoint, "get-secret-value", "--secret-id", "cli", key="000011112222")
    assert missing.returncode == 255
    assert missing.stdout == ""
    assert missing.stderr.strip() == (
        "An error occurred (ResourceNotFoundException) when calling the GetSecretValue "
        "operation: Secrets Manager can't find the specified secret."
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--credentials", "no-colon"], "expected FIRST:SECOND, not 'no-colon'"),
        (["--rotation", "name-only"], "expected FIRST=SECOND, not 'name-only'"),
        (["--account-id", "12"], "account_id must be a string of 12 digits, not '12'"),
    ],
)
def test_bad_options_are_refused_with_exit_code_2(options, message, capsys):
    assert command.main(["serve", "--port", "0", *options]) == 2
    assert capsys.readouterr().err == f"secretmock serve: {message}\n"


def test_serve_in_this_process_answers_until_sigterm_and_restores_the_handlers(capsys):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    endpoint = f"http://127.0.0.1:{port}"
    answered: list[str] = []
    handlers = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}

    def use_then_stop() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                answered.append(client(endpoint).create_secret(Name="s", SecretString="v")["Name"])
                break
            except EndpointConnectionError:
                time.sleep(0.05)
        os.kill(os.getpid(), signal.SIGTERM)

    helper = threading.Thread(target=use_then_stop)
    helper.start()
    assert command.main(["serve", "--port", str(port), "--seed", "3"]) == 0
    helper.join()
    assert answered == ["s"]
    assert capsys.readouterr().out == (
        f"secretmock serving AWS Secrets Manager on {endpoint}\nsecretmock server stopped\n"
    )
    assert {signum: signal.getsignal(signum) for signum in handlers} == handlers


def test_the_command_keeps_no_recorded_calls(monkeypatch, capsys):
    # Nothing outside the server's process can read them, and a long-running server would grow.
    made: list[SecretsManagerMock] = []

    class Watched(SecretsManagerMock):
        def __init__(self, **options: Any) -> None:
            super().__init__(**options)
            made.append(self)

    monkeypatch.setattr(secretmock._mock, "SecretsManagerMock", Watched)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    seen: list[tuple[int, bool]] = []

    def use_then_stop() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                client(f"http://127.0.0.1:{port}").create_secret(Name="s", SecretString="v")
                break
            except EndpointConnectionError:
                time.sleep(0.05)
        try:
            seen.append((len(made[0].calls), made[0].store().get("s") is not None))
        finally:
            os.kill(os.getpid(), signal.SIGTERM)

    helper = threading.Thread(target=use_then_stop)
    helper.start()
    assert command.main(["serve", "--port", str(port)]) == 0
    helper.join()
    assert seen == [(0, True)]  # the secret is there, its call is not recorded


def test_serve_without_the_server_extra_says_how_to_install_it(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "waitress", None)  # import waitress raises ImportError
    assert command.main(["serve", "--port", "0"]) == 2
    assert capsys.readouterr().err == (
        "secretmock serve needs waitress: pip install 'secretmock[server]'\n"
    )


def test_a_rotation_function_that_cannot_be_imported_is_refused(capsys):
    assert command.main(["serve", "--port", "0", "--rotation", "r=no_such_module:f"]) == 2
    assert capsys.readouterr().err == "secretmock serve: No module named 'no_such_module'\n"
