"""A server's --state file keeps RotateSecret's ExternalSecretRotation* members, and a file
written before it had their columns (schema 2) still loads."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from typing import Any

from secretmock import SecretsManagerMock, SecretsManagerServer
from tests.botocore_model import needs
from tests.operations.support import reply
from tests.rotation.handlers import SingleUserRotation, credentials
from tests.server.support import client as server_client

pytestmark = needs("RotateSecret", "ExternalSecretRotationMetadata")

ROLE = "arn:aws:iam::123456789012:role/partner-rotation"
METADATA = [{"Key": "tenant", "Value": "acme"}, {"Key": "region", "Value": "eu"}]


def external_members_of(described: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in described.items() if key.startswith("External")}


def test_a_restarted_server_keeps_them(tmp_path):
    path = tmp_path / "state.sqlite"
    with SecretsManagerServer(SecretsManagerMock(), port=0, state=path) as first:
        sm = server_client(first.endpoint_url)
        function = first.register_rotation_function("rotator", SingleUserRotation())
        sm.create_secret(Name="db", SecretString=credentials())
        sm.rotate_secret(
            SecretId="db",
            RotationLambdaARN=function.arn,
            RotateImmediately=False,
            ExternalSecretRotationMetadata=METADATA,
            ExternalSecretRotationRoleArn=ROLE,
        )
        before = reply(sm.describe_secret(SecretId="db"))
    assert external_members_of(before) == {
        "ExternalSecretRotationMetadata": METADATA,
        "ExternalSecretRotationRoleArn": ROLE,
    }
    with SecretsManagerServer(SecretsManagerMock(), port=0, state=path) as second:
        assert reply(server_client(second.endpoint_url).describe_secret(SecretId="db")) == before


def test_a_state_file_of_schema_2_still_loads(tmp_path):
    path = tmp_path / "state.sqlite"
    with SecretsManagerServer(SecretsManagerMock(), port=0, state=path) as first:
        sm = server_client(first.endpoint_url)
        function = first.register_rotation_function("rotator", SingleUserRotation())
        sm.create_secret(Name="db", SecretString=credentials())
        sm.rotate_secret(SecretId="db", RotationLambdaARN=function.arn, RotateImmediately=False)
        before = reply(sm.describe_secret(SecretId="db"))
    # What schema 2 wrote: the rotations table without the external_* columns.
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("ALTER TABLE rotations DROP COLUMN external_metadata")
        connection.execute("ALTER TABLE rotations DROP COLUMN external_role_arn")
        connection.execute("UPDATE meta SET value = '2' WHERE name = 'schema_version'")

    with SecretsManagerServer(SecretsManagerMock(), port=0, state=path) as second:
        assert reply(server_client(second.endpoint_url).describe_secret(SecretId="db")) == before
