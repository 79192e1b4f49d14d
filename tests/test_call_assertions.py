"""Assertions on secretmock.calls: assert_called, assert_called_once, assert_not_called and
assert_calls_in_order, through the calls boto3 clients made."""

from __future__ import annotations

from typing import Any
from unittest.mock import ANY

import pytest
from botocore.exceptions import ClientError

from secretmock import Call, SecretsManagerMock
from secretmock.errors import SecretMockError
from tests.conftest import REGION


@pytest.fixture
def made(secretmock: SecretsManagerMock, client: Any) -> str:
    """Four calls: CreateSecret db, GetSecretValue by ARN, TagResource, a failing
    GetSecretValue of "missing". Returns db's ARN."""
    arn: str = client.create_secret(
        Name="db", SecretString="hunter2", Tags=[{"Key": "team", "Value": "a"}]
    )["ARN"]
    client.get_secret_value(SecretId=arn)
    client.tag_resource(SecretId="db", Tags=[{"Key": "env", "Value": "prod"}])
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_secret_value(SecretId="missing")
    return arn


def listing(arn: str) -> str:
    """The calls made by ``made``, as a failing assertion lists them."""
    return (
        "calls made (4):\n"
        "  1. CreateSecret(Name='db', SecretString='hunter2', Tags=[{'Key': 'team', 'Value': "
        "'a'}], ClientRequestToken=" + repr(ANY_TOKEN) + ") -> ok\n"
        f"  2. GetSecretValue(SecretId={arn!r}) -> ok\n"
        "  3. TagResource(SecretId='db', Tags=[{'Key': 'env', 'Value': 'prod'}]) -> ok\n"
        "  4. GetSecretValue(SecretId='missing') -> ResourceNotFoundException: "
        "Secrets Manager can't find the specified secret."
    )


ANY_TOKEN = "<token>"


def message_of(error: pytest.ExceptionInfo[AssertionError], secretmock: SecretsManagerMock) -> str:
    """The message, with the generated ClientRequestToken written as <token>."""
    token = secretmock.calls[0].params["ClientRequestToken"]
    return str(error.value).replace(repr(token), repr(ANY_TOKEN))


def test_assert_called_finds_calls_by_a_subset_of_their_parameters(secretmock, made):
    [create] = secretmock.calls.assert_called("CreateSecret", Name="db")
    assert isinstance(create, Call)
    assert create.params["SecretString"] == "hunter2"
    assert len(secretmock.calls.assert_called("get_secret_value")) == 2
    secretmock.calls.assert_called("CreateSecret", Tags=[{"Key": "team"}])  # dicts: subsets
    secretmock.calls.assert_called("CreateSecret", ClientRequestToken=ANY)


def test_a_secret_id_matches_any_form_of_the_same_secret(secretmock, made):
    partial = made[: -len("-abcdef")]
    for form in ("db", partial, made):
        assert len(secretmock.calls.assert_called("GetSecretValue", SecretId=form)) == 1
        secretmock.calls.assert_called_once("TagResource", SecretId=form)
    other_suffix = made[:-6] + ("AAAAAA" if made[-6:] != "AAAAAA" else "BBBBBB")
    secretmock.calls.assert_not_called("GetSecretValue", SecretId=other_suffix)
    secretmock.calls.assert_not_called("GetSecretValue", SecretId="db2")
    elsewhere = made.replace(f":{REGION}:", ":eu-west-1:")
    secretmock.calls.assert_not_called("TagResource", SecretId=elsewhere)


def test_secret_id_list_members_match_any_form(secretmock, client):
    arn = client.create_secret(Name="a", SecretString="1")["ARN"]
    client.create_secret(Name="b", SecretString="2")
    client.batch_get_secret_value(SecretIdList=[arn, "b"])

    secretmock.calls.assert_called_once("BatchGetSecretValue", SecretIdList=["a", "b"])
    secretmock.calls.assert_not_called("BatchGetSecretValue", SecretIdList=["b", "a"])
    secretmock.calls.assert_not_called("BatchGetSecretValue", SecretIdList=["a"])


def test_lists_match_item_by_item_and_scalars_by_equality(secretmock, made):
    calls = secretmock.calls
    calls.assert_not_called("CreateSecret", Tags=[])
    calls.assert_not_called("CreateSecret", Tags=[{"Key": "team"}, {"Key": "env"}])
    calls.assert_not_called("CreateSecret", Tags={"Key": "team"})
    calls.assert_not_called("CreateSecret", SecretString="hunter")
    calls.assert_not_called("CreateSecret", Description="absent from the call")


