"""Rules of what a rotation function sees while it runs that no other test pinned down, each
found by a rule change the suite missed (secretmock/_rotation/lambda_runtime.py).

Through boto3 as users call it; see docs/mutation-testing.md for how the missed changes were
found.
"""

from __future__ import annotations

import os
import sys
import types
from typing import Any

import pytest

from secretmock import LambdaContext
from tests.operations.support import START
from tests.rotation.handlers import Recorder

pytestmark = pytest.mark.secretmock(clock=START, seed=97)

#: The developer's own AWS configuration, which a Lambda function's environment never has.
DEVELOPER_CONFIGURATION = {
    "AWS_PROFILE": "developer",
    "AWS_DEFAULT_PROFILE": "default-developer",
    "AWS_ENDPOINT_URL": "http://localhost:4566",
    "AWS_ENDPOINT_URL_SECRETS_MANAGER": "http://localhost:4567",
}


def test_a_handler_sees_none_of_the_developers_profiles_and_endpoints(
    client, secretmock, monkeypatch
):
    recorder = Recorder()
    function = secretmock.register_rotation_function("rotator", recorder)
    client.create_secret(Name="db", SecretString="v1")
    for name, value in DEVELOPER_CONFIGURATION.items():
        monkeypatch.setenv(name, value)

    client.rotate_secret(SecretId="db", RotationLambdaARN=function.arn)

    assert recorder.steps == ["createSecret", "setSecret", "testSecret", "finishSecret"]
    for invocation in recorder.invocations:
        assert {
            name: invocation.environ.get(name) for name in DEVELOPER_CONFIGURATION
        } == dict.fromkeys(DEVELOPER_CONFIGURATION)
    assert {name: os.environ[name] for name in DEVELOPER_CONFIGURATION} == DEVELOPER_CONFIGURATION


def test_a_function_in_the_china_partition_gets_the_china_endpoint(secretmock, boto3_session):
    recorder = Recorder()
    function = secretmock.register_rotation_function(
        "arn:aws-cn:lambda:cn-north-1:123456789012:function:rotator", recorder
    )
    client = boto3_session.client("secretsmanager", region_name="cn-north-1")
    client.create_secret(Name="db", SecretString="v1")

    client.rotate_secret(SecretId="db", RotationLambdaARN=function.arn)

    environ = recorder.invocations[0].environ
    assert (environ["AWS_REGION"], environ["SECRETS_MANAGER_ENDPOINT"]) == (
        "cn-north-1",
        "https://secretsmanager.cn-north-1.amazonaws.com.cn",
    )


def test_a_handler_past_its_timeout_has_no_time_left(client, secretmock):
    # A timeout of 0 has passed as soon as the handler starts: nothing is left, not 1 ms.
    recorder = Recorder()
    function = secretmock.register_rotation_function("rotator", recorder, timeout=0)
    client.create_secret(Name="db", SecretString="v1")

    client.rotate_secret(SecretId="db", RotationLambdaARN=function.arn)

    assert [invocation.remaining_millis for invocation in recorder.invocations] == [0, 0, 0, 0]


def test_the_context_logs_to_standard_output_and_shows_the_request_in_its_repr(
    client, secretmock, capsys
):
    def logs(event: dict[str, Any], context: LambdaContext) -> None:
        context.log(f"{event['Step']} ")

    recorder = Recorder(then=logs)
    function = secretmock.register_rotation_function("rotator", recorder)
    client.create_secret(Name="db", SecretString="v1")

    client.rotate_secret(SecretId="db", RotationLambdaARN=function.arn)

    assert capsys.readouterr().out == "createSecret setSecret testSecret finishSecret "
    context = recorder.invocations[0].context
    assert repr(context) == (
        f"LambdaContext(aws_request_id={context.aws_request_id!r}, "
        f"invoked_function_arn={function.arn!r})"
    )


def test_a_function_handler_is_named_by_its_module_and_function_name(client, secretmock):
    handlers: list[str] = []

    def lambda_handler(event: dict[str, Any], context: LambdaContext) -> None:
        handlers.append(os.environ["_HANDLER"])

    function = secretmock.register_rotation_function("rotator", lambda_handler)
    client.create_secret(Name="db", SecretString="v1")

    client.rotate_secret(SecretId="db", RotationLambdaARN=function.arn)

    assert handlers == ["tests.rotation.test_lambda_runtime_rules_pinned.lambda_handler"] * 4


def test_a_handler_of_no_module_is_named_as_lambdas_default_module(client, secretmock):
    # Lambda's default handler file is lambda_function.py: a handler made outside any module
    # (its globals name none, as code run by exec) is shown there.
    handlers: list[str] = []

    def lambda_handler(event: dict[str, Any], context: LambdaContext) -> None:
        handlers.append(os.environ["_HANDLER"])

    moduleless = types.FunctionType(
        lambda_handler.__code__, {"os": os}, closure=lambda_handler.__closure__
    )
    function = secretmock.register_rotation_function("rotator", moduleless)
    client.create_secret(Name="db", SecretString="v1")

    client.rotate_secret(SecretId="db", RotationLambdaARN=function.arn)

    assert handlers == ["lambda_function.lambda_handler"] * 4


def test_the_execution_environment_names_the_running_python_major_and_minor(client, secretmock):
    recorder = Recorder()
    function = secretmock.register_rotation_function("rotator", recorder)
    client.create_secret(Name="db", SecretString="v1")

    client.rotate_secret(SecretId="db", RotationLambdaARN=function.arn)

    major, minor = sys.version_info[:2]
    assert recorder.invocations[0].environ["AWS_EXECUTION_ENV"] == (
        f"AWS_Lambda_python{major}.{minor}"
    )
