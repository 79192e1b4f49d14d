"""KMS keys: which key a KmsKeyId names, and what a disabled or deleted key does to reads and
writes. Values are stored only encrypted (AES-GCM under a data key wrapped by the KMS key)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

import secretmock as secretmock_package
from secretmock import KeyState, KmsKey, mock_secrets
from secretmock.errors import SecretMockError
from tests.assertions import raises_aws
from tests.operations.support import KMS_INVALID_KEY_ID, state, token
from tests.rotation.support import rotated_secret

pytestmark = pytest.mark.secretmock(seed=5)

V1, V2, V3 = token(1), token(2), token(3)
ACCOUNT = "123456789012"
_UUID = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"


@contextmanager
def raises_kms_failure(code: str, key: KmsKey, writing: bool, kms_code: str) -> Iterator[None]:
    """AWS's EncryptionFailure / DecryptionFailure: KMS's answer wrapped, with KMS's request id."""
    with pytest.raises(ClientError) as info:
        yield
    verb = "encrypt" if writing else "decrypt"
    reason = "is disabled." if kms_code == "DisabledException" else "is pending deletion."
    expected = (
        f"Secrets Manager can't {verb} the secret value: {re.escape(key.arn)} {reason} "
        rf"\(Service: AWSKMS; Status Code: 400; Error Code: {kms_code}; "
        rf"Request ID: {_UUID}; Proxy: null\)"
    )
    error = info.value.response
    assert type(info.value).__name__ == code
    assert error["Error"]["Code"] == code
    assert re.fullmatch(expected, error["Error"]["Message"]), error["Error"]["Message"]
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400


def key_forms(key: KmsKey) -> dict[str, str]:
    return {
        "key id": key.key_id,
        "key ARN": key.arn,
        "alias name": "alias/app",
        "alias ARN": f"arn:aws:kms:us-east-1:{ACCOUNT}:alias/app",
    }


@pytest.mark.parametrize("form", ["key id", "key ARN", "alias name", "alias ARN"])
def test_every_form_of_kms_key_id_names_the_key_and_is_reported_as_given(client, secretmock, form):
    key = secretmock.kms.create_key(alias="app", description="app secrets")
    given = key_forms(key)[form]

    client.create_secret(Name="s", SecretString="one", KmsKeyId=given, ClientRequestToken=V1)

    assert client.describe_secret(SecretId="s")["KmsKeyId"] == given
    versions = client.list_secret_version_ids(SecretId="s")["Versions"]
    assert [entry["KmsKeyIds"] for entry in versions] == [[given]]
    assert client.get_secret_value(SecretId="s")["SecretString"] == "one"
    stored = secretmock.store().by_name("s").versions[V1].value
    assert [wrapping.key for wrapping in stored.wrappings] == [key]


def test_the_aws_managed_key_is_made_on_first_use_and_reported_as_the_default(client, secretmock):
    client.create_secret(Name="empty")
    assert secretmock.kms.list_keys() == []  # nothing encrypted yet

    client.create_secret(Name="s", SecretBinary=b"\x00\x01", ClientRequestToken=V1)

    (key,) = secretmock.kms.list_keys()
    assert (key.aliases, key.aws_managed, key.state) == (
        ["alias/aws/secretsmanager"],
        True,
        KeyState.ENABLED,
    )
    assert re.fullmatch(rf"arn:aws:kms:us-east-1:{ACCOUNT}:key/{_UUID}", key.arn)
    # AWS's policy for aws/secretsmanager: every principal of the account, through the service.
    through_secrets_manager = json.loads(key.policy)["Statement"][0]
    assert through_secrets_manager["Principal"] == {"AWS": "*"}
    assert through_secrets_manager["Condition"] == {
        "StringEquals": {
            "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com",
            "kms:CallerAccount": ACCOUNT,
        }
    }
    assert "KmsKeyId" not in client.describe_secret(SecretId="s")
    versions = client.list_secret_version_ids(SecretId="s")["Versions"]
    assert versions[0]["KmsKeyIds"] == ["DefaultEncryptionKey"]
    assert client.get_secret_value(SecretId="s")["SecretBinary"] == b"\x00\x01"
    with pytest.raises(SecretMockError, match="AWS does not let you disable it"):
        key.disable()


def test_a_default_key_id_and_arn_are_found_by_their_alias_too(client, secretmock):
    client.create_secret(Name="s", SecretString="one", KmsKeyId="alias/aws/secretsmanager")

    (key,) = secretmock.kms.list_keys()
    assert secretmock.kms.get_key("alias/aws/secretsmanager") is key
    assert client.describe_secret(SecretId="s")["KmsKeyId"] == "alias/aws/secretsmanager"


