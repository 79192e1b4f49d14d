"""Recorded calls say which account each call acted in, and assertions tell the accounts apart."""

from __future__ import annotations

import pytest

from secretmock import mock_secrets
from tests.accounts.support import REGION, A, B, client_of
from tests.assertions import raises_aws

NOT_FOUND = "Secrets Manager can't find the specified secret."


def test_each_call_records_the_account_it_acted_in():
    with mock_secrets(account_id=A, region=REGION) as sm:
        a, b = client_of(A), client_of(B)
        a.create_secret(Name="db", SecretString="a")
        with raises_aws("ResourceNotFoundException", NOT_FOUND, 400):
            b.get_secret_value(SecretId="db")

        assert [(call.operation, call.account, call.region) for call in sm.calls] == [
            ("CreateSecret", A, REGION),
            ("GetSecretValue", B, REGION),
        ]


def test_an_arn_matches_only_the_calls_of_its_own_account():
    with mock_secrets(account_id=A, region=REGION) as sm:
        a, b = client_of(A), client_of(B)
        arn_a = a.create_secret(Name="db", SecretString="a")["ARN"]
        arn_b = b.create_secret(Name="db", SecretString="b")["ARN"]
        b.get_secret_value(SecretId="db")  # B's own secret, by name

        sm.calls.assert_not_called("GetSecretValue", SecretId=arn_a)
        [call] = sm.calls.assert_called("GetSecretValue", SecretId=arn_b)
        assert call.account == B
        assert len(sm.calls.assert_called("CreateSecret", Name="db")) == 2  # Name: no account
        with pytest.raises(AssertionError, match="expected no call of GetSecretValue"):
            sm.calls.assert_not_called("GetSecretValue", SecretId=arn_b)


def test_a_secret_id_list_matches_by_the_calling_account():
    with mock_secrets(account_id=A, region=REGION) as sm:
        a, b = client_of(A), client_of(B)
        arn_a = a.create_secret(Name="db", SecretString="a")["ARN"]
        arn_b = b.create_secret(Name="db", SecretString="b")["ARN"]
        a.batch_get_secret_value(SecretIdList=["db"])

        sm.calls.assert_called("BatchGetSecretValue", SecretIdList=[arn_a])
        sm.calls.assert_not_called("BatchGetSecretValue", SecretIdList=[arn_b])
