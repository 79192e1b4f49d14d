"""UpdateSecret with KmsKeyId: which versions are re-encrypted under the new key, and when the
caller's rights on the keys leave them as they were [DOC UpdateSecret KmsKeyId]."""

from __future__ import annotations

from typing import Any

import pytest

from tests.kms.support import OWNER, allow, deny, key_policy, root
from tests.operations.support import token

pytestmark = pytest.mark.secretmock(seed=13)

OLD_VERSION, PREVIOUS, CURRENT, PENDING = token(1), token(2), token(3), token(4)


def secret_with_every_label(client: Any, kms_key_id: str | None = None) -> None:
    """A secret with a deprecated version and one version under each label AWS re-encrypts."""
    create = {} if kms_key_id is None else {"KmsKeyId": kms_key_id}
    client.create_secret(Name="s", SecretString="v1", ClientRequestToken=OLD_VERSION, **create)
    client.put_secret_value(SecretId="s", SecretString="v2", ClientRequestToken=PREVIOUS)
    client.put_secret_value(SecretId="s", SecretString="v3", ClientRequestToken=CURRENT)
    client.put_secret_value(
        SecretId="s", SecretString="v4", ClientRequestToken=PENDING, VersionStages=["AWSPENDING"]
    )


def kms_key_ids(client: Any) -> dict[str, list[str]]:
    versions = client.list_secret_version_ids(SecretId="s", IncludeDeprecated=True)["Versions"]
    return {entry["VersionId"]: entry["KmsKeyIds"] for entry in versions}


def test_a_new_key_reencrypts_awscurrent_awspending_and_awsprevious_only(client, secretmock):
    secretmock.kms.create_key(alias="new")
    secret_with_every_label(client)

    client.update_secret(SecretId="s", KmsKeyId="alias/new")

    assert kms_key_ids(client) == {
        OLD_VERSION: ["DefaultEncryptionKey"],
        PREVIOUS: ["DefaultEncryptionKey", "alias/new"],
        CURRENT: ["DefaultEncryptionKey", "alias/new"],
        PENDING: ["DefaultEncryptionKey", "alias/new"],
    }


def test_without_encrypt_on_the_new_key_existing_versions_keep_their_key(client, secretmock):
    secretmock.kms.create_key(
        alias="new", policy=key_policy(allow(root(OWNER), "kms:GenerateDataKey", "kms:Decrypt"))
    )
    secret_with_every_label(client)

    client.update_secret(SecretId="s", KmsKeyId="alias/new")

    assert client.describe_secret(SecretId="s")["KmsKeyId"] == "alias/new"
    assert set(map(tuple, kms_key_ids(client).values())) == {("DefaultEncryptionKey",)}
    # A new value is encrypted under the new key all the same: that takes GenerateDataKey.
    client.put_secret_value(SecretId="s", SecretString="v5", ClientRequestToken=token(5))
    assert kms_key_ids(client)[token(5)] == ["alias/new"]
    assert client.get_secret_value(SecretId="s")["SecretString"] == "v5"


def test_a_new_value_with_a_new_key_is_under_the_new_key_whatever_encrypt_allows(
    client, secretmock
):
    secretmock.kms.create_key(
        alias="new", policy=key_policy(allow(root(OWNER), "kms:GenerateDataKey", "kms:Decrypt"))
    )
    secret_with_every_label(client)

    client.update_secret(
        SecretId="s", KmsKeyId="alias/new", SecretString="v5", ClientRequestToken=token(5)
    )

    ids = kms_key_ids(client)
    assert ids[token(5)] == ["alias/new"]
    assert ids[CURRENT] == ["DefaultEncryptionKey"]  # now AWSPREVIOUS, not re-encrypted


def test_without_decrypt_on_the_previous_key_existing_versions_keep_their_key(client, secretmock):
    old = secretmock.kms.create_key(alias="old")
    secretmock.kms.create_key(alias="new")
    secret_with_every_label(client, "alias/old")
    old.policy = key_policy(allow(root(OWNER), "kms:*"), deny(root(OWNER), "kms:Decrypt"))

    client.update_secret(SecretId="s", KmsKeyId="alias/new")

    assert set(map(tuple, kms_key_ids(client).values())) == {("alias/old",)}


def test_an_empty_kms_key_id_reencrypts_the_labelled_versions_under_the_default_key(
    client, secretmock
):
    secretmock.kms.create_key(alias="app")
    secret_with_every_label(client, "alias/app")

    client.update_secret(SecretId="s", KmsKeyId="")

    assert "KmsKeyId" not in client.describe_secret(SecretId="s")
    assert kms_key_ids(client) == {
        OLD_VERSION: ["alias/app"],
        PREVIOUS: ["alias/app", "DefaultEncryptionKey"],
        CURRENT: ["alias/app", "DefaultEncryptionKey"],
        PENDING: ["alias/app", "DefaultEncryptionKey"],
    }
    client.put_secret_value(SecretId="s", SecretString="v5", ClientRequestToken=token(5))
    assert kms_key_ids(client)[token(5)] == ["DefaultEncryptionKey"]
