"""Who a client acts as: its access key id decides the account (secretmock._identity)."""

from __future__ import annotations

from typing import Any

import boto3

from secretmock import mock_secrets


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
