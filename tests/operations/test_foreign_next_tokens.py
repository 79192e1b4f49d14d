"""A NextToken pages only the listing it came from: the same operation, in the same account and
Region (ListSecretVersionIds: the same secret, whose ARN names both)."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from tests.assertions import raises_aws
from tests.botocore_model import has

INVALID_TOKEN = "The NextToken value is invalid."
OTHER_ACCOUNT = "444455556666"  # a 12-digit access key id acts as that account


@pytest.fixture
def elsewhere(secretmock: Any, boto3_session: boto3.Session) -> dict[str, Any]:
    """Clients of the same mock in another Region and in another account of us-east-1."""
    return {
        "Region": boto3_session.client("secretsmanager", region_name="eu-west-1"),
        "account": boto3.client(
            "secretsmanager",
            region_name="us-east-1",
            aws_access_key_id=OTHER_ACCOUNT,
            aws_secret_access_key="secret",
        ),
    }


def _same_secrets(*clients: Any) -> None:
    """Three secrets, with the same names and values, in each client's account and Region."""
    for client in clients:
        for name in ("s0", "s1", "s2"):
            client.create_secret(Name=name, SecretString="v")
            client.put_secret_value(SecretId=name, SecretString="w")


@pytest.mark.parametrize("where", ["Region", "account"])
def test_a_list_secrets_token_of_another_account_or_region_is_refused(client, elsewhere, where):
    other = elsewhere[where]
    _same_secrets(client, other)
    token = client.list_secrets(MaxResults=1)["NextToken"]

    with raises_aws("InvalidNextTokenException", INVALID_TOKEN):
        other.list_secrets(MaxResults=1, NextToken=token)
    if has("ListSecrets", "SortBy"):  # botocore 1.34.0's model has no SortBy
        by_date = {"MaxResults": 1, "SortBy": "last-changed-date"}
        sorted_token = client.list_secrets(**by_date)["NextToken"]
        with raises_aws("InvalidNextTokenException", INVALID_TOKEN):
            other.list_secrets(NextToken=sorted_token, **by_date)
    # At home the same tokens still page on.
    assert client.list_secrets(MaxResults=1, NextToken=token)["SecretList"][0]["Name"] == "s1"


@pytest.mark.parametrize("where", ["Region", "account"])
def test_a_batch_get_secret_value_token_of_another_account_or_region_is_refused(
    client, elsewhere, where
):
    other = elsewhere[where]
    _same_secrets(client, other)
    filters = [{"Key": "name", "Values": ["s"]}]
    token = client.batch_get_secret_value(Filters=filters, MaxResults=1)["NextToken"]

    with raises_aws("InvalidNextTokenException", INVALID_TOKEN):
        other.batch_get_secret_value(Filters=filters, MaxResults=1, NextToken=token)
    home = client.batch_get_secret_value(Filters=filters, MaxResults=1, NextToken=token)
    assert [value["Name"] for value in home["SecretValues"]] == ["s1"]


@pytest.mark.parametrize("where", ["Region", "account"])
def test_a_version_token_of_a_same_named_secret_elsewhere_is_refused(client, elsewhere, where):
    other = elsewhere[where]
    _same_secrets(client, other)
    token = client.list_secret_version_ids(SecretId="s0", MaxResults=1)["NextToken"]

    with raises_aws("InvalidNextTokenException", INVALID_TOKEN):
        other.list_secret_version_ids(SecretId="s0", MaxResults=1, NextToken=token)
    home = client.list_secret_version_ids(SecretId="s0", MaxResults=1, NextToken=token)
    assert len(home["Versions"]) == 1


def test_a_token_refused_elsewhere_is_the_same_error_as_a_forged_one(client, elsewhere):
    """Exactly the answer a made-up token gets: code, message, status and exception class."""
    _same_secrets(client, elsewhere["Region"])
    token = client.list_secrets(MaxResults=1)["NextToken"]

    with raises_aws("InvalidNextTokenException", INVALID_TOKEN, 400) as foreign:
        elsewhere["Region"].list_secrets(NextToken=token)
    with raises_aws("InvalidNextTokenException", INVALID_TOKEN, 400) as made_up:
        elsewhere["Region"].list_secrets(NextToken="bm90IGEgdG9rZW4")

    assert type(foreign.value) is type(made_up.value)
    assert foreign.value.response["Error"] == made_up.value.response["Error"]
