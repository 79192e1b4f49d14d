"""The fidelity contract (DESIGN.md section 2), proven for every implemented operation.

tests/contract.py checks every reply of every test against botocore's own parse of AWS's wire
form. Here each implemented operation gets a scenario that makes it answer at least once with
success and once with an AWS error, so no operation can be added without passing the check.
Add a scenario for every operation you implement.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import pytest
from botocore.exceptions import ClientError
from dateutil.tz import tzlocal

import secretmock
from secretmock._operations import OPERATIONS
from tests import contract
from tests.botocore_model import needs

Scenario = Callable[[Any], None]
SCENARIOS: dict[str, Scenario] = {}


def scenario(operation: str) -> Callable[[Scenario], Scenario]:
    def register(function: Scenario) -> Scenario:
        SCENARIOS[operation] = function
        return function

    return register


def fails(call: Callable[[], object]) -> None:
    with pytest.raises(ClientError):
        call()


@scenario("CreateSecret")
def create_secret(client: Any) -> None:
    client.create_secret(
        Name="contract/string", SecretString="s", Description="d", Tags=[{"Key": "k", "Value": "v"}]
    )
    client.create_secret(Name="contract/binary", SecretBinary=b"\x00\xff")
    client.create_secret(Name="contract/empty")
    fails(lambda: client.create_secret(Name="contract/string", SecretString="s"))
    fails(lambda: client.create_secret(Name="bad name!"))


@scenario("GetSecretValue")
def get_secret_value(client: Any) -> None:
    client.create_secret(Name="contract/get", SecretBinary=b"\x01\x02")
    client.get_secret_value(SecretId="contract/get")
    fails(lambda: client.get_secret_value(SecretId="contract/missing"))


@scenario("PutSecretValue")
def put_secret_value(client: Any) -> None:
    client.create_secret(Name="contract/put", SecretString="one")
    client.put_secret_value(
        SecretId="contract/put", SecretString="two", VersionStages=["AWSCURRENT", "custom"]
    )
    fails(
        lambda: client.put_secret_value(
            SecretId="contract/put", SecretString="x", SecretBinary=b"x"
        )
    )


@scenario("DescribeSecret")
def describe_secret(client: Any) -> None:
    secretmock.current().kms.create_key(alias="custom")
    client.create_secret(
        Name="contract/describe", SecretString="one", Description="d", KmsKeyId="alias/custom"
    )
    client.get_secret_value(SecretId="contract/describe")
    client.describe_secret(SecretId="contract/describe")
    fails(lambda: client.describe_secret(SecretId="contract/missing"))


@scenario("DeleteSecret")
def delete_secret(client: Any) -> None:
    client.create_secret(Name="contract/delete", SecretString="one")
    client.delete_secret(SecretId="contract/delete", RecoveryWindowInDays=7)
    client.describe_secret(SecretId="contract/delete")  # DeletedDate
    fails(lambda: client.delete_secret(SecretId="contract/delete", RecoveryWindowInDays=3))


@scenario("TagResource")
def tag_resource(client: Any) -> None:
    client.create_secret(Name="contract/tag")
    client.tag_resource(SecretId="contract/tag", Tags=[{"Key": "k", "Value": "v"}])
    fails(lambda: client.tag_resource(SecretId="contract/tag", Tags=[{"Key": "aws:k"}]))


@scenario("UntagResource")
def untag_resource(client: Any) -> None:
    client.create_secret(Name="contract/untag", Tags=[{"Key": "k", "Value": "v"}])
    client.untag_resource(SecretId="contract/untag", TagKeys=["k"])
    fails(lambda: client.untag_resource(SecretId="contract/missing", TagKeys=["k"]))


@scenario("UpdateSecretVersionStage")
def update_secret_version_stage(client: Any) -> None:
    first = client.create_secret(Name="contract/stage", SecretString="one")["VersionId"]
    second = client.put_secret_value(
        SecretId="contract/stage", SecretString="two", VersionStages=["AWSPENDING"]
    )["VersionId"]
    client.update_secret_version_stage(
        SecretId="contract/stage",
        VersionStage="AWSCURRENT",
        MoveToVersionId=second,
        RemoveFromVersionId=first,
    )
    fails(
        lambda: client.update_secret_version_stage(
            SecretId="contract/stage", VersionStage="AWSCURRENT", MoveToVersionId=first
        )
    )


@scenario("GetRandomPassword")
def get_random_password(client: Any) -> None:
    client.get_random_password(PasswordLength=20, IncludeSpace=True)
    fails(lambda: client.get_random_password(PasswordLength=1))


@scenario("ListSecretVersionIds")
def list_secret_version_ids(client: Any) -> None:
    client.create_secret(Name="contract/versions", SecretString="one")
    client.get_secret_value(SecretId="contract/versions")
    for value in ("two", "three"):
        client.put_secret_value(SecretId="contract/versions", SecretString=value)
    page = client.list_secret_version_ids(
        SecretId="contract/versions", IncludeDeprecated=True, MaxResults=2
    )
    client.list_secret_version_ids(SecretId="contract/versions", NextToken=page["NextToken"])
    fails(lambda: client.list_secret_version_ids(SecretId="contract/versions", NextToken="forged"))


@scenario("UpdateSecret")
def update_secret(client: Any) -> None:
    client.create_secret(Name="contract/update", SecretString="one")
    client.update_secret(SecretId="contract/update", Description="only metadata")
    secretmock.current().kms.create_key(alias="k")
    client.update_secret(SecretId="contract/update", SecretBinary=b"\x00two", KmsKeyId="alias/k")
    fails(lambda: client.update_secret(SecretId="contract/missing", SecretString="x"))


@scenario("RestoreSecret")
def restore_secret(client: Any) -> None:
    client.create_secret(Name="contract/restore", SecretString="one")
    client.delete_secret(SecretId="contract/restore")
    client.restore_secret(SecretId="contract/restore")
    fails(lambda: client.restore_secret(SecretId="contract/missing"))


@scenario("ListSecrets")
def list_secrets(client: Any) -> None:
    client.create_secret(
        Name="contract/list-a", SecretString="a", Description="d", Tags=[{"Key": "k", "Value": "v"}]
    )
    secretmock.current().kms.create_key(alias="custom")
    client.create_secret(Name="contract/list-b", KmsKeyId="alias/custom")
    client.get_secret_value(SecretId="contract/list-a")
    client.delete_secret(SecretId="contract/list-b")
    page = client.list_secrets(MaxResults=1, IncludePlannedDeletion=True)
    client.list_secrets(NextToken=page["NextToken"], IncludePlannedDeletion=True)
    client.list_secrets(Filters=[{"Key": "all", "Values": ["list"]}], SortOrder="desc")
    fails(lambda: client.list_secrets(NextToken="forged"))


@scenario("BatchGetSecretValue")
def batch_get_secret_value(client: Any) -> None:
    client.create_secret(Name="contract/batch-a", SecretString="a")
    client.create_secret(Name="contract/batch-b", SecretBinary=b"\x00")
    client.batch_get_secret_value(SecretIdList=["contract/batch-a", "contract/missing"])
    filters = [{"Key": "name", "Values": ["contract/batch"]}]
    page = client.batch_get_secret_value(Filters=filters, MaxResults=1)
    client.batch_get_secret_value(Filters=filters, NextToken=page["NextToken"])
    fails(lambda: client.batch_get_secret_value())


POLICY = (
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":'
    '"arn:aws:iam::123456789012:root"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}'
)


@scenario("PutResourcePolicy")
def put_resource_policy(client: Any) -> None:
    client.create_secret(Name="contract/policy")
    client.put_resource_policy(SecretId="contract/policy", ResourcePolicy=POLICY)
    fails(lambda: client.put_resource_policy(SecretId="contract/policy", ResourcePolicy="{"))


@scenario("GetResourcePolicy")
def get_resource_policy(client: Any) -> None:
    client.create_secret(Name="contract/get-policy")
    client.get_resource_policy(SecretId="contract/get-policy")
    client.put_resource_policy(SecretId="contract/get-policy", ResourcePolicy=POLICY)
    client.get_resource_policy(SecretId="contract/get-policy")
    fails(lambda: client.get_resource_policy(SecretId="contract/missing"))


@scenario("DeleteResourcePolicy")
def delete_resource_policy(client: Any) -> None:
    client.create_secret(Name="contract/delete-policy")
    client.delete_resource_policy(SecretId="contract/delete-policy")
    fails(lambda: client.delete_resource_policy(SecretId="contract/missing"))


@scenario("ValidateResourcePolicy")
def validate_resource_policy(client: Any) -> None:
    client.validate_resource_policy(ResourcePolicy=POLICY)
    client.validate_resource_policy(
        ResourcePolicy=POLICY.replace('{"AWS":"arn:aws:iam::123456789012:root"}', '"*"')
    )
    fails(lambda: client.validate_resource_policy(ResourcePolicy="[]"))


@scenario("ListResourcePolicies")
def list_resource_policies(client: Any) -> None:
    client.create_secret(Name="contract/list-policies")
    client.put_resource_policy(SecretId="contract/list-policies", ResourcePolicy=POLICY)
    client.list_resource_policies(SecretId="contract/list-policies")
    fails(lambda: client.list_resource_policies(SecretId="contract/missing"))


def _leave_pending(event: dict[str, Any], context: Any) -> None:
    """A rotation function that does nothing: its rotation stays unfinished."""


@scenario("RotateSecret")
def rotate_secret(client: Any) -> None:
    from secretmock import current

    arn = current().register_rotation_function("contract-rotator", _leave_pending).arn
    client.create_secret(Name="contract/rotate", SecretString="one")
    client.rotate_secret(
        SecretId="contract/rotate",
        RotationLambdaARN=arn,
        RotationRules={"ScheduleExpression": "cron(0 16 1,15 * ? *)", "Duration": "2h"},
    )
    client.describe_secret(SecretId="contract/rotate")  # every rotation member
    fails(lambda: client.rotate_secret(SecretId="contract/rotate", RotationLambdaARN=arn + "x"))
    fails(lambda: client.rotate_secret(SecretId="contract/rotate"))  # unfinished rotation


@scenario("CancelRotateSecret")
def cancel_rotate_secret(client: Any) -> None:
    from secretmock import current

    arn = current().register_rotation_function("contract-rotator", _leave_pending).arn
    client.create_secret(Name="contract/cancel", SecretString="one")
    client.rotate_secret(SecretId="contract/cancel", RotationLambdaARN=arn)
    client.cancel_rotate_secret(SecretId="contract/cancel")  # with the unfinished VersionId
    client.describe_secret(SecretId="contract/cancel")
    client.create_secret(Name="contract/never-rotated", SecretString="one")
    fails(lambda: client.cancel_rotate_secret(SecretId="contract/never-rotated"))


def _in(region: str, access_key_id: str | None = None) -> Any:
    """A client of another Region (and, with a 12-digit access key id, another account)."""
    import boto3

    if access_key_id is None:
        return boto3.client("secretsmanager", region_name=region)
    return boto3.client(
        "secretsmanager",
        region_name=region,
        aws_access_key_id=access_key_id,
        aws_secret_access_key="x",
    )


@scenario("ReplicateSecretToRegions")
def replicate_secret_to_regions(client: Any) -> None:
    from secretmock import current

    client.create_secret(
        Name="contract/replicated",
        SecretString="v",
        AddReplicaRegions=[{"Region": "eu-west-1"}],
    )
    _in("eu-west-1").get_secret_value(SecretId="contract/replicated")  # LastAccessedDate
    current().replication.fail("eu-west-2", "Replication failed: contract")
    client.replicate_secret_to_regions(
        SecretId="contract/replicated", AddReplicaRegions=[{"Region": "eu-west-2"}]
    )
    client.describe_secret(SecretId="contract/replicated")  # ReplicationStatus, PrimaryRegion
    _in("eu-west-1").describe_secret(SecretId="contract/replicated")
    client.list_secrets(Filters=[{"Key": "primary-region", "Values": ["us-east-1"]}])
    fails(
        lambda: client.replicate_secret_to_regions(
            SecretId="contract/replicated", AddReplicaRegions=[{"Region": "us-east-1"}]
        )
    )


@scenario("RemoveRegionsFromReplication")
def remove_regions_from_replication(client: Any) -> None:
    client.create_secret(
        Name="contract/remove",
        SecretString="v",
        AddReplicaRegions=[{"Region": "eu-west-1"}, {"Region": "eu-west-2"}],
    )
    client.remove_regions_from_replication(
        SecretId="contract/remove", RemoveReplicaRegions=["eu-west-1"]
    )
    fails(
        lambda: _in("eu-west-2").remove_regions_from_replication(
            SecretId="contract/remove", RemoveReplicaRegions=["eu-west-1"]
        )
    )


@scenario("StopReplicationToReplica")
def stop_replication_to_replica(client: Any) -> None:
    client.create_secret(
        Name="contract/promote", SecretString="v", AddReplicaRegions=[{"Region": "eu-west-1"}]
    )
    _in("eu-west-1").stop_replication_to_replica(SecretId="contract/promote")
    fails(lambda: client.stop_replication_to_replica(SecretId="contract/promote"))


def _cross_account_pair(client: Any, name: str) -> tuple[Any, str, str]:
    """A primary in account 111122223333 (its client is returned) and a replica created for it
    in the mock's account, under a customer managed key."""
    from secretmock import current

    owner = _in("us-east-1", "111122223333")
    primary = owner.create_secret(Name=name, SecretString="v")["ARN"]
    key = current().kms.create_key().arn
    replica = client.create_secret(Name=name, KmsKeyId=key, CrossAccountPrimaryARN=primary)["ARN"]
    return owner, primary, replica


