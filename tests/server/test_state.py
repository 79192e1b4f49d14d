"""``--state FILE``: a restarted server continues where it stopped; values stay sealed."""

from __future__ import annotations

import json
import signal
import sqlite3
from contextlib import closing
from typing import Any

import pytest
from botocore.exceptions import ClientError

from secretmock import SecretsManagerMock, SecretsManagerServer
from secretmock._identity import Credentials
from secretmock.errors import SecretMockError
from tests.accounts.support import denied, denied_explicitly
from tests.assertions import raises_aws
from tests.botocore_model import needs
from tests.rotation.handlers import SingleUserRotation, credentials
from tests.server.support import POLICY, client, serve, state_replies

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
        sm.describe_secret(SecretId="db"),
        sm.get_secret_value(SecretId="db"),
        other.list_secrets(),
        other.get_secret_value(SecretId="elsewhere"),
    ]
    for reply in replies:
        reply.pop("ResponseMetadata")
    keys = [(key.arn, key.aliases, key.state) for key in server.kms.list_keys()]
    return [*state_replies(sm), *replies, keys]


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
    # closing(): a connection's own ``with`` commits but leaves it open (Python 3.13 warns)
    with closing(sqlite3.connect(path)) as connection:
        meta = dict(connection.execute("SELECT name, value FROM meta").fetchall())
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert meta["schema_version"] == "3"
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
        "primaries",
        "region_replicas",
        "cross_account_replicas",
        "replica_links",
        "replication_regions",
        "credentials",
    }


