"""GetSecretValue: which version it reads, what it answers, and LastAccessedDate."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.assertions import raises_aws
from tests.operations.support import START, at, day_of, reply, state, token

pytestmark = pytest.mark.secretmock(clock=START, seed=11)

V1, V2, V3 = token(1), token(2), token(3)


def test_get_secret_value_answers_the_current_version_with_every_member(client):
    created = client.create_secret(Name="s", SecretString="one", ClientRequestToken=V1)

    response = client.get_secret_value(SecretId="s")

    assert reply(response) == {
        "ARN": created["ARN"],
        "Name": "s",
        "VersionId": V1,
        "SecretString": "one",
        "VersionStages": ["AWSCURRENT"],
        "CreatedDate": at(),
    }


def test_a_binary_secret_answers_secret_binary_as_bytes_and_no_secret_string(client):
    created = client.create_secret(Name="s", SecretBinary=b"\x00\xff", ClientRequestToken=V1)

    response = client.get_secret_value(SecretId="s")

    assert reply(response) == {
        "ARN": created["ARN"],
        "Name": "s",
        "VersionId": V1,
        "SecretBinary": b"\x00\xff",
        "VersionStages": ["AWSCURRENT"],
        "CreatedDate": at(),
    }


def test_created_date_is_the_date_of_the_version_read(client, secretmock):
    client.create_secret(Name="s", SecretString="one", ClientRequestToken=V1)
    secretmock.advance_time(timedelta(days=3))
    client.put_secret_value(SecretId="s", SecretString="two", ClientRequestToken=V2)

    assert client.get_secret_value(SecretId="s")["CreatedDate"] == at(timedelta(days=3))
    assert client.get_secret_value(SecretId="s", VersionId=V1)["CreatedDate"] == at()


def test_a_version_stage_selects_the_version_that_carries_it(client):
    client.create_secret(Name="s", SecretString="one", ClientRequestToken=V1)
    client.put_secret_value(SecretId="s", SecretString="two", ClientRequestToken=V2)

    previous = client.get_secret_value(SecretId="s", VersionStage="AWSPREVIOUS")

    assert (previous["VersionId"], previous["SecretString"], previous["VersionStages"]) == (
        V1,
        "one",
        ["AWSPREVIOUS"],
    )


def test_a_deprecated_version_is_still_readable_by_version_id_and_carries_no_stages(client):
    client.create_secret(Name="s", SecretString="one", ClientRequestToken=V1)
    client.put_secret_value(SecretId="s", SecretString="two", ClientRequestToken=V2)
    client.put_secret_value(SecretId="s", SecretString="three", ClientRequestToken=V3)

    response = client.get_secret_value(SecretId="s", VersionId=V1)

    assert (response["SecretString"], response["VersionStages"]) == ("one", [])


def test_version_id_with_the_version_stage_it_carries_reads_that_version(client):
    client.create_secret(Name="s", SecretString="one", ClientRequestToken=V1)
    client.put_secret_value(SecretId="s", SecretString="two", ClientRequestToken=V2)

    response = client.get_secret_value(SecretId="s", VersionId=V1, VersionStage="AWSPREVIOUS")

    assert response["SecretString"] == "one"


def test_version_id_with_a_version_stage_it_does_not_carry_is_an_invalid_request(
    client, secretmock
):
    client.create_secret(Name="s", SecretString="one", ClientRequestToken=V1)
    client.put_secret_value(SecretId="s", SecretString="two", ClientRequestToken=V2)
    before = state(secretmock)

    with raises_aws(
        "InvalidRequestException",
        "You provided a VersionStage that is not associated to the provided VersionId.",
    ):
        client.get_secret_value(SecretId="s", VersionId=V1, VersionStage="AWSCURRENT")

    assert state(secretmock) == before  # a failed read does not count as an access


def test_a_stage_no_version_carries_is_not_found_with_the_stage_named(client):
    client.create_secret(Name="s", SecretString="one")

    with raises_aws(
        "ResourceNotFoundException",
        "Secrets Manager can't find the specified secret value for staging label: AWSPREVIOUS",
    ):
        client.get_secret_value(SecretId="s", VersionStage="AWSPREVIOUS")


def test_a_secret_created_without_a_value_has_no_value_for_awscurrent(client, secretmock):
    client.create_secret(Name="s")
    before = state(secretmock)

    with raises_aws(
        "ResourceNotFoundException",
        "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
    ):
        client.get_secret_value(SecretId="s")

    assert state(secretmock) == before


def test_an_unknown_version_id_is_not_found_with_the_id_named(client):
    client.create_secret(Name="s", SecretString="one")

    with raises_aws(
        "ResourceNotFoundException",
        f"Secrets Manager can't find the specified secret value for VersionId: {V3}",
    ):
        client.get_secret_value(SecretId="s", VersionId=V3)


def test_last_accessed_date_is_set_only_by_reading_and_is_midnight_utc_of_the_day(
    client, secretmock
):
    client.create_secret(Name="s", SecretString="one")
    client.describe_secret(SecretId="s")
    assert "LastAccessedDate" not in client.describe_secret(SecretId="s")

    client.get_secret_value(SecretId="s")

    assert client.describe_secret(SecretId="s")["LastAccessedDate"] == day_of()


def test_two_reads_on_the_same_day_give_the_same_last_accessed_date_and_a_read_next_day_moves_it(
    client, secretmock
):
    client.create_secret(Name="s", SecretString="one")
    client.get_secret_value(SecretId="s")
    secretmock.advance_time(timedelta(hours=5))
    client.get_secret_value(SecretId="s")
    assert client.describe_secret(SecretId="s")["LastAccessedDate"] == day_of()

    secretmock.advance_time(timedelta(days=1))
    client.get_secret_value(SecretId="s")

    assert client.describe_secret(SecretId="s")["LastAccessedDate"] == day_of(
        timedelta(days=1, hours=5)
    )


def test_reading_does_not_change_last_changed_date(client, secretmock):
    client.create_secret(Name="s", SecretString="one")
    secretmock.advance_time(timedelta(days=2))

    client.get_secret_value(SecretId="s")

    assert client.describe_secret(SecretId="s")["LastChangedDate"] == at()


def test_a_secret_scheduled_for_deletion_cannot_be_read(client, secretmock):
    client.create_secret(Name="s", SecretString="one")
    client.delete_secret(SecretId="s")
    before = state(secretmock)

    with raises_aws(
        "InvalidRequestException",
        "You can't perform this operation on the secret because it was marked for deletion.",
    ):
        client.get_secret_value(SecretId="s")

    assert state(secretmock) == before


def test_an_unknown_secret_is_not_found(client):
    with raises_aws(
        "ResourceNotFoundException", "Secrets Manager can't find the specified secret."
    ):
        client.get_secret_value(SecretId="nope")


def test_a_version_id_over_64_characters_is_a_validation_error(client):
    client.create_secret(Name="s", SecretString="one")
    long_id = "v" * 65

    with raises_aws(
        "ValidationException",
        f"1 validation error detected: Value '{long_id}' at 'versionId' failed to satisfy "
        "constraint: Member must have length less than or equal to 64",
    ):
        client.get_secret_value(SecretId="s", VersionId=long_id)


def test_a_version_stage_over_256_characters_is_a_validation_error(client):
    client.create_secret(Name="s", SecretString="one")
    label = "x" * 257

    with raises_aws(
        "ValidationException",
        f"1 validation error detected: Value '{label}' at 'versionStage' failed to satisfy "
        "constraint: Member must have length less than or equal to 256",
    ):
        client.get_secret_value(SecretId="s", VersionStage=label)