@scenario("AssociateCrossAccountReplica")
@needs("AssociateCrossAccountReplica")
def associate_cross_account_replica(client: Any) -> None:
    owner, primary, replica = _cross_account_pair(client, "contract/cross")
    client.describe_secret(SecretId=replica)  # CrossAccountPrimary, Pending
    owner.associate_cross_account_replica(
        SecretId=primary,
        CrossAccountReplicaARN=replica,
        ReplicationRoleARN="arn:aws:iam::111122223333:role/replicator",
    )
    owner.describe_secret(SecretId=primary)  # CrossAccountReplicas
    client.describe_secret(SecretId=replica)
    fails(
        lambda: owner.associate_cross_account_replica(
            SecretId=primary, CrossAccountReplicaARN=primary
        )
    )


@scenario("DisassociateCrossAccountReplica")
@needs("DisassociateCrossAccountReplica")
def disassociate_cross_account_replica(client: Any) -> None:
    owner, primary, replica = _cross_account_pair(client, "contract/detach")
    owner.associate_cross_account_replica(SecretId=primary, CrossAccountReplicaARN=replica)
    owner.disassociate_cross_account_replica(SecretId=primary, CrossAccountReplicaARN=replica)
    fails(
        lambda: owner.disassociate_cross_account_replica(
            SecretId=primary, CrossAccountReplicaARN=replica
        )
    )


