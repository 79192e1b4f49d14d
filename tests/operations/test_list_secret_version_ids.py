"""ListSecretVersionIds: which versions it lists, each entry's members, and paging."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
from botocore.config import Config

from secretmock._backend.models import SecretVersion
from secretmock._clock import Instant
from tests.assertions import raises_aws
from tests.operations.support import START, at, day_of, reply, token

pytestmark = pytest.mark.secretmock(clock=START, seed=17)

V1, V2, V3, V4, V5 = (token(number) for number in range(1, 6))
INVALID_NEXT_TOKEN = "The NextToken value is invalid."


def test_list_secret_version_ids_answers_every_labelled_version_with_its_members(
    client, secretmock
):
    created = client.create_secret(Name="s", SecretString="one", ClientRequestToken=V1)
    secretmock.advance_time(timedelta(minutes=1))
    client.put_secret_value(SecretId="s", SecretString="two", ClientRequestToken=V2)

    response = client.list_secret_version_ids(SecretId="s")

    assert reply(response) == {
        "Versions": [
            {
                "VersionId": V1,
                "VersionStages": ["AWSPREVIOUS"],
                "CreatedDate": at(),
                "KmsKeyIds": ["DefaultEncryptionKey"],
            },
            {
                "VersionId": V2,
                "VersionStages": ["AWSCURRENT"],
                "CreatedDate": at(timedelta(minutes=1)),
                "KmsKeyIds": ["DefaultEncryptionKey"],
            },
        ],
        "ARN": created["ARN"],
        "Name": "s",
    }


def test_deprecated_versions_are_hidden_unless_include_deprecated_and_then_come_without_stages(
    client,
):
    client.create_secret(Name="s", SecretString="one", ClientRequestToken=V1)
    client.put_secret_value(SecretId="s", SecretString="two", ClientRequestToken=V2)
    client.put_secret_value(SecretId="s", SecretString="three", ClientRequestToken=V3)

    default = client.list_secret_version_ids(SecretId="s")["Versions"]
    everything = client.list_secret_version_ids(SecretId="s", IncludeDeprecated=True)["Versions"]

    assert [entry["VersionId"] for entry in default] == [V2, V3]
    assert [(entry["VersionId"], entry.get("VersionStages")) for entry in everything] == [
        (V1, None),
        (V2, ["AWSPREVIOUS"]),
        (V3, ["AWSCURRENT"]),
    ]


def test_last_accessed_date_appears_only_on_the_version_that_was_read(client, secretmock):
    client.create_secret(Name="s", SecretString="one", ClientRequestToken=V1)
    client.put_secret_value(SecretId="s", SecretString="two", ClientRequestToken=V2)
    secretmock.advance_time(timedelta(days=1))
    client.get_secret_value(SecretId="s", VersionId=V1)

    entries = client.list_secret_version_ids(SecretId="s")["Versions"]

    assert [entry.get("LastAccessedDate") for entry in entries] == [
        day_of(timedelta(days=1)),
        None,
    ]


def test_kms_key_ids_name_the_key_the_version_was_encrypted_with(client):
    client.create_secret(Name="s", SecretString="one", KmsKeyId="alias/custom")

    entries = client.list_secret_version_ids(SecretId="s")["Versions"]

    assert entries[0]["KmsKeyIds"] == ["alias/custom"]


def test_a_secret_without_a_value_lists_no_versions(client):
    created = client.create_secret(Name="s")

    response = client.list_secret_version_ids(SecretId="s", IncludeDeprecated=True)

    assert reply(response) == {"Versions": [], "ARN": created["ARN"], "Name": "s"}


def test_a_labelled_version_without_a_value_is_not_listed(client, secretmock):
    # The empty AWSPENDING version a rotation creates before its createSecret step runs.
    client.create_secret(Name="s", SecretString="one", ClientRequestToken=V1)
    secret = secretmock.store().by_name("s")
    secret.versions[V2] = SecretVersion(V2, Instant(START.timestamp()))
    secret.labels["AWSPENDING"] = V2

    entries = client.list_secret_version_ids(SecretId="s", IncludeDeprecated=True)["Versions"]

    assert [entry["VersionId"] for entry in entries] == [V1]


def test_max_results_pages_through_the_versions_with_next_token(client):
    client.create_secret(Name="s", SecretString="v1", ClientRequestToken=V1)
    for number, version_id in enumerate((V2, V3, V4, V5), start=2):
        client.put_secret_value(
            SecretId="s", SecretString=f"v{number}", ClientRequestToken=version_id
        )

    pages = [client.list_secret_version_ids(SecretId="s", IncludeDeprecated=True, MaxResults=2)]
    while "NextToken" in pages[-1]:
        pages.append(
            client.list_secret_version_ids(
                SecretId="s", IncludeDeprecated=True, MaxResults=2, NextToken=pages[-1]["NextToken"]
            )
        )

    assert [[entry["VersionId"] for entry in page["Versions"]] for page in pages] == [
        [V1, V2],
        [V3, V4],
        [V5],
    ]


def test_a_page_that_ends_exactly_at_the_last_version_has_no_next_token(client):
    client.create_secret(Name="s", SecretString="v1", ClientRequestToken=V1)
    client.put_secret_value(SecretId="s", SecretString="v2", ClientRequestToken=V2)

    response = client.list_secret_version_ids(SecretId="s", MaxResults=2)

    assert "NextToken" not in response
    assert len(response["Versions"]) == 2


@pytest.mark.parametrize(
    "forged",
    [
        "forged",
        base64.urlsafe_b64encode(b"arn:aws:secretsmanager:us-east-1:123456789012:secret:x\nv")
        .decode()
        .rstrip("="),
        "\N{SNOWMAN}",
    ],
    ids=["not-base64", "another-secret", "not-ascii"],
)
def test_a_next_token_the_mock_did_not_issue_is_refused(client, forged):
    client.create_secret(Name="s", SecretString="v1")

    with raises_aws("InvalidNextTokenException", INVALID_NEXT_TOKEN):
        client.list_secret_version_ids(SecretId="s", NextToken=forged)


def test_a_next_token_of_one_secret_does_not_page_another(client):
    for name in ("a", "b"):
        client.create_secret(Name=name, SecretString="v1")
        client.put_secret_value(SecretId=name, SecretString="v2")
    next_token = client.list_secret_version_ids(SecretId="a", MaxResults=1)["NextToken"]

    with raises_aws("InvalidNextTokenException", INVALID_NEXT_TOKEN):
        client.list_secret_version_ids(SecretId="b", NextToken=next_token)


def test_max_results_over_100_is_a_validation_error(client):
    client.create_secret(Name="s", SecretString="v1")

    with raises_aws(
        "ValidationException",
        "1 validation error detected: Value '101' at 'maxResults' failed to satisfy constraint: "
        "Member must have value less than or equal to 100",
    ):
        client.list_secret_version_ids(SecretId="s", MaxResults=101)


def test_max_results_below_1_from_a_client_that_skips_validation_is_a_validation_error(
    secretmock, boto3_session
):
    raw = boto3_session.client("secretsmanager", config=Config(parameter_validation=False))
    raw.create_secret(Name="s", SecretString="v1")

    with raises_aws(
        "ValidationException",
        "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: "
        "Member must have value greater than or equal to 1",
    ):
        raw.list_secret_version_ids(SecretId="s", MaxResults=0)


def test_a_next_token_over_4096_characters_is_a_validation_error(client):
    client.create_secret(Name="s", SecretString="v1")
    long_token = "t" * 4097

    with raises_aws(
        "ValidationException",
        f"1 validation error detected: Value '{long_token}' at 'nextToken' failed to satisfy "
        "constraint: Member must have length less than or equal to 4096",
    ):
        client.list_secret_version_ids(SecretId="s", NextToken=long_token)


def test_a_secret_scheduled_for_deletion_still_lists_its_versions(client):
    client.create_secret(Name="s", SecretString="v1", ClientRequestToken=V1)
    client.delete_secret(SecretId="s")

    entries = client.list_secret_version_ids(SecretId="s")["Versions"]

    assert [entry["VersionId"] for entry in entries] == [V1]


def test_an_unknown_secret_is_not_found(client):
    with raises_aws(
        "ResourceNotFoundException", "Secrets Manager can't find the specified secret."
    ):
        client.list_secret_version_ids(SecretId="nope")


def test_changing_a_reply_does_not_change_the_secret(client):
    client.create_secret(Name="s", SecretString="v1", ClientRequestToken=V1)
    first = client.list_secret_version_ids(SecretId="s")
    first["Versions"][0]["VersionStages"].append("mine")
    first["Versions"][0]["KmsKeyIds"].clear()

    again = client.list_secret_version_ids(SecretId="s")["Versions"][0]

    assert (again["VersionStages"], again["KmsKeyIds"]) == (
        ["AWSCURRENT"],
        ["DefaultEncryptionKey"],
    )


def test_a_next_token_of_another_secret_or_operation_is_refused(client):
    for name in ("s", "t"):
        client.create_secret(Name=name, SecretString="v1", ClientRequestToken=V1)
        client.put_secret_value(SecretId=name, SecretString="v2", ClientRequestToken=V2)
        client.create_secret(Name=f"{name}-extra", SecretString="v")
    of_s = client.list_secret_version_ids(SecretId="s", MaxResults=1)["NextToken"]
    of_listing = client.list_secrets(MaxResults=1)["NextToken"]

    with raises_aws("InvalidNextTokenException", INVALID_NEXT_TOKEN):
        client.list_secret_version_ids(SecretId="t", MaxResults=1, NextToken=of_s)
    with raises_aws("InvalidNextTokenException", INVALID_NEXT_TOKEN):
        client.list_secret_version_ids(SecretId="s", MaxResults=1, NextToken=of_listing)
    with raises_aws("InvalidNextTokenException", INVALID_NEXT_TOKEN):
        client.list_secrets(MaxResults=1, NextToken=of_s)
    with raises_aws("InvalidNextTokenException", INVALID_NEXT_TOKEN):
        client.batch_get_secret_value(Filters=[], MaxResults=1, NextToken=of_s)
    second = client.list_secret_version_ids(SecretId="s", MaxResults=1, NextToken=of_s)
    assert [entry["VersionId"] for entry in second["Versions"]] == [V2]


def test_a_next_token_of_a_deleted_secret_is_refused_for_a_new_one_of_the_same_name(client):
    client.create_secret(Name="s", SecretString="v1", ClientRequestToken=V1)
    client.put_secret_value(SecretId="s", SecretString="v2", ClientRequestToken=V2)
    token_at_v2 = client.list_secret_version_ids(SecretId="s", MaxResults=1)["NextToken"]
    client.delete_secret(SecretId="s", ForceDeleteWithoutRecovery=True)
    client.create_secret(Name="s", SecretString="v1", ClientRequestToken=V1)

    with raises_aws("InvalidNextTokenException", INVALID_NEXT_TOKEN):
        client.list_secret_version_ids(SecretId="s", MaxResults=1, NextToken=token_at_v2)


def test_a_next_token_whose_version_was_removed_since_is_refused(client, secretmock):
    client.create_secret(Name="s", SecretString="v", ClientRequestToken=token(0))
    for number in range(1, 100):
        client.put_secret_value(SecretId="s", SecretString="v", ClientRequestToken=token(number))
    first = client.list_secret_version_ids(SecretId="s", IncludeDeprecated=True, MaxResults=1)
    assert [entry["VersionId"] for entry in first["Versions"]] == [token(0)]
    # The 101st and 102nd versions make room by removing the two oldest unlabelled ones, among
    # them the version the token resumes at.
    secretmock.advance_time(timedelta(days=1))
    for number in (100, 101):
        client.put_secret_value(SecretId="s", SecretString="v", ClientRequestToken=token(number))

    with raises_aws("InvalidNextTokenException", INVALID_NEXT_TOKEN):
        client.list_secret_version_ids(
            SecretId="s", IncludeDeprecated=True, MaxResults=1, NextToken=first["NextToken"]
        )
