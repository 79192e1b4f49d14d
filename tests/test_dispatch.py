"""What botocore's after-call handlers see of a reply the mock answered: AWS's HTTP response."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import boto3
from botocore.awsrequest import HeadersDict

from secretmock import mock_secrets
from tests.assertions import raises_aws

NOT_FOUND = "Secrets Manager can't find the specified secret."
CREATED = datetime(2024, 5, 1, 12, 0, 0, 250000, tzinfo=timezone.utc)
URL = "https://secretsmanager.us-east-1.amazonaws.com/"


def _seen(client: Any) -> list[Any]:
    seen: list[Any] = []
    client.meta.events.register(
        "after-call.secrets-manager", lambda http_response, **_: seen.append(http_response)
    )
    return seen


def test_after_call_handlers_see_aws_s_status_headers_url_and_body(secretmock, client):
    seen = _seen(client)
    created = client.create_secret(Name="seen", SecretString="v")
    with raises_aws("ResourceNotFoundException", NOT_FOUND) as missing:
        client.describe_secret(SecretId="missing")

    ok, error = seen
    assert (ok.status_code, ok.url, ok.raw) == (200, URL, None)
    assert (error.status_code, error.url, error.raw) == (400, URL, None)
    # The headers are the reply's HTTPHeaders, in botocore's case-insensitive HeadersDict.
    assert isinstance(ok.headers, HeadersDict)
    assert dict(ok.headers) == created["ResponseMetadata"]["HTTPHeaders"]
    assert dict(error.headers) == missing.value.response["ResponseMetadata"]["HTTPHeaders"]
    assert ok.headers["X-Amzn-RequestId"] == created["ResponseMetadata"]["RequestId"]
    assert ok.headers["Content-Type"] == "application/x-amz-json-1.1"
    # The body is the JSON AWS sends: the output members in the reply's order, compact.
    arn, version_id = created["ARN"], created["VersionId"]
    assert ok.content == f'{{"ARN":"{arn}","Name":"seen","VersionId":"{version_id}"}}'.encode()
    assert ok.text == ok.content.decode()
    assert error.content == (
        b'{"__type":"ResourceNotFoundException","Message":"Secrets Manager can\'t find the '
        b'specified secret."}'
    )
    assert error.text == error.content.decode()


def test_a_reply_s_body_has_aws_s_wire_form_of_timestamps_and_blobs():
    with mock_secrets(clock=CREATED):
        client = boto3.client("secretsmanager", region_name="us-east-1")
        seen = _seen(client)
        client.create_secret(Name="blob", SecretBinary=b"\x00\xffbin")
        reply: Any = client.get_secret_value(SecretId="blob")
        client.tag_resource(SecretId="blob", Tags=[{"Key": "k", "Value": "v"}])
    arn, version_id = reply["ARN"], reply["VersionId"]
    # The body is made when first read, of the call's record: what the caller did with its
    # reply meanwhile does not change it.
    reply.clear()

    assert json.loads(seen[1].content) == {
        "ARN": arn,
        "Name": "blob",
        "VersionId": version_id,
        "SecretBinary": "AP9iaW4=",
        "VersionStages": ["AWSCURRENT"],
        "CreatedDate": 1714564800.25,
    }
    assert seen[2].content == b""  # TagResource has no output: AWS sends an empty body


def test_the_headers_of_a_response_can_be_changed_without_changing_another(secretmock, client):
    seen = _seen(client)
    client.list_secrets()
    listed = client.list_secrets()

    seen[0].headers["x-added"] = "1"
    del seen[0].headers["date"]
    assert dict(seen[0].headers) == {
        "x-amzn-requestid": seen[0].headers["x-amzn-requestid"],
        "content-type": "application/x-amz-json-1.1",
        "x-added": "1",
    }
    assert dict(seen[1].headers) == listed["ResponseMetadata"]["HTTPHeaders"]
    assert "x-added" not in listed["ResponseMetadata"]["HTTPHeaders"]
    seen[1].headers = HeadersDict({"replaced": "yes"})
    assert dict(seen[1].headers) == {"replaced": "yes"}
