"""Customer managed keys of every account survive dump() -> load(), snapshot() -> restore() and
server mode's --state file: same key id (so the same ARN), account, Region, alias, description,
state and key policy, so the secrets under them answer the same."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from secretmock import SecretsManagerMock, SecretsManagerServer, mock_secrets
from secretmock.errors import SecretMockError
from tests.accounts.support import denied, denied_explicitly
from tests.kms.support import (
    OTHER,
    OWNER,
    REGION,
    SECRETS_MANAGER_USE,
    allow,
    client_of,
    deny,
    key_policy,
    root,
    share_with,
)
from tests.operations.support import START, token

KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab"
_REQUEST_ID = re.compile(r"Request ID: [0-9a-f-]{36}")


def resource_policy(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def build_shared_world(mock: SecretsManagerMock) -> dict[str, str]:
    """Secrets of two accounts, shared and not, under keys of both: name -> ARN."""
    owner, other = client_of(OWNER), client_of(OTHER)
    shared_key = mock.kms.create_key(
        alias="shared",
        description="shared with the other account",
        policy=key_policy(allow(root(OWNER), "kms:*"), allow(root(OTHER), *SECRETS_MANAGER_USE)),
    )
    mock.kms.create_key(alias="mine", account_id=OTHER)
    retired = mock.kms.create_key(account_id=OTHER, description="retired")
    arns: dict[str, str] = {}
    # The owner's secret under its key, by key ARN as docs/accounts.md advises: the other account
    # reads and writes it.
    arns["shared"] = owner.create_secret(
        Name="shared", SecretString="one", KmsKeyId=shared_key.arn, ClientRequestToken=token(1)
    )["ARN"]
    share_with(owner, arns["shared"], OTHER)
    other.put_secret_value(SecretId=arns["shared"], SecretString="two", ClientRequestToken=token(2))
    # Under the AWS managed key: the other account may describe it, not read it.
    arns["default"] = owner.create_secret(
        Name="default", SecretString="d", ClientRequestToken=token(3)
    )["ARN"]
    share_with(owner, arns["default"], OTHER)
    # No resource policy: the other account is denied.
    arns["private"] = owner.create_secret(
        Name="private", SecretString="p", ClientRequestToken=token(4)
    )["ARN"]
    # An explicit Deny on the owner's own root.
    arns["locked"] = owner.create_secret(
        Name="locked", SecretString="l", ClientRequestToken=token(5)
    )["ARN"]
    owner.put_resource_policy(
        SecretId=arns["locked"],
        ResourcePolicy=resource_policy(
            {
                "Effect": "Deny",
                "Principal": {"AWS": root(OWNER)},
                "Action": "secretsmanager:GetSecretValue",
                "Resource": "*",
            }
        ),
    )
    # The other account's secret under its own key, by alias, shared with the owner, whose
    # account the key's default policy does not serve.
    arns["theirs"] = other.create_secret(
        Name="theirs", SecretString="t", KmsKeyId="alias/mine", ClientRequestToken=token(6)
    )["ARN"]
    share_with(other, arns["theirs"], OWNER)
    # The other account's secret under a key named by key id, since disabled.
    arns["retired"] = other.create_secret(
        Name="retired", SecretString="r", KmsKeyId=retired.key_id, ClientRequestToken=token(7)
    )["ARN"]
    retired.disable()
    return arns


def outcome(call: Any, **params: Any) -> Any:
    try:
        reply = call(**params)
    except ClientError as error:
        return {
            "error": error.response["Error"],
            "status": error.response["ResponseMetadata"]["HTTPStatusCode"],
        }
    reply.pop("ResponseMetadata")
    return reply


def observe(arns: list[str]) -> dict[str, Any]:
    """What each account's reads answer about each secret, the random parts made comparable."""
    seen: dict[str, Any] = {}
    for account in (OWNER, OTHER):
        client = client_of(account)
        for arn in arns:
            for operation in ("get_secret_value", "describe_secret", "list_secret_version_ids"):
                reply = outcome(getattr(client, operation), SecretId=arn)
                seen[f"{account} {operation} {arn.split(':')[-1][:-7]}"] = reply
    text = json.dumps(seen, default=str, sort_keys=True)
    for arn in arns:  # a loaded secret has the same name and a new ARN suffix
        text = text.replace(arn, f"ARN of {arn.split(':')[-1][:-7]}")
    comparable: dict[str, Any] = json.loads(_REQUEST_ID.sub("Request ID: X", text))
    return comparable


