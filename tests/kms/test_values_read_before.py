"""A value read before is read again through every check: the values kept for speed (outside the
mock's state, secretmock._kms.envelope) never answer a read that a key's state, a key policy or
a resource policy set since refuses."""

from __future__ import annotations

import re
from dataclasses import asdict

import pytest

from tests.accounts.support import denied_explicitly, policy, statement
from tests.assertions import raises_aws
from tests.kms.support import ACCESS_DENIED, OWNER, allow, deny, key_policy, root
from tests.operations.support import token

pytestmark = pytest.mark.secretmock(seed=11)

V1 = token(1)
_UUID = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"


def disabled_key_message(key_arn: str) -> str:
    """AWS's DecryptionFailure message for a disabled key, as a pattern (KMS's request id)."""
    return (
        f"Secrets Manager can't decrypt the secret value: {re.escape(key_arn)} is disabled. "
        rf"\(Service: AWSKMS; Status Code: 400; Error Code: DisabledException; "
        rf"Request ID: {_UUID}; Proxy: null\)"
    )


def test_a_key_disabled_after_a_read_refuses_the_next_read_and_serves_again_once_enabled(
    client, secretmock
):
    key = secretmock.kms.create_key(alias="app")
    client.create_secret(Name="s", SecretString="one", KmsKeyId="alias/app", ClientRequestToken=V1)
    assert client.get_secret_value(SecretId="s")["SecretString"] == "one"

    key.disable()

    with pytest.raises(client.exceptions.DecryptionFailure) as info:
        client.get_secret_value(SecretId="s")
    error = info.value.response
    assert error["Error"]["Code"] == "DecryptionFailure"
    assert re.fullmatch(disabled_key_message(key.arn), error["Error"]["Message"])
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    batch = client.batch_get_secret_value(SecretIdList=["s"])
    assert batch["SecretValues"] == []
    (refused,) = batch["Errors"]
    assert refused["SecretId"] == "s"
    assert refused["ErrorCode"] == "DecryptionFailure"
    assert re.fullmatch(disabled_key_message(key.arn), refused["Message"])

    key.enable()

    assert client.get_secret_value(SecretId="s")["SecretString"] == "one"


def test_a_key_policy_set_after_a_read_applies_to_the_next_read(client, secretmock):
    key = secretmock.kms.create_key(alias="app")
    client.create_secret(Name="s", SecretString="one", KmsKeyId="alias/app")
    assert client.batch_get_secret_value(SecretIdList=["s"])["SecretValues"][0]["SecretString"] == (
        "one"
    )

    key.policy = key_policy(allow(root(OWNER), "kms:*"), deny(root(OWNER), "kms:Decrypt"))

    with raises_aws(*ACCESS_DENIED):
        client.get_secret_value(SecretId="s")
    batch = client.batch_get_secret_value(SecretIdList=["s"])
    assert batch["SecretValues"] == []
    assert batch["Errors"] == [
        {"SecretId": "s", "ErrorCode": ACCESS_DENIED[0], "Message": ACCESS_DENIED[1]}
    ]


def test_a_resource_policy_put_after_a_read_applies_to_the_next_read(client):
    client.create_secret(Name="s", SecretString="one")
    assert client.get_secret_value(SecretId="s")["SecretString"] == "one"

    refusal = statement(
        Effect="Deny", Principal={"AWS": OWNER}, Action="secretsmanager:GetSecretValue"
    )
    client.put_resource_policy(SecretId="s", ResourcePolicy=policy(refusal))

    message = denied_explicitly(root(OWNER), "GetSecretValue", "s")
    with raises_aws("AccessDeniedException", message):
        client.get_secret_value(SecretId="s")
    assert client.batch_get_secret_value(SecretIdList=["s"])["Errors"] == [
        {"SecretId": "s", "ErrorCode": "AccessDeniedException", "Message": message}
    ]


def test_a_value_read_is_not_kept_in_the_clear_in_the_mock_state(client, secretmock):
    client.create_secret(Name="s", SecretString="hunter2-correct-horse")
    client.put_secret_value(SecretId="s", SecretBinary=b"binary-battery-staple")
    client.get_secret_value(SecretId="s")
    client.get_secret_value(SecretId="s", VersionStage="AWSPREVIOUS")

    state = repr(asdict(secretmock.store().by_name("s")))

    assert "hunter2" not in state
    assert "battery" not in state


def test_a_mock_that_stops_forgets_the_values_it_read():
    import boto3

    from secretmock import mock_secrets
    from secretmock._kms import envelope

    with mock_secrets():
        client = boto3.client("secretsmanager", region_name="us-east-1")
        client.create_secret(Name="kept-briefly", SecretString="plain-text-value")
        assert client.get_secret_value(SecretId="kept-briefly")["SecretString"] == (
            "plain-text-value"
        )
        assert "plain-text-value" in envelope._opened.values()
    assert "plain-text-value" not in envelope._opened.values()
