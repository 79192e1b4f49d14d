"""ListSecrets through boto3: entries, planned deletions, sorting and pagination."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from botocore.exceptions import ParamValidationError

from secretmock import SecretsManagerMock
from secretmock._backend.models import RotationConfig
from secretmock._clock import Instant
from tests.assertions import raises_aws
from tests.operations.search_support import START, at, listed, names, reply, seed

INVALID_TOKEN = "The NextToken value is invalid."
TOKEN = "00000000-0000-4000-8000-000000000001"

pytestmark = pytest.mark.secretmock(clock=START)


def create(client: Any, mock: SecretsManagerMock, *names_: str, step: float = 1) -> None:
    """Create secrets one after another, ``step`` seconds apart."""
    for name in names_:
        client.create_secret(Name=name, SecretString=f"value of {name}")
        mock.advance_time(step)


def test_no_secrets(client):
    assert reply(client.list_secrets()) == {"SecretList": []}


def test_an_entry_carries_every_member_that_has_a_value(client, secretmock):
    created = client.create_secret(
        Name="app/db",
        SecretString="v1",
        Description="Database credentials",
        KmsKeyId="alias/custom",
        Tags=[{"Key": "team", "Value": "core"}],
        ClientRequestToken=TOKEN,
    )
    secretmock.advance_time(10)
    client.get_secret_value(SecretId="app/db")
    secret = secretmock.store().by_name("app/db")
    assert secret is not None
    secret.rotation = RotationConfig(
        lambda_arn="arn:aws:lambda:us-east-1:123456789012:function:rotate",
        rules={"AutomaticallyAfterDays": 30},
        enabled=True,
        last_rotated_at=Instant(at(5).timestamp()),
        next_rotation_at=Instant(at(86400).timestamp()),
    )
    secret.owning_service = "rds"
    secret.primary_region = "us-east-1"

    assert reply(client.list_secrets()) == {
        "SecretList": [
            {
                "ARN": created["ARN"],
                "Name": "app/db",
                "Description": "Database credentials",
                "KmsKeyId": "alias/custom",
                "RotationEnabled": True,
                "RotationLambdaARN": "arn:aws:lambda:us-east-1:123456789012:function:rotate",
                "RotationRules": {"AutomaticallyAfterDays": 30},
                "LastRotatedDate": at(5),
                "LastChangedDate": at(),
                "LastAccessedDate": secret.last_accessed_at.date,
                "NextRotationDate": at(86400),
                "Tags": [{"Key": "team", "Value": "core"}],
                "SecretVersionsToStages": {TOKEN: ["AWSCURRENT"]},
                "OwningService": "rds",
                "CreatedDate": at(),
                "PrimaryRegion": "us-east-1",
            }
        ]
    }


def test_a_bare_secret_lists_only_what_it_has(client):
    created = client.create_secret(Name="bare")

    assert reply(client.list_secrets()) == {
        "SecretList": [
            {"ARN": created["ARN"], "Name": "bare", "LastChangedDate": at(), "CreatedDate": at()}
        ]
    }


def test_secret_versions_to_stages_lists_labelled_versions_only(client):
    first = client.create_secret(Name="app", SecretString="one")["VersionId"]
    second = client.put_secret_value(SecretId="app", SecretString="two")["VersionId"]
    client.put_secret_value(SecretId="app", SecretString="three")

    entry = client.list_secrets()["SecretList"][0]
    stages = entry["SecretVersionsToStages"]
    assert first not in stages
    assert stages[second] == ["AWSPREVIOUS"]
    assert "VersionIdsToStages" not in entry


def test_tags_are_absent_when_never_set_and_empty_once_removed(client):
    client.create_secret(Name="never")
    client.create_secret(Name="emptied", Tags=[{"Key": "a", "Value": "1"}])
    client.untag_resource(SecretId="emptied", TagKeys=["a"])

    entries = {entry["Name"]: entry for entry in client.list_secrets()["SecretList"]}
    assert "Tags" not in entries["never"]
    assert entries["emptied"]["Tags"] == []


def test_listing_does_not_mark_secrets_accessed(client):
    client.create_secret(Name="app", SecretString="v")

    client.list_secrets()

    assert "LastAccessedDate" not in client.describe_secret(SecretId="app")


def test_secrets_scheduled_for_deletion_are_hidden_unless_asked_for(client, secretmock):
    create(client, secretmock, "kept", "doomed")
    client.delete_secret(SecretId="doomed", RecoveryWindowInDays=7)

    assert names(client.list_secrets()) == ["kept"]
    assert names(client.list_secrets(IncludePlannedDeletion=False)) == ["kept"]
    entries = client.list_secrets(IncludePlannedDeletion=True)["SecretList"]
    assert [entry["Name"] for entry in entries] == ["kept", "doomed"]
    assert entries[1]["DeletedDate"] == at(2)
    assert "DeletedDate" not in entries[0]


def test_only_the_callers_region_is_listed(boto3_session, client):
    other = boto3_session.client("secretsmanager", region_name="eu-west-1")
    client.create_secret(Name="here")
    other.create_secret(Name="there")

    assert names(client.list_secrets()) == ["here"]
    assert names(other.list_secrets()) == ["there"]


# -- sorting -----------------------------------------------------------------------------------


def test_the_default_order_is_oldest_first(client, secretmock):
    create(client, secretmock, "b", "c", "a")

    assert names(client.list_secrets()) == ["b", "c", "a"]
    assert names(client.list_secrets(SortOrder="asc")) == ["b", "c", "a"]
    assert names(client.list_secrets(SortBy="created-date")) == ["b", "c", "a"]
    assert names(client.list_secrets(SortOrder="desc")) == ["a", "c", "b"]


def test_equal_dates_keep_creation_order(client, secretmock):
    create(client, secretmock, "b", "c", "a", step=0)

    assert names(client.list_secrets()) == ["b", "c", "a"]
    assert names(client.list_secrets(SortOrder="desc")) == ["a", "c", "b"]


def test_sort_by_name_is_case_sensitive_code_point_order(client, secretmock):
    create(client, secretmock, "b", "B", "a/x", "a", "_")

    assert names(client.list_secrets(SortBy="name")) == ["B", "_", "a", "a/x", "b"]
    assert names(client.list_secrets(SortBy="name", SortOrder="desc")) == [
        "b",
        "a/x",
        "a",
        "_",
        "B",
    ]


def test_sort_by_last_changed_date(client, secretmock):
    create(client, secretmock, "a", "b", "c")
    client.put_secret_value(SecretId="a", SecretString="changed")

    assert names(client.list_secrets(SortBy="last-changed-date")) == ["b", "c", "a"]
    assert names(client.list_secrets(SortBy="last-changed-date", SortOrder="desc")) == [
        "a",
        "c",
        "b",
    ]


def test_sort_by_last_accessed_date_puts_never_read_secrets_first(client, secretmock):
    create(client, secretmock, "a", "b", "c", "d")
    client.get_secret_value(SecretId="c")
    secretmock.advance_time(86400)
    client.get_secret_value(SecretId="a")

    assert names(client.list_secrets(SortBy="last-accessed-date")) == ["b", "d", "c", "a"]
    assert names(client.list_secrets(SortBy="last-accessed-date", SortOrder="desc")) == [
        "a",
        "c",
        "d",
        "b",
    ]


def test_unknown_sort_values_are_refused(client):
    # In the model's member order: SortOrder comes before SortBy.
    with raises_aws(
        "ValidationException",
        "2 validation errors detected: Value 'sideways' at 'sortOrder' failed to satisfy "
        "constraint: Member must satisfy enum value set: [asc, desc]; Value 'size' at 'sortBy' "
        "failed to satisfy constraint: Member must satisfy enum value set: [created-date, "
        "last-accessed-date, last-changed-date, name]",
    ):
        client.list_secrets(SortBy="size", SortOrder="sideways")


# -- pagination --------------------------------------------------------------------------------


def test_pages_of_max_results_with_a_next_token(client, secretmock):
    create(client, secretmock, *[f"s{i}" for i in range(5)])

    first = client.list_secrets(MaxResults=2)
    second = client.list_secrets(MaxResults=2, NextToken=first["NextToken"])
    third = client.list_secrets(MaxResults=2, NextToken=second["NextToken"])

    assert names(first) == ["s0", "s1"]
    assert names(second) == ["s2", "s3"]
    assert names(third) == ["s4"]
    assert "NextToken" not in third


def test_a_page_that_ends_the_list_has_no_next_token(client, secretmock):
    create(client, secretmock, "a", "b")

    response = client.list_secrets(MaxResults=2)

    assert set(response) == {"SecretList", "ResponseMetadata"}


def test_the_default_page_is_100_secrets(client, secretmock):
    for index in range(150):
        seed(secretmock, f"s{index:03d}", created=index)

    first = client.list_secrets()
    second = client.list_secrets(NextToken=first["NextToken"])

    assert names(first) == [f"s{index:03d}" for index in range(100)]
    assert names(second) == [f"s{index:03d}" for index in range(100, 150)]
    assert "NextToken" not in second


def test_the_page_size_limits(client, secretmock):
    create(client, secretmock, "a")
    assert names(client.list_secrets(MaxResults=100)) == ["a"]

    with raises_aws(
        "ValidationException",
        "1 validation error detected: Value '101' at 'maxResults' failed to satisfy constraint: "
        "Member must have value less than or equal to 100",
    ):
        client.list_secrets(MaxResults=101)
    with pytest.raises(ParamValidationError):
        client.list_secrets(MaxResults=0)  # botocore checks the minimum itself


def test_botocores_paginator_walks_every_page(client, secretmock):
    create(client, secretmock, *[f"s{i}" for i in range(7)])
    paginator = client.get_paginator("list_secrets")

    pages = list(paginator.paginate(PaginationConfig={"PageSize": 3}))
    limited = paginator.paginate(
        PaginationConfig={"PageSize": 2, "MaxItems": 5}
    ).build_full_result()

    assert [names(page) for page in pages] == [["s0", "s1", "s2"], ["s3", "s4", "s5"], ["s6"]]
    assert [entry["Name"] for entry in limited["SecretList"]] == ["s0", "s1", "s2", "s3", "s4"]


def test_descending_pages(client, secretmock):
    create(client, secretmock, *[f"s{i}" for i in range(5)])

    assert listed(client, SortOrder="desc", PaginationConfig={"PageSize": 2}) == [
        "s4",
        "s3",
        "s2",
        "s1",
        "s0",
    ]
    assert listed(client, SortBy="name", SortOrder="desc", PaginationConfig={"PageSize": 2}) == [
        "s4",
        "s3",
        "s2",
        "s1",
        "s0",
    ]


def test_a_token_stays_valid_while_secrets_come_and_go(client, secretmock):
    create(client, secretmock, *[f"s{i}" for i in range(8)])
    first = client.list_secrets(MaxResults=3)
    assert names(first) == ["s0", "s1", "s2"]

    # The last secret returned, one not yet returned, and one already returned disappear; two
    # new ones appear, one at the end of the order and one before the page boundary (by name).
    client.delete_secret(SecretId="s2", ForceDeleteWithoutRecovery=True)
    client.delete_secret(SecretId="s4", ForceDeleteWithoutRecovery=True)
    client.delete_secret(SecretId="s0", ForceDeleteWithoutRecovery=True)
    create(client, secretmock, "s8", "s9")

    second = client.list_secrets(MaxResults=3, NextToken=first["NextToken"])
    third = client.list_secrets(MaxResults=3, NextToken=second["NextToken"])

    assert names(second) == ["s3", "s5", "s6"]
    assert names(third) == ["s7", "s8", "s9"]
    assert "NextToken" not in third


def test_a_secret_deleted_mid_walk_is_not_listed_after_it(client, secretmock):
    create(client, secretmock, *[f"s{i}" for i in range(4)])
    first = client.list_secrets(MaxResults=2)
    client.delete_secret(SecretId="s3")

    second = client.list_secrets(MaxResults=2, NextToken=first["NextToken"])

    assert names(second) == ["s2"]
    assert "NextToken" not in second


def test_a_walk_by_a_changing_date_returns_each_secret_once(client, secretmock):
    create(client, secretmock, *[f"s{i}" for i in range(6)])
    first = client.list_secrets(SortBy="last-changed-date", MaxResults=3)
    # s1 (already returned) and s4 (not yet) change: the walk keeps the order it started with.
    client.put_secret_value(SecretId="s1", SecretString="new")
    client.put_secret_value(SecretId="s4", SecretString="new")

    second = client.list_secrets(
        SortBy="last-changed-date", MaxResults=3, NextToken=first["NextToken"]
    )

    assert names(first) + names(second) == [f"s{i}" for i in range(6)]
    # A new walk sees the new dates.
    assert listed(client, SortBy="last-changed-date") == ["s0", "s2", "s3", "s5", "s1", "s4"]


def test_filters_may_change_between_pages(client, secretmock):
    create(client, secretmock, "a1", "b1", "a2", "b2", "a3")
    first = client.list_secrets(MaxResults=2)

    second = client.list_secrets(
        MaxResults=2, NextToken=first["NextToken"], Filters=[{"Key": "name", "Values": ["a"]}]
    )

    assert names(second) == ["a2", "a3"]


def _forge(token: str) -> str:
    raw = bytearray(base64.urlsafe_b64decode(token))
    raw[-3] ^= 1
    return base64.urlsafe_b64encode(bytes(raw)).decode()


def test_a_forged_or_foreign_token_is_refused(client, secretmock):
    create(client, secretmock, "a", "b", "c")
    token = client.list_secrets(MaxResults=1)["NextToken"]
    by_name = client.list_secrets(MaxResults=1, SortBy="name")["NextToken"]

    for bad, params in [
        ("garbage", {}),
        ("not base64!", {}),
        ("é", {}),
        (_forge(token), {}),
        (token[:-4], {}),
        (token, {"SortBy": "name"}),
        (token, {"SortOrder": "desc"}),
        (by_name, {}),
    ]:
        with raises_aws("InvalidNextTokenException", INVALID_TOKEN):
            client.list_secrets(MaxResults=1, NextToken=bad, **params)


def test_a_token_from_another_operation_is_refused(client, secretmock):
    create(client, secretmock, "a", "b")
    token = client.list_secrets(MaxResults=1)["NextToken"]

    with raises_aws("InvalidNextTokenException", INVALID_TOKEN):
        client.batch_get_secret_value(Filters=[], NextToken=token)


def test_a_token_longer_than_4096_characters_is_refused(client):
    token = "x" * 4097
    with raises_aws(
        "ValidationException",
        f"1 validation error detected: Value '{token}' at 'nextToken' failed to satisfy "
        "constraint: Member must have length less than or equal to 4096",
    ):
        client.list_secrets(NextToken=token)


def test_walking_ten_thousand_secrets_costs_linear_work(client, secretmock):
    """A full walk sorts once and looks at each secret at most twice: O(n), whatever the page.

    Work is counted, not timed: ``examined`` counts the entries pages looked at, and the sorted
    order object must be the same one from the first page to the last (no re-sort per page).
    """
    count = 10_000
    for index in range(count):
        seed(secretmock, f"secret-{index:05d}", created=index / 1000, description=f"n{index % 7}")
    store = secretmock.store()

    pages = 0
    seen: list[str] = []
    token = None
    order = None
    while True:
        params: dict[str, Any] = {"MaxResults": 100}
        if token is not None:
            params["NextToken"] = token
        response = client.list_secrets(**params)
        pages += 1
        seen += names(response)
        current = store.listing_orders["created-date"]
        assert order is None or current is order
        order = current
        token = response.get("NextToken")
        if token is None:
            break

    assert pages == 100
    assert seen == [f"secret-{index:05d}" for index in range(count)]
    assert order is not None
    assert order.examined <= count + pages

    # A filtered walk (one secret in seven) also looks at each secret at most twice.
    before = order.examined
    filtered = listed(
        client,
        Filters=[{"Key": "description", "Values": ["n3"]}],
        PaginationConfig={"PageSize": 100},
    )
    assert filtered == [f"secret-{index:05d}" for index in range(count) if index % 7 == 3]
    assert store.listing_orders["created-date"] is order
    assert order.examined - before <= 2 * count


def _tokens_of_a_walk(boto3_session: Any) -> list[str]:
    """The NextTokens of a page-by-page walk over three secrets created at the same instant."""
    client = boto3_session.client("secretsmanager")
    for name in ("c", "a", "b"):
        client.create_secret(Name=name, SecretString="v")
    tokens = [client.list_secrets(MaxResults=1)["NextToken"]]
    while True:
        page = client.list_secrets(MaxResults=1, NextToken=tokens[-1])
        if "NextToken" not in page:
            return tokens
        tokens.append(page["NextToken"])


def test_ties_and_tokens_of_one_mock_do_not_depend_on_another_mock(boto3_session):
    with SecretsManagerMock(clock=START, seed=5):
        alone = _tokens_of_a_walk(boto3_session)
    with SecretsManagerMock(clock=START, seed=5):
        boto3_session.client("secretsmanager").create_secret(Name="outer", SecretString="v")
        with SecretsManagerMock(clock=START, seed=5):
            nested = _tokens_of_a_walk(boto3_session)
            listed_inner = names(boto3_session.client("secretsmanager").list_secrets())

    # Equal dates are listed in creation order, and the tokens naming them are the same in a
    # mock that runs alone and in one started inside another that already made secrets.
    assert listed_inner == ["c", "a", "b"]
    assert nested == alone
    assert len(alone) == 2