def test_assert_called_fails_listing_the_calls_made(secretmock, made):
    with pytest.raises(AssertionError) as error:
        secretmock.calls.assert_called("PutSecretValue", SecretId="db")
    assert message_of(error, secretmock) == (
        "expected a call of PutSecretValue(SecretId='db'); " + listing(made)
    )


def test_assert_called_once_fails_on_none_or_several(secretmock, made):
    assert secretmock.calls.assert_called_once("GetSecretValue", SecretId="db").response
    with pytest.raises(AssertionError) as error:
        secretmock.calls.assert_called_once("GetSecretValue")
    assert message_of(error, secretmock) == (
        "expected one call of GetSecretValue(), found 2; " + listing(made)
    )


def test_assert_not_called_fails_when_a_call_matches(secretmock, made):
    secretmock.calls.assert_not_called("DeleteSecret")
    with pytest.raises(AssertionError) as error:
        secretmock.calls.assert_not_called("GetSecretValue", SecretId="missing")
    assert message_of(error, secretmock) == (
        "expected no call of GetSecretValue(SecretId='missing'), found 1; " + listing(made)
    )


def test_assert_calls_in_order_allows_other_calls_between(secretmock, made):
    secretmock.calls.assert_calls_in_order(
        ["CreateSecret", ("GetSecretValue", {"SecretId": "db"}), "get_secret_value"]
    )
    secretmock.calls.assert_calls_in_order([])
    with pytest.raises(AssertionError) as error:
        secretmock.calls.assert_calls_in_order(
            [("TagResource", {"SecretId": "db"}), ("GetSecretValue", {"SecretId": "db"})]
        )
    assert message_of(error, secretmock) == (
        "expected the calls TagResource(SecretId='db'), GetSecretValue(SecretId='db') in this "
        "order; item 2 (GetSecretValue(SecretId='db')) has no match after the earlier ones; "
        + listing(made)
    )


def test_with_no_call_made_the_message_says_so(secretmock):
    with pytest.raises(AssertionError) as error:
        secretmock.calls.assert_called("ListSecrets")
    assert str(error.value) == "expected a call of ListSecrets(); no call was made"


def test_long_values_are_shortened_in_the_listing(secretmock, client):
    client.create_secret(Name="big", SecretString="x" * 200, ClientRequestToken="t" * 32)
    with pytest.raises(AssertionError) as error:
        secretmock.calls.assert_called("DeleteSecret")
    assert str(error.value) == (
        "expected a call of DeleteSecret(); calls made (1):\n"
        f"  1. CreateSecret(Name='big', SecretString='{'x' * 96}..., "
        f"ClientRequestToken='{'t' * 32}') -> ok"
    )


@pytest.mark.parametrize(
    "item",
    [42, ("GetSecretValue",), ("GetSecretValue", "db"), ["GetSecretValue", {}]],
)
def test_assert_calls_in_order_refuses_other_items(secretmock, item):
    with pytest.raises(SecretMockError) as error:
        secretmock.calls.assert_calls_in_order([item])
    assert str(error.value) == (
        "assert_calls_in_order() takes a list of operation names and (operation, params) pairs, "
        f'such as ["CreateSecret", ("GetSecretValue", {{"SecretId": "db"}})]; not {item!r}'
    )


@pytest.mark.parametrize(
    ("assertion", "name"),
    [
        ("assert_called", "assert_called()"),
        ("assert_called_once", "assert_called_once()"),
        ("assert_not_called", "assert_not_called()"),
    ],
)
def test_an_unknown_operation_is_refused(secretmock, assertion, name):
    with pytest.raises(SecretMockError) as error:
        getattr(secretmock.calls, assertion)("GetSecret")
    assert str(error.value).startswith(
        f"{name} takes a Secrets Manager operation, by its API name ('GetSecretValue') or its "
        "client method name ('get_secret_value'); 'GetSecret' is neither."
    )


def test_a_secret_id_that_is_not_a_secrets_arn_matches_only_itself(secretmock, client):
    lambda_arn = f"arn:aws:lambda:{REGION}:123456789012:function:db"
    with pytest.raises(ClientError):  # no secret's ARN: the name rule refuses it
        client.describe_secret(SecretId=lambda_arn)

    secretmock.calls.assert_called_once("DescribeSecret", SecretId=lambda_arn)
    secretmock.calls.assert_not_called("DescribeSecret", SecretId="db")
    secretmock.calls.assert_called_once("DescribeSecret", SecretId=ANY)
