"""Cross-account replicas: CreateSecret's CrossAccountPrimaryARN, AssociateCrossAccountReplica,
DisassociateCrossAccountReplica, and StopReplicationToReplica on a cross-account replica.

The primary lives in account 111122223333 (a client whose access key id is those 12 digits acts
as that account); the replica lives in the mock's account, where ``secretmock.kms`` makes keys.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.assertions import raises_aws
from tests.botocore_model import needs
from tests.operations.support import START, reply, state
from tests.replication.conftest import OTHER_ACCOUNT, REPLICA_WRITE, disabled_key_failure

pytestmark = [
    pytest.mark.secretmock(clock=START, seed=14),
    needs("AssociateCrossAccountReplica"),
]

ROLE = f"arn:aws:iam::{OTHER_ACCOUNT}:role/replicator"


def pair(owner: Any, client: Any, key: str) -> tuple[str, str]:
    primary: str = owner.create_secret(Name="db", SecretString="one")["ARN"]
    replica: str = client.create_secret(
        Name="db-copy", KmsKeyId=key, CrossAccountPrimaryARN=primary
    )["ARN"]
    return primary, replica


def test_a_new_cross_account_replica_has_no_value_and_waits_pending(owner, client, key):
    primary, replica = pair(owner, client, key)

    described = reply(client.describe_secret(SecretId=replica))
    assert described["CrossAccountPrimary"] == {
        "PrimarySecretARN": primary,
        "ReplicationStatus": "Pending",
    }
    assert "VersionIdsToStages" not in described


@pytest.mark.parametrize(
    ("member", "value"),
    [
        ("SecretString", "v"),
        ("SecretBinary", b"v"),
        ("Description", "d"),
        ("AddReplicaRegions", [{"Region": "eu-west-1"}]),
        ("Type", "t"),
    ],
)
def test_a_cross_account_replica_takes_no_value_description_regions_or_type(
    owner, client, key, secretmock, member, value
):
    primary = owner.create_secret(Name="db", SecretString="one")["ARN"]

    with raises_aws(
        "InvalidParameterException",
        f"You can't specify {member} when you create a cross-account replica secret.",
    ):
        client.create_secret(
            Name="copy", KmsKeyId=key, CrossAccountPrimaryARN=primary, **{member: value}
        )
    assert state(secretmock) == []


@pytest.mark.parametrize("kms_key_id", [None, "alias/aws/secretsmanager"])
def test_a_cross_account_replica_needs_a_customer_managed_key(owner, client, kms_key_id):
    primary = owner.create_secret(Name="db", SecretString="one")["ARN"]
    keys = {} if kms_key_id is None else {"KmsKeyId": kms_key_id}

    with raises_aws(
        "InvalidParameterException",
        "You must specify a customer managed KMS key in KmsKeyId when you create a "
        "cross-account replica secret.",
    ):
        client.create_secret(Name="copy", CrossAccountPrimaryARN=primary, **keys)


def test_the_primary_must_be_in_another_account_of_the_same_region(owner, client, key):
    primary = owner.create_secret(Name="db", SecretString="one")["ARN"]
    own = client.create_secret(Name="mine", SecretString="one")["ARN"]
    elsewhere = primary.replace("us-east-1", "eu-west-1")

    for arn in (own, elsewhere):
        with raises_aws(
            "InvalidParameterException",
            f"The primary secret {arn} and the replica secret copy must be in different "
            "accounts of the same Region and partition.",
        ):
            client.create_secret(Name="copy", KmsKeyId=key, CrossAccountPrimaryARN=arn)


def test_associating_replicates_the_values_and_reports_both_sides(owner, client, key):
    primary, replica = pair(owner, client, key)
    owner.put_secret_value(SecretId="db", SecretString="two")

    associated = owner.associate_cross_account_replica(
        SecretId=primary, CrossAccountReplicaARN=replica, ReplicationRoleARN=ROLE
    )

    assert reply(associated) == {
        "ARN": primary,
        "CrossAccountReplicaARN": replica,
        "ReplicationStatus": "InSync",
    }
    assert client.get_secret_value(SecretId="db-copy")["SecretString"] == "two"
    assert client.describe_secret(SecretId=replica)["CrossAccountPrimary"] == {
        "PrimarySecretARN": primary,
        "ReplicationStatus": "InSync",
    }
    assert owner.describe_secret(SecretId="db")["CrossAccountReplicas"] == [
        {"ReplicaSecretARN": replica, "ReplicationRoleARN": ROLE, "ReplicationStatus": "InSync"}
    ]
    versions = client.list_secret_version_ids(SecretId="db-copy")["Versions"]
    assert {tuple(v["KmsKeyIds"]) for v in versions} == {(key,)}
    # Values keep flowing: every write to the primary reaches the replica.
    owner.put_secret_value(SecretId="db", SecretString="three")
    assert client.get_secret_value(SecretId="db-copy")["SecretString"] == "three"
    # Idempotent: associating again answers the same.
    again = owner.associate_cross_account_replica(
        SecretId=primary, CrossAccountReplicaARN=replica, ReplicationRoleARN=ROLE
    )
    assert reply(again) == reply(associated)


def test_a_primary_has_at_most_one_cross_account_replica(owner, client, key, secretmock):
    primary, replica = pair(owner, client, key)
    second = client.create_secret(Name="second", KmsKeyId=key, CrossAccountPrimaryARN=primary)[
        "ARN"
    ]
    owner.associate_cross_account_replica(SecretId=primary, CrossAccountReplicaARN=replica)
    before = state(secretmock)

    with raises_aws(
        "LimitExceededException",
        f"The primary secret {primary} already has a cross-account replica.",
    ):
        owner.associate_cross_account_replica(SecretId=primary, CrossAccountReplicaARN=second)
    assert state(secretmock) == before


def test_a_replica_made_for_another_primary_cannot_be_associated(owner, client, key):
    primary, replica = pair(owner, client, key)
    other = owner.create_secret(Name="other", SecretString="x")["ARN"]

    with raises_aws(
        "InvalidParameterException",
        f"The secret {replica} is not a cross-account replica of the primary secret {other}.",
    ):
        owner.associate_cross_account_replica(SecretId=other, CrossAccountReplicaARN=replica)
    missing = replica[:-6] + "AbCdEf"
    with raises_aws(
        "ResourceNotFoundException", "Secrets Manager can't find the specified secret."
    ):
        owner.associate_cross_account_replica(SecretId=primary, CrossAccountReplicaARN=missing)


def test_a_linked_replica_refuses_writes_and_deletion(owner, client, key):
    primary, replica = pair(owner, client, key)
    owner.associate_cross_account_replica(SecretId=primary, CrossAccountReplicaARN=replica)

    with raises_aws(*REPLICA_WRITE):
        client.put_secret_value(SecretId="db-copy", SecretString="mine")
    with raises_aws(*REPLICA_WRITE):
        client.delete_secret(SecretId="db-copy", ForceDeleteWithoutRecovery=True)


def test_a_primary_with_an_associated_replica_cannot_be_deleted(owner, client, key):
    primary, replica = pair(owner, client, key)
    owner.associate_cross_account_replica(SecretId=primary, CrossAccountReplicaARN=replica)

    with raises_aws(
        "InvalidParameterException",
        f"You can't delete secret {primary} that still has cross-account replicas [{replica}].",
    ):
        owner.delete_secret(SecretId="db")

    disassociated = owner.disassociate_cross_account_replica(
        SecretId=primary, CrossAccountReplicaARN=replica
    )

    assert reply(disassociated) == {"ARN": primary, "CrossAccountReplicaARN": replica}
    assert "CrossAccountReplicas" not in owner.describe_secret(SecretId="db")
    # The replica stays, Detached, and no longer receives values; it is not standalone yet.
    owner.put_secret_value(SecretId="db", SecretString="after")
    assert client.get_secret_value(SecretId="db-copy")["SecretString"] == "one"
    assert client.describe_secret(SecretId=replica)["CrossAccountPrimary"] == {
        "PrimarySecretARN": primary,
        "ReplicationStatus": "Detached",
    }
    with raises_aws(*REPLICA_WRITE):
        client.delete_secret(SecretId="db-copy")
    with raises_aws(
        "InvalidParameterException",
        f"The secret {replica} is not a cross-account replica of the primary secret {primary}.",
    ):
        owner.disassociate_cross_account_replica(SecretId=primary, CrossAccountReplicaARN=replica)
    owner.delete_secret(SecretId="db", ForceDeleteWithoutRecovery=True)


def test_stop_replication_makes_a_cross_account_replica_standalone(owner, client, key):
    primary, replica = pair(owner, client, key)
    owner.associate_cross_account_replica(SecretId=primary, CrossAccountReplicaARN=replica)

    assert reply(client.stop_replication_to_replica(SecretId="db-copy")) == {"ARN": replica}

    assert "CrossAccountPrimary" not in client.describe_secret(SecretId="db-copy")
    assert owner.describe_secret(SecretId="db")["CrossAccountReplicas"] == [
        {"ReplicaSecretARN": replica, "ReplicationStatus": "Detached"}
    ]
    client.put_secret_value(SecretId="db-copy", SecretString="mine")
    owner.put_secret_value(SecretId="db", SecretString="theirs")
    assert client.get_secret_value(SecretId="db-copy")["SecretString"] == "mine"
    # A Detached replica no longer keeps the primary from being deleted.
    owner.delete_secret(SecretId="db", ForceDeleteWithoutRecovery=True)
    client.delete_secret(SecretId="db-copy", ForceDeleteWithoutRecovery=True)


def test_a_replica_key_that_cannot_encrypt_fails_the_replication_until_repaired(
    owner, client, key, secretmock
):
    primary, replica = pair(owner, client, key)
    replica_key = secretmock.kms.get_key(key)
    replica_key.disable()

    associated = owner.associate_cross_account_replica(
        SecretId=primary, CrossAccountReplicaARN=replica
    )

    assert associated["ReplicationStatus"] == "Failed"
    [entry] = owner.describe_secret(SecretId=primary)["CrossAccountReplicas"]
    assert re.fullmatch(disabled_key_failure(key), entry["StatusMessage"])
    assert client.describe_secret(SecretId=replica)["CrossAccountPrimary"] == {
        "PrimarySecretARN": primary,
        "ReplicationStatus": "Failed",
        "StatusMessage": entry["StatusMessage"],
    }
    # Associating again repairs it, once the key can encrypt.
    replica_key.enable()
    repaired = owner.associate_cross_account_replica(
        SecretId=primary, CrossAccountReplicaARN=replica
    )
    assert repaired["ReplicationStatus"] == "InSync"
    assert client.get_secret_value(SecretId=replica)["SecretString"] == "one"


def test_a_held_region_holds_cross_account_replication_there_too(owner, client, key, secretmock):
    primary, replica = pair(owner, client, key)
    secretmock.replication.hold("us-east-1")

    associated = owner.associate_cross_account_replica(
        SecretId=primary, CrossAccountReplicaARN=replica
    )

    assert associated["ReplicationStatus"] == "InProgress"
    assert client.describe_secret(SecretId=replica)["CrossAccountPrimary"] == {
        "PrimarySecretARN": primary,
        "ReplicationStatus": "InProgress",
    }
    assert "VersionIdsToStages" not in client.describe_secret(SecretId=replica)
    secretmock.replication.fail("us-east-1", "Replication failed: held too long")
    assert owner.describe_secret(SecretId=primary)["CrossAccountReplicas"] == [
        {
            "ReplicaSecretARN": replica,
            "ReplicationStatus": "Failed",
            "StatusMessage": "Replication failed: held too long",
        }
    ]

    secretmock.replication.release()

    assert client.get_secret_value(SecretId=replica)["SecretString"] == "one"
    assert client.describe_secret(SecretId=replica)["CrossAccountPrimary"] == {
        "PrimarySecretARN": primary,
        "ReplicationStatus": "InSync",
    }
