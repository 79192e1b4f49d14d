"""Walks sorted by last-changed-date or last-accessed-date keep the order they began with, however
the dates change between pages and whatever else happens meanwhile."""

from __future__ import annotations

from typing import Any

from secretmock import SecretsManagerMock
from tests.assertions import raises_aws
from tests.botocore_model import needs
from tests.operations.search_support import START, names

INVALID_TOKEN = "The NextToken value is invalid."
TAG = [{"Key": "k", "Value": "v"}]

pytestmark = needs("ListSecrets", "SortBy")


def create(client: Any, mock: SecretsManagerMock, *names_: str) -> None:
    """Secrets created one second apart, so that their dates differ."""
    for name in names_:
        client.create_secret(Name=name, SecretString="x")
        mock.advance_time(1)


def walk(client: Any, first: dict[str, Any], **params: Any) -> list[str]:
    """The names of ``first`` and of every page after it."""
    listed = names(first)
    token = first.get("NextToken")
    while token is not None:
        response = client.list_secrets(NextToken=token, **params)
        listed += names(response)
        token = response.get("NextToken")
    return listed


def test_a_secret_changed_after_it_was_listed_is_not_listed_again(client, secretmock):
    create(client, secretmock, *"ABCDE")
    params = {"SortBy": "last-changed-date", "MaxResults": 1}
    first = client.list_secrets(**params)
    # A, already listed, changes (it now sorts last); F is created, which re-sorts the store.
    secretmock.advance_time(5)
    client.tag_resource(SecretId="A", Tags=TAG)
    client.create_secret(Name="F", SecretString="x")

    assert walk(client, first, **params) == ["A", "B", "C", "D", "E", "F"]
    # A new walk sees the new date.
    assert names(client.list_secrets(SortBy="last-changed-date")) == [*"BCDEAF"]


def test_a_secret_changed_before_it_was_listed_is_not_skipped(client, secretmock):
    create(client, secretmock, *"ABCDE")
    params = {"SortBy": "last-changed-date", "SortOrder": "desc", "MaxResults": 1}
    first = client.list_secrets(**params)
    # B, not listed yet, changes (it now sorts first); another walk begins meanwhile.
    secretmock.advance_time(5)
    client.tag_resource(SecretId="B", Tags=TAG)
    assert names(client.list_secrets(SortBy="last-changed-date", MaxResults=1)) == ["A"]

    assert walk(client, first, **params) == [*"EDCBA"]


def test_a_read_on_another_day_does_not_move_a_secret_mid_walk(client, secretmock):
    create(client, secretmock, *"ABC")
    params = {"SortBy": "last-accessed-date", "MaxResults": 1}
    first = client.list_secrets(**params)
    secretmock.advance_time(86_400)
    client.get_secret_value(SecretId="A")  # never read before: it now sorts last
    client.get_secret_value(SecretId="B")
    client.delete_secret(SecretId="C", ForceDeleteWithoutRecovery=True)

    assert walk(client, first, **params) == ["A", "B"]


def test_a_secret_created_mid_walk_keeps_the_place_its_creation_gave_it(client, secretmock):
    create(client, secretmock, *"ABC")
    params = {"SortBy": "last-changed-date", "MaxResults": 2}
    first = client.list_secrets(**params)
    client.create_secret(Name="N", SecretString="x")
    second = client.list_secrets(NextToken=first["NextToken"], **params)
    # N was listed; changing it now must not bring it back.
    secretmock.advance_time(5)
    client.put_secret_value(SecretId="N", SecretString="y")

    assert names(first) + walk(client, second, **params) == ["A", "B", "C", "N"]


def test_walks_begun_at_different_moments_each_keep_their_own_order(client, secretmock):
    create(client, secretmock, *"ABCD")
    params = {"SortBy": "last-changed-date", "MaxResults": 1}
    early = client.list_secrets(**params)
    client.tag_resource(SecretId="A", Tags=TAG)
    later = client.list_secrets(**params)
    secretmock.advance_time(1)
    client.tag_resource(SecretId="B", Tags=TAG)

    # The early walk began with A first; the later one with A last (tagged at D's second + 1).
    assert walk(client, early, **params) == [*"ABCD"]
    assert walk(client, later, **params) == [*"BCDA"]


def test_batch_get_secret_value_reads_each_secret_once_while_others_change(client, secretmock):
    create(client, secretmock, *"ABCD")
    filters = [{"Key": "name", "Values": ["A", "B", "C", "D"]}]
    first = client.batch_get_secret_value(Filters=filters, MaxResults=2)
    secretmock.advance_time(86_400)
    client.tag_resource(SecretId="C", Tags=TAG)
    client.create_secret(Name="B2", SecretString="x")
    second = client.batch_get_secret_value(
        Filters=filters, MaxResults=3, NextToken=first["NextToken"]
    )

    read = [value["Name"] for value in first["SecretValues"] + second["SecretValues"]]
    assert read == ["A", "B", "C", "D", "B2"]
    assert "NextToken" not in second


