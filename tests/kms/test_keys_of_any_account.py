"""Customer managed keys of any account: ``mock.kms.create_key(account_id=...)``.

A key belongs to one account and Region, as in KMS: its alias and key id name it only there, its
ARN names it anywhere, and its default key policy allows its own account's root.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from secretmock import SecretsManagerMock
from secretmock._kms import KmsKey
from secretmock.errors import SecretMockError
from tests.assertions import raises_aws
from tests.kms.support import (
    ACCESS_DENIED,
    OTHER,
    OWNER,
    REGION,
    SECRETS_MANAGER_USE,
    allow,
    client_of,
    root,
)
from tests.operations.support import state, token
from tests.operations.test_kms_keys import raises_kms_failure

pytestmark = pytest.mark.secretmock(seed=5)

_UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab"


def forms(key: KmsKey) -> dict[str, str]:
    """The four ways a KmsKeyId names ``key``, whose alias is alias/mine."""
    return {
        "alias name": "alias/mine",
        "key id": key.key_id,
        "key ARN": key.arn,
        "alias ARN": f"arn:aws:kms:{REGION}:{key.account_id}:alias/mine",
    }


def key_policy_of(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


@pytest.mark.parametrize("form", ["alias name", "key id", "key ARN", "alias ARN"])
def test_another_account_keeps_its_secret_under_its_own_key(secretmock, form):
    key = secretmock.kms.create_key(alias="mine", account_id=OTHER)
    given = forms(key)[form]
    other = client_of(OTHER)

    created = other.create_secret(
        Name="own", SecretString="v1", KmsKeyId=given, ClientRequestToken=token(1)
    )
    other.put_secret_value(SecretId="own", SecretString="v2", ClientRequestToken=token(2))

    assert re.fullmatch(rf"arn:aws:kms:{REGION}:{OTHER}:key/{_UUID}", key.arn)
    assert key.account_id == OTHER
    assert created["ARN"].startswith(f"arn:aws:secretsmanager:{REGION}:{OTHER}:secret:own-")
    assert other.get_secret_value(SecretId="own")["SecretString"] == "v2"
    previous = other.get_secret_value(SecretId="own", VersionStage="AWSPREVIOUS")
    assert previous["SecretString"] == "v1"
    assert other.describe_secret(SecretId="own")["KmsKeyId"] == given
    versions = other.list_secret_version_ids(SecretId="own")["Versions"]
    assert {entry["VersionId"]: entry["KmsKeyIds"] for entry in versions} == {
        token(1): [given],
        token(2): [given],
    }
    key.disable()  # the value really is under this key
    with raises_kms_failure("DecryptionFailure", key, writing=False, kms_code="DisabledException"):
        other.get_secret_value(SecretId="own")


def test_a_principal_of_the_keys_account_uses_it_with_minted_credentials(secretmock):
    key = secretmock.kms.create_key(alias="mine", account_id=OTHER)
    app = secretmock.credentials_for(f"arn:aws:iam::{OTHER}:role/app").client()

    app.create_secret(Name="own", SecretString="v", KmsKeyId="alias/mine")

    assert app.get_secret_value(SecretId="own")["SecretString"] == "v"
    assert app.describe_secret(SecretId="own")["KmsKeyId"] == "alias/mine"
    assert secretmock.kms.get_key("alias/mine", account_id=OTHER) is key


def test_the_default_key_policy_allows_the_keys_own_account(secretmock):
    key = secretmock.kms.create_key(account_id=OTHER)

    assert json.loads(key.policy) == {
        "Version": "2012-10-17",
        "Id": "key-default-1",
        "Statement": [
            {
                "Sid": "Enable IAM User Permissions",
                "Effect": "Allow",
                "Principal": {"AWS": root(OTHER)},
                "Action": "kms:*",
                "Resource": "*",
            }
        ],
    }


def test_an_alias_names_a_key_of_the_callers_own_account(secretmock, client):
    mine = secretmock.kms.create_key(alias="mine")
    theirs = secretmock.kms.create_key(alias="mine", account_id=OTHER)
    other = client_of(OTHER)

    client.create_secret(Name="s", SecretString="owner's", KmsKeyId="alias/mine")
    other.create_secret(Name="s", SecretString="other's", KmsKeyId="alias/mine")
    mine.disable()

    # Each secret is under its own account's key: disabling the owner's leaves the other's.
    assert other.get_secret_value(SecretId="s")["SecretString"] == "other's"
    with raises_kms_failure("DecryptionFailure", mine, writing=False, kms_code="DisabledException"):
        client.get_secret_value(SecretId="s")
    assert mine.key_id != theirs.key_id
    assert secretmock.kms.get_key("alias/mine") is mine
    assert secretmock.kms.get_key("alias/mine", account_id=OTHER) is theirs


@pytest.mark.parametrize("form", ["alias name", "key id"])
def test_another_accounts_key_is_not_found_by_alias_or_key_id(secretmock, client, form):
    key = secretmock.kms.create_key(alias="mine", account_id=OTHER)
    before = state(secretmock)

    missing = {
        "alias name": f"Alias arn:aws:kms:{REGION}:{OWNER}:alias/mine is not found.",
        "key id": f"Key 'arn:aws:kms:{REGION}:{OWNER}:key/{key.key_id}' does not exist",
    }[form]
    with raises_aws(
        "InvalidParameterException",
        f"The operation failed because of an invalid KMS key: {missing}",
    ):
        client.create_secret(Name="s", SecretString="v", KmsKeyId=forms(key)[form])

    assert state(secretmock) == before


@pytest.mark.parametrize("owner", [OWNER, OTHER])
@pytest.mark.parametrize("form", ["key ARN", "alias ARN"])
def test_a_key_of_another_account_serves_by_arn_only_when_its_policy_allows(
    secretmock, owner, form
):
    user = OTHER if owner == OWNER else OWNER
    key = secretmock.kms.create_key(alias="mine", account_id=owner)
    writer = client_of(user)
    before = state(secretmock)

    with raises_aws(*ACCESS_DENIED):
        writer.create_secret(Name="s", SecretString="v", KmsKeyId=forms(key)[form])
    assert state(secretmock) == before

    key.policy = key_policy_of(allow(root(owner), "kms:*"), allow(root(user), *SECRETS_MANAGER_USE))
    writer.create_secret(Name="s", SecretString="v", KmsKeyId=forms(key)[form])
    assert writer.get_secret_value(SecretId="s")["SecretString"] == "v"
    key.disable()
    with raises_kms_failure("DecryptionFailure", key, writing=False, kms_code="DisabledException"):
        writer.get_secret_value(SecretId="s")


def test_each_account_has_its_own_aws_managed_key(secretmock, client):
    other = client_of(OTHER)

    other.create_secret(Name="s", SecretString="v")

    (managed,) = secretmock.kms.list_keys(account_id=OTHER)
    assert re.fullmatch(rf"arn:aws:kms:{REGION}:{OTHER}:key/{_UUID}", managed.arn)
    assert (managed.aliases, managed.aws_managed) == (["alias/aws/secretsmanager"], True)
    assert secretmock.kms.list_keys() == []  # the owner account has made none yet
    client.create_secret(Name="s", SecretString="v")
    (own,) = secretmock.kms.list_keys()
    assert own.account_id == OWNER
    assert own is not managed
    assert secretmock.kms.get_key("alias/aws/secretsmanager", account_id=OTHER) is managed
    assert json.loads(managed.policy)["Statement"][0]["Condition"]["StringEquals"] == {
        "kms:ViaService": f"secretsmanager.{REGION}.amazonaws.com",
        "kms:CallerAccount": OTHER,
    }


def test_keys_are_found_in_their_account_and_region(secretmock: SecretsManagerMock) -> None:
    here = secretmock.kms.create_key(alias="k")
    there = secretmock.kms.create_key(alias="k", account_id=OTHER, region="eu-west-1")
    alias_arn = f"arn:aws:kms:eu-west-1:{OTHER}:alias/k"

    assert secretmock.kms.list_keys(account_id=OTHER, region="eu-west-1") == [there]
    assert secretmock.kms.list_keys(account_id=OTHER) == []
    assert secretmock.kms.list_keys() == [here]
    # An ARN names its own account and Region, whatever the keywords say.
    assert secretmock.kms.get_key(there.arn) is there
    assert secretmock.kms.get_key(alias_arn, account_id=OWNER) is there
    assert secretmock.kms.get_key(there.key_id, account_id=OTHER, region="eu-west-1") is there
    with pytest.raises(SecretMockError) as raised:
        secretmock.kms.get_key(there.key_id)
    assert str(raised.value) == f"no KMS key {there.key_id!r} in account {OWNER} in us-east-1"


def test_a_key_id_can_be_given_and_is_unique_in_the_mock(secretmock):
    key = secretmock.kms.create_key(account_id=OTHER, key_id=KEY_ID)
    assert key.arn == f"arn:aws:kms:{REGION}:{OTHER}:key/{KEY_ID}"

    with pytest.raises(SecretMockError) as raised:
        secretmock.kms.create_key(region="eu-west-1", key_id=KEY_ID)
    assert str(raised.value) == f"the mock already has a KMS key {KEY_ID}: {key.arn}"
    assert secretmock.kms.list_keys(region="eu-west-1") == []


@pytest.mark.parametrize(
    ("keywords", "message"),
    [
        (
            {"key_id": KEY_ID.upper()},
            "a KMS key id is a lowercase UUID such as '1234abcd-12ab-34cd-56ef-1234567890ab', "
            f"not {KEY_ID.upper()!r}",
        ),
        (
            {"key_id": "mrk-1234abcd12ab34cd56ef1234567890ab"},
            "a KMS key id is a lowercase UUID such as '1234abcd-12ab-34cd-56ef-1234567890ab', "
            "not 'mrk-1234abcd12ab34cd56ef1234567890ab'",
        ),
        ({"account_id": "4444"}, "account_id must be a string of 12 digits, not '4444'"),
        (
            {"region": "Mars"},
            "region must be a region name such as 'us-east-1', not 'Mars'",
        ),
    ],
)
def test_a_bad_key_id_account_or_region_is_refused(secretmock, keywords, message):
    with pytest.raises(SecretMockError) as raised:
        secretmock.kms.create_key(**keywords)
    assert str(raised.value) == message
    assert secretmock.kms.list_keys() == []


def test_an_alias_is_unique_in_its_account_and_region(secretmock):
    secretmock.kms.create_key(alias="mine", account_id=OTHER)
    secretmock.kms.create_key(alias="mine")
    secretmock.kms.create_key(alias="mine", account_id=OTHER, region="eu-west-1")

    with pytest.raises(SecretMockError) as raised:
        secretmock.kms.create_key(alias="mine", account_id=OTHER)
    assert str(raised.value) == f"alias/mine already exists in {OTHER}/{REGION}"
