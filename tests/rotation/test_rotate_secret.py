"""RotateSecret: AWS's rotation sequence, run in-process with the user's rotation function."""

from __future__ import annotations

import json
import os
import re
import threading
from datetime import timedelta
from typing import Any

import boto3
import pytest

from tests.assertions import raises_aws
from tests.operations.support import START, at, day_of, reply, state, token, without_token_autofill
from tests.rotation.handlers import Recorder, RotationStepFailed, SingleUserRotation, credentials
from tests.rotation.support import STEPS, end_of_day, rotated_secret, utc

pytestmark = pytest.mark.secretmock(clock=START, seed=11)

V1, V2, V3 = token(1), token(2), token(3)
NO_FUNCTION = "No Lambda rotation function ARN is associated with this secret."
CANNOT_INVOKE = (
    "Secrets Manager cannot invoke the specified Lambda function. Ensure that the function "
    "policy grants access to the principal secretsmanager.amazonaws.com."
)
PREVIOUS_INCOMPLETE = "A previous rotation isn't complete. That rotation will be reattempted."
MARKED_FOR_DELETION = (
    "You can't perform this operation on the secret because it was marked for deletion."
)


def test_a_template_style_rotation_function_rotates_the_secret_end_to_end(client, secretmock):
    created, function, rotation = rotated_secret(client, secretmock, ClientRequestToken=V1)

    response = client.rotate_secret(
        SecretId="db",
        ClientRequestToken=V2,
        RotationLambdaARN=function.arn,
        RotationRules={"AutomaticallyAfterDays": 30},
    )

    assert reply(response) == {"ARN": created["ARN"], "Name": "db", "VersionId": V2}
    secretmock.assert_rotations_succeeded()
    assert reply(client.describe_secret(SecretId="db")) == {
        "ARN": created["ARN"],
        "Name": "db",
        "RotationEnabled": True,
        "RotationLambdaARN": "arn:aws:lambda:us-east-1:123456789012:function:rotator",
        "RotationRules": {"AutomaticallyAfterDays": 30},
        "LastRotatedDate": at(),
        "NextRotationDate": end_of_day(30),
        "LastChangedDate": at(),
        "LastAccessedDate": day_of(),
        "VersionIdsToStages": {V1: ["AWSPREVIOUS"], V2: ["AWSCURRENT"]},
        "CreatedDate": at(),
    }
    new = json.loads(client.get_secret_value(SecretId="db")["SecretString"])
    assert new["username"] == "app"
    assert new["password"] != "initial-password"
    assert rotation.database == {"app": new["password"]}
    old = client.get_secret_value(SecretId="db", VersionStage="AWSPREVIOUS")
    assert json.loads(old["SecretString"]) == json.loads(credentials())
    assert rotation.calls == [(step, V2) for step in STEPS]


def test_the_rotation_function_calls_come_back_to_the_mock_in_order(client, secretmock):
    _, function, _ = rotated_secret(client, secretmock)

    client.rotate_secret(SecretId="db", RotationLambdaARN=function.arn)

    operations = [call.operation for call in secretmock.calls]
    assert operations == [
        "CreateSecret",
        "RotateSecret",
        # createSecret
        "DescribeSecret",
        "GetSecretValue",
        "GetSecretValue",
        "GetRandomPassword",
        "PutSecretValue",
        # setSecret
        "DescribeSecret",
        "GetSecretValue",
        # testSecret
        "DescribeSecret",
        "GetSecretValue",
        # finishSecret
        "DescribeSecret",
        "DescribeSecret",
        "UpdateSecretVersionStage",
        "UpdateSecretVersionStage",
    ]
    pending_read = secretmock.calls[4]
    assert pending_read.error is not None
    assert pending_read.error.code == "ResourceNotFoundException"


def test_the_new_version_exists_with_awspending_and_no_value_before_create_secret(
    client, secretmock
):
    seen: dict[str, Any] = {}

    def look(event: dict[str, Any], context: Any) -> None:
        if event["Step"] != "createSecret":
            return
        own = boto3.client("secretsmanager")
        seen["stages"] = own.describe_secret(SecretId=event["SecretId"])["VersionIdsToStages"]
        for selector in (
            {"VersionStage": "AWSPENDING"},
            {"VersionId": event["ClientRequestToken"]},
        ):
            try:
                own.get_secret_value(SecretId=event["SecretId"], **selector)
            except own.exceptions.ResourceNotFoundException as error:
                seen.setdefault("errors", []).append(error.response["Error"]["Message"])

    function = secretmock.register_rotation_function("rotator", Recorder(then=look))
    client.create_secret(Name="db", SecretString="v1", ClientRequestToken=V1)

    client.rotate_secret(SecretId="db", ClientRequestToken=V2, RotationLambdaARN=function.arn)

    assert seen == {
        "stages": {V1: ["AWSCURRENT"], V2: ["AWSPENDING"]},
        "errors": [
            "Secrets Manager can't find the specified secret value for staging label: AWSPENDING",
            f"Secrets Manager can't find the specified secret value for VersionId: {V2}",
        ],
    }


