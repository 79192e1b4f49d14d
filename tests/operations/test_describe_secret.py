"""DescribeSecret: every member that has a value, and none that has not."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.assertions import raises_aws
from tests.botocore_model import needs
from tests.operations.support import START, at, day_of, reply, state, token

pytestmark = pytest.mark.secretmock(clock=START, seed=29)

V1, V2 = token(1), token(2)


@needs("CreateSecret", "Type")
def test_describe_secret_answers_every_member_the_secret_has(client, secretmock):
    secretmock.kms.create_key(alias="custom")
    created = client.create_secret(
        Name="s",
        SecretString="one",
        ClientRequestToken=V1,
        Description="d",
        KmsKeyId="alias/custom",
        Type="t",
        Tags=[{"Key": "team", "Value": "core"}],
    )
    secretmock.advance_time(timedelta(hours=1))
    client.put_secret_value(SecretId="s", SecretString="two", ClientRequestToken=V2)
    secretmock.advance_time(timedelta(days=1))
    client.get_secret_value(SecretId="s")

    response = client.describe_secret(SecretId="s")

    assert reply(response) == {
        "ARN": created["ARN"],
        "Name": "s",
        "Type": "t",
        "Description": "d",
        "KmsKeyId": "alias/custom",
        "LastChangedDate": at(timedelta(hours=1)),
        "LastAccessedDate": day_of(timedelta(days=1, hours=1)),
        "Tags": [{"Key": "team", "Value": "core"}],
        "VersionIdsToStages": {V1: ["AWSPREVIOUS"], V2: ["AWSCURRENT"]},
        "CreatedDate": at(),
    }


def test_a_plain_secret_omits_every_member_without_a_value(client):
    created = client.create_secret(Name="s", SecretString="one", ClientRequestToken=V1)

    response = client.describe_secret(SecretId="s")

    assert reply(response) == {
        "ARN": created["ARN"],
        "Name": "s",
        "LastChangedDate": at(),
        "VersionIdsToStages": {V1: ["AWSCURRENT"]},
        "CreatedDate": at(),
    }


def test_a_secret_another_service_manages_reports_its_owning_service_and_primary_region(
    client, secretmock
):
    # Neither can be set through the API: AWS sets them for secrets that services such as RDS
    # create, and for replicated secrets.
    client.create_secret(Name="s", SecretString="one")
    secret = secretmock.store().by_name("s")
    secret.owning_service = "rds"
    secret.primary_region = "us-east-1"

    response = client.describe_secret(SecretId="s")

    assert (response["OwningService"], response["PrimaryRegion"]) == ("rds", "us-east-1")


def test_a_secret_scheduled_for_deletion_is_described_with_its_deleted_date(client, secretmock):
    client.create_secret(Name="s", SecretString="one", ClientRequestToken=V1)
    secretmock.advance_time(timedelta(minutes=10))
    client.delete_secret(SecretId="s", RecoveryWindowInDays=7)

    response = client.describe_secret(SecretId="s")

    assert response["DeletedDate"] == at(timedelta(minutes=10))


def test_describing_changes_nothing_not_even_last_accessed_date(client, secretmock):
    client.create_secret(Name="s", SecretString="one")
    before = state(secretmock)

    client.describe_secret(SecretId="s")

    assert state(secretmock) == before


def test_changing_a_reply_does_not_change_the_secret(client):
    client.create_secret(
        Name="s", SecretString="one", ClientRequestToken=V1, Tags=[{"Key": "k", "Value": "v"}]
    )
    first = client.describe_secret(SecretId="s")
    first["VersionIdsToStages"][V1].append("mine")
    first["Tags"][0]["Value"] = "changed"

    again = client.describe_secret(SecretId="s")

    assert (again["VersionIdsToStages"], again["Tags"]) == (
        {V1: ["AWSCURRENT"]},
        [{"Key": "k", "Value": "v"}],
    )


def test_an_unknown_secret_is_not_found(client):
    with raises_aws(
        "ResourceNotFoundException", "Secrets Manager can't find the specified secret."
    ):
        client.describe_secret(SecretId="nope")
