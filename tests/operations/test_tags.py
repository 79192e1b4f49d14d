"""TagResource and UntagResource through boto3, against AWS's rules."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timedelta, timezone
from typing import Any

import boto3
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secretmock import SecretsManagerMock
from secretmock._clock import to_datetime
from tests.assertions import raises_aws

START = datetime(2026, 3, 4, 5, 6, 7, 123000, tzinfo=timezone.utc)
MARKED_FOR_DELETION = (
    "You can't perform this operation on the secret because it was marked for deletion."
)

pytestmark = pytest.mark.secretmock(clock=START)


def at(seconds: float = 0) -> datetime:
    return to_datetime((START + timedelta(seconds=seconds)).timestamp())


def tags_of(client: Any, secret_id: str) -> Any:
    """The Tags member of DescribeSecret, None when it is absent."""
    return client.describe_secret(SecretId=secret_id).get("Tags")


def snapshot(mock: SecretsManagerMock) -> list[dict[str, Any]]:
    return [asdict(secret) for secret in mock.store().secrets()]


def test_tag_resource_answers_with_metadata_only(client):
    client.create_secret(Name="app")

    response = client.tag_resource(SecretId="app", Tags=[{"Key": "team", "Value": "core"}])

    assert set(response) == {"ResponseMetadata"}
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_tag_resource_appends_and_overwrites_an_existing_key_in_place(client, secretmock):
    created = client.create_secret(
        Name="app", Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]
    )
    secretmock.advance_time(5)

    client.tag_resource(
        SecretId="app", Tags=[{"Key": "b", "Value": "changed"}, {"Key": "c", "Value": ""}]
    )

    described = client.describe_secret(SecretId="app")
    del described["ResponseMetadata"]
    assert described == {
        "ARN": created["ARN"],
        "Name": "app",
        "LastChangedDate": at(5),
        "Tags": [
            {"Key": "a", "Value": "1"},
            {"Key": "b", "Value": "changed"},
            {"Key": "c", "Value": ""},
        ],
        "CreatedDate": at(),
    }


def test_the_last_of_repeated_keys_in_one_request_wins(client):
    client.create_secret(Name="app")

    client.tag_resource(
        SecretId="app", Tags=[{"Key": "k", "Value": "first"}, {"Key": "k", "Value": "second"}]
    )

    assert tags_of(client, "app") == [{"Key": "k", "Value": "second"}]


def test_tag_keys_are_case_sensitive(client):
    client.create_secret(Name="app", Tags=[{"Key": "Env", "Value": "prod"}])

    client.tag_resource(SecretId="app", Tags=[{"Key": "env", "Value": "dev"}])

    assert tags_of(client, "app") == [
        {"Key": "Env", "Value": "prod"},
        {"Key": "env", "Value": "dev"},
    ]


def test_tag_resource_by_arn_and_partial_arn(client):
    arn = client.create_secret(Name="app")["ARN"]

    client.tag_resource(SecretId=arn, Tags=[{"Key": "a", "Value": "1"}])
    client.tag_resource(SecretId=arn[:-7], Tags=[{"Key": "b", "Value": "2"}])

    assert tags_of(client, "app") == [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]


def test_untag_resource_removes_keys_and_ignores_missing_ones(client, secretmock):
    client.create_secret(Name="app", Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
    secretmock.advance_time(3)

    response = client.untag_resource(SecretId="app", TagKeys=["a", "not-there"])

    assert set(response) == {"ResponseMetadata"}
    described = client.describe_secret(SecretId="app")
    assert described["Tags"] == [{"Key": "b", "Value": "2"}]
    assert described["LastChangedDate"] == at(3)


def test_untagging_only_missing_keys_changes_nothing(client, secretmock):
    client.create_secret(Name="app", Tags=[{"Key": "a", "Value": "1"}])
    secretmock.advance_time(3)
    before = snapshot(secretmock)

    client.untag_resource(SecretId="app", TagKeys=["x", "y"])

    assert snapshot(secretmock) == before
    assert client.describe_secret(SecretId="app")["LastChangedDate"] == at()


def test_removing_every_tag_leaves_an_empty_tags_list(client):
    client.create_secret(Name="app", Tags=[{"Key": "a", "Value": "1"}])

    client.untag_resource(SecretId="app", TagKeys=["a"])

    described = client.describe_secret(SecretId="app")
    assert described["Tags"] == []


def test_a_never_tagged_secret_has_no_tags_member(client):
    client.create_secret(Name="app")

    client.untag_resource(SecretId="app", TagKeys=["a"])

    assert "Tags" not in client.describe_secret(SecretId="app")


def test_a_secret_takes_fifty_tags(client):
    client.create_secret(Name="app")
    fifty = [{"Key": f"k{i:02d}", "Value": str(i)} for i in range(50)]

    client.tag_resource(SecretId="app", Tags=fifty)

    assert tags_of(client, "app") == fifty


def test_a_fifty_first_tag_is_refused_and_changes_nothing(client, secretmock):
    client.create_secret(Name="app", Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(49)])
    before = snapshot(secretmock)

    with raises_aws("InvalidParameterException", "A secret can have at most 50 tags."):
        client.tag_resource(
            SecretId="app", Tags=[{"Key": "new1", "Value": "v"}, {"Key": "new2", "Value": "v"}]
        )

    assert snapshot(secretmock) == before


def test_overwriting_keys_does_not_count_against_the_limit(client):
    fifty = [{"Key": f"k{i}", "Value": "v"} for i in range(50)]
    client.create_secret(Name="app", Tags=fifty)

    client.tag_resource(SecretId="app", Tags=[{"Key": "k0", "Value": "new"}])

    assert tags_of(client, "app")[0] == {"Key": "k0", "Value": "new"}


def test_key_and_value_length_limits(client):
    client.create_secret(Name="app")
    longest = [{"Key": "k" * 128, "Value": "v" * 256}]

    client.tag_resource(SecretId="app", Tags=longest)

    assert tags_of(client, "app") == longest


def test_a_too_long_key_is_refused(client):
    client.create_secret(Name="app")
    key = "k" * 129

    with raises_aws(
        "ValidationException",
        f"1 validation error detected: Value '{key}' at 'tags.2.member.key' failed to satisfy "
        "constraint: Member must have length less than or equal to 128",
    ):
        client.tag_resource(
            SecretId="app", Tags=[{"Key": "ok", "Value": "v"}, {"Key": key, "Value": "v"}]
        )


def test_every_length_violation_is_reported_at_once(client):
    client.create_secret(Name="app")
    key, value = "k" * 129, "v" * 257

    with raises_aws(
        "ValidationException",
        f"2 validation errors detected: Value '{key}' at 'tags.1.member.key' failed to satisfy "
        "constraint: Member must have length less than or equal to 128; "
        f"Value '{value}' at 'tags.1.member.value' failed to satisfy constraint: "
        "Member must have length less than or equal to 256",
    ):
        client.tag_resource(SecretId="app", Tags=[{"Key": key, "Value": value}])


def test_a_too_long_key_to_remove_is_refused(client):
    client.create_secret(Name="app")
    key = "k" * 129

    with raises_aws(
        "ValidationException",
        f"1 validation error detected: Value '[a, {key}]' at 'tagKeys' failed to satisfy "
        "constraint: Member must satisfy constraint: [Member must have length less than or "
        "equal to 128, Member must have length greater than or equal to 1]",
    ):
        client.untag_resource(SecretId="app", TagKeys=["a", key])


@pytest.mark.parametrize("key", ["aws:cloudformation:stack-name", "AWS:x", "Aws:"])
def test_the_aws_prefix_is_reserved(client, secretmock, key):
    client.create_secret(Name="app", Tags=[{"Key": "a", "Value": "1"}])
    before = snapshot(secretmock)

    with raises_aws(
        "InvalidParameterException", f"You can't modify system tags. Tag key: '{key}'."
    ):
        client.tag_resource(
            SecretId="app", Tags=[{"Key": "b", "Value": "2"}, {"Key": key, "Value": "v"}]
        )
    with raises_aws(
        "InvalidParameterException", f"You can't modify system tags. Tag key: '{key}'."
    ):
        client.untag_resource(SecretId="app", TagKeys=["a", key])

    assert snapshot(secretmock) == before


def test_aws_in_the_middle_of_a_key_is_allowed(client):
    client.create_secret(Name="app")

    client.tag_resource(SecretId="app", Tags=[{"Key": "my-aws:key", "Value": "aws:value"}])

    assert tags_of(client, "app") == [{"Key": "my-aws:key", "Value": "aws:value"}]


def test_a_tag_without_a_key_is_refused(client):
    client.create_secret(Name="app")

    with raises_aws("InvalidParameterException", "Every tag must have a Key."):
        client.tag_resource(SecretId="app", Tags=[{"Value": "v"}])


def test_a_tag_without_a_value_is_kept_without_one(client):
    client.create_secret(Name="app")

    client.tag_resource(SecretId="app", Tags=[{"Key": "flag"}])

    assert tags_of(client, "app") == [{"Key": "flag"}]


def test_an_empty_tag_list_changes_nothing(client, secretmock):
    client.create_secret(Name="app")
    before = snapshot(secretmock)

    client.tag_resource(SecretId="app", Tags=[])

    assert snapshot(secretmock) == before


def test_tagging_a_secret_scheduled_for_deletion_is_refused(client, secretmock):
    client.create_secret(Name="app", Tags=[{"Key": "a", "Value": "1"}])
    client.delete_secret(SecretId="app")
    before = snapshot(secretmock)

    with raises_aws("InvalidRequestException", MARKED_FOR_DELETION):
        client.tag_resource(SecretId="app", Tags=[{"Key": "b", "Value": "2"}])
    with raises_aws("InvalidRequestException", MARKED_FOR_DELETION):
        client.untag_resource(SecretId="app", TagKeys=["a"])

    assert snapshot(secretmock) == before


def test_tagging_a_missing_secret(client):
    with raises_aws(
        "ResourceNotFoundException", "Secrets Manager can't find the specified secret."
    ):
        client.tag_resource(SecretId="missing", Tags=[{"Key": "a", "Value": "1"}])
    with raises_aws(
        "ResourceNotFoundException", "Secrets Manager can't find the specified secret."
    ):
        client.untag_resource(SecretId="missing", TagKeys=["a"])


def test_tagging_with_an_invalid_name(client):
    message = (
        "Invalid name. Must be a valid name containing alphanumeric characters, "
        "or any of the following: -/_+=.@!"
    )
    with raises_aws("ValidationException", message):
        client.tag_resource(SecretId="bad name", Tags=[{"Key": "a", "Value": "1"}])
    with raises_aws("ValidationException", message):
        client.untag_resource(SecretId="bad name", TagKeys=["a"])


# A tag operation: ("tag", [(key, value), ...]) or ("untag", [key, ...]).
_keys = st.sampled_from(["a", "b", "c", "d", "Env", "env"])
_operations = st.one_of(
    st.tuples(
        st.just("tag"),
        st.lists(st.tuples(_keys, st.sampled_from(["", "1", "2", "x"])), max_size=4),
    ),
    st.tuples(st.just("untag"), st.lists(_keys, min_size=1, max_size=3)),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(operations=st.lists(_operations, max_size=8))
def test_tags_follow_an_ordered_map_of_key_to_value(
    boto3_session: boto3.Session, operations: list[tuple[str, Any]]
) -> None:
    client = boto3_session.client("secretsmanager")
    with SecretsManagerMock(clock=START):
        client.create_secret(Name="app")
        expected: dict[str, str] | None = None  # None: never tagged
        for kind, items in operations:
            if kind == "tag":
                client.tag_resource(SecretId="app", Tags=[{"Key": k, "Value": v} for k, v in items])
                if items:
                    expected = dict(expected or {})
                    for key, value in items:
                        expected[key] = value
            else:
                client.untag_resource(SecretId="app", TagKeys=items)
                if expected is not None:
                    expected = {k: v for k, v in expected.items() if k not in items}
            tags = tags_of(client, "app")
            if expected is None:
                assert tags is None
            else:
                assert tags == [{"Key": k, "Value": v} for k, v in expected.items()]