def test_the_event_and_the_context_are_what_lambda_gives_a_rotation_function(client, secretmock):
    recorder = Recorder()
    function = secretmock.register_rotation_function("rotator", recorder, memory_size=256)
    created = client.create_secret(Name="db", SecretString="v1")

    client.rotate_secret(SecretId="db", ClientRequestToken=V2, RotationLambdaARN=function.arn)

    rotation_token = secretmock.rotations[0].rotation_token
    assert re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", rotation_token
    )
    assert [invocation.event for invocation in recorder.invocations] == [
        {
            "Step": step,
            "SecretId": created["ARN"],
            "ClientRequestToken": V2,
            "RotationToken": rotation_token,
        }
        for step in STEPS
    ]
    request_ids = [step.aws_request_id for step in secretmock.rotations[0].steps]
    assert len(set(request_ids)) == 4
    for invocation, request_id in zip(recorder.invocations, request_ids, strict=True):
        context = invocation.context
        assert context.aws_request_id == request_id
        assert context.function_name == "rotator"
        assert context.function_version == "$LATEST"
        assert context.invoked_function_arn == function.arn
        assert context.memory_limit_in_mb == "256"
        assert context.log_group_name == "/aws/lambda/rotator"
        assert context.log_stream_name == "2026/03/04/[$LATEST]" + request_id.replace("-", "")
        assert context.client_context is None
        assert context.identity.cognito_identity_id is None
        assert 0 < invocation.remaining_millis <= 30_000


def test_a_qualified_arn_runs_that_version_of_a_function_registered_by_name(client, secretmock):
    recorder = Recorder()
    secretmock.register_rotation_function("rotator", recorder)
    client.create_secret(Name="db", SecretString="v1")
    qualified = "arn:aws:lambda:us-east-1:123456789012:function:rotator:7"

    client.rotate_secret(SecretId="db", RotationLambdaARN=qualified)

    context = recorder.invocations[0].context
    assert (context.function_version, context.invoked_function_arn) == ("7", qualified)
    assert recorder.invocations[0].environ["AWS_LAMBDA_FUNCTION_VERSION"] == "7"
    assert client.describe_secret(SecretId="db")["RotationLambdaARN"] == qualified


def test_the_handler_sees_lambdas_environment_and_os_environ_is_restored_afterwards(
    boto3_session, secretmock, monkeypatch
):
    recorder = Recorder()
    function = secretmock.register_rotation_function(
        "arn:aws:lambda:eu-west-1:123456789012:function:rotator",
        recorder,
        environment={"EXCLUDE_CHARACTERS": "/@", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "1024"},
    )
    client = boto3_session.client("secretsmanager", region_name="eu-west-1")
    client.create_secret(Name="db", SecretString="v1")
    # The developer's own configuration, which a Lambda function never sees.
    monkeypatch.setenv("AWS_PROFILE", "developer")
    monkeypatch.setenv("AWS_ENDPOINT_URL", "http://localhost:4566")
    monkeypatch.setenv("KEPT", "from the test")
    before = dict(os.environ)

    client.rotate_secret(SecretId="db", RotationLambdaARN=function.arn)

    assert dict(os.environ) == before
    environ = recorder.invocations[0].environ
    lambda_variables = {
        name: environ[name]
        for name in environ
        if name not in before or environ[name] != before[name]
    }
    assert lambda_variables == {
        "AWS_REGION": "eu-west-1",
        "AWS_DEFAULT_REGION": "eu-west-1",
        "AWS_LAMBDA_FUNCTION_NAME": "rotator",
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "1024",
        "AWS_LAMBDA_LOG_GROUP_NAME": "/aws/lambda/rotator",
        "AWS_LAMBDA_LOG_STREAM_NAME": recorder.invocations[0].context.log_stream_name,
        "AWS_LAMBDA_INITIALIZATION_TYPE": "on-demand",
        "AWS_EXECUTION_ENV": environ["AWS_EXECUTION_ENV"],
        "LAMBDA_TASK_ROOT": "/var/task",
        "LAMBDA_RUNTIME_DIR": "/var/runtime",
        "_HANDLER": "tests.rotation.handlers.Recorder",
        "AWS_ACCESS_KEY_ID": "ASIASECRETMOCKLAMBDA",
        "AWS_SECRET_ACCESS_KEY": "secretmock/rotation/not-a-real-secret-key",
        "AWS_SESSION_TOKEN": "secretmock-rotation-function-session-token",
        "SECRETS_MANAGER_ENDPOINT": "https://secretsmanager.eu-west-1.amazonaws.com",
        "EXCLUDE_CHARACTERS": "/@",
    }
    assert re.fullmatch(r"AWS_Lambda_python3\.\d+", environ["AWS_EXECUTION_ENV"])
    assert "AWS_PROFILE" not in environ
    assert "AWS_ENDPOINT_URL" not in environ
    assert environ["KEPT"] == "from the test"