@pytest.mark.parametrize(
    ("kms_key_id", "message"),
    [
        (
            "0b0b0b0b-1111-4222-8333-444444444444",
            "The operation failed because of an invalid KMS key: Key "
            f"'arn:aws:kms:us-east-1:{ACCOUNT}:key/0b0b0b0b-1111-4222-8333-444444444444' "
            "does not exist",
        ),
        (
            f"arn:aws:kms:us-east-1:{ACCOUNT}:key/0b0b0b0b-1111-4222-8333-444444444444",
            "The operation failed because of an invalid KMS key: Key "
            f"'arn:aws:kms:us-east-1:{ACCOUNT}:key/0b0b0b0b-1111-4222-8333-444444444444' "
            "does not exist",
        ),
        (
            "alias/missing",
            "The operation failed because of an invalid KMS key: Alias "
            f"arn:aws:kms:us-east-1:{ACCOUNT}:alias/missing is not found.",
        ),
        (
            f"arn:aws:kms:us-east-1:{ACCOUNT}:alias/missing",
            "The operation failed because of an invalid KMS key: Alias "
            f"arn:aws:kms:us-east-1:{ACCOUNT}:alias/missing is not found.",
        ),
        (
            f"arn:aws:kms:eu-west-1:{ACCOUNT}:alias/app",  # a key of another Region
            "The operation failed because of an invalid KMS key: Alias "
            f"arn:aws:kms:eu-west-1:{ACCOUNT}:alias/app is not found.",
        ),
        ("app", KMS_INVALID_KEY_ID),  # an alias without its alias/ prefix
        ("arn:aws:kms:us-east-1:123456789012:app", KMS_INVALID_KEY_ID),
        ("not-a-key", KMS_INVALID_KEY_ID),
    ],
)
def test_a_kms_key_id_that_names_no_key_is_refused_and_changes_nothing(
    client, secretmock, kms_key_id, message
):
    secretmock.kms.create_key(alias="app")
    secretmock.kms.create_key(alias="app", region="eu-west-1")
    client.create_secret(Name="kept", SecretString="one", ClientRequestToken=V1)
    before = state(secretmock)

    with raises_aws("InvalidParameterException", message):
        client.create_secret(Name="s", KmsKeyId=kms_key_id)
    with raises_aws("InvalidParameterException", message):
        client.update_secret(SecretId="kept", SecretString="two", KmsKeyId=kms_key_id)

    assert state(secretmock) == before


def test_a_disabled_key_refuses_reads_and_writes_and_a_refused_write_changes_nothing(
    client, secretmock
):
    key = secretmock.kms.create_key(alias="app")
    client.create_secret(Name="s", SecretString="one", KmsKeyId="alias/app", ClientRequestToken=V1)
    key.disable()
    before = state(secretmock)

    with raises_kms_failure("DecryptionFailure", key, False, "DisabledException"):
        client.get_secret_value(SecretId="s")
    with raises_kms_failure("EncryptionFailure", key, True, "DisabledException"):
        client.put_secret_value(SecretId="s", SecretString="two", ClientRequestToken=V2)
    with raises_kms_failure("EncryptionFailure", key, True, "DisabledException"):
        client.update_secret(SecretId="s", SecretString="two", ClientRequestToken=V2)
    with raises_kms_failure("EncryptionFailure", key, True, "DisabledException"):
        client.create_secret(Name="new", SecretString="x", KmsKeyId=key.arn)

    assert state(secretmock) == before
    assert client.list_secrets()["SecretList"][0]["Name"] == "s"  # and no "new"
    assert "LastAccessedDate" not in client.describe_secret(SecretId="s")
    key.enable()
    assert client.get_secret_value(SecretId="s")["SecretString"] == "one"


@pytest.mark.parametrize(
    ("make_unusable", "kms_code"),
    [
        (KmsKey.disable, "DisabledException"),
        (KmsKey.schedule_deletion, "KMSInvalidStateException"),
    ],
    ids=["disabled", "pending deletion"],
)
def test_a_key_that_cannot_encrypt_cannot_be_given_to_a_secret_even_without_a_value(
    client, secretmock, make_unusable, kms_code
):
    # Giving a secret a key makes Secrets Manager ask KMS for a data key under it [DOC
    # "Validating access to the KMS key"], which such a key refuses.
    key = secretmock.kms.create_key(alias="app")
    make_unusable(key)
    client.create_secret(Name="empty")
    before = state(secretmock)

    with raises_kms_failure("EncryptionFailure", key, True, kms_code):
        client.create_secret(Name="s", KmsKeyId="alias/app")
    with raises_kms_failure("EncryptionFailure", key, True, kms_code):
        client.update_secret(SecretId="empty", KmsKeyId=key.key_id)
    with raises_kms_failure("EncryptionFailure", key, True, kms_code):
        client.update_secret(SecretId="empty", KmsKeyId=key.arn, Description="changed")

    assert state(secretmock) == before


