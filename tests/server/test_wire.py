"""The JSON 1.1 protocol as a client without an AWS SDK sees it: raw HTTP requests."""

from __future__ import annotations

import base64
import http.client
import json
from typing import Any
from urllib.parse import urlsplit

import pytest

from secretmock import FixedClock, SecretsManagerMock, SecretsManagerServer

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