def test_os_environ_is_restored_when_the_handler_fails(client, secretmock, monkeypatch):
    monkeypatch.setenv("AWS_REGION", "ap-south-1")
    before = dict(os.environ)
    function = secretmock.register_rotation_function("rotator", Recorder(fail_at="createSecret"))
    client.create_secret(Name="db", SecretString="v1")

    client.rotate_secret(SecretId="db", RotationLambdaARN=function.arn)

    assert secretmock.rotations[0].outcome == "failed"
    assert dict(os.environ) == before


def test_a_client_the_handler_creates_without_a_region_uses_the_functions_region(
    boto3_session, secretmock
):
    def read(event: dict[str, Any], context: Any) -> None:
        boto3.client("secretsmanager").describe_secret(SecretId=event["SecretId"])

    function = secretmock.register_rotation_function(
        "arn:aws:lambda:eu-west-1:123456789012:function:rotator", Recorder(then=read)
    )
    client = boto3_session.client("secretsmanager", region_name="eu-west-1")
    client.create_secret(Name="db", SecretString="v1")

    client.rotate_secret(SecretId="db", RotationLambdaARN=function.arn)

    secretmock.assert_rotations_succeeded()
    describes = secretmock.calls.of("DescribeSecret")
    assert [call.region for call in describes] == ["eu-west-1"] * 4


@pytest.mark.parametrize("failing_step", STEPS)
def test_a_failing_step_stops_the_rotation_and_leaves_the_secret_as_aws_does(
    client, secretmock, failing_step
):
    created, function, rotation = rotated_secret(client, secretmock, ClientRequestToken=V1)
    rotation.fail_at = failing_step

    response = client.rotate_secret(
        SecretId="db",
        ClientRequestToken=V2,
        RotationLambdaARN=function.arn,
        RotationRules={"AutomaticallyAfterDays": 7},
    )

    # RotateSecret only starts the rotation: it answers as it does when the rotation works.
    assert reply(response) == {"ARN": created["ARN"], "Name": "db", "VersionId": V2}
    ran = STEPS[: STEPS.index(failing_step) + 1]
    assert rotation.calls == [(step, V2) for step in ran]
    [record] = secretmock.rotations
    assert (record.outcome, record.failed_step, record.trigger) == (
        "failed",
        failing_step,
        "immediate",
    )
    assert isinstance(record.exception, RotationStepFailed)
    assert str(record.exception) == f"{failing_step} failed on purpose"
    assert [(step.step, step.outcome) for step in record.steps] == [
        *((step, "succeeded") for step in ran[:-1]),
        (failing_step, "failed"),
    ]
    assert record.steps[-1].exception is record.exception
    description = client.describe_secret(SecretId="db")
    assert description["VersionIdsToStages"] == {V1: ["AWSCURRENT"], V2: ["AWSPENDING"]}
    assert "LastRotatedDate" not in description
    assert description["NextRotationDate"] == end_of_day(7)
    assert json.loads(client.get_secret_value(SecretId="db")["SecretString"]) == json.loads(
        credentials()
    )
    if failing_step == "createSecret":
        with raises_aws(
            "ResourceNotFoundException",
            "Secrets Manager can't find the specified secret value for staging label: AWSPENDING",
        ):
            client.get_secret_value(SecretId="db", VersionStage="AWSPENDING")
    with pytest.raises(AssertionError, match=f"failed at {failing_step}") as failure:
        secretmock.assert_rotations_succeeded()
    assert failure.value.__cause__ is record.exception


def test_a_failed_rotation_is_logged_as_a_warning(client, secretmock, caplog):
    function = secretmock.register_rotation_function("rotator", Recorder(fail_at="setSecret"))
    created = client.create_secret(Name="db", SecretString="v1")

    client.rotate_secret(SecretId="db", ClientRequestToken=V2, RotationLambdaARN=function.arn)

    [log] = [record for record in caplog.records if record.name == "secretmock.rotation"]
    assert log.levelname == "WARNING"
    assert log.getMessage() == (
        f"secretmock: immediate rotation of {created['ARN']} (token {V2}) failed at setSecret: "
        "RotationStepFailed('setSecret failed on purpose')"
    )
    assert log.exc_info is not None
    assert log.exc_info[1] is secretmock.rotations[0].exception


