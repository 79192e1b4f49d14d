"""Every secret lives in its owner's account: what another account can name, list and batch-read."""

from __future__ import annotations

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

NOT_FOUND = "Secrets Manager can't find the specified secret."
B_ROOT = f"arn:aws:iam::{B}:root"
A_ROOT = f"arn:aws:iam::{A}:root"


def test_a_name_or_a_partial_arn_looks_in_the_callers_own_account():
    with mock_secrets(account_id=A, region=REGION):
        a, b = client_of(A), client_of(B)
        arn = a.create_secret(Name="shared", SecretString="a's")["ARN"]
        a.put_resource_policy(SecretId=arn, ResourcePolicy=policy(statement()))
        partial = arn[: -len("-AbCdEf")]

        for secret_id in ("shared", partial):
            with raises_aws("ResourceNotFoundException", NOT_FOUND):
                b.describe_secret(SecretId=secret_id)
        # B's own secret of the same name is the one its name finds.
        own = b.create_secret(Name="shared", SecretString="b's")["ARN"]
        assert own.split(":")[4] == B
        assert b.get_secret_value(SecretId="shared")["SecretString"] == "b's"
        assert b.describe_secret(SecretId=arn)["ARN"] == arn


def test_another_accounts_secret_that_does_not_exist_is_refused_not_reported_missing():
    with mock_secrets(account_id=A, region=REGION):
        missing = f"arn:aws:secretsmanager:{REGION}:{A}:secret:gone-AbCdEf"
        with raises_aws("AccessDeniedException", denied(B_ROOT, "DescribeSecret", missing)):
            client_of(B).describe_secret(SecretId=missing)
        with raises_aws("AccessDeniedException", denied(B_ROOT, "DeleteSecret", missing)):
            client_of(B).delete_secret(SecretId=missing, ForceDeleteWithoutRecovery=True)


def test_listing_never_shows_another_accounts_secrets():
    with mock_secrets(account_id=A, region=REGION):
        a, b = client_of(A), client_of(B)
        arn = a.create_secret(Name="shared", SecretString="v")["ARN"]
        a.put_resource_policy(SecretId=arn, ResourcePolicy=policy(statement()))

        assert b.list_secrets()["SecretList"] == []
        assert b.list_secrets(Filters=[{"Key": "name", "Values": ["shared"]}])["SecretList"] == []
        batch = b.batch_get_secret_value(Filters=[{"Key": "name", "Values": ["shared"]}])
        assert (batch["SecretValues"], batch["Errors"]) == ([], [])
        assert [entry["ARN"] for entry in a.list_secrets()["SecretList"]] == [arn]


def test_batch_get_by_arn_reads_each_secret_as_get_secret_value_does():
    with mock_secrets(account_id=A, region=REGION) as sm:
        a, b = client_of(A), client_of(B)
        key = shared_key(sm)
        shared = a.create_secret(Name="shared", SecretString="1", KmsKeyId=key)["ARN"]
        private = a.create_secret(Name="private", SecretString="2", KmsKeyId=key)["ARN"]
        allow = statement(Action="secretsmanager:GetSecretValue")
        a.put_resource_policy(SecretId=shared, ResourcePolicy=policy(allow))

        batch = b.batch_get_secret_value(SecretIdList=[shared, private, "shared"])

        assert [(value["ARN"], value["SecretString"]) for value in batch["SecretValues"]] == [
            (shared, "1")
        ]
        assert batch["Errors"] == [
            {
                "SecretId": private,
                "ErrorCode": "AccessDeniedException",
                "Message": denied(B_ROOT, "GetSecretValue", private),
            },
            {"SecretId": "shared", "ErrorCode": "ResourceNotFoundException", "Message": NOT_FOUND},
        ]


def test_a_deny_of_get_secret_value_leaves_a_secret_out_of_the_owners_batch():
    with mock_secrets(account_id=A, region=REGION):
        a = client_of(A)
        open_arn = a.create_secret(Name="app/open", SecretString="1")["ARN"]
        guarded = a.create_secret(Name="app/guarded", SecretString="2")["ARN"]
        deny = statement(
            Effect="Deny", Principal={"AWS": A}, Action="secretsmanager:GetSecretValue"
        )
        a.put_resource_policy(SecretId=guarded, ResourcePolicy=policy(deny))

        batch = a.batch_get_secret_value(Filters=[{"Key": "name", "Values": ["app/"]}])

        assert [value["ARN"] for value in batch["SecretValues"]] == [open_arn]
        assert batch["Errors"] == [
            {
                "SecretId": guarded,
                "ErrorCode": "AccessDeniedException",
                "Message": denied_explicitly(A_ROOT, "GetSecretValue", guarded),
            }
        ]
