"""Another account's caller and a secret's KMS key: the AWS managed key serves only the secret's
own account; a customer managed key serves whoever its key policy allows.

Each secret shared here has a resource policy allowing the other account, so these tests hold
whether or not resource policies are enforced: the KMS check comes after that one.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.assertions import raises_aws
from tests.kms.support import (
    ACCESS_DENIED,
    ACCESS_DENIED_OLD_KEY,
    DEFAULT_KEY_ACROSS_ACCOUNTS,
    OTHER,
    OWNER,
    SECRETS_MANAGER_USE,
    allow,
    client_of,
    key_policy,
    root,
    share_with,
)
from tests.operations.support import state, token

pytestmark = pytest.mark.secretmock(seed=11)

V1, V2, V3 = token(1), token(2), token(3)


def shared_secret(client: Any, **create: Any) -> str:
    arn: str = client.create_secret(Name="shared", SecretString="one", **create)["ARN"]
    share_with(client, arn, OTHER)
    return arn


def test_another_account_cannot_read_or_write_a_secret_under_the_aws_managed_key(
    client, secretmock
):
    arn = shared_secret(client, ClientRequestToken=V1)
    other = client_of(OTHER)
    before = state(secretmock)

    with raises_aws(*DEFAULT_KEY_ACROSS_ACCOUNTS):
        other.get_secret_value(SecretId=arn)
    with raises_aws(*DEFAULT_KEY_ACROSS_ACCOUNTS):
        other.put_secret_value(SecretId=arn, SecretString="two", ClientRequestToken=V2)
    with raises_aws(*DEFAULT_KEY_ACROSS_ACCOUNTS):
        other.update_secret(SecretId=arn, SecretString="two", ClientRequestToken=V2)

    assert state(secretmock) == before
    # What does not touch the value works (issue 10's sequence, validated against AWS).
    assert other.describe_secret(SecretId=arn)["ARN"] == arn
    versions = other.list_secret_version_ids(SecretId=arn)["Versions"]
    assert [entry["VersionId"] for entry in versions] == [V1]


def test_batch_get_secret_value_reports_the_aws_managed_key_per_secret(client, secretmock):
    arn = shared_secret(client)

    response = client_of(OTHER).batch_get_secret_value(SecretIdList=[arn])

    assert response["SecretValues"] == []
    assert response["Errors"] == [
        {
            "SecretId": arn,
            "ErrorCode": DEFAULT_KEY_ACROSS_ACCOUNTS[0],
            "Message": DEFAULT_KEY_ACROSS_ACCOUNTS[1],
        }
    ]


def test_another_account_cannot_give_a_secret_the_aws_managed_key(client, secretmock):
    key = secretmock.kms.create_key(
        alias="shared",
        policy=key_policy(allow(root(OWNER), "kms:*"), allow(root(OTHER), *SECRETS_MANAGER_USE)),
    )
    arn = shared_secret(client, KmsKeyId=key.arn)
    before = state(secretmock)

    with raises_aws(*DEFAULT_KEY_ACROSS_ACCOUNTS):
        client_of(OTHER).update_secret(SecretId=arn, KmsKeyId="")

    assert state(secretmock) == before


@pytest.mark.parametrize("form", ["key ARN", "alias ARN"])
def test_a_customer_managed_key_that_allows_the_other_account_serves_it(client, secretmock, form):
    key = secretmock.kms.create_key(
        alias="shared",
        policy=key_policy(allow(root(OWNER), "kms:*"), allow(root(OTHER), *SECRETS_MANAGER_USE)),
    )
    given = key.arn if form == "key ARN" else f"arn:aws:kms:us-east-1:{OWNER}:alias/shared"
    arn = shared_secret(client, KmsKeyId=given, ClientRequestToken=V1)
    other = client_of(OTHER)

    assert other.get_secret_value(SecretId=arn)["SecretString"] == "one"
    other.put_secret_value(SecretId=arn, SecretString="two", ClientRequestToken=V2)
    other.update_secret(SecretId=arn, SecretString="three", ClientRequestToken=V3)

    assert other.get_secret_value(SecretId=arn)["SecretString"] == "three"
    assert client.get_secret_value(SecretId="shared", VersionStage="AWSPREVIOUS")[
        "SecretString"
    ] == ("two")
    versions = client.list_secret_version_ids(SecretId="shared")["Versions"]
    assert {entry["VersionId"]: entry["KmsKeyIds"] for entry in versions} == {
        V2: [given],
        V3: [given],
    }


def test_a_principal_the_key_policy_names_is_served_and_its_account_root_is_not(client, secretmock):
    role = f"arn:aws:iam::{OTHER}:role/app"
    key = secretmock.kms.create_key(
        alias="shared",
        policy=key_policy(allow(root(OWNER), "kms:*"), allow(role, "kms:Decrypt")),
    )
    arn = shared_secret(client, KmsKeyId=key.arn)

    with raises_aws(*ACCESS_DENIED):
        client_of(OTHER).get_secret_value(SecretId=arn)  # the account's root, not the role


def test_a_customer_managed_key_with_the_default_policy_serves_only_its_own_account(
    client, secretmock
):
    key = secretmock.kms.create_key(alias="mine")
    arn = shared_secret(client, KmsKeyId=key.arn)
    other = client_of(OTHER)
    before = state(secretmock)

    with raises_aws(*ACCESS_DENIED):
        other.get_secret_value(SecretId=arn)
    with raises_aws(*ACCESS_DENIED):
        other.put_secret_value(SecretId=arn, SecretString="two")
    with raises_aws(*ACCESS_DENIED):
        other.update_secret(SecretId=arn, SecretString="two")

    assert state(secretmock) == before


def test_a_version_left_under_a_key_the_caller_cannot_use_names_the_current_key(client, secretmock):
    mine = secretmock.kms.create_key(alias="mine")
    shared = secretmock.kms.create_key(
        alias="shared",
        # The owner may generate data keys and decrypt, but not encrypt: moving the secret to
        # this key does not re-encrypt its versions [DOC UpdateSecret KmsKeyId].
        policy=key_policy(
            allow(root(OWNER), "kms:GenerateDataKey", "kms:Decrypt"),
            allow(root(OTHER), *SECRETS_MANAGER_USE),
        ),
    )
    arn = shared_secret(client, KmsKeyId=mine.arn, ClientRequestToken=V1)
    client.update_secret(SecretId=arn, KmsKeyId=shared.arn)
    other = client_of(OTHER)

    with raises_aws(*ACCESS_DENIED_OLD_KEY):
        other.get_secret_value(SecretId=arn)

    client.put_secret_value(SecretId=arn, SecretString="two", ClientRequestToken=V2)
    assert other.get_secret_value(SecretId=arn)["SecretString"] == "two"
    with raises_aws(*ACCESS_DENIED_OLD_KEY):
        other.get_secret_value(SecretId=arn, VersionId=V1)


_UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


@pytest.mark.parametrize("form", ["key id", "alias name"])
def test_a_key_id_or_alias_name_is_looked_up_in_the_writers_account(client, secretmock, form):
    key = secretmock.kms.create_key(
        alias="shared",
        policy=key_policy(allow(root(OWNER), "kms:*"), allow(root(OTHER), *SECRETS_MANAGER_USE)),
    )
    given = key.key_id if form == "key id" else "alias/shared"
    arn = shared_secret(client, KmsKeyId=given)
    other = client_of(OTHER)
    before = state(secretmock)

    with pytest.raises(ClientError) as info:
        other.put_secret_value(SecretId=arn, SecretString="two")

    # KMS resolves the name in the caller's account, where there is no such key [USER].
    missing = (
        rf"Key 'arn:aws:kms:us-east-1:{OTHER}:key/{key.key_id}' does not exist"
        if form == "key id"
        else rf"Alias arn:aws:kms:us-east-1:{OTHER}:alias/shared is not found\."
    )
    error = info.value.response["Error"]
    assert error["Code"] == "EncryptionFailure"
    assert re.fullmatch(
        rf"Secrets Manager can't encrypt the secret value: {missing} \(Service: AWSKMS; "
        rf"Status Code: 400; Error Code: NotFoundException; Request ID: {_UUID}; Proxy: null\)",
        error["Message"],
    ), error["Message"]
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert state(secretmock) == before
    # Reading needs no lookup: the stored value names its key.
    assert other.get_secret_value(SecretId=arn)["SecretString"] == "one"


def test_another_accounts_new_kms_key_id_is_looked_up_in_its_own_account(client, secretmock):
    secretmock.kms.create_key(alias="owners")
    arn = shared_secret(client)

    with raises_aws(
        "InvalidParameterException",
        "The operation failed because of an invalid KMS key: Alias "
        f"arn:aws:kms:us-east-1:{OTHER}:alias/owners is not found.",
    ):
        client_of(OTHER).update_secret(SecretId=arn, KmsKeyId="alias/owners")


def test_the_sequence_validated_against_aws(client, secretmock):
    """Issue 10's sequence, validated against AWS, for its KMS steps: under the AWS managed key
    the other account manages the secret but neither reads nor writes its value; under a
    customer managed key that allows it, it does both."""
    other = client_of(OTHER)
    arn = shared_secret(client, ClientRequestToken=V1)

    assert other.describe_secret(SecretId=arn)["Name"] == "shared"
    with raises_aws(*DEFAULT_KEY_ACROSS_ACCOUNTS):
        other.get_secret_value(SecretId=arn)
    with raises_aws(*DEFAULT_KEY_ACROSS_ACCOUNTS):
        other.put_secret_value(SecretId=arn, SecretString="two")
    share_with(other, arn, OTHER)
    assert other.get_resource_policy(SecretId=arn)["ARN"] == arn
    assert [
        entry["VersionId"] for entry in other.list_secret_version_ids(SecretId=arn)["Versions"]
    ] == [V1]
    assert other.list_secrets()["SecretList"] == []
    other.tag_resource(SecretId=arn, Tags=[{"Key": "team", "Value": "b"}])
    assert client.describe_secret(SecretId=arn)["Tags"] == [{"Key": "team", "Value": "b"}]
    other.untag_resource(SecretId=arn, TagKeys=["team"])
    assert client.describe_secret(SecretId=arn)["Tags"] == []
    other.delete_secret(SecretId=arn, ForceDeleteWithoutRecovery=True)
    assert client.list_secrets()["SecretList"] == []

    key = secretmock.kms.create_key(
        alias="shared",
        policy=key_policy(allow(root(OWNER), "kms:*"), allow(root(OTHER), *SECRETS_MANAGER_USE)),
    )
    arn = shared_secret(client, KmsKeyId=key.arn)
    assert other.get_secret_value(SecretId=arn)["SecretString"] == "one"
    other.put_secret_value(SecretId=arn, SecretString="two")
    assert client.get_secret_value(SecretId=arn)["SecretString"] == "two"


def test_another_account_moving_a_secret_off_the_aws_managed_key_cannot_reencrypt_it(
    client, secretmock
):
    key = secretmock.kms.create_key(
        alias="shared",
        policy=key_policy(allow(root(OWNER), "kms:*"), allow(root(OTHER), *SECRETS_MANAGER_USE)),
    )
    arn = shared_secret(client, ClientRequestToken=V1)
    other = client_of(OTHER)

    # Re-encrypting takes kms:Decrypt on the AWS managed key, which serves only the owner.
    other.update_secret(SecretId=arn, KmsKeyId=key.arn)

    assert client.describe_secret(SecretId=arn)["KmsKeyId"] == key.arn
    versions = client.list_secret_version_ids(SecretId=arn)["Versions"]
    assert [entry["KmsKeyIds"] for entry in versions] == [["DefaultEncryptionKey"]]
    with raises_aws(*ACCESS_DENIED_OLD_KEY):
        other.get_secret_value(SecretId=arn)
    assert client.get_secret_value(SecretId=arn)["SecretString"] == "one"
    other.put_secret_value(SecretId=arn, SecretString="two", ClientRequestToken=V2)
    assert other.get_secret_value(SecretId=arn)["SecretString"] == "two"