def test_a_file_of_another_schema_version_is_refused(tmp_path):
    path = tmp_path / "state.sqlite"
    with SecretsManagerServer(SecretsManagerMock(), port=0, state=path):
        pass
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute("UPDATE meta SET value = '99' WHERE name = 'schema_version'")
    with pytest.raises(SecretMockError) as info:
        SecretsManagerServer(SecretsManagerMock(), port=0, state=path)
    assert str(info.value) == (
        f"{path} has state schema version 99; this secretmock reads versions 2 and 3"
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


# -- replication ------------------------------------------------------------------------------

OTHER_ACCOUNT = "111122223333"
REPLICA_WRITE = (
    "InvalidParameterException",
    "Operation not permitted on a replica secret. Call must be made in primary secret's region.",
)
FAILURE = "Replication failed: the test failed it."


def replicate(server: SecretsManagerServer) -> None:
    """A primary with Region replicas (one in sync, one held behind, one failed) and a primary of
    another account with its cross-account replica here."""
    url = server.endpoint_url
    server.kms.create_key(alias="west", region="eu-west-1")
    replica_key = server.kms.create_key(alias="replica").arn
    home = client(url)
    home.create_secret(
        Name="app",
        SecretString="one",
        AddReplicaRegions=[
            {"Region": "eu-west-1", "KmsKeyId": "alias/west"},
            {"Region": "eu-west-2"},
        ],
    )
    server.replication.hold("eu-west-2")
    server.replication.fail("ap-southeast-2", FAILURE)
    home.replicate_secret_to_regions(
        SecretId="app", AddReplicaRegions=[{"Region": "ap-southeast-2"}]
    )
    home.put_secret_value(SecretId="app", SecretString="two")
    owner = client(url, key=OTHER_ACCOUNT)
    primary = owner.create_secret(Name="db", SecretString="db-one")["ARN"]
    replica = home.create_secret(
        Name="db-copy", KmsKeyId=replica_key, CrossAccountPrimaryARN=primary
    )
    owner.associate_cross_account_replica(
        SecretId=primary,
        CrossAccountReplicaARN=replica["ARN"],
        ReplicationRoleARN=f"arn:aws:iam::{OTHER_ACCOUNT}:role/replicator",
    )


def observe_replication(server: SecretsManagerServer) -> list[Any]:
    url = server.endpoint_url
    home, owner = client(url), client(url, key=OTHER_ACCOUNT)
    west, west2 = client(url, region="eu-west-1"), client(url, region="eu-west-2")
    replies = [
        home.describe_secret(SecretId="app"),
        west.describe_secret(SecretId="app"),
        west.get_secret_value(SecretId="app"),
        west.list_secret_version_ids(SecretId="app", IncludeDeprecated=True),
        west2.get_secret_value(SecretId="app"),
        owner.describe_secret(SecretId="db"),
        home.describe_secret(SecretId="db-copy"),
        home.get_secret_value(SecretId="db-copy"),
        home.list_secrets(Filters=[{"Key": "primary-region", "Values": ["us-east-1"]}]),
        (server.replication.held, server.replication.failing),
    ]
    for reply in replies:
        if isinstance(reply, dict):
            reply.pop("ResponseMetadata")
    return replies


@needs("CreateSecret", "CrossAccountPrimaryARN")  # the cross-account replica
def test_a_restart_keeps_replicas_their_status_and_the_held_and_failing_regions(tmp_path):
    path = tmp_path / "state.sqlite"
    with SecretsManagerServer(SecretsManagerMock(), port=0, state=path) as first:
        replicate(first)
        observe_replication(first)  # reading values marks them accessed
        before = observe_replication(first)
    statuses = {entry["Region"]: entry["Status"] for entry in before[0]["ReplicationStatus"]}
    assert statuses == {
        "eu-west-1": "InSync",
        "eu-west-2": "InProgress",
        "ap-southeast-2": "Failed",
    }
    assert before[6]["CrossAccountPrimary"]["ReplicationStatus"] == "InSync"
    with SecretsManagerServer(SecretsManagerMock(), port=0, state=path) as second:
        assert observe_replication(second) == before


@needs("CreateSecret", "CrossAccountPrimaryARN")  # the cross-account replica
def test_after_a_restart_writes_reach_replicas_and_replicas_still_refuse_writes(tmp_path):
    path = tmp_path / "state.sqlite"
    with SecretsManagerServer(SecretsManagerMock(), port=0, state=path) as first:
        replicate(first)
    with SecretsManagerServer(SecretsManagerMock(), port=0, state=path) as second:
        url = second.endpoint_url
        home, owner = client(url), client(url, key=OTHER_ACCOUNT)
        west, west2 = client(url, region="eu-west-1"), client(url, region="eu-west-2")
        # What was copied is known: with its key disabled, the replica needs no new encryption.
        west_key = second.kms.get_key("alias/west", region="eu-west-1")
        west_key.disable()
        second.replication.release("eu-west-1")
        assert home.describe_secret(SecretId="app")["ReplicationStatus"][0] == {
            "Region": "eu-west-1",
            "KmsKeyId": "alias/west",
            "Status": "InSync",
            "StatusMessage": "Replication succeeded",
        }
        west_key.enable()

        home.put_secret_value(SecretId="app", SecretString="three")
        owner.put_secret_value(SecretId="db", SecretString="db-two")
        assert west.get_secret_value(SecretId="app")["SecretString"] == "three"
        assert west2.get_secret_value(SecretId="app")["SecretString"] == "one"  # still held
        assert home.get_secret_value(SecretId="db-copy")["SecretString"] == "db-two"
        second.replication.release()
        assert west2.get_secret_value(SecretId="app")["SecretString"] == "three"
        south = client(url, region="ap-southeast-2")
        assert south.get_secret_value(SecretId="app")["SecretString"] == "three"
        assert [
            (entry["Region"], entry["Status"])
            for entry in home.describe_secret(SecretId="app")["ReplicationStatus"]
        ] == [("eu-west-1", "InSync"), ("eu-west-2", "InSync"), ("ap-southeast-2", "InSync")]

        with raises_aws(*REPLICA_WRITE):
            west.put_secret_value(SecretId="app", SecretString="refused")
        with raises_aws(*REPLICA_WRITE):
            home.put_secret_value(SecretId="db-copy", SecretString="refused")


@needs("CreateSecret", "CrossAccountPrimaryARN")  # the cross-account replica
def test_a_restart_keeps_a_promoted_and_deleted_cross_account_replica_detached(tmp_path):
    path = tmp_path / "state.sqlite"
    with SecretsManagerServer(SecretsManagerMock(), port=0, state=path) as first:
        replicate(first)
        home = client(first.endpoint_url)
        home.stop_replication_to_replica(SecretId="db-copy")
        home.delete_secret(SecretId="db-copy", ForceDeleteWithoutRecovery=True)
        owner = client(first.endpoint_url, key=OTHER_ACCOUNT)
        before = owner.describe_secret(SecretId="db")
    with SecretsManagerServer(SecretsManagerMock(), port=0, state=path) as second:
        after = client(second.endpoint_url, key=OTHER_ACCOUNT).describe_secret(SecretId="db")
    assert before["CrossAccountReplicas"][0]["ReplicationStatus"] == "Detached"
    before.pop("ResponseMetadata")
    after.pop("ResponseMetadata")
    assert after == before


# -- minted credentials and the random sources -------------------------------------------------

ROLE = "arn:aws:iam::444455556666:role/app"
ALICE = "arn:aws:iam::123456789012:user/alice"


def share(server: SecretsManagerServer) -> str:
    """A secret the role may read (its key policy and resource policy say so) and Alice may not."""
    key_policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
                "Action": "kms:*",
                "Resource": "*",
            },
            {
                "Effect": "Allow",
                "Principal": {"AWS": ROLE},
                "Action": "kms:Decrypt",
                "Resource": "*",
            },
        ],
    }
    key = server.kms.create_key(policy=json.dumps(key_policy)).arn
    sm = client(server.endpoint_url)
    arn: str = sm.create_secret(Name="shared", SecretString="for the role", KmsKeyId=key)["ARN"]
    resource_policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": ROLE},
                "Action": "secretsmanager:GetSecretValue",
                "Resource": "*",
            },
            {
                "Effect": "Deny",
                "Principal": {"AWS": ALICE},
                "Action": "secretsmanager:GetSecretValue",
                "Resource": "*",
            },
        ],
    }
    sm.put_resource_policy(SecretId=arn, ResourcePolicy=json.dumps(resource_policy))
    return arn