def test_a_key_pending_deletion_refuses_reads_and_writes_until_cancelled(client, secretmock):
    key = secretmock.kms.create_key(alias="app")
    client.create_secret(Name="s", SecretString="one", KmsKeyId=key.key_id)
    key.schedule_deletion()
    assert key.state.value == "PendingDeletion"

    with raises_kms_failure("DecryptionFailure", key, False, "KMSInvalidStateException"):
        client.get_secret_value(SecretId="s")
    with raises_kms_failure("EncryptionFailure", key, True, "KMSInvalidStateException"):
        client.put_secret_value(SecretId="s", SecretString="two")
    with pytest.raises(SecretMockError, match="cancel_deletion"):
        key.enable()

    key.cancel_deletion()  # KMS leaves a cancelled key Disabled
    assert key.state.value == "Disabled"
    key.enable()
    assert client.get_secret_value(SecretId="s")["SecretString"] == "one"


def test_batch_get_secret_value_reports_a_disabled_key_per_secret(client, secretmock):
    key = secretmock.kms.create_key()
    client.create_secret(Name="locked", SecretString="one", KmsKeyId=key.arn)
    created = client.create_secret(Name="open", SecretString="two")
    key.disable()

    response = client.batch_get_secret_value(SecretIdList=["locked", "open"])

    assert [value["Name"] for value in response["SecretValues"]] == ["open"]
    assert response["SecretValues"][0]["ARN"] == created["ARN"]
    (error,) = response["Errors"]
    assert (error["SecretId"], error["ErrorCode"]) == ("locked", "DecryptionFailure")
    assert error["Message"].startswith(
        f"Secrets Manager can't decrypt the secret value: {key.arn} is disabled. (Service: AWSKMS"
    )


def test_a_new_key_reencrypts_the_labelled_versions_and_the_previous_key_still_decrypts_them(
    client, secretmock
):
    old = secretmock.kms.create_key(alias="old")
    new = secretmock.kms.create_key(alias="new")
    client.create_secret(Name="s", SecretString="one", KmsKeyId="alias/old", ClientRequestToken=V1)
    client.put_secret_value(SecretId="s", SecretString="two", ClientRequestToken=V2)
    client.put_secret_value(SecretId="s", SecretString="three", ClientRequestToken=V3)

    client.update_secret(SecretId="s", KmsKeyId=new.arn)

    versions = client.list_secret_version_ids(SecretId="s", IncludeDeprecated=True)["Versions"]
    assert {entry["VersionId"]: entry["KmsKeyIds"] for entry in versions} == {
        V1: ["alias/old"],  # deprecated: not re-encrypted
        V2: ["alias/old", new.arn],
        V3: ["alias/old", new.arn],
    }
    old.disable()
    assert client.get_secret_value(SecretId="s")["SecretString"] == "three"
    assert client.get_secret_value(SecretId="s", VersionStage="AWSPREVIOUS")["SecretString"] == (
        "two"
    )
    with raises_kms_failure("DecryptionFailure", old, False, "DisabledException"):
        client.get_secret_value(SecretId="s", VersionId=V1)


def test_versions_the_previous_key_cannot_decrypt_are_not_reencrypted(client, secretmock):
    old = secretmock.kms.create_key(alias="old")
    secretmock.kms.create_key(alias="new")
    client.create_secret(Name="s", SecretString="one", KmsKeyId="alias/old", ClientRequestToken=V1)
    old.disable()

    client.update_secret(SecretId="s", KmsKeyId="alias/new")

    assert client.describe_secret(SecretId="s")["KmsKeyId"] == "alias/new"
    versions = client.list_secret_version_ids(SecretId="s")["Versions"]
    assert versions[0]["KmsKeyIds"] == ["alias/old"]
    with raises_kms_failure("DecryptionFailure", old, False, "DisabledException"):
        client.get_secret_value(SecretId="s")


def test_moving_to_an_unusable_key_is_refused_and_changes_nothing(client, secretmock):
    target = secretmock.kms.create_key(alias="target")
    client.create_secret(Name="s", SecretString="one")
    target.disable()
    before = state(secretmock)

    with raises_kms_failure("EncryptionFailure", target, True, "DisabledException"):
        client.update_secret(SecretId="s", KmsKeyId="alias/target", Description="changed")

    assert state(secretmock) == before