def codes(seen: dict[str, Any]) -> dict[str, str]:
    return {what: reply["error"]["Code"] for what, reply in seen.items() if "error" in reply}


def test_a_dump_of_shared_secrets_under_keys_of_two_accounts_loads_as_the_same_answers():
    with mock_secrets(account_id=OWNER, clock=START) as mock:
        arns = build_shared_world(mock)
        document = json.loads(json.dumps(mock.dump(values=True)))
        names = [secret["name"] for secret in document["secrets"]]
        before = observe([arns[name] for name in names])
        # The other account's denials are there to be compared, each with AWS's message.
        theirs = arns["theirs"]
        assert codes(before) == {
            f"{OWNER} get_secret_value locked": "AccessDeniedException",
            f"{OWNER} get_secret_value theirs": "AccessDeniedException",
            f"{OWNER} get_secret_value retired": "AccessDeniedException",
            f"{OWNER} describe_secret retired": "AccessDeniedException",
            f"{OWNER} list_secret_version_ids retired": "AccessDeniedException",
            f"{OTHER} get_secret_value default": "InvalidRequestException",
            f"{OTHER} get_secret_value locked": "AccessDeniedException",
            f"{OTHER} describe_secret locked": "AccessDeniedException",
            f"{OTHER} list_secret_version_ids locked": "AccessDeniedException",
            f"{OTHER} get_secret_value private": "AccessDeniedException",
            f"{OTHER} describe_secret private": "AccessDeniedException",
            f"{OTHER} list_secret_version_ids private": "AccessDeniedException",
            f"{OTHER} get_secret_value retired": "DecryptionFailure",
        }
        assert before[f"{OWNER} get_secret_value theirs"]["error"]["Message"] == (
            "Access to KMS is not allowed"
        )
        assert before[f"{OWNER} get_secret_value locked"]["error"]["Message"] == (
            denied_explicitly(root(OWNER), "GetSecretValue", "ARN of locked")
        )
        assert before[f"{OTHER} get_secret_value private"]["error"]["Message"] == (
            denied(root(OTHER), "GetSecretValue", "ARN of private")
        )
        assert before[f"{OTHER} get_secret_value shared"]["SecretString"] == "two"
        assert theirs.startswith(f"arn:aws:secretsmanager:{REGION}:{OTHER}:secret:theirs-")

    with mock_secrets(account_id=OWNER, clock=START) as copy:
        loaded = copy.load(document)
        assert observe(loaded) == before
        assert copy.dump(values=True) == document


def test_a_dump_carries_every_accounts_keys_with_their_ids_policies_and_states():
    policy = key_policy(allow(root(OWNER), "kms:*"), allow(root(OTHER), "kms:Decrypt"))
    with mock_secrets(account_id=OWNER) as mock:
        shared = mock.kms.create_key(alias="shared", description="d", policy=policy)
        theirs = mock.kms.create_key(account_id=OTHER, region="eu-west-1", key_id=KEY_ID)
        theirs.schedule_deletion()
        client_of(OTHER).create_secret(Name="s", SecretString="v")  # B's aws/secretsmanager

        assert mock.dump()["kms_keys"] == [
            {
                "key_id": shared.key_id,
                "account_id": OWNER,
                "region": REGION,
                "description": "d",
                "alias": "alias/shared",
                "policy": policy,
            },
            {
                "key_id": KEY_ID,
                "account_id": OTHER,
                "region": "eu-west-1",
                "description": "",
                "state": "PendingDeletion",
            },
        ]


