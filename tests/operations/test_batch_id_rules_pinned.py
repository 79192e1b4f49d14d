"""BatchGetSecretValue's SecretIdList at the edges of its checks, pinned.

The whole list is checked at once when every id is an ASCII string within the model's length
(secretmock._validation.model), and each id goes through one cached check of the name rule;
these pin that both answer exactly as the item-by-item checks do at every edge, and a property
test compares the two on generated lists.
"""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secretmock import SecretsManagerMock
from secretmock._validation import model
from tests.assertions import raises_aws

NOT_FOUND = "Secrets Manager can't find the specified secret."
INVALID_NAME = (
    "Invalid name. Must be a valid name containing alphanumeric characters, or any of the "
    "following: -/_+=.@!"
)
EACH_ID = (
    "Member must satisfy constraint: [Member must have length less than or equal to 2048, "
    "Member must have length greater than or equal to 1]"
)


@pytest.fixture
def raw(secretmock, boto3_session):
    """A client that sends requests without botocore's parameter validation."""
    return boto3_session.client("secretsmanager", config=Config(parameter_validation=False))


def errors(reply: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(e["SecretId"], e["ErrorCode"], e["Message"]) for e in reply["Errors"]]


def names(reply: dict[str, Any]) -> list[str]:
    return [value["Name"] for value in reply["SecretValues"]]


def test_an_id_of_exactly_2048_characters_is_looked_up(client):
    client.create_secret(Name="a", SecretString="v")
    longest = "x" * 2048

    reply = client.batch_get_secret_value(SecretIdList=["a", longest])

    assert names(reply) == ["a"]
    assert errors(reply) == [(longest, "ResourceNotFoundException", NOT_FOUND)]


def test_a_non_ascii_id_counts_characters_and_breaks_the_name_rule(client):
    client.create_secret(Name="a", SecretString="v")
    wide = "ü" * 2048  # 4,096 bytes of UTF-8, 2,048 characters: within the model's length

    reply = client.batch_get_secret_value(SecretIdList=["a", wide])

    assert names(reply) == ["a"]
    assert errors(reply) == [(wide, "ValidationException", INVALID_NAME)]


@pytest.mark.parametrize(
    ("arn", "error"),
    [
        # A secret's ARN is not held to the name rule, whatever its name part...
        (
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:not a name",
            ("ResourceNotFoundException", NOT_FOUND),
        ),
        # ...an ARN that names no secret is [USER kubernetes-external-secrets#84].
        (
            "arn:aws:secretsmanager:eu-west-2:111111111110:secret",
            ("ValidationException", INVALID_NAME),
        ),
    ],
    ids=["a secret's ARN", "an ARN without a secret's name"],
)
def test_an_arn_is_held_to_the_name_rule_only_when_it_names_no_secret(client, arn, error):
    client.create_secret(Name="a", SecretString="v")

    reply = client.batch_get_secret_value(SecretIdList=[arn, "a"])

    assert names(reply) == ["a"]
    assert errors(reply) == [(arn, *error)]


def test_a_name_with_a_character_outside_the_rule_is_an_error_of_its_own(client):
    client.create_secret(Name="a", SecretString="v")

    reply = client.batch_get_secret_value(SecretIdList=["a", "a b", "a"])

    assert names(reply) == ["a", "a"]
    assert errors(reply) == [("a b", "ValidationException", INVALID_NAME)]


def test_an_empty_id_fails_the_whole_list(raw):
    with raises_aws(
        "ValidationException",
        f"1 validation error detected: Value '[a, ]' at 'secretIdList' failed to satisfy "
        f"constraint: {EACH_ID}",
    ):
        raw.batch_get_secret_value(SecretIdList=["a", ""])


def test_an_id_too_long_among_valid_ones_fails_the_whole_list(raw):
    longer = "x" * 2049
    with raises_aws(
        "ValidationException",
        f"1 validation error detected: Value '[{longer}, a]' at 'secretIdList' failed to "
        f"satisfy constraint: {EACH_ID}",
    ):
        raw.batch_get_secret_value(SecretIdList=[longer, "a"])


def test_a_lone_surrogate_is_read_from_the_body(raw):
    with raises_aws("SerializationException", "Invalid UTF-8: lone surrogate in a string value"):
        raw.batch_get_secret_value(SecretIdList=["a", "\ud800"])


def test_a_number_among_the_ids_is_read_from_the_body(raw):
    with raises_aws("SerializationException", "NUMBER_VALUE can not be converted to a String"):
        raw.batch_get_secret_value(SecretIdList=["a", 5])


def test_a_tuple_of_ids_reads_as_a_list(raw):
    raw.create_secret(Name="a", SecretString="v")

    reply = raw.batch_get_secret_value(SecretIdList=("a", "b"))

    assert names(reply) == ["a"]
    assert errors(reply) == [("b", "ResourceNotFoundException", NOT_FOUND)]


# -- the whole-list check answers as the item-by-item one --------------------------------------

_ids = st.lists(
    st.one_of(
        st.sampled_from(["a", "b", "", "x" * 2048, "x" * 2049, "ü" * 2048, "ü" * 2049, "\ud800"]),
        st.text(alphabet="ab/ü\ud800 ", max_size=4),
        st.integers(0, 9),
    ),
    max_size=22,
)


def _answer(client: Any, ids: list[Any]) -> tuple[str, Any]:
    try:
        reply = client.batch_get_secret_value(SecretIdList=ids)
    except ClientError as error:
        return "error", (
            error.response["Error"],
            error.response["ResponseMetadata"]["HTTPStatusCode"],
        )
    return "reply", (names(reply), errors(reply))


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ids=_ids)
def test_a_list_of_ids_is_answered_as_when_each_id_is_checked_on_its_own(
    boto3_session: boto3.Session, monkeypatch: pytest.MonkeyPatch, ids: list[Any]
) -> None:
    client = boto3_session.client("secretsmanager", config=Config(parameter_validation=False))
    with SecretsManagerMock():
        client.create_secret(Name="a", SecretString="v")
        fast = _answer(client, ids)
        with monkeypatch.context() as patched:
            patched.setattr(model, "_fit_lengths", lambda items, low, high: False)
            one_by_one = _answer(client, ids)

    assert fast == one_by_one
