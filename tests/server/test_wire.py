"""The JSON 1.1 protocol as a client without an AWS SDK sees it: raw HTTP requests."""

from __future__ import annotations

import base64
import http.client
import json
from typing import Any
from urllib.parse import urlsplit

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from secretmock import FixedClock, SecretsManagerMock, SecretsManagerServer
from secretmock.errors import SecretMockError, UnsupportedOperationError
from tests.server.support import client

JSON_11 = "application/x-amz-json-1.1"


def post(endpoint_url: str, target: str | None, body: bytes) -> tuple[int, dict[str, str], Any]:
    address = urlsplit(endpoint_url)
    assert address.hostname is not None
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    headers = {"Content-Type": JSON_11}
    if target is not None:
        headers["X-Amz-Target"] = target
    try:
        connection.request("POST", "/", body=body, headers=headers)
        response = connection.getresponse()
        payload = response.read()
        found = {name.lower(): value for name, value in response.getheaders()}
        return response.status, found, json.loads(payload) if payload else None
    finally:
        connection.close()


@pytest.fixture
def server():
    mock = SecretsManagerMock(clock=FixedClock(1_767_225_600.25))
    with SecretsManagerServer(mock, port=0) as running:
        yield running


def call(
    server: SecretsManagerServer, operation: str, members: dict[str, Any]
) -> tuple[int, dict[str, str], Any]:
    return post(server.endpoint_url, f"secretsmanager.{operation}", json.dumps(members).encode())


def test_a_reply_is_aws_json_with_epoch_seconds_and_base64_blobs(server):
    status, headers, created = call(
        server,
        "CreateSecret",
        {
            "Name": "raw",
            "SecretBinary": base64.b64encode(b"\x00\x01").decode(),
            "ClientRequestToken": "a" * 32,
        },
    )
    assert status == 200
    assert headers["content-type"] == JSON_11
    assert len(headers["x-amzn-requestid"]) == 36
    status, _, value = call(server, "GetSecretValue", {"SecretId": "raw"})
    assert value == {
        "ARN": created["ARN"],
        "Name": "raw",
        "VersionId": created["VersionId"],
        "SecretBinary": "AAE=",
        "VersionStages": ["AWSCURRENT"],
        "CreatedDate": 1767225600.25,
    }
    _, _, described = call(server, "DescribeSecret", {"SecretId": "raw"})
    assert described["LastAccessedDate"] == 1767225600  # a whole second: an integer


def test_an_operation_without_output_answers_an_empty_body(server):
    call(
        server,
        "CreateSecret",
        {"Name": "tagged", "SecretString": "x", "ClientRequestToken": "b" * 32},
    )
    status, headers, body = call(
        server, "TagResource", {"SecretId": "tagged", "Tags": [{"Key": "a", "Value": "b"}]}
    )
    assert (status, headers["content-length"], body) == (200, "0", None)


def test_an_error_is_its_type_and_message(server):
    status, headers, body = call(server, "GetSecretValue", {"SecretId": "missing"})
    assert status == 400
    assert headers["content-type"] == JSON_11
    assert body == {
        "__type": "ResourceNotFoundException",
        "Message": "Secrets Manager can't find the specified secret.",
    }
    status, _, body = call(server, "GetSecretValue", {})
    assert (status, body) == (
        400,
        {
            "__type": "ValidationException",
            "message": "1 validation error detected: Value null at 'secretId' failed to satisfy "
            "constraint: Member must not be null",
        },
    )


def test_a_member_of_the_wrong_json_type_is_a_serialization_error(server):
    status, _, body = call(server, "ListSecrets", {"MaxResults": "ten"})
    assert (status, body) == (
        400,
        {
            "__type": "SerializationException",
            "message": "STRING_VALUE can not be converted to an Integer",
        },
    )
    assert server.calls[-1].operation == "ListSecrets"
    assert server.calls[-1].params == {"MaxResults": "ten"}
    assert server.calls[-1].error.code == "SerializationException"


def test_a_body_that_is_no_json_is_a_serialization_error(server):
    status, _, body = post(server.endpoint_url, "secretsmanager.ListSecrets", b"{not json")
    assert (status, body) == (400, {"__type": "SerializationException"})


@pytest.mark.parametrize(
    "target", [None, "secretsmanager.NoSuchOperation", "kms.ListSecrets", "ListSecrets"]
)
def test_an_unknown_target_is_an_unknown_operation(server, target):
    status, headers, body = post(server.endpoint_url, target, b"{}")
    assert (status, body) == (400, {"__type": "UnknownOperationException"})
    assert headers["content-type"] == JSON_11
    assert list(server.calls) == []