def test_a_walk_of_a_changing_date_is_not_resorted_for_each_page(client, secretmock):
    """A secret changed between every page costs its page a merge, not a new sort."""
    count = 300
    for index in range(count):
        client.create_secret(Name=f"s{index:03d}", SecretString="x")
    params = {"SortBy": "last-changed-date", "MaxResults": 10}
    response = client.list_secrets(**params)
    order = secretmock.store().listing_orders["last-changed-date"]
    listed = names(response)
    while "NextToken" in response:
        secretmock.advance_time(1)
        client.tag_resource(SecretId=listed[-1], Tags=TAG)
        response = client.list_secrets(NextToken=response["NextToken"], **params)
        listed += names(response)
        assert secretmock.store().listing_orders["last-changed-date"] is order

    assert listed == [f"s{index:03d}" for index in range(count)]


def test_a_token_of_a_walk_this_mock_never_began_is_refused(boto3_session):
    with SecretsManagerMock(clock=START):
        client = boto3_session.client("secretsmanager")
        for name in "AB":
            client.create_secret(Name=name, SecretString="x")
        token = client.list_secrets(SortBy="last-changed-date", MaxResults=1)["NextToken"]

    with SecretsManagerMock(clock=START):
        client = boto3_session.client("secretsmanager")
        for name in "AB":
            client.create_secret(Name=name, SecretString="x")
        with raises_aws("InvalidNextTokenException", INVALID_TOKEN):
            client.list_secrets(SortBy="last-changed-date", MaxResults=1, NextToken=token)


def test_only_the_latest_100_walks_can_be_continued(client, secretmock):
    create(client, secretmock, "A", "B")
    params = {"SortBy": "last-changed-date", "MaxResults": 1}
    oldest = client.list_secrets(**params)
    # Each first page after a change begins a new walk: 99 more keep the oldest one continuable.
    for _ in range(99):
        client.tag_resource(SecretId="A", Tags=TAG)
        secretmock.advance_time(1)
        client.list_secrets(**params)
    assert walk(client, oldest, **params) == ["A", "B"]

    client.tag_resource(SecretId="A", Tags=TAG)
    client.list_secrets(**params)  # the 101st walk: the oldest is forgotten

    with raises_aws("InvalidNextTokenException", INVALID_TOKEN):
        client.list_secrets(NextToken=oldest["NextToken"], **params)
    # What the forgotten walks needed is gone: one entry of A's per walk kept, at most.
    assert len(secretmock.store().date_history.logs["last_changed_at"]) == 99


def test_a_deleted_secret_leaves_nothing_behind_in_the_walks_record(client, secretmock):
    create(client, secretmock, "A", "B")
    client.list_secrets(SortBy="last-changed-date", MaxResults=1)  # a walk begins
    client.tag_resource(SecretId="A", Tags=TAG)  # A's change is recorded for it
    history = secretmock.store().date_history
    assert [change[1].name for change in history.logs["last_changed_at"]] == ["A"]

    client.delete_secret(SecretId="A", ForceDeleteWithoutRecovery=True)

    assert history.logs["last_changed_at"] == []
    assert history.logged_since_walk["last_changed_at"] == set()


def test_a_walk_does_not_continue_across_a_restore(client, secretmock):
    create(client, secretmock, "A", "B", "C")
    snapshot = secretmock.snapshot()
    params = {"SortBy": "last-changed-date", "MaxResults": 1}
    first = client.list_secrets(**params)
    secretmock.restore(snapshot)
    client.tag_resource(SecretId="A", Tags=TAG)
    client.list_secrets(**params)  # a walk of the restored secrets begins

    with raises_aws("InvalidNextTokenException", INVALID_TOKEN):
        client.list_secrets(NextToken=first["NextToken"], **params)


def test_a_secret_changed_during_two_walks_keeps_its_place_in_each(client, secretmock):
    create(client, secretmock, "A", "B", "C", "D")
    params = {"SortBy": "last-changed-date", "MaxResults": 1}
    first = client.list_secrets(**params)  # walk 1: A B C D
    client.tag_resource(SecretId="B", Tags=TAG)
    secretmock.advance_time(1)
    client.tag_resource(SecretId="C", Tags=TAG)
    secretmock.advance_time(1)
    # Walk 2 begins with A D B C and has listed A, D and B when B changes again.
    pages = [client.list_secrets(**params)]
    while len(pages) < 3:
        pages.append(client.list_secrets(NextToken=pages[-1]["NextToken"], **params))
    client.tag_resource(SecretId="B", Tags=[{"Key": "k", "Value": "w"}])

    assert walk(client, pages[-1], **params) == ["B", "C"]
    assert [name for page in pages[:-1] for name in names(page)] == ["A", "D"]
    assert walk(client, first, **params) == ["A", "B", "C", "D"]
