"""The key policy decides whether Secrets Manager may use a key for the caller: kms:Decrypt to
read, kms:GenerateDataKey to write, both when a secret is given a key (secretmock._kms.access)."""

from __future__ import annotations

import json

import pytest

from secretmock.errors import SecretMockError
from tests.assertions import raises_aws
from tests.kms.support import (
    ACCESS_DENIED,
    OTHER,
    OWNER,
    SECRETS_MANAGER_USE,
    allow,
    deny,
    key_policy,
    root,
)
from tests.operations.support import state, token

pytestmark = pytest.mark.secretmock(seed=7)

V1, V2 = token(1), token(2)


def test_the_default_key_policy_lets_every_principal_of_the_account_use_the_key(client, secretmock):
    key = secretmock.kms.create_key(alias="app")
    assert key.policy == secretmock.kms.get_key("alias/app").policy
    assert json.loads(key.policy)["Statement"][0]["Principal"] == {"AWS": root(OWNER)}

    client.create_secret(Name="s", SecretString="one", KmsKeyId="alias/app")
    client.put_secret_value(SecretId="s", SecretString="two")

    assert client.get_secret_value(SecretId="s")["SecretString"] == "two"


def test_a_key_policy_without_decrypt_refuses_reads_but_not_writes(client, secretmock):
    secretmock.kms.create_key(
        alias="write-only",
        policy=key_policy(allow(root(OWNER), "kms:GenerateDataKey", "kms:Decrypt")),
    )
    client.create_secret(Name="s", SecretString="one", KmsKeyId="alias/write-only")
    key = secretmock.kms.get_key("alias/write-only")
    key.policy = key_policy(allow(root(OWNER), "kms:GenerateDataKey"))

    client.put_secret_value(SecretId="s", SecretString="two", ClientRequestToken=V2)
    with raises_aws(*ACCESS_DENIED):
        client.get_secret_value(SecretId="s")

    assert client.describe_secret(SecretId="s")["VersionIdsToStages"][V2] == ["AWSCURRENT"]


def test_an_explicit_deny_in_the_key_policy_wins_over_its_allow(client, secretmock):
    key = secretmock.kms.create_key(alias="app")
    client.create_secret(Name="s", SecretString="one", KmsKeyId="alias/app")

    key.policy = key_policy(
        allow(root(OWNER), "kms:*"), deny("arn:aws:iam::123456789012:root", "kms:Decrypt")
    )

    with raises_aws(*ACCESS_DENIED):
        client.get_secret_value(SecretId="s")


def test_a_key_policy_without_generate_data_key_refuses_every_write_and_changes_nothing(
    client, secretmock
):
    key = secretmock.kms.create_key(alias="app")
    client.create_secret(Name="s", SecretString="one", KmsKeyId="alias/app", ClientRequestToken=V1)
    key.policy = key_policy(allow(root(OWNER), "kms:Decrypt", "kms:Encrypt"))
    before = state(secretmock)

    with raises_aws(*ACCESS_DENIED):
        client.put_secret_value(SecretId="s", SecretString="two", ClientRequestToken=V2)
    with raises_aws(*ACCESS_DENIED):
        client.update_secret(SecretId="s", SecretString="two", ClientRequestToken=V2)
    with raises_aws(*ACCESS_DENIED):  # Secrets Manager checks a key it is given [DOC]
        client.create_secret(Name="t", KmsKeyId="alias/app")
    with raises_aws(*ACCESS_DENIED):
        client.create_secret(Name="t", SecretString="x", KmsKeyId=key.arn)

    assert state(secretmock) == before
    assert client.get_secret_value(SecretId="s")["SecretString"] == "one"


def test_giving_a_secret_a_key_the_caller_may_not_use_is_refused_and_changes_nothing(
    client, secretmock
):
    secretmock.kms.create_key(alias="theirs", policy=key_policy(allow(root(OTHER), "kms:*")))
    client.create_secret(Name="s", SecretString="one")
    before = state(secretmock)

    with raises_aws(*ACCESS_DENIED):
        client.update_secret(SecretId="s", KmsKeyId="alias/theirs")

    assert state(secretmock) == before


