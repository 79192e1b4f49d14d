"""Rules of replication that no other test pinned down, each found by a rule change the suite
missed (secretmock/_operations/replication.py, secretmock/_backend/replication.py).

Through boto3 as users call it; see docs/mutation-testing.md for how the missed changes were
found.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.assertions import raises_aws
from tests.botocore_model import needs
from tests.operations.support import START, at, reply
from tests.replication.conftest import OTHER_ACCOUNT, REPLICA_WRITE, client_in

pytestmark = pytest.mark.secretmock(clock=START, seed=23)


@needs("AssociateCrossAccountReplica")
def test_a_cross_account_replica_refuses_writes_before_its_primary_associates_it(
    owner, client, key
):
    # The first replication state of the mock: no secret was replicated before.
    primary = owner.create_secret(Name="db", SecretString="one")["ARN"]
    replica = client.create_secret(Name="db-copy", KmsKeyId=key, CrossAccountPrimaryARN=primary)

    with raises_aws(*REPLICA_WRITE):
        client.put_secret_value(SecretId="db-copy", SecretString="mine")
    with raises_aws(*REPLICA_WRITE):
        client.update_secret(SecretId="db-copy", Description="mine")

    described = reply(client.describe_secret(SecretId=replica["ARN"]))
    assert "VersionIdsToStages" not in described
    assert "Description" not in described


def test_create_secret_without_force_overwrite_leaves_a_secret_of_that_name_in_the_region(
    client, secretmock
):
    west = client_in("eu-west-1")
    theirs = west.create_secret(Name="db", SecretString="theirs")["ARN"]

    created = client.create_secret(
        Name="db", SecretString="ours", AddReplicaRegions=[{"Region": "eu-west-1"}]
    )

    failed = {
        "Region": "eu-west-1",
        "KmsKeyId": "alias/aws/secretsmanager",
        "Status": "Failed",
        "StatusMessage": "Replication failed: Secret name db already exists in region eu-west-1.",
    }
    assert created["ReplicationStatus"] == [failed]
    value = west.get_secret_value(SecretId="db")
    assert (value["ARN"], value["SecretString"]) == (theirs, "theirs")


NEEDS_KEY = (
    "InvalidParameterException",
    "You must specify a customer managed KMS key in KmsKeyId when you create a cross-account "
    "replica secret.",
)


@needs("AssociateCrossAccountReplica")
def test_a_cross_account_replica_refuses_the_aws_managed_key_named_by_its_key_arn(
    owner, client, secretmock
):
    primary = owner.create_secret(Name="db", SecretString="one")["ARN"]
    client.create_secret(Name="mine", SecretString="v")  # makes this account's aws/secretsmanager
    managed = secretmock.kms.get_key("alias/aws/secretsmanager").arn

    with raises_aws(*NEEDS_KEY):
        client.create_secret(Name="db-copy", KmsKeyId=managed, CrossAccountPrimaryARN=primary)
    assert [entry["Name"] for entry in client.list_secrets()["SecretList"]] == ["mine"]


@needs("AssociateCrossAccountReplica")
def test_a_cross_account_replica_refuses_an_alias_arn_of_aws_secretsmanager_of_another_region(
    owner, client
):
    # Refused by its name alone: in another Region that alias names no key here.
    primary = owner.create_secret(Name="db", SecretString="one")["ARN"]
    alias_arn = "arn:aws:kms:eu-west-1:123456789012:alias/aws/secretsmanager"

    with raises_aws(*NEEDS_KEY):
        client.create_secret(Name="db-copy", KmsKeyId=alias_arn, CrossAccountPrimaryARN=primary)
    assert client.list_secrets()["SecretList"] == []


@needs("AssociateCrossAccountReplica")
def test_a_region_replica_can_neither_associate_nor_disassociate_a_cross_account_replica(owner):
    owner.create_secret(Name="db", SecretString="one", AddReplicaRegions=[{"Region": "eu-west-1"}])
    owner_west = client_in("eu-west-1", OTHER_ACCOUNT)
    missing = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:copy-AbCdEf"

    with raises_aws(*REPLICA_WRITE):
        owner_west.associate_cross_account_replica(SecretId="db", CrossAccountReplicaARN=missing)
    with raises_aws(*REPLICA_WRITE):
        owner_west.disassociate_cross_account_replica(SecretId="db", CrossAccountReplicaARN=missing)


@needs("AssociateCrossAccountReplica")
def test_the_replica_to_associate_must_be_in_another_account_of_the_same_region(owner, client):
    primary = owner.create_secret(Name="db", SecretString="one")["ARN"]
    own = owner.create_secret(Name="own", SecretString="one")["ARN"]

    with raises_aws(
        "InvalidParameterException",
        f"The primary secret {primary} and the replica secret {own} must be in different "
        "accounts of the same Region and partition.",
    ):
        owner.associate_cross_account_replica(SecretId=primary, CrossAccountReplicaARN=own)
    assert "CrossAccountReplicas" not in owner.describe_secret(SecretId="db")


@needs("AssociateCrossAccountReplica")
def test_a_replica_marked_for_deletion_cannot_be_associated(owner, client):
    primary = owner.create_secret(Name="db", SecretString="one")["ARN"]
    deleted = client.create_secret(Name="copy", SecretString="mine")["ARN"]
    client.delete_secret(SecretId="copy")

    with raises_aws(
        "InvalidRequestException",
        "You can't perform this operation on the secret because it was marked for deletion.",
    ):
        owner.associate_cross_account_replica(SecretId=primary, CrossAccountReplicaARN=deleted)
    assert "CrossAccountReplicas" not in owner.describe_secret(SecretId="db")


@needs("AssociateCrossAccountReplica")
def test_partial_arns_without_the_suffix_name_the_primary_and_the_replica(owner, client, key):
    primary = owner.create_secret(Name="db", SecretString="one")["ARN"]
    replica = client.create_secret(
        Name="db-copy", KmsKeyId=key, CrossAccountPrimaryARN=primary[: -len("-AbCdEf")]
    )["ARN"]
    # The partial ARN of a secret "xy": as long as "db"'s, but another name.
    stranger = client.create_secret(
        Name="xy-copy", KmsKeyId=key, CrossAccountPrimaryARN=primary[: -len("db-AbCdEf")] + "xy"
    )["ARN"]

    with raises_aws(
        "InvalidParameterException",
        f"The secret {stranger} is not a cross-account replica of the primary secret {primary}.",
    ):
        owner.associate_cross_account_replica(SecretId=primary, CrossAccountReplicaARN=stranger)
    associated = owner.associate_cross_account_replica(
        SecretId=primary, CrossAccountReplicaARN=replica
    )
    disassociated = owner.disassociate_cross_account_replica(
        SecretId=primary, CrossAccountReplicaARN=replica[: -len("-AbCdEf")]
    )

    assert reply(associated) == {
        "ARN": primary,
        "CrossAccountReplicaARN": replica,
        "ReplicationStatus": "InSync",
    }
    assert reply(disassociated) == {"ARN": primary, "CrossAccountReplicaARN": replica}


IN_SYNC = {"Status": "InSync", "StatusMessage": "Replication succeeded"}


def test_promoting_the_last_region_replica_leaves_the_primary_a_plain_secret(client, secretmock):
    client.create_secret(Name="db", SecretString="one", AddReplicaRegions=[{"Region": "eu-west-1"}])
    west = client_in("eu-west-1")

    west.stop_replication_to_replica(SecretId="db")

    described = client.describe_secret(SecretId="db")
    assert "PrimaryRegion" not in described
    assert "ReplicationStatus" not in described
    secretmock.replication.hold("eu-west-1")  # no primary left to hold
    assert "ReplicationStatus" not in client.describe_secret(SecretId="db")


def test_a_secret_whose_region_replicas_were_removed_is_plain_to_another_primarys_replica(
    client, secretmock
):
    west = client_in("eu-west-1")
    theirs = west.create_secret(
        Name="db", SecretString="theirs", AddReplicaRegions=[{"Region": "eu-west-2"}]
    )["ARN"]
    west.remove_regions_from_replication(SecretId="db", RemoveReplicaRegions=["eu-west-2"])
    secretmock.replication.hold("eu-west-2")  # no primary left to hold
    secretmock.replication.release()

    created = client.create_secret(
        Name="db",
        SecretString="ours",
        AddReplicaRegions=[{"Region": "eu-west-1"}],
        ForceOverwriteReplicaSecret=True,
    )

    assert created["ReplicationStatus"] == [
        {"Region": "eu-west-1", "KmsKeyId": "alias/aws/secretsmanager", **IN_SYNC}
    ]
    value = west.get_secret_value(SecretId="db")
    assert value["SecretString"] == "ours"
    # Theirs is gone, not merely hidden behind the name.
    assert [entry["ARN"] for entry in west.list_secrets()["SecretList"]] == [value["ARN"]]
    with raises_aws(
        "ResourceNotFoundException", "Secrets Manager can't find the specified secret."
    ):
        west.describe_secret(SecretId=theirs)


@needs("AssociateCrossAccountReplica")
def test_a_primary_whose_cross_account_replica_was_disassociated_is_plain_again(owner, client, key):
    primary = owner.create_secret(Name="db", SecretString="theirs")["ARN"]
    replica = client.create_secret(Name="db-copy", KmsKeyId=key, CrossAccountPrimaryARN=primary)
    owner.associate_cross_account_replica(SecretId=primary, CrossAccountReplicaARN=replica["ARN"])
    owner.disassociate_cross_account_replica(
        SecretId=primary, CrossAccountReplicaARN=replica["ARN"]
    )
    owner_west = client_in("eu-west-1", OTHER_ACCOUNT)

    created = owner_west.create_secret(
        Name="db",
        SecretString="ours",
        AddReplicaRegions=[{"Region": "us-east-1"}],
        ForceOverwriteReplicaSecret=True,
    )

    assert created["ReplicationStatus"] == [
        {"Region": "us-east-1", "KmsKeyId": "alias/aws/secretsmanager", **IN_SYNC}
    ]
    assert owner.get_secret_value(SecretId="db")["SecretString"] == "ours"


@needs("AssociateCrossAccountReplica")
def test_associating_the_same_replica_again_keeps_the_versions_already_copied(
    owner, client, key, secretmock
):
    # Nothing is left to encrypt, so the replica's key, disabled since, is not used.
    primary = owner.create_secret(Name="db", SecretString="one")["ARN"]
    replica = client.create_secret(Name="db-copy", KmsKeyId=key, CrossAccountPrimaryARN=primary)
    owner.associate_cross_account_replica(SecretId=primary, CrossAccountReplicaARN=replica["ARN"])
    secretmock.kms.get_key(key).disable()

    again = owner.associate_cross_account_replica(
        SecretId=primary, CrossAccountReplicaARN=replica["ARN"]
    )

    assert reply(again) == {
        "ARN": primary,
        "CrossAccountReplicaARN": replica["ARN"],
        "ReplicationStatus": "InSync",
    }
    assert client.describe_secret(SecretId="db-copy")["CrossAccountPrimary"] == {
        "PrimarySecretARN": primary,
        "ReplicationStatus": "InSync",
    }


@needs("CreateSecret", "Type")
def test_a_region_replica_has_the_primarys_type(client):
    client.create_secret(
        Name="db", SecretString="one", Type="t", AddReplicaRegions=[{"Region": "eu-west-1"}]
    )

    assert client_in("eu-west-1").describe_secret(SecretId="db")["Type"] == "t"


def test_a_region_replica_has_the_owning_service_of_its_primary(client, secretmock):
    # Not settable through the API: AWS sets it for secrets that services such as RDS create.
    client.create_secret(Name="db", SecretString="one")
    secretmock.store().by_name("db").owning_service = "rds"

    client.replicate_secret_to_regions(SecretId="db", AddReplicaRegions=[{"Region": "eu-west-1"}])

    assert client_in("eu-west-1").describe_secret(SecretId="db")["OwningService"] == "rds"


@needs("AssociateCrossAccountReplica")
def test_a_cross_account_replica_takes_the_last_changed_date_of_its_primary(
    owner, client, key, secretmock
):
    primary = owner.create_secret(Name="db", SecretString="one")["ARN"]
    secretmock.advance_time(timedelta(hours=1))
    replica = client.create_secret(Name="db-copy", KmsKeyId=key, CrossAccountPrimaryARN=primary)
    assert client.describe_secret(SecretId="db-copy")["LastChangedDate"] == at(timedelta(hours=1))

    owner.associate_cross_account_replica(SecretId=primary, CrossAccountReplicaARN=replica["ARN"])

    assert client.describe_secret(SecretId="db-copy")["LastChangedDate"] == at()


ONLY_DEFAULT = (
    "InvalidParameterException",
    "You can only modify the resource policy named default.",
)
POLICY = (
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": '
    '"arn:aws:iam::123456789012:root"}, "Action": "secretsmanager:GetSecretValue", '
    '"Resource": "*"}]}'
)


@needs("PutResourcePolicy", "PolicyName")
def test_a_write_checks_its_own_rules_before_the_callers_authorization_replicated_or_not(
    client, owner, secretmock
):
    # The replication checks of writes start with the mock's first replicated secret; they
    # must not change which error another account's write gets first.
    arn = client.create_secret(Name="app", SecretString="x")["ARN"]
    with raises_aws(*ONLY_DEFAULT):
        owner.put_resource_policy(SecretId=arn, ResourcePolicy=POLICY, PolicyName="other")

    client.create_secret(Name="db", SecretString="x", AddReplicaRegions=[{"Region": "eu-west-1"}])

    with raises_aws(*ONLY_DEFAULT):
        owner.put_resource_policy(SecretId=arn, ResourcePolicy=POLICY, PolicyName="other")
    secretmock.reset()
    arn = client.create_secret(Name="app", SecretString="x")["ARN"]
    with raises_aws(*ONLY_DEFAULT):
        owner.put_resource_policy(SecretId=arn, ResourcePolicy=POLICY, PolicyName="other")


def test_a_reset_forgets_the_held_and_failing_regions_and_every_primary(client, secretmock):
    secretmock.replication.hold("eu-west-1")
    secretmock.replication.fail("eu-west-2", "broken")
    client.create_secret(Name="old", SecretString="x", AddReplicaRegions=[{"Region": "eu-west-3"}])

    secretmock.reset()

    assert (secretmock.replication.held, secretmock.replication.failing) == (frozenset(), {})
    created = client.create_secret(
        Name="db",
        SecretString="x",
        AddReplicaRegions=[{"Region": "eu-west-1"}, {"Region": "eu-west-2"}],
    )
    assert created["ReplicationStatus"] == [
        {"Region": region, "KmsKeyId": "alias/aws/secretsmanager", **IN_SYNC}
        for region in ("eu-west-1", "eu-west-2")
    ]
    # Releasing eu-west-3 brings back no replica of the secret the reset removed.
    secretmock.replication.hold("eu-west-3")
    secretmock.replication.release("eu-west-3")
    assert client_in("eu-west-3").list_secrets()["SecretList"] == []
