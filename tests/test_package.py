"""The package as users meet it: what importing it pulls in, and the demo command."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from secretmock.__main__ import main


def test_import_secretmock_imports_neither_boto3_nor_pytest_nor_cryptography():
    probe = (
        "import sys, secretmock; "
        "print(sorted({'boto3', 'pytest', 'cryptography'} & {m.split('.')[0] for m in sys.modules}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_backend_and_the_rotation_engine_load_with_the_first_mock_not_on_import():
    probe = (
        "import sys, secretmock; "
        "loaded = lambda: sorted(m for m in sys.modules if m.startswith('secretmock.')); "
        "before = loaded(); secretmock.mock_secrets(); after = loaded(); "
        "print(before); print(sorted(set(after) - set(before)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    before, added = result.stdout.splitlines()
    assert before == str(
        [
            "secretmock._calls",
            "secretmock._client_settings",
            "secretmock._clock",
            "secretmock._credentials",
            "secretmock._hook",
            "secretmock._ids",
            "secretmock._mock",
            "secretmock._rotation",
            "secretmock.errors",
        ]
    )
    assert "'secretmock._backend.backend'" in added
    assert "'secretmock._rotation.engine'" in added


def test_the_rotation_types_are_importable_from_the_package():
    import secretmock
    from secretmock._rotation.functions import RotationFunction
    from secretmock._rotation.lambda_runtime import LambdaContext
    from secretmock._rotation.log import Rotation, RotationLog, RotationStep

    assert (
        secretmock.RotationFunction,
        secretmock.LambdaContext,
        secretmock.Rotation,
        secretmock.RotationLog,
        secretmock.RotationStep,
    ) == (RotationFunction, LambdaContext, Rotation, RotationLog, RotationStep)
    assert set(secretmock.__all__) <= set(dir(secretmock))
    with pytest.raises(AttributeError, match="module 'secretmock' has no attribute 'Nothing'"):
        secretmock.Nothing  # noqa: B018


def test_demo_walks_through_a_secrets_life_without_aws(capsys):
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "== create_secret" in out
    assert "AWSPREVIOUS is the first version again: True" in out
    assert "rotation function called for finishSecret" in out
    assert "The rotation's new version is AWSCURRENT: True" in out
    assert (
        "HTTP 400: An error occurred (ResourceNotFoundException) when calling the GetSecretValue "
        "operation: Secrets Manager can't find the specified secret." in out
    )
    assert "eight days later the secret is gone for good" in out


def test_the_demo_runs_whatever_aws_settings_the_shell_has(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("AWS_PROFILE", "no-such-profile")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "not-a-number")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    before = {name: value for name, value in os.environ.items() if name.startswith("AWS_")}

    assert main(["demo"]) == 0

    assert "eight days later the secret is gone for good" in capsys.readouterr().out
    assert {name: value for name, value in os.environ.items() if name.startswith("AWS_")} == (
        before
    )


def test_command_line_requires_a_command(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code == 2
    assert "the following arguments are required: command" in capsys.readouterr().err


def test_command_line_reports_the_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == "secretmock 0.1.0"


def test_the_kms_types_are_importable_from_the_package():
    import secretmock
    from secretmock._kms.keys import KeyState, KmsKey
    from secretmock._kms.public import KmsKeys

    assert (secretmock.KmsKey, secretmock.KmsKeys, secretmock.KeyState) == (
        KmsKey,
        KmsKeys,
        KeyState,
    )