def test_rotate_secret_while_a_rotation_is_unfinished_is_refused_and_reattempts_it(
    client, secretmock
):
    _, function, rotation = rotated_secret(client, secretmock, ClientRequestToken=V1)
    rotation.fail_at, rotation.failures = "setSecret", 1
    client.rotate_secret(SecretId="db", ClientRequestToken=V2, RotationLambdaARN=function.arn)
    before = client.describe_secret(SecretId="db")

    with raises_aws("InvalidRequestException", PREVIOUS_INCOMPLETE):
        client.rotate_secret(
            SecretId="db",
            ClientRequestToken=V3,
            RotationRules={"AutomaticallyAfterDays": 3},
        )

    # The refused call changed nothing itself (no version V3, no new rules) ...
    assert "RotationRules" not in before
    # ... and Secrets Manager reattempted the unfinished rotation, which works this time.
    assert [(record.trigger, record.token, record.outcome) for record in secretmock.rotations] == [
        ("immediate", V2, "failed"),
        ("reattempt", V2, "succeeded"),
    ]
    description = client.describe_secret(SecretId="db")
    assert description["VersionIdsToStages"] == {V1: ["AWSPREVIOUS"], V2: ["AWSCURRENT"]}
    assert "RotationRules" not in description
    assert description["LastRotatedDate"] == at()


def test_no_function_stored_or_given_is_refused_and_changes_nothing(client, secretmock):
    client.create_secret(Name="db", SecretString="v1")
    before = state(secretmock)

    with raises_aws("InvalidRequestException", NO_FUNCTION):
        client.rotate_secret(SecretId="db", RotationRules={"AutomaticallyAfterDays": 1})

    assert state(secretmock) == before
    assert "RotationEnabled" not in client.describe_secret(SecretId="db")


@pytest.mark.parametrize(
    "arn",
    [
        "arn:aws:lambda:us-east-1:123456789012:function:not-registered",
        "arn:aws:lambda:us-east-1:210987654321:function:rotator",  # another account
        "rotator",  # a name, not an ARN
        "arn:aws:lambda:us-east-1:123456789012:layer:rotator",
        "arn:aws-cn:lambda:us-east-1:123456789012:function:rotator",  # another partition
        "arn:aws:lambda:cn-north-1:123456789012:function:rotator",  # its Region is aws-cn's
    ],
)
def test_an_arn_no_registered_function_answers_is_access_denied_and_changes_nothing(
    client, secretmock, arn
):
    secretmock.register_rotation_function("rotator", Recorder())
    created = client.create_secret(Name="db", SecretString="v1")
    before = state(secretmock)

    with raises_aws("AccessDeniedException", CANNOT_INVOKE):
        client.rotate_secret(
            SecretId="db", RotationLambdaARN=arn, RotationRules={"AutomaticallyAfterDays": 1}
        )

    assert state(secretmock) == before
    described = reply(client.describe_secret(SecretId="db"))
    assert described == {
        "ARN": created["ARN"],
        "Name": "db",
        "LastChangedDate": at(),
        "VersionIdsToStages": {created["VersionId"]: ["AWSCURRENT"]},
        "CreatedDate": at(),
    }
    assert len(secretmock.rotations) == 0


def test_a_function_registered_by_arn_answers_only_that_arn(client, secretmock):
    arn = "arn:aws:lambda:us-east-1:123456789012:function:exact"
    secretmock.register_rotation_function(arn, Recorder())
    client.create_secret(Name="db", SecretString="v1")

    with raises_aws("AccessDeniedException", CANNOT_INVOKE):
        client.rotate_secret(SecretId="db", RotationLambdaARN=arn + ":1")
    client.rotate_secret(SecretId="db", RotationLambdaARN=arn)

    assert [record.function_arn for record in secretmock.rotations] == [arn]


def test_a_function_answers_only_in_the_partition_of_the_secrets_region(boto3_session, secretmock):
    china = boto3_session.client("secretsmanager", region_name="cn-north-1")
    secretmock.register_rotation_function("rotator", Recorder())
    exact = "arn:aws-cn:lambda:cn-northwest-1:123456789012:function:exact"
    secretmock.register_rotation_function(exact, Recorder())
    home = boto3_session.client("secretsmanager", region_name="us-east-1")
    home.create_secret(Name="db", SecretString="v1")
    china.create_secret(Name="db", SecretString="v1")
    china.create_secret(Name="db2", SecretString="v1")

    with raises_aws("AccessDeniedException", CANNOT_INVOKE):
        home.rotate_secret(SecretId="db", RotationLambdaARN=exact)
    with raises_aws("AccessDeniedException", CANNOT_INVOKE):
        china.rotate_secret(
            SecretId="db",
            RotationLambdaARN="arn:aws:lambda:us-east-1:123456789012:function:rotator",
        )
    by_name = "arn:aws-cn:lambda:cn-north-1:123456789012:function:rotator"
    china.rotate_secret(SecretId="db", RotationLambdaARN=by_name)
    china.rotate_secret(SecretId="db2", RotationLambdaARN=exact)

    assert [(record.function_arn, record.outcome) for record in secretmock.rotations] == [
        (by_name, "succeeded"),
        (exact, "succeeded"),
    ]
    assert "RotationEnabled" not in home.describe_secret(SecretId="db")