def test_an_empty_kms_key_id_goes_back_to_the_default_key(client, secretmock):
    key = secretmock.kms.create_key(alias="app")
    client.create_secret(Name="s", SecretString="one", KmsKeyId="alias/app", ClientRequestToken=V1)

    client.update_secret(SecretId="s", KmsKeyId="")
    client.put_secret_value(SecretId="s", SecretString="two", ClientRequestToken=V2)
    key.disable()

    assert "KmsKeyId" not in client.describe_secret(SecretId="s")
    versions = client.list_secret_version_ids(SecretId="s")["Versions"]
    assert {entry["VersionId"]: entry["KmsKeyIds"] for entry in versions} == {
        V1: ["alias/app", "DefaultEncryptionKey"],
        V2: ["DefaultEncryptionKey"],
    }
    assert client.get_secret_value(SecretId="s", VersionId=V1)["SecretString"] == "one"


def test_values_at_rest_are_encrypted_and_plaintext_is_kept_nowhere_in_the_store(
    client, secretmock
):
    client.create_secret(Name="s", SecretString="hunter2-correct-horse", ClientRequestToken=V1)
    client.put_secret_value(SecretId="s", SecretBinary=b"binary-battery-staple")

    secret = secretmock.store().by_name("s")
    dumped = repr(asdict(secret))
    assert "hunter2" not in dumped
    assert "battery" not in dumped
    sealed = secret.versions[V1].value
    assert b"hunter2" not in sealed.ciphertext
    assert len(sealed.ciphertext) == len("hunter2-correct-horse") + 16  # AES-GCM's tag
    (wrapping,) = sealed.wrappings
    assert len(wrapping.wrapped) == 32 + 16  # a 256-bit data key, wrapped


def test_a_retried_write_is_recognised_through_the_encrypted_value(client, secretmock):
    client.create_secret(Name="s", SecretString="one", ClientRequestToken=V1)
    client.put_secret_value(SecretId="s", SecretString="two", ClientRequestToken=V2)

    again = client.put_secret_value(SecretId="s", SecretString="two", ClientRequestToken=V2)

    assert again["VersionStages"] == ["AWSCURRENT"]
    with raises_aws(
        "ResourceExistsException",
        f"You can't use ClientRequestToken {V2} because that value is already in use for a "
        f"version of secret {again['ARN']}.",
    ):
        client.put_secret_value(SecretId="s", SecretString="other", ClientRequestToken=V2)


def test_rotation_works_under_a_customer_managed_key(client, secretmock):
    key = secretmock.kms.create_key(alias="db")
    _, function, rotation = rotated_secret(
        client, secretmock, ClientRequestToken=V1, KmsKeyId="alias/db"
    )

    client.rotate_secret(SecretId="db", ClientRequestToken=V2, RotationLambdaARN=function.arn)

    secretmock.assert_rotations_succeeded()
    new = json.loads(client.get_secret_value(SecretId="db")["SecretString"])
    assert rotation.database == {"app": new["password"]}
    versions = client.list_secret_version_ids(SecretId="db")["Versions"]
    assert [entry["KmsKeyIds"] for entry in versions] == [["alias/db"], ["alias/db"]]
    key.disable()
    client.rotate_secret(SecretId="db", ClientRequestToken=V3)
    (failed,) = [run for run in secretmock.rotations if not run.succeeded]
    assert (failed.failed_step, type(failed.exception).__name__) == (
        "createSecret",
        "DecryptionFailure",
    )


def test_seeded_key_ids_repeat_and_leave_other_seeded_values_alone():
    def run(make_key: bool) -> tuple[list[str], str]:
        with mock_secrets(seed=3) as mock:
            key_ids = [mock.kms.create_key().key_id] if make_key else []
            client = boto3.client("secretsmanager", region_name="us-east-1")
            arn: str = client.create_secret(Name="s", SecretString="x")["ARN"]
            return key_ids + [key.key_id for key in mock.kms.list_keys()], arn

    first, arn_with_key = run(True)
    again, _ = run(True)
    _, arn_without_key = run(False)

    assert first == again
    assert arn_with_key == arn_without_key


def test_keys_are_managed_from_a_decorated_test_and_forgotten_when_the_mock_stops():
    @mock_secrets(region="eu-west-1")
    def decorated() -> Any:
        kms = secretmock_package.current().kms
        key = kms.create_key(alias="alias/eu", description="EU data")
        assert kms.get_key("alias/eu") is key
        assert kms.get_key(f"arn:aws:kms:eu-west-1:{ACCOUNT}:alias/eu") is key
        assert key.arn.startswith(f"arn:aws:kms:eu-west-1:{ACCOUNT}:key/")
        client = boto3.client("secretsmanager", region_name="eu-west-1")
        client.create_secret(Name="s", SecretString="v", KmsKeyId="alias/eu")
        return kms

    kms = decorated()

    assert kms.list_keys() == []
    mock = mock_secrets()
    mock.kms.create_key(alias="twice")
    with pytest.raises(SecretMockError, match="already exists"):
        mock.kms.create_key(alias="alias/twice")
    with pytest.raises(SecretMockError, match="reserved for AWS"):
        mock_secrets().kms.create_key(alias="aws/mine")