def test_every_implemented_operation_has_a_contract_scenario():
    assert sorted(set(OPERATIONS) - set(SCENARIOS)) == []


@pytest.mark.parametrize(
    "operation", [pytest.param(name, marks=needs(name)) for name in sorted(OPERATIONS)]
)
def test_operation_replies_equal_botocores_parse_of_the_wire_form(operation, client):
    if operation not in SCENARIOS:
        pytest.fail(f"no contract scenario for {operation}: add one to tests/test_contract.py")
    before = contract.checked.copy()
    SCENARIOS[operation](client)
    new = contract.checked - before
    statuses = {status for (name, status) in new if name == operation}
    assert any(status == 200 for status in statuses), f"{operation} never answered with success"
    assert any(status >= 400 for status in statuses), f"{operation} never answered with an error"


def test_the_contract_check_catches_wrong_types_and_zones():
    shape = _output_shape("GetSecretValue")
    created = datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=tzlocal())
    wire = contract.to_wire({"ARN": "a", "SecretBinary": b"\x00", "CreatedDate": created}, shape)
    assert wire == {
        "ARN": "a",
        "SecretBinary": base64.b64encode(b"\x00").decode(),
        "CreatedDate": created.timestamp(),
    }
    with pytest.raises(AssertionError, match="is not"):
        contract.assert_same({"CreatedDate": created}, {"CreatedDate": created.isoformat()})
    with pytest.raises(
        AssertionError, match=r"tzinfo=tzlocal\(\)\) vs .*tzinfo=datetime.timezone.utc"
    ):
        contract.assert_same(
            {"CreatedDate": created}, {"CreatedDate": created.astimezone(timezone.utc)}
        )


def _output_shape(operation: str) -> Any:
    import botocore.session

    return (
        botocore.session.get_session()
        .get_service_model("secretsmanager")
        .operation_model(operation)
        .output_shape
    )