def test_an_unregistered_arn_leaves_a_configured_rotation_unchanged(client, secretmock):
    _, function, _ = rotated_secret(client, secretmock)
    client.rotate_secret(
        SecretId="db", RotationLambdaARN=function.arn, RotationRules={"AutomaticallyAfterDays": 5}
    )
    before = state(secretmock)

    with raises_aws("AccessDeniedException", CANNOT_INVOKE):
        client.rotate_secret(
            SecretId="db",
            RotationLambdaARN="arn:aws:lambda:us-east-1:123456789012:function:other",
            RotationRules={"AutomaticallyAfterDays": 9},
        )

    assert state(secretmock) == before


def test_a_later_rotate_secret_reuses_the_stored_function_and_rules(client, secretmock):
    _, function, _ = rotated_secret(client, secretmock)
    client.rotate_secret(
        SecretId="db",
        RotationLambdaARN=function.arn,
        RotationRules={"AutomaticallyAfterDays": 10},
    )
    secretmock.advance_time(86400 * 2)

    client.rotate_secret(SecretId="db", ClientRequestToken=V3)

    secretmock.assert_rotations_succeeded()
    assert [(record.token, record.function_arn) for record in secretmock.rotations][1] == (
        V3,
        function.arn,
    )
    description = client.describe_secret(SecretId="db")
    assert description["RotationRules"] == {"AutomaticallyAfterDays": 10}
    assert description["LastRotatedDate"] == at(timedelta(days=2))
    assert description["NextRotationDate"] == end_of_day(12)
    assert description["VersionIdsToStages"][V3] == ["AWSCURRENT"]


def test_rules_given_again_replace_the_stored_ones(client, secretmock):
    _, function, _ = rotated_secret(client, secretmock)
    client.rotate_secret(
        SecretId="db", RotationLambdaARN=function.arn, RotationRules={"AutomaticallyAfterDays": 10}
    )

    client.rotate_secret(
        SecretId="db", RotationRules={"ScheduleExpression": "rate(2 days)", "Duration": "3h"}
    )

    rules = client.describe_secret(SecretId="db")["RotationRules"]
    assert rules == {
        "AutomaticallyAfterDays": 2,
        "Duration": "3h",
        "ScheduleExpression": "rate(2 days)",
    }


def test_an_empty_rotation_rules_structure_keeps_the_stored_rules(client, secretmock):
    _, function, _ = rotated_secret(client, secretmock)
    client.rotate_secret(
        SecretId="db", RotationLambdaARN=function.arn, RotationRules={"AutomaticallyAfterDays": 4}
    )

    client.rotate_secret(SecretId="db", RotationRules={})

    assert client.describe_secret(SecretId="db")["RotationRules"] == {"AutomaticallyAfterDays": 4}


def test_rotation_without_rules_has_no_schedule(client, secretmock):
    _, function, _ = rotated_secret(client, secretmock)

    client.rotate_secret(SecretId="db", RotationLambdaARN=function.arn)

    description = client.describe_secret(SecretId="db")
    assert description["RotationEnabled"] is True
    assert description["LastRotatedDate"] == at()
    assert "RotationRules" not in description
    assert "NextRotationDate" not in description


def test_a_secret_scheduled_for_deletion_is_refused(client, secretmock):
    _, function, _ = rotated_secret(client, secretmock)
    client.delete_secret(SecretId="db", RecoveryWindowInDays=7)
    before = state(secretmock)

    with raises_aws("InvalidRequestException", MARKED_FOR_DELETION):
        client.rotate_secret(SecretId="db", RotationLambdaARN=function.arn)

    assert state(secretmock) == before
    assert len(secretmock.rotations) == 0


def test_a_missing_secret_is_not_found(client, secretmock):
    function = secretmock.register_rotation_function("rotator", Recorder())

    with raises_aws(
        "ResourceNotFoundException", "Secrets Manager can't find the specified secret."
    ):
        client.rotate_secret(SecretId="missing", RotationLambdaARN=function.arn)


def test_a_rotation_lambda_arn_over_2048_characters_is_a_validation_error(client, secretmock):
    client.create_secret(Name="db", SecretString="v1")
    arn = "arn:aws:lambda:us-east-1:123456789012:function:" + "x" * 2002

    with raises_aws(
        "ValidationException",
        f"1 validation error detected: Value '{arn}' at 'rotationLambdaARN' failed to satisfy "
        "constraint: Member must have length less than or equal to 2048",
    ):
        client.rotate_secret(SecretId="db", RotationLambdaARN=arn)