def test_a_key_policy_condition_on_the_encryption_context_picks_the_secrets(client, secretmock):
    first = client.create_secret(Name="first", SecretString="one")["ARN"]
    client.create_secret(Name="second", SecretString="two")
    # Secrets Manager's encryption context names the secret [DOC]: a key for one secret only.
    secretmock.kms.create_key(
        alias="first-only",
        policy=key_policy(
            allow(
                root(OWNER),
                *SECRETS_MANAGER_USE,
                StringEquals={
                    "kms:EncryptionContext:SecretARN": first,
                    "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com",
                    "kms:CallerAccount": OWNER,
                },
            )
        ),
    )

    client.update_secret(SecretId="first", KmsKeyId="alias/first-only")
    client.put_secret_value(SecretId="first", SecretString="one again")
    with raises_aws(*ACCESS_DENIED):
        client.update_secret(SecretId="second", KmsKeyId="alias/first-only")

    assert client.get_secret_value(SecretId="first")["SecretString"] == "one again"


def test_batch_get_secret_value_reports_a_refused_key_per_secret(client, secretmock):
    key = secretmock.kms.create_key(alias="app")
    locked = client.create_secret(Name="locked", SecretString="x", KmsKeyId="alias/app")["ARN"]
    client.create_secret(Name="open", SecretString="y")
    key.policy = key_policy(deny(root(OWNER), "kms:Decrypt"), allow(root(OWNER), "kms:*"))

    for response in (
        client.batch_get_secret_value(SecretIdList=["locked", "open"]),
        client.batch_get_secret_value(Filters=[{"Key": "name", "Values": ["locked", "open"]}]),
    ):
        assert [value["Name"] for value in response["SecretValues"]] == ["open"]
        assert [(error["ErrorCode"], error["Message"]) for error in response["Errors"]] == [
            ACCESS_DENIED
        ]
        assert response["Errors"][0]["SecretId"] in ("locked", locked)


def test_the_key_policy_is_checked_before_the_key_state(client, secretmock):
    key = secretmock.kms.create_key(alias="app")
    client.create_secret(Name="s", SecretString="one", KmsKeyId="alias/app")
    key.policy = key_policy(allow(root(OTHER), "kms:*"))
    key.disable()

    with raises_aws(*ACCESS_DENIED):
        client.get_secret_value(SecretId="s")
    with raises_aws(*ACCESS_DENIED):
        client.put_secret_value(SecretId="s", SecretString="two")


def test_a_policy_that_reads_as_the_default_one_is_the_default_one(client, secretmock):
    key = secretmock.kms.create_key(alias="app")
    default = key.policy

    key.policy = json.dumps(json.loads(default))  # the same document, written otherwise

    assert key.rules.policy is None  # decided without the evaluator
    client.create_secret(Name="s", SecretString="one", KmsKeyId="alias/app")
    assert client.get_secret_value(SecretId="s")["SecretString"] == "one"


@pytest.mark.parametrize(
    ("policy", "reason"),
    [
        ("not json", "not a valid key policy: This resource policy contains a syntax error."),
        (
            '{"Statement": []}',
            "not a valid key policy: This resource policy contains a syntax error.",
        ),
        (json.dumps({"Statement": {"Effect": "Allow", "Action": "kms:*"}}), "syntax error"),
    ],
)
def test_a_key_policy_that_is_not_a_policy_is_refused(secretmock, policy, reason):
    key = secretmock.kms.create_key(alias="app")

    with pytest.raises(SecretMockError, match=reason):
        key.policy = policy
    with pytest.raises(SecretMockError, match=reason):
        secretmock.kms.create_key(alias="other", policy=policy)
    assert secretmock.kms.list_keys() == [key]


def test_the_aws_managed_key_policy_cannot_be_changed(client, secretmock):
    client.create_secret(Name="s", SecretString="one")
    (managed,) = secretmock.kms.list_keys()

    with pytest.raises(SecretMockError, match="its key policy is AWS's"):
        managed.policy = key_policy()
