"""Who a client acts as: its access key id decides the account (secretmock._identity)."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from secretmock import mock_secrets
from tests.accounts.support import denied, denied_explicitly, policy, statement


def _client(access_key_id: str | None = None) -> Any:
    if access_key_id is None:
        return boto3.client("secretsmanager", region_name="us-east-1")
    return boto3.client(
        "secretsmanager",
        region_name="us-east-1",
        aws_access_key_id=access_key_id,
        aws_secret_access_key="secret",
    )


def test_a_twelve_digit_access_key_id_acts_as_that_account() -> None:
    with mock_secrets(account_id="111122223333") as sm:
        arn = _client("444455556666").create_secret(Name="s", SecretString="v")["ARN"]
        assert arn.startswith("arn:aws:secretsmanager:us-east-1:444455556666:secret:s-")
        # The mock's own account does not see it: its store is another account's.
        assert _client().list_secrets()["SecretList"] == []
        assert sm.store().find("s") is None


def test_other_keys_and_no_keys_act_as_the_mocks_account() -> None:
    with mock_secrets(account_id="111122223333"):
        for key in (None, "AKIAIOSFODNN7EXAMPLE", "testing", "1111222233334"):
            arn = _client(key).create_secret(Name=f"s-{key}", SecretString="v")["ARN"]
            assert arn.split(":")[4] == "111122223333"


def test_an_account_root_is_in_the_partition_of_the_clients_region() -> None:
    """In China and GovCloud, IAM ARNs are arn:aws-cn: and arn:aws-us-gov: [DOC ARN format]:
    what AccessDeniedException names and what a policy's principal matches."""
    for region, partition in (("cn-north-1", "aws-cn"), ("us-gov-west-1", "aws-us-gov")):
        with mock_secrets(account_id="111122223333", region=region) as sm:
            owner = boto3.client("secretsmanager", region_name=region)
            arn = owner.create_secret(Name="s", SecretString="v")["ARN"]
            other = sm.credentials_for("444455556666").client()
            with pytest.raises(ClientError) as raised:
                other.describe_secret(SecretId=arn)
            assert raised.value.response["Error"] == {
                "Code": "AccessDeniedException",
                "Message": denied(f"arn:{partition}:iam::444455556666:root", "DescribeSecret", arn),
            }
            allowed = {"AWS": f"arn:{partition}:iam::444455556666:root"}
            owner.put_resource_policy(
                SecretId=arn, ResourcePolicy=policy(statement(Principal=allowed))
            )
            assert other.describe_secret(SecretId=arn)["ARN"] == arn
            twelve_digits = boto3.client(
                "secretsmanager",
                region_name=region,
                aws_access_key_id="444455556666",
                aws_secret_access_key="secret",
            )
            assert twelve_digits.describe_secret(SecretId=arn)["ARN"] == arn
            deny = statement(
                Effect="Deny",
                Principal={"AWS": f"arn:{partition}:iam::111122223333:root"},
                Action="secretsmanager:GetSecretValue",
            )
            owner.put_resource_policy(SecretId=arn, ResourcePolicy=policy(deny))
            with pytest.raises(ClientError) as raised:
                owner.get_secret_value(SecretId=arn)
            assert raised.value.response["Error"]["Message"] == denied_explicitly(
                f"arn:{partition}:iam::111122223333:root", "GetSecretValue", arn
            )