def test_a_raw_request_without_a_client_request_token_is_refused_and_changes_nothing(
    client, secretmock
):
    # Recorded against AWS (2023-05-12, signed raw HTTP): RotateSecret answers
    # InvalidParameterException, where CreateSecret, PutSecretValue and UpdateSecret answer
    # InvalidRequestException with the same text.
    function = secretmock.register_rotation_function("rotator", Recorder())
    client.create_secret(Name="db", SecretString="v1")
    before = state(secretmock)

    with raises_aws(
        "InvalidParameterException",
        "You must provide a ClientRequestToken value. We recommend a UUID-type value.",
    ):
        without_token_autofill(client).rotate_secret(
            SecretId="db",
            RotationLambdaARN=function.arn,
            RotationRules={"AutomaticallyAfterDays": 7},
        )

    assert state(secretmock) == before
    assert len(secretmock.rotations) == 0
    assert "ClientRequestToken" not in secretmock.calls[-1].params


def test_a_raw_request_without_a_token_is_refused_before_the_secret_is_looked_up(
    client, secretmock
):
    # The recording named a secret that did not exist and still got this error.
    with raises_aws(
        "InvalidParameterException",
        "You must provide a ClientRequestToken value. We recommend a UUID-type value.",
    ):
        without_token_autofill(client).rotate_secret(SecretId="never-created")


def test_rotate_immediately_false_runs_only_test_secret_on_a_version_it_then_removes(
    client, secretmock
):
    seen: list[dict[str, Any]] = []

    def look(event: dict[str, Any], context: Any) -> None:
        own = boto3.client("secretsmanager")
        pending = own.get_secret_value(
            SecretId=event["SecretId"],
            VersionId=event["ClientRequestToken"],
            VersionStage="AWSPENDING",
        )
        seen.append(
            {
                "value": pending["SecretString"],
                "stages": own.describe_secret(SecretId=event["SecretId"])["VersionIdsToStages"],
            }
        )

    recorder = Recorder(then=look)
    function = secretmock.register_rotation_function("rotator", recorder)
    created = client.create_secret(Name="db", SecretString="v1", ClientRequestToken=V1)

    response = client.rotate_secret(
        SecretId="db",
        ClientRequestToken=V2,
        RotationLambdaARN=function.arn,
        RotationRules={"AutomaticallyAfterDays": 3},
        RotateImmediately=False,
    )

    assert reply(response) == {"ARN": created["ARN"], "Name": "db", "VersionId": V2}
    assert recorder.steps == ["testSecret"]
    assert seen == [{"value": "v1", "stages": {V1: ["AWSCURRENT"], V2: ["AWSPENDING"]}}]
    [record] = secretmock.rotations
    assert (record.trigger, record.outcome, record.token) == ("test", "succeeded", V2)
    assert reply(client.describe_secret(SecretId="db")) == {
        "ARN": created["ARN"],
        "Name": "db",
        "RotationEnabled": True,
        "RotationLambdaARN": function.arn,
        "RotationRules": {"AutomaticallyAfterDays": 3},
        "NextRotationDate": end_of_day(3),
        "LastChangedDate": at(),
        "LastAccessedDate": day_of(),
        "VersionIdsToStages": {V1: ["AWSCURRENT"]},
        "CreatedDate": at(),
    }
    with raises_aws(
        "ResourceNotFoundException",
        f"Secrets Manager can't find the specified secret value for VersionId: {V2}",
    ):
        client.get_secret_value(SecretId="db", VersionId=V2)


def test_rotate_immediately_false_with_a_failing_test_secret_leaves_no_pending_version(
    client, secretmock
):
    function = secretmock.register_rotation_function("rotator", Recorder(fail_at="testSecret"))
    client.create_secret(Name="db", SecretString="v1", ClientRequestToken=V1)

    client.rotate_secret(
        SecretId="db",
        ClientRequestToken=V2,
        RotationLambdaARN=function.arn,
        RotateImmediately=False,
    )

    [record] = secretmock.rotations
    assert (record.outcome, record.failed_step) == ("failed", "testSecret")
    assert client.describe_secret(SecretId="db")["VersionIdsToStages"] == {V1: ["AWSCURRENT"]}
    # Nothing is left unfinished: a rotation can start at once.
    secretmock.register_rotation_function("rotator", SingleUserRotation())
    client.rotate_secret(SecretId="db", ClientRequestToken=V3, RotateImmediately=False)


def test_rotate_immediately_false_after_a_rotation_keeps_its_last_rotated_date(client, secretmock):
    _, function, _ = rotated_secret(client, secretmock)
    client.rotate_secret(
        SecretId="db", RotationLambdaARN=function.arn, RotationRules={"AutomaticallyAfterDays": 5}
    )
    secretmock.advance_time(3600)

    client.rotate_secret(
        SecretId="db", RotationRules={"AutomaticallyAfterDays": 2}, RotateImmediately=False
    )

    description = client.describe_secret(SecretId="db")
    assert description["LastRotatedDate"] == at()
    # The next window counts from the last rotation.
    assert description["NextRotationDate"] == end_of_day(2)


