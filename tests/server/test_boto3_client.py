"""boto3 with ``endpoint_url`` against the server: the same answers as in-process, over HTTP."""

from __future__ import annotations

import threading
from datetime import datetime, timezone
from typing import Any

import pytest
from botocore.exceptions import ClientError

from secretmock import FixedClock, SecretsManagerMock, SecretsManagerServer
from tests.assertions import raises_aws
from tests.server.support import client

WHEN = datetime(2026, 3, 1, 12, 0, 0, 123000, tzinfo=timezone.utc)
TOKEN = "11111111-2222-3333-4444-555555555555"


def test_a_secret_round_trip(secretmock_server):
    sm = client(secretmock_server.endpoint_url)
    created = sm.create_secret(Name="db", SecretString="s3cr3t", ClientRequestToken=TOKEN)
    sm.put_secret_value(SecretId="db", SecretBinary=b"\x00\xffbinary")
    value = sm.get_secret_value(SecretId="db")
    assert value["SecretBinary"] == b"\x00\xffbinary"
    assert "SecretString" not in value
    previous = sm.get_secret_value(SecretId="db", VersionStage="AWSPREVIOUS")
    assert previous["SecretString"] == "s3cr3t"
    assert previous["VersionId"] == TOKEN
    described = sm.describe_secret(SecretId=created["ARN"])
    assert described["Name"] == "db"
    assert described["VersionIdsToStages"] == {
        TOKEN: ["AWSPREVIOUS"],
        value["VersionId"]: ["AWSCURRENT"],
    }
    assert [secret["Name"] for secret in sm.list_secrets()["SecretList"]] == ["db"]
    # The server's inspection API sees the same backend.
    assert [call.operation for call in secretmock_server.calls] == [
        "CreateSecret",
        "PutSecretValue",
        "GetSecretValue",
        "GetSecretValue",
        "DescribeSecret",
        "ListSecrets",
    ]
    assert secretmock_server.store().get("db").name == "db"


def test_errors_are_aws_errors_with_their_status(secretmock_server):
    sm = client(secretmock_server.endpoint_url)
    with raises_aws(
        "ResourceNotFoundException", "Secrets Manager can't find the specified secret."
    ) as info:
        sm.get_secret_value(SecretId="missing")
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    modeled: dict[str, Any] = dict(info.value.response)
    assert modeled["Message"] == "Secrets Manager can't find the specified secret."
    with raises_aws(
        "ValidationException",
        "Invalid name. Must be a valid name containing alphanumeric characters, or any of the "
        "following: -/_+=.@!",
    ):
        sm.create_secret(Name="bad name!", SecretString="x")


def test_a_twelve_digit_access_key_id_acts_as_that_account(secretmock_server):
    own = client(secretmock_server.endpoint_url, key="111122223333", region="eu-west-1")
    other = client(secretmock_server.endpoint_url, key="444455556666", region="eu-west-1")
    arn = own.create_secret(Name="shared-name", SecretString="one")["ARN"]
    assert arn.startswith("arn:aws:secretsmanager:eu-west-1:111122223333:secret:shared-name-")
    # Another account, and another Region, see none of it.
    assert other.list_secrets()["SecretList"] == []
    assert (
        client(secretmock_server.endpoint_url, key="111122223333").list_secrets()["SecretList"]
        == []
    )


def test_the_replies_equal_the_in_process_ones():
    """The same seeded calls, in-process and over HTTP: member for member the same replies."""

    def calls(sm: Any) -> list[dict[str, Any]]:
        replies = [
            sm.create_secret(
                Name="app",
                SecretString="v1",
                Tags=[{"Key": "k", "Value": "v"}],
                ClientRequestToken=TOKEN,
            ),
            sm.put_secret_value(
                SecretId="app", SecretBinary=b"\x01\x02", ClientRequestToken="t" * 32
            ),
            sm.get_secret_value(SecretId="app"),
            sm.describe_secret(SecretId="app"),
            sm.list_secret_version_ids(SecretId="app"),
            sm.list_secrets(),
            sm.get_random_password(PasswordLength=20),
            sm.delete_secret(SecretId="app", RecoveryWindowInDays=7),
        ]
        try:
            sm.get_secret_value(SecretId="app")
        except ClientError as error:
            replies.append(error.response)
        for reply in replies:
            metadata = reply.pop("ResponseMetadata")
            reply["status"] = metadata["HTTPStatusCode"]
        return replies

    with SecretsManagerMock(seed=7, clock=FixedClock(WHEN)):
        in_process = calls(client("https://secretsmanager.us-east-1.amazonaws.com"))
    with SecretsManagerServer(SecretsManagerMock(seed=7, clock=FixedClock(WHEN)), port=0) as server:
        over_http = calls(client(server.endpoint_url))
    assert over_http == in_process
    assert over_http[-1]["Error"]["Code"] == "InvalidRequestException"


def test_concurrent_clients_are_answered_atomically(secretmock_server):
    sm = client(secretmock_server.endpoint_url)
    sm.create_secret(Name="counter", SecretString="0")
    failures: list[BaseException] = []

    def put(worker: int) -> None:
        own = client(secretmock_server.endpoint_url)
        try:
            for round_ in range(10):
                own.put_secret_value(SecretId="counter", SecretString=f"{worker}-{round_}")
        except BaseException as error:  # reported below, in the test's thread
            failures.append(error)

    threads = [threading.Thread(target=put, args=(worker,)) for worker in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    versions = sm.list_secret_version_ids(SecretId="counter", IncludeDeprecated=True)["Versions"]
    assert len(versions) == 41
    stages = sorted(stage for version in versions for stage in version.get("VersionStages", []))
    assert stages == ["AWSCURRENT", "AWSPREVIOUS"]


@pytest.mark.usefixtures("secretmock_server_session")
def test_the_session_server_keeps_its_state_between_tests(secretmock_server_session):
    sm = client(secretmock_server_session.endpoint_url)
    name = f"session-{len(secretmock_server_session.calls)}"
    sm.create_secret(Name=name, SecretString="x")
    assert sm.describe_secret(SecretId=name)["Name"] == name
