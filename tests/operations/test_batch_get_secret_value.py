"""BatchGetSecretValue through boto3: by SecretIdList with per-secret Errors, and by Filters."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import pytest

from secretmock import SecretsManagerMock
from tests.assertions import raises_aws
from tests.operations.search_support import START, at, reply

NOT_FOUND = "Secrets Manager can't find the specified secret."
NO_CURRENT = "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT"
MARKED_FOR_DELETION = (
    "You can't perform this operation on the secret because it was marked for deletion."
)
NOT_BOTH = "Either 'SecretIdList' or 'Filters' must be provided, but not both."
INVALID_TOKEN = "The NextToken value is invalid."
TOKENS = [f"{n:08d}-0000-4000-8000-000000000000" for n in range(30)]
# LastAccessedDate of a read at START: midnight UTC of that day.
READ_DAY = at(-(5 * 3600 + 6 * 60 + 7.123))

pytestmark = pytest.mark.secretmock(clock=START)


def snapshot(mock: SecretsManagerMock) -> list[dict[str, Any]]:
    return [asdict(secret) for secret in mock.store().secrets()]


def make(client: Any, name: str, token: int, **params: Any) -> str:
    created = client.create_secret(
        Name=name, SecretString=f"value of {name}", ClientRequestToken=TOKENS[token], **params
    )
    return str(created["ARN"])


def value(arn: str, name: str, token: int) -> dict[str, Any]:
    return {
        "ARN": arn,
        "Name": name,
        "VersionId": TOKENS[token],
        "SecretString": f"value of {name}",
        "VersionStages": ["AWSCURRENT"],
        "CreatedDate": at(),
    }


# -- by SecretIdList ---------------------------------------------------------------------------


def test_values_come_in_request_order_with_errors_for_the_rest(client):
    first = make(client, "first", 1)
    second = make(client, "second", 2)
    client.create_secret(Name="empty")
    make(client, "doomed", 3)
    client.delete_secret(SecretId="doomed")
    binary = client.create_secret(Name="binary", SecretBinary=b"\x00\x01")["ARN"]

    response = client.batch_get_secret_value(
        SecretIdList=["second", "missing", first, "empty", "doomed", "binary", "bad name"]
    )

    assert reply(response) == {
        "SecretValues": [
            value(second, "second", 2),
            value(first, "first", 1),
            {
                "ARN": binary,
                "Name": "binary",
                "VersionId": response["SecretValues"][2]["VersionId"],
                "SecretBinary": b"\x00\x01",
                "VersionStages": ["AWSCURRENT"],
                "CreatedDate": at(),
            },
        ],
        "Errors": [
            {
                "SecretId": "missing",
                "ErrorCode": "ResourceNotFoundException",
                "Message": NOT_FOUND,
            },
            {"SecretId": "empty", "ErrorCode": "ResourceNotFoundException", "Message": NO_CURRENT},
            {
                "SecretId": "doomed",
                "ErrorCode": "InvalidRequestException",
                "Message": MARKED_FOR_DELETION,
            },
            {
                "SecretId": "bad name",
                "ErrorCode": "ValidationException",
                "Message": "Invalid name. Must be a valid name containing alphanumeric "
                "characters, or any of the following: -/_+=.@!",
            },
        ],
    }


def test_an_all_good_batch_has_an_empty_errors_list(client):
    arn = make(client, "app", 1)

    assert reply(client.batch_get_secret_value(SecretIdList=[arn[:-7]])) == {
        "SecretValues": [value(arn, "app", 1)],
        "Errors": [],
    }


def test_reading_in_a_batch_marks_the_secrets_accessed(client):
    make(client, "read", 1)
    make(client, "unread", 2)

    client.batch_get_secret_value(SecretIdList=["read"])

    assert client.describe_secret(SecretId="read")["LastAccessedDate"] == READ_DAY
    assert "LastAccessedDate" not in client.describe_secret(SecretId="unread")


def test_at_most_twenty_ids(client):
    ids = [f"s{i}" for i in range(21)]
    for index, name in enumerate(ids[:20]):
        make(client, name, index)
    assert len(client.batch_get_secret_value(SecretIdList=ids[:20])["SecretValues"]) == 20

    with raises_aws(
        "ValidationException",
        f"1 validation error detected: Value '[{', '.join(ids)}]' at 'secretIdList' failed to "
        "satisfy constraint: Member must have length less than or equal to 20",
    ):
        client.batch_get_secret_value(SecretIdList=ids)


def test_an_id_longer_than_2048_characters_is_refused(client):
    long_id = "x" * 2049
    with raises_aws(
        "ValidationException",
        f"1 validation error detected: Value '[a, {long_id}]' at 'secretIdList' failed to "
        "satisfy constraint: Member must satisfy constraint: [Member must have length less "
        "than or equal to 2048, Member must have length greater than or equal to 1]",
    ):
        client.batch_get_secret_value(SecretIdList=["a", long_id])


# -- the either/or rules -----------------------------------------------------------------------


def test_ids_or_filters_but_not_both_or_neither(client):
    with raises_aws("InvalidParameterException", NOT_BOTH):
        client.batch_get_secret_value(
            SecretIdList=["a"], Filters=[{"Key": "name", "Values": ["a"]}]
        )
    with raises_aws("InvalidParameterException", NOT_BOTH):
        client.batch_get_secret_value()


def test_max_results_needs_filters(client):
    with raises_aws(
        "InvalidParameterException",
        "'Filters' not specified. 'Filters' must also be specified when 'MaxResults' is provided.",
    ):
        client.batch_get_secret_value(SecretIdList=["a"], MaxResults=5)


def test_an_id_list_takes_no_next_token(client):
    with raises_aws("InvalidNextTokenException", INVALID_TOKEN):
        client.batch_get_secret_value(SecretIdList=["a"], NextToken="abc")


# -- by Filters --------------------------------------------------------------------------------


def test_filters_select_the_secrets_as_list_secrets_does(client):
    app = make(client, "app/one", 1, Tags=[{"Key": "team", "Value": "core"}])
    make(client, "other", 2)
    two = make(client, "app/two", 3)

    response = client.batch_get_secret_value(Filters=[{"Key": "name", "Values": ["app/"]}])

    assert reply(response) == {
        "SecretValues": [value(app, "app/one", 1), value(two, "app/two", 3)],
        "Errors": [],
    }


def test_an_empty_filter_list_selects_every_secret(client):
    make(client, "a", 1)
    make(client, "b", 2)

    response = client.batch_get_secret_value(Filters=[])

    assert [entry["Name"] for entry in response["SecretValues"]] == ["a", "b"]


def test_filtered_pages_of_max_results(client, secretmock):
    for index in range(5):
        make(client, f"s{index}", index)
        secretmock.advance_time(1)

    first = client.batch_get_secret_value(Filters=[], MaxResults=2)
    second = client.batch_get_secret_value(Filters=[], MaxResults=2, NextToken=first["NextToken"])
    third = client.batch_get_secret_value(Filters=[], MaxResults=2, NextToken=second["NextToken"])

    assert [[v["Name"] for v in page["SecretValues"]] for page in (first, second, third)] == [
        ["s0", "s1"],
        ["s2", "s3"],
        ["s4"],
    ]
    assert "NextToken" not in third


def test_the_default_filtered_page_is_twenty_secrets(client):
    for index in range(25):
        make(client, f"s{index:02d}", index)

    first = client.batch_get_secret_value(Filters=[{"Key": "name", "Values": ["s"]}])
    second = client.batch_get_secret_value(
        Filters=[{"Key": "name", "Values": ["s"]}], NextToken=first["NextToken"]
    )

    assert len(first["SecretValues"]) == 20
    assert [v["Name"] for v in second["SecretValues"]] == [f"s{i}" for i in range(20, 25)]
    assert "NextToken" not in second


def test_filtered_batches_skip_deletions_and_report_secrets_without_a_value(client):
    make(client, "a-live", 1)
    empty = client.create_secret(Name="a-empty")["ARN"]
    make(client, "a-doomed", 2)
    client.delete_secret(SecretId="a-doomed")

    response = client.batch_get_secret_value(Filters=[{"Key": "name", "Values": ["a-"]}])

    assert [v["Name"] for v in response["SecretValues"]] == ["a-live"]
    assert response["Errors"] == [
        {"SecretId": empty, "ErrorCode": "ResourceNotFoundException", "Message": NO_CURRENT}
    ]


def test_filtered_page_size_limits(client):
    with raises_aws(
        "ValidationException",
        "1 validation error detected: Value '21' at 'maxResults' failed to satisfy constraint: "
        "Member must have value less than or equal to 20",
    ):
        client.batch_get_secret_value(Filters=[], MaxResults=21)


def test_filtered_batches_check_filters_as_list_secrets_does(client):
    with raises_aws("InvalidParameterException", "Invalid filter key"):
        client.batch_get_secret_value(Filters=[{"Values": ["a"]}])
    with raises_aws(
        "ValidationException",
        "1 validation error detected: Value 'nom' at 'filters.1.member.key' failed to satisfy "
        "constraint: Member must satisfy enum value set: [all, name, tag-key, description, "
        "tag-value, primary-region, owning-service]",
    ):
        client.batch_get_secret_value(Filters=[{"Key": "nom", "Values": ["a"]}])


def test_a_forged_token_is_refused(client):
    make(client, "a", 1)
    make(client, "b", 2)
    token = client.batch_get_secret_value(Filters=[], MaxResults=1)["NextToken"]
    list_token = client.list_secrets(MaxResults=1)["NextToken"]

    for bad in ["garbage", token[:-2] + "AA", list_token]:
        with raises_aws("InvalidNextTokenException", INVALID_TOKEN):
            client.batch_get_secret_value(Filters=[], NextToken=bad)


def test_a_refused_batch_changes_nothing(client, secretmock):
    make(client, "a", 1)
    before = snapshot(secretmock)

    with raises_aws("InvalidParameterException", NOT_BOTH):
        client.batch_get_secret_value(SecretIdList=["a"], Filters=[])

    assert snapshot(secretmock) == before