def test_rotate_immediately_false_with_a_cron_schedule_plans_the_first_window_after_the_call(
    client, secretmock
):
    # "To prevent unintended rotations, use a ScheduleExpression with cron()" [DOC]: the cron
    # window of 15 March, before the call, is not counted from the last rotation.
    _, function, _ = rotated_secret(client, secretmock)
    client.rotate_secret(
        SecretId="db", RotationLambdaARN=function.arn, RotationRules={"AutomaticallyAfterDays": 30}
    )
    secretmock.advance_time(timedelta(days=16))  # 20 March 2026, 05:06:07

    client.rotate_secret(
        SecretId="db",
        RotationRules={"ScheduleExpression": "cron(0 12 15 * ? *)"},
        RotateImmediately=False,
    )
    description = client.describe_secret(SecretId="db")

    assert [record.trigger for record in secretmock.rotations] == ["immediate", "test"]
    assert description["LastRotatedDate"] == at()
    assert description["NextRotationDate"] == utc(2026, 4, 15, 23, 59, 59)
    assert description["RotationRules"] == {
        "AutomaticallyAfterDays": 26,
        "ScheduleExpression": "cron(0 12 15 * ? *)",
    }


def test_each_handler_failure_is_reported_by_assert_rotations_succeeded(client, secretmock):
    function = secretmock.register_rotation_function("rotator", Recorder(fail_at="createSecret"))
    first = client.create_secret(Name="one", SecretString="v1")
    second = client.create_secret(Name="two", SecretString="v1")
    client.rotate_secret(SecretId="one", ClientRequestToken=V2, RotationLambdaARN=function.arn)
    client.rotate_secret(SecretId="two", ClientRequestToken=V3, RotationLambdaARN=function.arn)

    with pytest.raises(AssertionError) as failure:
        secretmock.assert_rotations_succeeded()

    assert str(failure.value) == (
        "2 rotation(s) failed:\n"
        f"  - immediate rotation of {first['ARN']} (token {V2}) failed at createSecret: "
        "RotationStepFailed('createSecret failed on purpose')\n"
        f"  - immediate rotation of {second['ARN']} (token {V3}) failed at createSecret: "
        "RotationStepFailed('createSecret failed on purpose')"
    )
    assert [record.secret_name for record in secretmock.rotations.failed()] == ["one", "two"]
    assert secretmock.rotations.for_secret("two") == [secretmock.rotations[1]]
    assert secretmock.rotations.for_secret(first["ARN"]) == [secretmock.rotations[0]]


def test_a_handler_that_exits_counts_as_a_failed_step(client, secretmock):
    def exits(event: dict[str, Any], context: Any) -> None:
        raise SystemExit(3)

    function = secretmock.register_rotation_function("rotator", exits)
    client.create_secret(Name="db", SecretString="v1")

    client.rotate_secret(SecretId="db", RotationLambdaARN=function.arn)

    [record] = secretmock.rotations
    assert (record.outcome, record.failed_step) == ("failed", "createSecret")
    assert isinstance(record.exception, SystemExit)


class Interrupted:
    """A rotation function interrupted at createSecret the first time (Ctrl-C in the test run)."""

    def __init__(self, interruption: BaseException) -> None:
        self.interruption: BaseException | None = interruption
        self.steps: list[str] = []

    def __call__(self, event: dict[str, Any], context: Any) -> None:
        self.steps.append(event["Step"])
        if self.interruption is not None:
            interruption, self.interruption = self.interruption, None
            raise interruption


@pytest.mark.parametrize(
    "interruption",
    [KeyboardInterrupt(), pytest.fail.Exception("failed inside the handler", pytrace=False)],
    ids=["KeyboardInterrupt", "pytest.fail"],
)
def test_an_interruption_inside_a_handler_reaches_the_caller_with_the_rotation_recorded(
    client, secretmock, interruption
):
    # Not a failed invoke: the test run is being stopped, and the mock must not swallow that.
    # The rotation is recorded as failed at that step and left as a failed step leaves it.
    handler = Interrupted(interruption)
    function = secretmock.register_rotation_function(
        "rotator", handler, environment={"ROTATION_MODE": "test"}
    )
    client.create_secret(Name="db", SecretString="v1", ClientRequestToken=V1)

    with pytest.raises(type(interruption)) as raised:
        client.rotate_secret(SecretId="db", ClientRequestToken=V2, RotationLambdaARN=function.arn)

    assert raised.value is interruption
    [record] = secretmock.rotations
    assert (record.outcome, record.failed_step, record.exception) == (
        "failed",
        "createSecret",
        interruption,
    )
    assert [(step.step, step.outcome, step.exception) for step in record.steps] == [
        ("createSecret", "failed", interruption)
    ]
    assert "ROTATION_MODE" not in os.environ  # Lambda's environment was put back
    assert client.describe_secret(SecretId="db")["VersionIdsToStages"] == {
        V1: ["AWSCURRENT"],
        V2: ["AWSPENDING"],
    }
    # The mock goes on: the unfinished rotation is refused, then reattempted, and finishes.
    with raises_aws("InvalidRequestException", PREVIOUS_INCOMPLETE):
        client.rotate_secret(SecretId="db", ClientRequestToken=V3)
    assert [(record.trigger, record.outcome) for record in secretmock.rotations] == [
        ("immediate", "failed"),
        ("reattempt", "succeeded"),
    ]
    assert handler.steps == ["createSecret", *STEPS]


