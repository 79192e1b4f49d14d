"""Region replicas: CreateSecret's AddReplicaRegions, ReplicateSecretToRegions,
RemoveRegionsFromReplication and StopReplicationToReplica, and the rules of replicated secrets."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import pytest

from tests.assertions import raises_aws
from tests.operations.support import START, at, day_of, reply, state, token
from tests.replication.conftest import REPLICA_WRITE, client_in, disabled_key_failure

pytestmark = pytest.mark.secretmock(clock=START, seed=11)

V1, V2, V3 = token(1), token(2), token(3)
IN_SYNC = {"Status": "InSync", "StatusMessage": "Replication succeeded"}
DEFAULT_KEY = "alias/aws/secretsmanager"


def in_region(arn: str, region: str) -> str:
    parts = arn.split(":")
    parts[3] = region
    return ":".join(parts)


def replicated(client: Any, name: str = "db", *regions: str) -> str:
    """A secret with two versions, replicated to ``regions`` (eu-west-1 by default)."""
    arn: str = client.create_secret(
        Name=name,
        SecretString="one",
        ClientRequestToken=V1,
        AddReplicaRegions=[{"Region": region} for region in regions or ("eu-west-1",)],
    )["ARN"]
    client.put_secret_value(SecretId=name, SecretString="two", ClientRequestToken=V2)
    return arn


def test_create_secret_replicates_and_answers_the_replication_status(client, west):
    created = client.create_secret(
        Name="db",
        SecretString="one",
        ClientRequestToken=V1,
        AddReplicaRegions=[{"Region": "eu-west-1"}, {"Region": "eu-west-2"}],
    )

    assert reply(created) == {
        "ARN": created["ARN"],
        "Name": "db",
        "VersionId": V1,
        "ReplicationStatus": [
            {"Region": "eu-west-1", "KmsKeyId": DEFAULT_KEY, **IN_SYNC},
            {"Region": "eu-west-2", "KmsKeyId": DEFAULT_KEY, **IN_SYNC},
        ],
    }
    value = west.get_secret_value(SecretId="db")
    assert reply(value) == {
        "ARN": in_region(created["ARN"], "eu-west-1"),
        "Name": "db",
        "VersionId": V1,
        "SecretString": "one",
        "VersionStages": ["AWSCURRENT"],
        "CreatedDate": at(),
    }


def test_replicas_are_real_secrets_with_the_same_versions_labels_and_values(client, west):
    arn = replicated(client)

    replica_arn = in_region(arn, "eu-west-1")
    assert west.get_secret_value(SecretId=replica_arn, VersionStage="AWSPREVIOUS")[
        "SecretString"
    ] == ("one")
    assert west.get_secret_value(SecretId="db")["SecretString"] == "two"
    versions = west.list_secret_version_ids(SecretId="db")["Versions"]
    assert [(v["VersionId"], v["VersionStages"]) for v in versions] == [
        (V1, ["AWSPREVIOUS"]),
        (V2, ["AWSCURRENT"]),
    ]
    # Each replica value is encrypted under the replica Region's own AWS managed key.
    assert [v["KmsKeyIds"] for v in versions] == [["DefaultEncryptionKey"]] * 2


def test_describe_secret_reports_primary_region_and_replication_status(client, west, secretmock):
    arn = replicated(client)
    secretmock.advance_time(timedelta(days=1))
    west.get_secret_value(SecretId="db")

    assert reply(client.describe_secret(SecretId="db")) == {
        "ARN": arn,
        "Name": "db",
        "LastChangedDate": at(),
        "VersionIdsToStages": {V1: ["AWSPREVIOUS"], V2: ["AWSCURRENT"]},
        "CreatedDate": at(),
        "PrimaryRegion": "us-east-1",
        "ReplicationStatus": [
            {
                "Region": "eu-west-1",
                "KmsKeyId": DEFAULT_KEY,
                **IN_SYNC,
                "LastAccessedDate": day_of(timedelta(days=1)),
            }
        ],
    }
    # A replica reports its primary's Region, and no ReplicationStatus of its own.
    assert reply(west.describe_secret(SecretId="db")) == {
        "ARN": in_region(arn, "eu-west-1"),
        "Name": "db",
        "LastChangedDate": at(),
        "LastAccessedDate": day_of(timedelta(days=1)),
        "VersionIdsToStages": {V1: ["AWSPREVIOUS"], V2: ["AWSCURRENT"]},
        "CreatedDate": at(),
        "PrimaryRegion": "us-east-1",
    }


def test_list_secrets_reports_primary_region_and_filters_on_it(client, west):
    replicated(client)
    client.create_secret(Name="plain", SecretString="x")

    def names(listed: Any, region: str = "us-") -> list[tuple[str, str | None]]:
        entries = listed.list_secrets(Filters=[{"Key": "primary-region", "Values": [region]}])
        return [(e["Name"], e.get("PrimaryRegion")) for e in entries["SecretList"]]

    assert names(client) == [("db", "us-east-1")]
    assert names(west) == [("db", "us-east-1")]
    assert names(west, "eu-") == []
    everything = client.list_secrets()["SecretList"]
    assert [(e["Name"], e.get("PrimaryRegion")) for e in everything] == [
        ("db", "us-east-1"),
        ("plain", None),
    ]


def test_every_write_to_the_primary_reaches_its_replicas(client, west, secretmock):
    key = secretmock.kms.create_key(alias="west", region="eu-west-1")
    arn = client.create_secret(
        Name="db",
        SecretString="one",
        ClientRequestToken=V1,
        AddReplicaRegions=[{"Region": "eu-west-1", "KmsKeyId": "alias/west"}],
    )["ARN"]
    secretmock.advance_time(timedelta(hours=1))
    client.update_secret(
        SecretId="db", Description="the db", SecretString="two", ClientRequestToken=V2
    )
    client.tag_resource(SecretId="db", Tags=[{"Key": "team", "Value": "core"}])
    policy = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
                    "Action": "secretsmanager:GetSecretValue",
                    "Resource": "*",
                }
            ],
        }
    )
    client.put_resource_policy(SecretId="db", ResourcePolicy=policy)
    client.put_secret_value(
        SecretId="db", SecretString="three", ClientRequestToken=V3, VersionStages=["custom"]
    )
    client.update_secret_version_stage(
        SecretId="db", VersionStage="AWSCURRENT", MoveToVersionId=V3, RemoveFromVersionId=V2
    )

    assert reply(west.describe_secret(SecretId="db")) == {
        "ARN": in_region(arn, "eu-west-1"),
        "Name": "db",
        "Description": "the db",
        "KmsKeyId": "alias/west",
        "LastChangedDate": at(timedelta(hours=1)),
        "Tags": [{"Key": "team", "Value": "core"}],
        "VersionIdsToStages": {V2: ["AWSPREVIOUS"], V3: ["AWSCURRENT", "custom"]},
        "CreatedDate": at(),
        "PrimaryRegion": "us-east-1",
    }
    assert west.get_secret_value(SecretId="db")["SecretString"] == "three"
    assert json.loads(west.get_resource_policy(SecretId="db")["ResourcePolicy"]) == json.loads(
        policy
    )
    versions = west.list_secret_version_ids(SecretId="db")["Versions"]
    assert {tuple(v["KmsKeyIds"]) for v in versions} == {("alias/west",)}
    assert key.aliases == ["alias/west"]

    client.untag_resource(SecretId="db", TagKeys=["team"])
    client.delete_resource_policy(SecretId="db")
    assert west.describe_secret(SecretId="db")["Tags"] == []
    assert "ResourcePolicy" not in west.get_resource_policy(SecretId="db")


@pytest.mark.parametrize(
    ("operation", "params"),
    [
        ("put_secret_value", {"SecretString": "x"}),
        ("update_secret", {"Description": "x"}),
        ("update_secret_version_stage", {"VersionStage": "x", "MoveToVersionId": V1}),
        ("tag_resource", {"Tags": [{"Key": "k", "Value": "v"}]}),
        ("untag_resource", {"TagKeys": ["k"]}),
        ("put_resource_policy", {"ResourcePolicy": '{"Version":"2012-10-17","Statement":[]}'}),
        ("delete_resource_policy", {}),
        ("rotate_secret", {}),
        ("cancel_rotate_secret", {}),
        ("restore_secret", {}),
        ("delete_secret", {}),
        ("delete_secret", {"ForceDeleteWithoutRecovery": True}),
        ("replicate_secret_to_regions", {"AddReplicaRegions": [{"Region": "eu-west-2"}]}),
        ("remove_regions_from_replication", {"RemoveReplicaRegions": ["eu-west-1"]}),
    ],
)
def test_a_replica_refuses_every_write(client, west, secretmock, operation, params):
    replicated(client)
    before = state(secretmock, "eu-west-1"), state(secretmock)

    with raises_aws(*REPLICA_WRITE):
        getattr(west, operation)(SecretId="db", **params)

    assert (state(secretmock, "eu-west-1"), state(secretmock)) == before


def test_a_primary_with_replicas_cannot_be_deleted_until_they_are_removed(
    client, west, west2, secretmock
):
    arn = replicated(client, "db", "eu-west-2", "eu-west-1")
    before = state(secretmock)

    for force in (False, True):
        with raises_aws(
            "InvalidParameterException",
            f"You can't delete secret {arn} that still has replica regions [eu-west-1, eu-west-2].",
        ):
            client.delete_secret(SecretId="db", ForceDeleteWithoutRecovery=force)
    assert state(secretmock) == before

    removed = client.remove_regions_from_replication(
        SecretId="db", RemoveReplicaRegions=["eu-west-1"]
    )
    assert reply(removed) == {
        "ARN": arn,
        "ReplicationStatus": [{"Region": "eu-west-2", "KmsKeyId": DEFAULT_KEY, **IN_SYNC}],
    }
    with raises_aws(
        "ResourceNotFoundException", "Secrets Manager can't find the specified secret."
    ):
        west.describe_secret(SecretId="db")
    assert reply(
        client.remove_regions_from_replication(SecretId="db", RemoveReplicaRegions=["eu-west-2"])
    ) == {"ARN": arn, "ReplicationStatus": []}
    assert west2.list_secrets()["SecretList"] == []
    # No replica left: the secret is a plain secret again, and its deletion can be scheduled.
    assert "PrimaryRegion" not in client.describe_secret(SecretId="db")
    deleted = client.delete_secret(SecretId="db", RecoveryWindowInDays=7)
    assert reply(deleted) == {"ARN": arn, "Name": "db", "DeletionDate": at(timedelta(days=7))}
    secretmock.advance_time(timedelta(days=7))
    assert client.list_secrets(IncludePlannedDeletion=True)["SecretList"] == []


def test_a_replica_in_the_primarys_own_region_or_an_unknown_region_is_refused(client, secretmock):
    client.create_secret(Name="db", SecretString="one")
    before = state(secretmock)

    for region in ("us-east-1", "xx-nowhere-1"):
        with raises_aws("InvalidParameterException", "Invalid replica region."):
            client.replicate_secret_to_regions(
                SecretId="db", AddReplicaRegions=[{"Region": region}]
            )
        with raises_aws("InvalidParameterException", "Invalid replica region."):
            client.create_secret(
                Name="other", SecretString="x", AddReplicaRegions=[{"Region": region}]
            )
    with raises_aws("InvalidParameterException", "Invalid replica region."):
        client.replicate_secret_to_regions(SecretId="db", AddReplicaRegions=[{}])
    assert state(secretmock) == before


def test_an_entry_without_a_region_is_refused_on_a_secret_with_a_policy(client, secretmock):
    # The policy makes the call build its condition keys (secretsmanager:AddReplicaRegions)
    # before the handler reads the entries: the missing Region is still AWS's error.
    client.create_secret(Name="db", SecretString="one")
    client.put_resource_policy(
        SecretId="db",
        ResourcePolicy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Deny",
                        "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                        "Action": "secretsmanager:*",
                        "Resource": "*",
                    }
                ],
            }
        ),
    )
    before = state(secretmock)

    with raises_aws("InvalidParameterException", "Invalid replica region."):
        client.replicate_secret_to_regions(SecretId="db", AddReplicaRegions=[{}])
    assert state(secretmock) == before


def test_a_region_that_breaks_the_models_pattern_is_a_validation_error(client):
    client.create_secret(Name="db", SecretString="one")

    with raises_aws(
        "ValidationException",
        "1 validation error detected: Value 'EU_WEST' at 'addReplicaRegions.1.member.region' "
        "failed to satisfy constraint: Member must satisfy regular expression pattern: "
        "^([a-z]+-)+\\d+$",
    ):
        client.replicate_secret_to_regions(SecretId="db", AddReplicaRegions=[{"Region": "EU_WEST"}])


def test_a_name_taken_in_the_replica_region_fails_that_replica(client, west, secretmock):
    west.create_secret(Name="db", SecretString="theirs")
    arn = client.create_secret(Name="db", SecretString="ours")["ARN"]

    answered = client.replicate_secret_to_regions(
        SecretId="db", AddReplicaRegions=[{"Region": "eu-west-1"}]
    )

    failed = {
        "Region": "eu-west-1",
        "KmsKeyId": DEFAULT_KEY,
        "Status": "Failed",
        "StatusMessage": "Replication failed: Secret name db already exists in region eu-west-1.",
    }
    assert reply(answered) == {"ARN": arn, "ReplicationStatus": [failed]}
    assert client.describe_secret(SecretId="db")["ReplicationStatus"] == [failed]
    assert west.get_secret_value(SecretId="db")["SecretString"] == "theirs"
    # A write to the primary tries again, and fails again.
    client.put_secret_value(SecretId="db", SecretString="ours, again")
    assert client.describe_secret(SecretId="db")["ReplicationStatus"] == [failed]
    # Asking again with ForceOverwriteReplicaSecret replaces their secret.
    forced = client.replicate_secret_to_regions(
        SecretId="db", AddReplicaRegions=[{"Region": "eu-west-1"}], ForceOverwriteReplicaSecret=True
    )
    assert forced["ReplicationStatus"] == [
        {"Region": "eu-west-1", "KmsKeyId": DEFAULT_KEY, **IN_SYNC}
    ]
    assert west.get_secret_value(SecretId="db")["SecretString"] == "ours, again"


def test_force_overwrite_replaces_the_secret_of_that_name(client, west):
    theirs = west.create_secret(Name="db", SecretString="theirs")["ARN"]

    created = client.create_secret(
        Name="db",
        SecretString="ours",
        AddReplicaRegions=[{"Region": "eu-west-1"}],
        ForceOverwriteReplicaSecret=True,
    )

    assert created["ReplicationStatus"] == [
        {"Region": "eu-west-1", "KmsKeyId": DEFAULT_KEY, **IN_SYNC}
    ]
    value = west.get_secret_value(SecretId="db")
    assert (value["ARN"], value["SecretString"]) == (in_region(created["ARN"], "eu-west-1"), "ours")
    assert value["ARN"] != theirs


def test_force_overwrite_does_not_take_a_name_another_primary_replicates(client, west2):
    replicated(client, "db", "eu-west-2")
    elsewhere = client_in("eu-central-1")
    elsewhere.create_secret(Name="db", SecretString="mine")

    answered = elsewhere.replicate_secret_to_regions(
        SecretId="db", AddReplicaRegions=[{"Region": "eu-west-2"}], ForceOverwriteReplicaSecret=True
    )

    assert answered["ReplicationStatus"] == [
        {
            "Region": "eu-west-2",
            "KmsKeyId": DEFAULT_KEY,
            "Status": "Failed",
            "StatusMessage": "Replication failed: Secret name db is currently replicated to "
            "eu-west-2 with a different arn",
        }
    ]
    assert west2.get_secret_value(SecretId="db")["SecretString"] == "two"


def test_the_replica_key_comes_from_add_replica_regions_and_a_disabled_key_fails(
    client, west, secretmock
):
    key = secretmock.kms.create_key(alias="west", region="eu-west-1")
    key.disable()

    created = client.create_secret(
        Name="db",
        SecretString="one",
        AddReplicaRegions=[{"Region": "eu-west-1", "KmsKeyId": key.arn}],
    )

    [status] = created["ReplicationStatus"]
    assert status["Status"] == "Failed"
    assert status["KmsKeyId"] == key.arn
    assert re.fullmatch(disabled_key_failure(key.arn), status["StatusMessage"])
    assert west.list_secrets()["SecretList"] == []
    key.enable()
    client.put_secret_value(SecretId="db", SecretString="two")
    assert client.describe_secret(SecretId="db")["ReplicationStatus"] == [
        {"Region": "eu-west-1", "KmsKeyId": key.arn, **IN_SYNC}
    ]
    versions = west.list_secret_version_ids(SecretId="db")["Versions"]
    assert {tuple(v["KmsKeyIds"]) for v in versions} == {(key.arn,)}


def test_a_replica_key_that_does_not_exist_fails_only_that_region(client, west, west2):
    created = client.create_secret(
        Name="db",
        SecretString="one",
        AddReplicaRegions=[
            {"Region": "eu-west-1", "KmsKeyId": "alias/missing"},
            {"Region": "eu-west-2"},
        ],
    )

    assert [(s["Region"], s["Status"]) for s in created["ReplicationStatus"]] == [
        ("eu-west-1", "Failed"),
        ("eu-west-2", "InSync"),
    ]
    assert created["ReplicationStatus"][0]["StatusMessage"] == (
        "Replication failed: The operation failed because of an invalid KMS key: "
        "Alias arn:aws:kms:eu-west-1:123456789012:alias/missing is not found."
    )
    assert west2.get_secret_value(SecretId="db")["SecretString"] == "one"


def test_stop_replication_promotes_the_replica_to_a_standalone_secret(client, west):
    arn = replicated(client, "db", "eu-west-1", "eu-west-2")

    stopped = west.stop_replication_to_replica(SecretId="db")

    assert reply(stopped) == {"ARN": in_region(arn, "eu-west-1")}
    assert "PrimaryRegion" not in west.describe_secret(SecretId="db")
    west.put_secret_value(SecretId="db", SecretString="standalone")
    client.put_secret_value(SecretId="db", SecretString="primary")
    assert west.get_secret_value(SecretId="db")["SecretString"] == "standalone"
    assert [s["Region"] for s in client.describe_secret(SecretId="db")["ReplicationStatus"]] == [
        "eu-west-2"
    ]
    west.delete_secret(SecretId="db", ForceDeleteWithoutRecovery=True)


def test_stop_replication_on_a_secret_that_is_not_a_replica_is_refused(client, secretmock):
    arn = replicated(client)
    before = state(secretmock)

    with raises_aws("InvalidRequestException", f"The secret {arn} is not a replica secret."):
        client.stop_replication_to_replica(SecretId="db")
    assert state(secretmock) == before


def test_replicating_to_a_region_again_takes_the_new_key(client, west, secretmock):
    replicated(client)
    secretmock.kms.create_key(alias="west", region="eu-west-1")

    answered = client.replicate_secret_to_regions(
        SecretId="db", AddReplicaRegions=[{"Region": "eu-west-1", "KmsKeyId": "alias/west"}]
    )

    assert answered["ReplicationStatus"] == [
        {"Region": "eu-west-1", "KmsKeyId": "alias/west", **IN_SYNC}
    ]
    versions = west.list_secret_version_ids(SecretId="db")["Versions"]
    assert {tuple(v["KmsKeyIds"]) for v in versions} == {("alias/west",)}
    assert west.get_secret_value(SecretId="db")["SecretString"] == "two"


def test_removing_a_region_that_is_not_replicated_changes_nothing(client, secretmock):
    arn = replicated(client)
    before = state(secretmock)

    removed = client.remove_regions_from_replication(
        SecretId="db", RemoveReplicaRegions=["ap-south-1"]
    )

    assert reply(removed) == {
        "ARN": arn,
        "ReplicationStatus": [{"Region": "eu-west-1", "KmsKeyId": DEFAULT_KEY, **IN_SYNC}],
    }
    assert state(secretmock) == before


@pytest.mark.parametrize(
    ("operation", "params"),
    [
        ("replicate_secret_to_regions", {"AddReplicaRegions": [{"Region": "eu-west-1"}]}),
        ("remove_regions_from_replication", {"RemoveReplicaRegions": ["eu-west-1"]}),
        ("stop_replication_to_replica", {}),
    ],
)
def test_replication_operations_on_a_missing_or_deleted_secret(client, operation, params):
    client.create_secret(Name="gone", SecretString="x")
    client.delete_secret(SecretId="gone")
    call = getattr(client, operation)

    with raises_aws(
        "ResourceNotFoundException", "Secrets Manager can't find the specified secret."
    ):
        call(SecretId="missing", **params)
    with raises_aws(
        "InvalidRequestException",
        "You can't perform this operation on the secret because it was marked for deletion.",
    ):
        call(SecretId="gone", **params)


@pytest.mark.parametrize(
    ("region", "partition"), [("us-isof-south-1", "aws-iso-f"), ("eu-isoe-west-1", "aws-iso-e")]
)
def test_a_secret_in_a_newer_partition_has_that_partitions_arn_and_replicates_only_inside_it(
    region, partition, secretmock
):
    # botocore's partition data names these partitions; a replica crosses no partition [DOC].
    client = client_in(region)
    arn = client.create_secret(Name="db", SecretString="one")["ARN"]

    assert arn.startswith(f"arn:{partition}:secretsmanager:{region}:123456789012:secret:db-")
    assert client.get_secret_value(SecretId=arn)["SecretString"] == "one"
    before = state(secretmock)
    with raises_aws("InvalidParameterException", "Invalid replica region."):
        client.replicate_secret_to_regions(
            SecretId=arn, AddReplicaRegions=[{"Region": "us-east-1"}]
        )
    assert state(secretmock) == before
