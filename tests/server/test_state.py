"""``--state FILE``: a restarted server continues where it stopped; values stay sealed."""

from __future__ import annotations

import json
import signal
import sqlite3
from typing import Any

import pytest

from secretmock import SecretsManagerMock, SecretsManagerServer
from secretmock.errors import SecretMockError
from tests.rotation.handlers import SingleUserRotation, credentials
from tests.server.support import client, serve

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
PLAINTEXTS = ("plain-text-value-1", "plain-text-value-2", "binary-plaintext")


def populate(server: SecretsManagerServer) -> None:
    server.kms.create_key(alias="alias/app")
    sm = client(server.endpoint_url)
    sm.create_secret(
        Name="app",
        SecretString=PLAINTEXTS[0],
        Description="the app's secret",
        KmsKeyId="alias/app",
        Tags=[{"Key": "team", "Value": "a"}, {"Key": "env", "Value": "test"}],
    )
    sm.put_secret_value(SecretId="app", SecretString=PLAINTEXTS[1], VersionStages=["CUSTOM"])
    sm.put_secret_value(SecretId="app", SecretBinary=PLAINTEXTS[2].encode())
    sm.put_resource_policy(SecretId="app", ResourcePolicy=POLICY)
    sm.get_secret_value(SecretId="app")
    sm.create_secret(Name="doomed", SecretString="x")
    sm.delete_secret(SecretId="doomed", RecoveryWindowInDays=7)
    client(server.endpoint_url, key="444455556666", region="eu-west-1").create_secret(
        Name="elsewhere", SecretString="y"
    )
    function = server.register_rotation_function("rotator", SingleUserRotation())
    sm.create_secret(Name="db", SecretString=credentials())
    sm.rotate_secret(
        SecretId="db", RotationLambdaARN=function.arn, RotationRules={"AutomaticallyAfterDays": 7}
    )
    server.advance_time(3600)


def observe(server: SecretsManagerServer) -> list[Any]:
    """Every reply a client can get about the state, without their request metadata."""
    sm = client(server.endpoint_url)
    other = client(server.endpoint_url, key="444455556666", region="eu-west-1")
    replies = [
        sm.list_secrets(IncludePlannedDeletion=True),
        sm.describe_secret(SecretId="app"),
        sm.describe_secret(SecretId="doomed"),
        sm.describe_secret(SecretId="db"),
        sm.list_secret_version_ids(SecretId="app", IncludeDeprecated=True),
        sm.get_secret_value(SecretId="app"),
        sm.get_secret_value(SecretId="app", VersionStage="CUSTOM"),
        sm.get_secret_value(SecretId="app", VersionStage="AWSPREVIOUS"),
        sm.get_secret_value(SecretId="db"),
        sm.get_resource_policy(SecretId="app"),
        other.list_secrets(),
        other.get_secret_value(SecretId="elsewhere"),
        [(key.arn, key.aliases, key.state) for key in server.kms.list_keys()],
    ]
    for reply in replies:
        if isinstance(reply, dict):
            reply.pop("ResponseMetadata")
    return replies


def test_a_restarted_server_continues_where_it_stopped(tmp_path):
    path = tmp_path / "state.sqlite"
    with SecretsManagerServer(SecretsManagerMock(), port=0, state=path) as first:
        populate(first)
        observe(first)  # reading values marks them accessed: the second look is the settled one
        before = observe(first)
    with SecretsManagerServer(SecretsManagerMock(), port=0, state=path) as second:
        assert observe(second) == before
        # It goes on: writes, the labels, and the restored KMS key seal new values.
        sm = client(second.endpoint_url)
        sm.put_secret_value(SecretId="app", SecretString="after the restart")
        assert sm.get_secret_value(SecretId="app")["SecretString"] == "after the restart"
        assert (
            sm.get_secret_value(SecretId="app", VersionStage="AWSPREVIOUS")["SecretBinary"]
            == PLAINTEXTS[2].encode()
        )
        with pytest.raises(sm.exceptions.ResourceExistsException):
            sm.create_secret(Name="app", SecretString="again")


def test_the_file_holds_no_plaintext_value(tmp_path):
    path = tmp_path / "state.sqlite"
    with SecretsManagerServer(SecretsManagerMock(), port=0, state=path) as server:
        populate(server)
    content = path.read_bytes()
    for plaintext in PLAINTEXTS:
        assert plaintext.encode() not in content
    with sqlite3.connect(path) as connection:
        meta = dict(connection.execute("SELECT name, value FROM meta").fetchall())
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert meta["schema_version"] == "1"
    assert tables == {
        "meta",
        "kms_keys",
        "secrets",
        "versions",
        "wrappings",
        "labels",
        "tags",
        "policies",
        "rotations",
    }


def test_a_file_of_another_schema_version_is_refused(tmp_path):
    path = tmp_path / "state.sqlite"
    with SecretsManagerServer(SecretsManagerMock(), port=0, state=path):
        pass
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE meta SET value = '99' WHERE name = 'schema_version'")
    connection.close()
    with pytest.raises(SecretMockError) as info:
        SecretsManagerServer(SecretsManagerMock(), port=0, state=path)
    assert str(info.value) == (
        f"{path} has state schema version 99; this secretmock reads version 1"
    )


def test_the_command_keeps_its_state_across_a_restart(tmp_path):
    path = str(tmp_path / "state.sqlite")
    with serve("--state", path) as (process, endpoint):
        created = client(endpoint).create_secret(Name="kept", SecretString="value")
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    with serve("--state", path) as (_, endpoint):
        value = client(endpoint).get_secret_value(SecretId="kept")
    assert (value["ARN"], value["VersionId"], value["SecretString"]) == (
        created["ARN"],
        created["VersionId"],
        "value",
    )
