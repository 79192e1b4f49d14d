"""Issue 10's "Done when" sequence, validated against AWS, re-enacted with one client per account.

The sequence is LocalStack's AWS-validated ``test_cross_account_access`` (last validated
2024-06-12) and ``test_cross_account_access_non_default_key`` (2024-03-21), as the research
notes record them [REC by assertion]; the messages are AWS's (see secretmock/_messages.py).
"""

from __future__ import annotations

from typing import Any

from secretmock import mock_secrets
from tests.accounts.support import (
    REGION,
    A,
    B,
    client_of,
    denied,
    denied_explicitly,
    policy,
    shared_key,
    statement,
)
from tests.assertions import raises_aws

DEFAULT_KEY_REFUSAL = (
    "You can't access a secret from a different AWS account if you encrypt the secret with the "
    "default KMS service key."
)
B_ROOT = f"arn:aws:iam::{B}:root"
A_ROOT = f"arn:aws:iam::{A}:root"


def test_another_account_under_the_default_key_may_do_all_but_read_and_write_the_value():
    with mock_secrets(account_id=A, region=REGION):
        a, b = client_of(A), client_of(B)
        # 1. A creates a secret under the default key, with a policy that allows B's root
        #    every secretsmanager action.
        arn = a.create_secret(Name="shared", SecretString="v1")["ARN"]
        a.put_resource_policy(SecretId=arn, ResourcePolicy=policy(statement()))

        # 2. B describes the secret by ARN.
        described = b.describe_secret(SecretId=arn)
        assert (described["ARN"], described["Name"]) == (arn, "shared")
        assert "KmsKeyId" not in described

        # 3. B's GetSecretValue and PutSecretValue fail with the default-key message.
        with raises_aws("InvalidRequestException", DEFAULT_KEY_REFUSAL):
            b.get_secret_value(SecretId=arn)
        with raises_aws("InvalidRequestException", DEFAULT_KEY_REFUSAL):
            b.put_secret_value(SecretId=arn, SecretString="v2")

        # 4. B puts and reads the resource policy.
        replaced = policy(statement(Sid="FromB"))
        assert b.put_resource_policy(SecretId=arn, ResourcePolicy=replaced)["ARN"] == arn
        read = b.get_resource_policy(SecretId=arn)
        assert (read["ARN"], read["Name"], read["ResourcePolicy"]) == (arn, "shared", replaced)

        # 5. B lists the version ids: one.
        versions = b.list_secret_version_ids(SecretId=arn)
        assert [version["VersionStages"] for version in versions["Versions"]] == [["AWSCURRENT"]]

        # 6. B's ListSecrets is empty.
        assert b.list_secrets()["SecretList"] == []

        # 7. B tags and untags the secret, and A sees the tags come and go.
        b.tag_resource(SecretId=arn, Tags=[{"Key": "team", "Value": "b"}])
        assert a.describe_secret(SecretId="shared")["Tags"] == [{"Key": "team", "Value": "b"}]
        b.untag_resource(SecretId=arn, TagKeys=["team"])
        assert a.describe_secret(SecretId="shared")["Tags"] == []

        # 8. B force-deletes the secret.
        deleted = b.delete_secret(SecretId=arn, ForceDeleteWithoutRecovery=True)
        assert (deleted["ARN"], deleted["Name"]) == (arn, "shared")
        assert a.list_secrets()["SecretList"] == []


def test_under_a_customer_managed_key_that_allows_it_another_account_reads_and_writes():
    with mock_secrets(account_id=A, region=REGION) as sm:
        key = shared_key(sm)
        a, b = client_of(A), client_of(B)
        arn = a.create_secret(Name="shared", SecretString="v1", KmsKeyId=key)["ARN"]
        a.put_resource_policy(SecretId=arn, ResourcePolicy=policy(statement()))

        assert b.get_secret_value(SecretId=arn)["SecretString"] == "v1"
        written = b.put_secret_value(SecretId=arn, SecretString="v2")
        assert (written["ARN"], written["Name"]) == (arn, "shared")
        assert b.get_secret_value(SecretId=arn)["SecretString"] == "v2"
        assert a.get_secret_value(SecretId="shared")["SecretString"] == "v2"


def test_without_a_policy_another_account_is_denied_every_action():
    with mock_secrets(account_id=A, region=REGION):
        a, b = client_of(A), client_of(B)
        arn = a.create_secret(Name="private", SecretString="v")["ARN"]

        calls: list[tuple[str, str, dict[str, Any]]] = [
            ("DescribeSecret", "describe_secret", {}),
            ("GetSecretValue", "get_secret_value", {}),
            ("PutSecretValue", "put_secret_value", {"SecretString": "x"}),
            ("GetResourcePolicy", "get_resource_policy", {}),
            ("TagResource", "tag_resource", {"Tags": [{"Key": "k"}]}),
            ("DeleteSecret", "delete_secret", {}),
        ]
        for action, method, members in calls:
            with raises_aws("AccessDeniedException", denied(B_ROOT, action, arn)):
                getattr(b, method)(SecretId=arn, **members)
        # Nothing changed.
        assert a.get_secret_value(SecretId="private")["SecretString"] == "v"
        assert "Tags" not in a.describe_secret(SecretId="private")


def test_an_explicit_deny_on_the_owners_root_denies_its_reads_but_not_its_describe():
    with mock_secrets(account_id=A, region=REGION):
        a = client_of(A)
        a.create_secret(Name="guarded", SecretString="v")
        deny = statement(
            Effect="Deny", Principal={"AWS": A_ROOT}, Action="secretsmanager:GetSecretValue"
        )
        a.put_resource_policy(SecretId="guarded", ResourcePolicy=policy(deny))

        with raises_aws(
            "AccessDeniedException", denied_explicitly(A_ROOT, "GetSecretValue", "guarded")
        ):
            a.get_secret_value(SecretId="guarded")
        assert a.describe_secret(SecretId="guarded")["Name"] == "guarded"