def act(server: SecretsManagerServer, role: Credentials, alice: Credentials, shared: str) -> None:
    """What each minted key may do; signatures are checked, so each key must be known."""
    as_role = role.client(endpoint_url=server.endpoint_url)
    as_alice = alice.client(endpoint_url=server.endpoint_url)
    assert as_role.get_secret_value(SecretId=shared)["SecretString"] == "for the role"
    assert as_role.get_secret_value(SecretId="own")["ARN"].startswith(
        "arn:aws:secretsmanager:us-east-1:444455556666:secret:own-"
    )
    with raises_aws("AccessDeniedException", denied_explicitly(ALICE, "GetSecretValue", shared)):
        as_alice.get_secret_value(SecretId=shared)
    with raises_aws("AccessDeniedException", denied(role.arn, "DescribeSecret", shared)):
        as_role.describe_secret(SecretId=shared)


def test_minted_credentials_act_as_their_principal_after_a_restart(tmp_path):
    path = tmp_path / "state.sqlite"
    known = {"AKIDEXAMPLE": "secret-of-AKIDEXAMPLE"}  # the admin's, given to each server
    first = SecretsManagerServer(
        SecretsManagerMock(), port=0, check_signatures=True, credentials=known, state=path
    )
    with first:
        shared = share(first)
        role, alice = first.credentials_for(ROLE), first.credentials_for(ALICE)
        role.client(endpoint_url=first.endpoint_url).create_secret(Name="own", SecretString="x")
        act(first, role, alice, shared)
    second = SecretsManagerServer(
        SecretsManagerMock(), port=0, check_signatures=True, credentials=known, state=path
    )
    with second:  # nothing minted again
        act(second, role, alice, shared)
        with pytest.raises(ClientError) as unknown:  # signatures are still checked
            client(second.endpoint_url, key="AKIDUNKNOWN").list_secrets()
    assert unknown.value.response["Error"] == {
        "Code": "UnrecognizedClientException",
        "Message": "The security token included in the request is invalid.",
    }


def seeded_run(server: SecretsManagerServer, part: int) -> list[str]:
    """Keys and secrets made in two parts (part 0 and 1), their ids."""
    key = server.kms.create_key(alias=f"key-{part}")
    made = client(server.endpoint_url).create_secret(
        Name=f"secret-{part}", SecretString="v", KmsKeyId=key.arn
    )
    # (the VersionId is boto3's: it fills in ClientRequestToken)
    return [key.key_id, made["ARN"], made["ResponseMetadata"]["RequestId"]]


def test_a_seeded_server_goes_on_with_its_random_sequence_after_a_restart(tmp_path):
    with SecretsManagerServer(SecretsManagerMock(seed=7), port=0) as server:
        uninterrupted = seeded_run(server, 0) + seeded_run(server, 1)
    path = tmp_path / "state.sqlite"
    with SecretsManagerServer(SecretsManagerMock(seed=7), port=0, state=path) as first:
        made = seeded_run(first, 0)
    with SecretsManagerServer(SecretsManagerMock(seed=7), port=0, state=path) as second:
        made += seeded_run(second, 1)
        assert [key.key_id for key in second.kms.list_keys()] == [made[0], made[3]]
    assert made == uninterrupted