def test_load_makes_each_key_in_its_account_with_its_policy():
    policy = {
        "Version": "2012-10-17",
        "Statement": [allow(root(OTHER), "kms:*"), deny(root(OTHER), "kms:Decrypt")],
    }
    document = {
        "kms_keys": [
            {
                "key_id": KEY_ID,
                "account_id": OTHER,
                "alias": "mine",
                "description": "the other account's",
                "policy": policy,
            }
        ],
        "secrets": [
            {"name": "theirs", "value": "t", "account_id": OTHER, "kms_key_id": "alias/mine"}
        ],
    }
    with mock_secrets(account_id=OWNER) as mock:
        (arn,) = mock.load(document)

        key = mock.kms.get_key(f"arn:aws:kms:{REGION}:{OTHER}:key/{KEY_ID}")
        assert (key.aliases, key.description, key.policy) == (
            ["alias/mine"],
            "the other account's",
            json.dumps(policy),
        )
        with pytest.raises(ClientError) as raised:
            client_of(OTHER).get_secret_value(SecretId=arn)  # the loaded policy denies Decrypt
        assert raised.value.response["Error"] == {
            "Code": "AccessDeniedException",
            "Message": "Access to KMS is not allowed",
        }


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        (["k"], "each KMS key in a seed document is a mapping, not 'k'"),
        (
            [{"alias": "k", "rotation": True}],
            "unknown keys for a KMS key: ['rotation'] (a key takes account_id, alias, "
            "description, key_id, policy, region, state)",
        ),
        ([{"alias": "k", "description": 3}], "KMS key k: description must be a str, not 3"),
        (
            [{"key_id": KEY_ID, "policy": 3}],
            f"KMS key {KEY_ID}: policy is JSON text or a mapping, not 3",
        ),
        (
            [{"key_id": "k1"}],
            "a KMS key id is a lowercase UUID such as '1234abcd-12ab-34cd-56ef-1234567890ab', "
            "not 'k1'",
        ),
        ([{"account_id": "4444"}], "account_id must be a string of 12 digits, not '4444'"),
        (
            [{"key_id": KEY_ID}, {"key_id": KEY_ID, "account_id": OTHER}],
            f"the mock already has a KMS key {KEY_ID}: arn:aws:kms:{REGION}:{OWNER}:key/{KEY_ID}",
        ),
        (
            [{"policy": "{"}],
            "not a valid key policy: This resource policy contains a syntax error.",
        ),
    ],
)
def test_a_bad_key_entry_is_refused_and_loads_nothing(keys: list[Any], message: str) -> None:
    with mock_secrets(account_id=OWNER) as mock:
        with pytest.raises(SecretMockError) as raised:
            mock.load({"kms_keys": keys, "secrets": [{"name": "s", "value": "v"}]})
        assert str(raised.value) == message
        assert mock.dump() == {"secrets": []}
        assert mock.kms.list_keys() == []


def test_a_restore_puts_another_accounts_keys_back():
    with mock_secrets(account_id=OWNER) as mock:
        key = mock.kms.create_key(alias="mine", account_id=OTHER)
        other = client_of(OTHER)
        other.create_secret(Name="theirs", SecretString="t", KmsKeyId="alias/mine")
        snapshot = mock.snapshot()
        key.disable()
        key.policy = key_policy(allow(root(OTHER), "kms:*"))
        mock.kms.create_key(alias="later", account_id=OTHER)

        mock.restore(snapshot)

        assert mock.kms.list_keys(account_id=OTHER) == [key]
        assert key.state.value == "Enabled"
        assert json.loads(key.policy)["Statement"][0]["Principal"] == {"AWS": root(OTHER)}
        assert other.get_secret_value(SecretId="theirs")["SecretString"] == "t"


def test_a_restarted_server_keeps_another_accounts_keys(tmp_path: Path) -> None:
    from tests.server.support import client

    path = tmp_path / "state.sqlite"
    policy = key_policy(allow(root(OTHER), "kms:*"), allow(root(OWNER), *SECRETS_MANAGER_USE))
    with SecretsManagerServer(SecretsManagerMock(account_id=OWNER), port=0, state=path) as first:
        key = first.kms.create_key(alias="mine", account_id=OTHER, policy=policy)
        arn = client(first.endpoint_url, key=OTHER).create_secret(
            Name="theirs", SecretString="t", KmsKeyId="alias/mine"
        )["ARN"]
        share_with(client(first.endpoint_url, key=OTHER), arn, OWNER)
        first.kms.create_key(alias="off", account_id=OTHER).disable()
        saved = [(key.arn, key.aliases, key.state, key.policy, key.description)]

    with SecretsManagerServer(SecretsManagerMock(account_id=OWNER), port=0, state=path) as second:
        keys = second.kms.list_keys(account_id=OTHER)
        assert [(k.arn, k.aliases, k.state, k.policy, k.description) for k in keys[:1]] == saved
        assert [(k.aliases, k.state.value) for k in keys[1:]] == [(["alias/off"], "Disabled")]
        # The owner account reads it: the restored key policy allows it.
        reply = client(second.endpoint_url, key=OWNER).get_secret_value(SecretId=arn)
        assert reply["SecretString"] == "t"