def test_the_rotation_sees_rotation_enabled_while_it_runs(client, secretmock):
    seen: list[Any] = []

    def look(event: dict[str, Any], context: Any) -> None:
        description = boto3.client("secretsmanager").describe_secret(SecretId=event["SecretId"])
        seen.append((description["RotationEnabled"], description["RotationRules"]))

    function = secretmock.register_rotation_function("rotator", Recorder(then=look))
    client.create_secret(Name="db", SecretString="v1")

    client.rotate_secret(
        SecretId="db", RotationLambdaARN=function.arn, RotationRules={"AutomaticallyAfterDays": 1}
    )

    assert seen == [(True, {"AutomaticallyAfterDays": 1})] * 4


def test_list_secrets_reports_the_same_rotation_members_as_describe_secret(client, secretmock):
    _, function, _ = rotated_secret(client, secretmock)
    client.rotate_secret(
        SecretId="db",
        RotationLambdaARN=function.arn,
        RotationRules={"ScheduleExpression": "rate(10 hours)", "Duration": "2h"},
    )
    client.create_secret(Name="cancelled", SecretString=credentials())
    client.rotate_secret(SecretId="cancelled", RotationLambdaARN=function.arn)
    client.cancel_rotate_secret(SecretId="cancelled")

    listed = {entry["Name"]: entry for entry in client.list_secrets()["SecretList"]}

    members = ("RotationEnabled", "RotationLambdaARN", "RotationRules", "LastRotatedDate")
    for name in ("db", "cancelled"):
        described = client.describe_secret(SecretId=name)
        assert {key: listed[name].get(key) for key in (*members, "NextRotationDate")} == {
            key: described.get(key) for key in (*members, "NextRotationDate")
        }
    assert listed["db"]["RotationRules"] == {
        "AutomaticallyAfterDays": 1,
        "Duration": "2h",
        "ScheduleExpression": "rate(10 hours)",
    }
    assert listed["db"]["NextRotationDate"] == utc(2026, 3, 4, 11, 59, 59)
    assert "NextRotationDate" not in listed["cancelled"]
    assert listed["cancelled"]["RotationEnabled"] is False


def test_calls_from_another_thread_of_the_handler_are_answered_while_it_runs(client, secretmock):
    answers: list[str] = []

    def from_a_thread(event: dict[str, Any], context: Any) -> None:
        def read() -> None:
            own = boto3.client("secretsmanager")
            answers.append(own.describe_secret(SecretId=event["SecretId"])["Name"])

        worker = threading.Thread(target=read)
        worker.start()
        worker.join(timeout=60)  # the mock's lock is not held while a handler runs
        assert not worker.is_alive()

    function = secretmock.register_rotation_function("rotator", Recorder(then=from_a_thread))
    client.create_secret(Name="db", SecretString="v1")

    client.rotate_secret(SecretId="db", RotationLambdaARN=function.arn)

    secretmock.assert_rotations_succeeded()
    assert answers == ["db"] * 4


def test_a_handler_that_rotates_its_own_secret_again_is_refused_without_recursion(
    client, secretmock
):
    errors: list[str] = []

    def again(event: dict[str, Any], context: Any) -> None:
        own = boto3.client("secretsmanager")
        try:
            own.rotate_secret(SecretId=event["SecretId"])
        except own.exceptions.InvalidRequestException as error:
            errors.append(error.response["Error"]["Message"])

    function = secretmock.register_rotation_function("rotator", Recorder(then=again))
    client.create_secret(Name="db", SecretString="v1")

    client.rotate_secret(SecretId="db", RotationLambdaARN=function.arn)

    assert errors == [PREVIOUS_INCOMPLETE] * 4
    assert [record.trigger for record in secretmock.rotations] == ["immediate"]


def test_a_retry_with_the_unfinished_rotations_own_token_continues_it(client, secretmock):
    _, function, rotation = rotated_secret(client, secretmock, ClientRequestToken=V1)
    rotation.fail_at, rotation.failures = "testSecret", 1
    client.rotate_secret(SecretId="db", ClientRequestToken=V2, RotationLambdaARN=function.arn)

    response = client.rotate_secret(SecretId="db", ClientRequestToken=V2)

    assert response["VersionId"] == V2
    assert [(record.token, record.outcome) for record in secretmock.rotations] == [
        (V2, "failed"),
        (V2, "succeeded"),
    ]
    assert client.describe_secret(SecretId="db")["VersionIdsToStages"] == {
        V1: ["AWSPREVIOUS"],
        V2: ["AWSCURRENT"],
    }