def test_minted_credentials_sign_and_act_as_their_principal():
    server = SecretsManagerServer(SecretsManagerMock(), port=0, check_signatures=True)
    with server:
        role = server.credentials_for("arn:aws:iam::444455556666:role/app")
        sm = role.client(endpoint_url=server.endpoint_url)
        arn = sm.create_secret(Name="minted", SecretString="x")["ARN"]
        assert sm.get_secret_value(SecretId=arn)["SecretString"] == "x"
    assert arn.startswith("arn:aws:secretsmanager:us-east-1:444455556666:secret:minted-")


def test_signatures_are_checked_against_known_credentials():
    server = SecretsManagerServer(
        SecretsManagerMock(),
        port=0,
        check_signatures=True,
        credentials={"AKIDEXAMPLE": "secret-of-AKIDEXAMPLE"},
    )
    with server:
        endpoint = server.endpoint_url
        sm = client(endpoint)  # signs with secret-of-AKIDEXAMPLE
        sm.create_secret(Name="signed", SecretString="x")
        assert sm.get_secret_value(SecretId="signed")["SecretString"] == "x"
        forged = client(endpoint)
        forged._request_signer._credentials.secret_key = "wrong"
        with pytest.raises(ClientError) as forged_error:
            forged.get_secret_value(SecretId="signed")
        with pytest.raises(ClientError) as unknown_error:
            client(endpoint, key="AKIDUNKNOWN").get_secret_value(SecretId="signed")
        unsigned = post(endpoint, "secretsmanager.ListSecrets", b"{}")
    assert (unsigned[0], unsigned[2]) == (
        400,
        {
            "__type": "MissingAuthenticationTokenException",
            "message": "Missing Authentication Token",
        },
    )
    assert forged_error.value.response["Error"] == {
        "Code": "InvalidSignatureException",
        "Message": "The request signature we calculated does not match the signature you "
        "provided. Check your AWS Secret Access Key and signing method. Consult the service "
        "documentation for details.",
    }
    assert unknown_error.value.response["Error"] == {
        "Code": "UnrecognizedClientException",
        "Message": "The security token included in the request is invalid.",
    }
    for error in (forged_error, unknown_error):
        assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_a_failure_of_the_mock_is_an_internal_failure(server, monkeypatch, capsys):
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr(server.mock, "answer", broken)
    status, headers, body = call(server, "ListSecrets", {})
    assert (status, body) == (500, {"__type": "InternalFailure"})
    assert headers["content-type"] == JSON_11
    assert "RuntimeError: a bug" in capsys.readouterr().err


def test_an_operation_the_mock_does_not_implement_says_so(server, monkeypatch):
    def unsupported(model: Any, *args: Any, **kwargs: Any) -> Any:
        raise UnsupportedOperationError(model.name)

    monkeypatch.setattr(server.mock, "answer", unsupported)
    status, _, body = call(server, "ListSecrets", {})
    assert (status, body) == (
        500,
        {"__type": "InternalFailure", "message": str(UnsupportedOperationError("ListSecrets"))},
    )


def test_the_server_runs_once_and_names_its_endpoint(server):
    with pytest.raises(SecretMockError) as info:
        server.start()
    assert str(info.value) == "this secretmock server is already running"
    assert repr(server) == f"<SecretsManagerServer {server.endpoint_url} {server.mock!r}>"
    with pytest.raises(AttributeError):
        server._backend  # noqa: B018  # private attributes of the mock are not forwarded


def test_a_call_refused_while_reading_the_body_is_recorded_in_the_callers_account(server):
    client = boto3.client(
        "secretsmanager",
        region_name="eu-west-1",
        endpoint_url=server.endpoint_url,
        aws_access_key_id="111122223333",
        aws_secret_access_key="secret",
        config=Config(parameter_validation=False, retries={"max_attempts": 1}),
    )
    with pytest.raises(ClientError) as raised:
        client.list_secrets(MaxResults="ten")  # type: ignore[arg-type]
    assert raised.value.response["Error"]["Code"] == "SerializationException"
    refused = server.calls[-1]
    assert (refused.operation, refused.region, refused.account, refused.error.code) == (
        "ListSecrets",
        "eu-west-1",
        "111122223333",
        "SerializationException",
    )
