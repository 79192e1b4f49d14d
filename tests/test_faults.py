"""inject_error: matching calls fail with the AWS error a test chose, after botocore's retries.

Every reply here also goes through the contract check (tests/contract.py), whose reference client
is handed the injected answers before the final one and really retries them with botocore: the
RetryAttempts and MaxAttemptsReached asserted below are botocore's own.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from secretmock import Fault, SecretsManagerMock, mock_secrets
from secretmock._validation import _installed_model
from secretmock.errors import SecretMockError
from tests.conftest import REGION
from tests.rotation.support import rotated_secret

RATE_EXCEEDED = "Rate exceeded"
SERVER_SIDE = "An error occurred on the server side."
NOT_FOUND = "Secrets Manager can't find the specified secret."


MODELED = {shape.name for shape in _installed_model().error_shapes}


@contextmanager
def raises_aws(
    code: str, message: str, status: int = 400
) -> Iterator[pytest.ExceptionInfo[ClientError]]:
    """Expect the block to fail as AWS fails: the exception class, code, message and status,
    for any code (the modeled ones raise their own class and carry a top-level Message)."""
    with pytest.raises(ClientError) as info:
        yield info
    response = info.value.response
    assert type(info.value).__name__ == (code if code in MODELED else "ClientError")
    assert response["Error"] == {"Code": code, "Message": message}
    assert response["ResponseMetadata"]["HTTPStatusCode"] == status
    assert response.get("Message") == (message if code in MODELED else None)


def client_with(session: Any, **retries: Any) -> Any:
    return session.client("secretsmanager", config=Config(retries=retries))  # type: ignore[arg-type]


@pytest.fixture
def standard(secretmock: SecretsManagerMock, boto3_session: Any) -> Any:
    """A client on standard retries (3 attempts) with a secret "db" whose value is "v1"."""
    client = client_with(boto3_session, mode="standard")
    client.create_secret(Name="db", SecretString="v1")
    return client


def metadata_of(reply: Any) -> tuple[int, bool | None]:
    metadata = reply["ResponseMetadata"]
    return metadata["RetryAttempts"], metadata.get("MaxAttemptsReached")


# -- the "done when" ---------------------------------------------------------------------


def test_a_throttle_once_is_retried_by_standard_retries_and_the_call_succeeds(secretmock, standard):
    fault = secretmock.inject_error("GetSecretValue", "ThrottlingException", times=1)

    reply = standard.get_secret_value(SecretId="db")

    assert reply["SecretString"] == "v1"
    assert metadata_of(reply) == (1, None)
    assert (fault.count, fault.remaining, fault.active) == (1, 0, False)
    [*_, call] = secretmock.calls
    assert (call.operation, call.error) == ("GetSecretValue", None)
    assert call.response is not None
    assert call.response["ResponseMetadata"]["RetryAttempts"] == 1


def test_with_a_single_attempt_the_throttle_reaches_the_caller(secretmock, boto3_session):
    client = client_with(boto3_session, mode="standard", total_max_attempts=1)
    client.create_secret(Name="db", SecretString="v1")
    fault = secretmock.inject_error("GetSecretValue", "ThrottlingException", times=1)

    with raises_aws("ThrottlingException", RATE_EXCEEDED) as info:
        client.get_secret_value(SecretId="db")

    assert metadata_of(info.value.response) == (0, True)
    assert fault.count == 1
    assert client.get_secret_value(SecretId="db")["SecretString"] == "v1"  # used up


@pytest.mark.parametrize("mode", ["standard", "legacy"])
def test_max_attempts_counts_retries_so_max_attempts_1_absorbs_one_throttle(
    secretmock, boto3_session, mode
):
    # botocore reads Config(retries={"max_attempts": 1}) as one retry (total_max_attempts 2).
    client = client_with(boto3_session, mode=mode, max_attempts=1)
    client.create_secret(Name="db", SecretString="v1")
    secretmock.inject_error("GetSecretValue", "ThrottlingException", times=1)

    reply = client.get_secret_value(SecretId="db")
    assert metadata_of(reply) == (1, True if mode == "standard" else None)

    secretmock.inject_error("GetSecretValue", "ThrottlingException", times=2)
    with raises_aws("ThrottlingException", RATE_EXCEEDED) as info:
        client.get_secret_value(SecretId="db")
    assert metadata_of(info.value.response) == (1, True)


@pytest.mark.parametrize("mode", ["standard", "legacy"])
def test_max_attempts_0_lets_the_throttle_through(secretmock, boto3_session, mode):
    client = client_with(boto3_session, mode=mode, max_attempts=0)
    client.create_secret(Name="db", SecretString="v1")
    secretmock.inject_error("GetSecretValue", "ThrottlingException")

    with raises_aws("ThrottlingException", RATE_EXCEEDED) as info:
        client.get_secret_value(SecretId="db")
    assert metadata_of(info.value.response) == (0, True)


# -- botocore's retry decision, every mode ---------------------------------------------------------


@pytest.mark.parametrize(
    ("retries", "times", "outcome", "count"),
    [
        # standard and adaptive: 3 attempts; MaxAttemptsReached on any answer to the last one.
        ({"mode": "standard"}, 1, (1, None), 1),
        ({"mode": "standard"}, 2, (2, True), 2),
        ({"mode": "standard"}, 3, "raised", 3),
        ({"mode": "standard"}, None, "raised", 3),
        ({"mode": "standard", "total_max_attempts": 5}, 4, (4, True), 4),
        ({"mode": "adaptive"}, 1, (1, None), 1),
        ({"mode": "adaptive"}, None, "raised", 3),
        # legacy: 5 attempts; MaxAttemptsReached only when it gives up on a retryable answer.
        ({"mode": "legacy"}, 1, (1, None), 1),
        ({"mode": "legacy"}, 4, (4, None), 4),
        ({"mode": "legacy"}, None, "raised", 5),
        ({"mode": "legacy", "total_max_attempts": 2}, 1, (1, None), 1),
    ],
)
def test_a_throttle_is_retried_as_the_clients_retry_mode_retries_it(
    secretmock, boto3_session, retries, times, outcome, count
):
    client = client_with(boto3_session, **retries)
    client.create_secret(Name="db", SecretString="v1")
    fault = secretmock.inject_error("GetSecretValue", "ThrottlingException", times=times)

    if outcome == "raised":
        with raises_aws("ThrottlingException", RATE_EXCEEDED) as info:
            client.get_secret_value(SecretId="db")
        assert metadata_of(info.value.response) == (count - 1, True)
    else:
        assert metadata_of(client.get_secret_value(SecretId="db")) == outcome
    assert fault.count == count
    assert len(secretmock.calls.of("GetSecretValue")) == 1  # one call, whatever the attempts


@pytest.mark.parametrize(
    ("mode", "status", "retried"),
    [
        ("standard", 500, True),
        ("standard", 503, True),
        ("standard", 502, True),
        ("standard", 501, False),
        ("legacy", 500, True),
        ("legacy", 503, True),
        ("legacy", 501, False),
    ],
)
def test_a_5xx_is_retried_by_its_status(secretmock, boto3_session, mode, status, retried):
    client = client_with(boto3_session, mode=mode)
    client.create_secret(Name="db", SecretString="v1")
    secretmock.inject_error(
        "GetSecretValue", "ServiceUnavailable", message="Service Unavailable", status=status
    )

    if retried:
        assert metadata_of(client.get_secret_value(SecretId="db")) == (1, None)
    else:
        with pytest.raises(ClientError) as info:
            client.get_secret_value(SecretId="db")
        assert info.value.response["Error"] == {
            "Code": "ServiceUnavailable",
            "Message": "Service Unavailable",
        }
        assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == status
        assert metadata_of(info.value.response) == (0, None)


@pytest.mark.parametrize(
    ("mode", "code", "status", "retried"),
    [
        ("standard", "TooManyRequestsException", 400, True),
        ("legacy", "TooManyRequestsException", 400, False),
        ("standard", "ThrottlingException", 403, True),
        ("legacy", "ThrottlingException", 403, False),
        ("legacy", "Throttling", 400, True),
        ("standard", "SlowDown", 429, True),
        ("legacy", "SlowDown", 429, True),
        ("standard", "BandwidthLimitExceeded", 509, True),
        ("standard", "Busy", 509, False),
        ("legacy", "Busy", 509, True),
    ],
)
def test_codes_and_statuses_are_retried_by_each_modes_rules(
    secretmock, boto3_session, mode, code, status, retried
):
    client = client_with(boto3_session, mode=mode)
    fault = secretmock.inject_error("ListSecrets", code, message="m", status=status)

    if retried:
        assert metadata_of(client.list_secrets()) == (1, None)
    else:
        with raises_aws(code, "m", status=status):
            client.list_secrets()
    assert fault.count == 1


def test_an_internal_service_error_is_raised_as_the_modeled_exception(secretmock, standard):
    fault = secretmock.inject_error(
        "GetSecretValue", "InternalServiceError", status=500, times=None
    )

    with raises_aws("InternalServiceError", SERVER_SIDE, status=500) as info:
        standard.get_secret_value(SecretId="db")

    assert isinstance(info.value, standard.exceptions.InternalServiceError)
    assert metadata_of(info.value.response) == (2, True)
    assert fault.count == 3
    assert fault.active


def test_an_error_botocore_does_not_retry_fails_the_first_attempt(secretmock, standard):
    fault = secretmock.inject_error("GetSecretValue", "AccessDeniedException", message="denied")

    with raises_aws("AccessDeniedException", "denied") as info:
        standard.get_secret_value(SecretId="db")

    assert metadata_of(info.value.response) == (0, None)
    assert fault.count == 1
    assert standard.get_secret_value(SecretId="db")["SecretString"] == "v1"


def test_a_fault_with_more_uses_than_attempts_keeps_the_rest(secretmock, standard):
    fault = secretmock.inject_error("GetSecretValue", "ThrottlingException", times=5)

    with raises_aws("ThrottlingException", RATE_EXCEEDED):
        standard.get_secret_value(SecretId="db")

    assert (fault.count, fault.remaining, fault.active) == (3, 2, True)
    assert metadata_of(standard.get_secret_value(SecretId="db")) == (2, True)
    assert (fault.count, fault.remaining, fault.active) == (5, 0, False)


def test_faults_answer_attempts_in_the_order_they_were_injected(secretmock, standard):
    throttle = secretmock.inject_error("GetSecretValue", "ThrottlingException")
    outage = secretmock.inject_error("GetSecretValue", "InternalServiceError", status=500)

    reply = standard.get_secret_value(SecretId="db")

    assert metadata_of(reply) == (2, True)
    assert (throttle.count, outage.count) == (1, 1)
    assert secretmock.faults == []


def test_after_retried_faults_the_operations_own_error_reports_the_retries(secretmock, standard):
    secretmock.inject_error("GetSecretValue", "ThrottlingException")

    with raises_aws("ResourceNotFoundException", NOT_FOUND) as info:
        standard.get_secret_value(SecretId="missing")

    assert metadata_of(info.value.response) == (1, None)


def test_nothing_sleeps(secretmock, standard, monkeypatch):
    def no_sleeping(seconds: float) -> None:
        raise AssertionError(f"slept {seconds}s")

    monkeypatch.setattr(time, "sleep", no_sleeping)
    secretmock.inject_error("GetSecretValue", "ThrottlingException", times=2)

    assert metadata_of(standard.get_secret_value(SecretId="db")) == (2, True)


# -- the error ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("ThrottlingException", RATE_EXCEEDED),
        ("ResourceNotFoundException", NOT_FOUND),
        ("InternalServiceError", SERVER_SIDE),
        (
            "LimitExceededException",
            "The request failed because it would exceed one of the Secrets Manager quotas.",
        ),
        ("InvalidNextTokenException", "The NextToken value is invalid."),
        ("AccessDeniedException", "Injected by secretmock."),
    ],
)
def test_default_messages(secretmock, boto3_session, code, message):
    client = client_with(boto3_session, mode="standard", total_max_attempts=1)
    secretmock.inject_error("ListSecrets", code)

    with raises_aws(code, message):
        client.list_secrets()


def test_a_modeled_code_raises_its_exception_class(secretmock, standard):
    secretmock.inject_error("get_secret_value", "ResourceNotFoundException", message="gone")

    with pytest.raises(standard.exceptions.ResourceNotFoundException) as info:
        standard.get_secret_value(SecretId="db")

    assert info.value.response["Error"] == {"Code": "ResourceNotFoundException", "Message": "gone"}
    assert info.value.response["Message"] == "gone"
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_the_failed_call_is_recorded_with_its_error(secretmock, standard):
    secretmock.inject_error("GetSecretValue", "Blocked", message="no", status=403)

    with pytest.raises(ClientError):
        standard.get_secret_value(SecretId="db", VersionStage="AWSCURRENT")

    call = secretmock.calls[-1]
    assert call.operation == "GetSecretValue"
    assert call.params == {"SecretId": "db", "VersionStage": "AWSCURRENT"}
    assert call.response is None
    assert call.error is not None
    assert (call.error.code, call.error.message, call.error.http_status) == ("Blocked", "no", 403)
    assert type(call.error).__name__ == "Blocked"


# -- a failing call changes nothing ------------------------------------------------------------------


def test_an_injected_failure_of_a_write_changes_no_state(secretmock, standard):
    secretmock.inject_error("PutSecretValue", "InternalServiceError", status=500, times=None)
    secretmock.inject_error("CreateSecret", "InternalServiceError", status=500, times=None)
    before = standard.describe_secret(SecretId="db")

    with raises_aws("InternalServiceError", SERVER_SIDE, status=500):
        standard.put_secret_value(SecretId="db", SecretString="v2")
    with raises_aws("InternalServiceError", SERVER_SIDE, status=500):
        standard.create_secret(Name="other", SecretString="x")

    after = standard.describe_secret(SecretId="db")
    assert after["VersionIdsToStages"] == before["VersionIdsToStages"]
    assert standard.get_secret_value(SecretId="db")["SecretString"] == "v1"
    assert [entry["Name"] for entry in standard.list_secrets()["SecretList"]] == ["db"]


def test_a_fault_answers_before_the_request_is_read(secretmock, boto3_session):
    # A request AWS would refuse gets the injected error: the fault stands for AWS's front door.
    client = boto3_session.client(
        "secretsmanager", config=Config(parameter_validation=False, retries={"mode": "standard"})
    )
    secretmock.inject_error("GetSecretValue", "ThrottlingException", times=None)

    with raises_aws("ThrottlingException", RATE_EXCEEDED):
        client.get_secret_value(SecretId="db", VersionId="x" * 31)


# -- which calls ------------------------------------------------------------------------------------


def test_only_the_named_operation_fails(secretmock, standard):
    secretmock.inject_error("DescribeSecret", "AccessDeniedException", times=None)

    assert standard.get_secret_value(SecretId="db")["SecretString"] == "v1"
    with raises_aws("AccessDeniedException", "Injected by secretmock."):
        standard.describe_secret(SecretId="db")


def test_secret_id_matches_every_form_of_the_secrets_id(secretmock, standard):
    arn = standard.describe_secret(SecretId="db")["ARN"]
    partial = arn[: -len("-abcdef")]
    standard.create_secret(Name="other", SecretString="o")

    for fault_id in ("db", partial, arn):
        with secretmock.inject_error(
            "GetSecretValue", "AccessDeniedException", secret_id=fault_id, times=None
        ) as fault:
            for call_id in ("db", partial, arn):
                with raises_aws("AccessDeniedException", "Injected by secretmock."):
                    standard.get_secret_value(SecretId=call_id)
            assert standard.get_secret_value(SecretId="other")["SecretString"] == "o"
        assert fault.count == 3
        assert not fault.active


def test_secret_id_of_a_secret_being_created_matches_create_secrets_name(secretmock, standard):
    partial = f"arn:aws:secretsmanager:{REGION}:123456789012:secret:new"
    fault = secretmock.inject_error(
        "CreateSecret", "LimitExceededException", secret_id=partial, times=None
    )

    standard.create_secret(Name="unrelated", SecretString="x")
    with raises_aws(
        "LimitExceededException",
        "The request failed because it would exceed one of the Secrets Manager quotas.",
    ) as info:
        standard.create_secret(Name="new", SecretString="x")
    # Standard retries count LimitExceededException as throttling: every attempt failed.
    assert metadata_of(info.value.response) == (2, True)
    assert fault.count == 3
    fault.remove()
    assert standard.create_secret(Name="new", SecretString="x")["Name"] == "new"


def test_secret_id_of_a_gone_secret_matches_by_name_and_suffix(secretmock, standard):
    arn = standard.describe_secret(SecretId="db")["ARN"]
    standard.delete_secret(SecretId="db", ForceDeleteWithoutRecovery=True)
    other_incarnation = arn[:-6] + ("AAAAAA" if arn[-6:] != "AAAAAA" else "BBBBBB")
    secretmock.inject_error("GetSecretValue", "AccessDeniedException", secret_id=arn, times=None)

    with raises_aws("AccessDeniedException", "Injected by secretmock."):
        standard.get_secret_value(SecretId="db")
    with raises_aws("ResourceNotFoundException", NOT_FOUND):
        standard.get_secret_value(SecretId=other_incarnation)


def test_secret_id_matches_a_member_of_secret_id_list(secretmock, standard):
    standard.create_secret(Name="other", SecretString="o")
    secretmock.inject_error("BatchGetSecretValue", "AccessDeniedException", secret_id="db")

    assert len(standard.batch_get_secret_value(SecretIdList=["other"])["SecretValues"]) == 1
    with raises_aws("AccessDeniedException", "Injected by secretmock."):
        standard.batch_get_secret_value(SecretIdList=["other", "db"])


def test_a_secret_id_never_matches_a_call_without_one(secretmock, standard):
    fault = secretmock.inject_error("ListSecrets", "ThrottlingException", secret_id="db")

    assert metadata_of(standard.list_secrets()) == (0, None)
    assert fault.count == 0


def test_when_selects_calls_by_their_parameters(secretmock, standard):
    seen: list[dict[str, Any]] = []

    def previous_version(params: Any) -> bool:
        seen.append(dict(params))
        return bool(params.get("VersionStage") == "AWSPREVIOUS")

    secretmock.inject_error(
        "GetSecretValue", "AccessDeniedException", when=previous_version, times=None
    )

    assert standard.get_secret_value(SecretId="db")["SecretString"] == "v1"
    with raises_aws("AccessDeniedException", "Injected by secretmock."):
        standard.get_secret_value(SecretId="db", VersionStage="AWSPREVIOUS")
    assert seen == [{"SecretId": "db"}, {"SecretId": "db", "VersionStage": "AWSPREVIOUS"}]


# -- the handle -------------------------------------------------------------------------------------


def test_the_handle_counts_removes_and_describes_itself(secretmock, standard):
    fault = secretmock.inject_error("GetSecretValue", "ThrottlingException", times=None)
    assert isinstance(fault, Fault)
    assert secretmock.faults == [fault]

    with pytest.raises(ClientError):
        standard.get_secret_value(SecretId="db")
    assert repr(fault) == (
        "<Fault GetSecretValue -> ThrottlingException (400) count=3 remaining=None active>"
    )

    fault.remove()
    fault.remove()  # again: nothing changes
    assert secretmock.faults == []
    assert standard.get_secret_value(SecretId="db")["SecretString"] == "v1"
    assert fault.count == 3
    assert repr(fault).endswith("count=3 remaining=None removed>")


def test_a_handle_as_context_manager_removes_the_fault_on_leaving(secretmock, standard):
    with secretmock.inject_error(
        "GetSecretValue", "AccessDeniedException", secret_id="db", times=None
    ) as fault:
        with pytest.raises(ClientError):
            standard.get_secret_value(SecretId="db")
        assert repr(fault) == (
            "<Fault GetSecretValue -> AccessDeniedException (400) secret_id='db' count=1 "
            "remaining=None active>"
        )
    assert standard.get_secret_value(SecretId="db")["SecretString"] == "v1"


def test_the_mock_forgets_its_faults_when_it_stops(boto3_session):
    mock = SecretsManagerMock()
    with mock:
        fault = mock.inject_error("ListSecrets", "ThrottlingException", times=None)
    assert not fault.active
    with mock:
        client = client_with(boto3_session, mode="standard")
        assert client.list_secrets()["SecretList"] == []
        assert mock.faults == []


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"code": ""}, "code must be an AWS error code such as 'ThrottlingException', not ''"),
        ({"code": 42}, "code must be an AWS error code such as 'ThrottlingException', not 42"),
        ({"message": 1}, "message must be a string or None, not 1"),
        ({"status": 200}, "status must be an HTTP error status (400 to 599), not 200"),
        ({"status": True}, "status must be an HTTP error status (400 to 599), not True"),
        ({"times": 0}, "times must be a positive integer or None (always), not 0"),
        ({"times": 1.5}, "times must be a positive integer or None (always), not 1.5"),
        ({"secret_id": ""}, "secret_id must be a secret's name or ARN, or None, not ''"),
        (
            {"when": "yes"},
            "when must be a function of the call's parameters, or None, not 'yes'",
        ),
    ],
)
def test_misuse_is_refused(secretmock, arguments, message):
    options = {"code": "ThrottlingException", **arguments}
    code = options.pop("code")
    with pytest.raises(SecretMockError) as info:
        secretmock.inject_error("GetSecretValue", code, **options)
    assert str(info.value) == message
    assert secretmock.faults == []


def test_an_unknown_operation_is_refused(secretmock):
    with pytest.raises(SecretMockError) as info:
        secretmock.inject_error("GetSecret", "ThrottlingException")
    assert str(info.value).startswith(
        "inject_error() takes a Secrets Manager operation, by its API name ('GetSecretValue') "
        "or its client method name ('get_secret_value'); 'GetSecret' is neither. "
        "The operations: "
    )


# -- rotation -------------------------------------------------------------------------------------


def test_a_fault_in_a_rotation_functions_call_fails_that_step(secretmock, standard):
    created, function, _ = rotated_secret(standard, secretmock, name="rotated")
    fault = secretmock.inject_error(
        "PutSecretValue", "InternalServiceError", status=500, secret_id="rotated", times=None
    )

    standard.rotate_secret(SecretId="rotated", RotationLambdaARN=function.arn)

    [rotation] = secretmock.rotations
    assert (rotation.outcome, rotation.failed_step) == ("failed", "createSecret")
    assert isinstance(rotation.exception, ClientError)
    assert rotation.exception.response["Error"] == {
        "Code": "InternalServiceError",
        "Message": SERVER_SIDE,
    }
    assert fault.count >= 1
    # As on AWS after a failed createSecret: AWSCURRENT where it was, no AWSPENDING value.
    current = standard.get_secret_value(SecretId="rotated")
    assert current["VersionId"] == created["VersionId"]
    assert json.loads(current["SecretString"])["password"] == "initial-password"


def test_a_rotation_functions_client_retries_a_throttle_as_any_client_does(secretmock, standard):
    _, function, _ = rotated_secret(standard, secretmock, name="rotated")
    fault = secretmock.inject_error("PutSecretValue", "ThrottlingException", secret_id="rotated")

    standard.rotate_secret(SecretId="rotated", RotationLambdaARN=function.arn)

    secretmock.assert_rotations_succeeded()
    assert fault.count == 1
    put = secretmock.calls.assert_called_once("PutSecretValue", SecretId="rotated")
    assert put.response is not None
    assert put.response["ResponseMetadata"]["RetryAttempts"] == 1


def test_faults_cover_clients_made_inside_decorated_tests(boto3_session):
    @mock_secrets
    def scenario() -> tuple[int, bool | None]:
        from secretmock import current

        current().inject_error("ListSecrets", "ThrottlingException")
        client = client_with(boto3_session, mode="standard")
        return metadata_of(client.list_secrets())

    assert scenario() == (1, None)
