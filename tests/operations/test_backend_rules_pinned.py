"""Backend rules that no other test pinned down, each found by a rule change the suite missed.

Through boto3 as users call it; see docs/mutation-testing.md for how the missed changes were
found.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.assertions import raises_aws
from tests.operations.support import ACCOUNT, START, reply, token

pytestmark = pytest.mark.secretmock(clock=START, seed=89)

NOT_FOUND = "Secrets Manager can't find the specified secret."
V1 = token(1)


# -- a SecretId given as an ARN is looked up in the account and Region the ARN names -----------


def test_an_arn_of_another_region_reaches_that_regions_secret(boto3_session, client):
    # docs/usage.md: "a secret given as an ARN is looked up in the account and region the ARN
    # names" (as LocalStack does [PEER]; AWS reaches another account's secret only by ARN [DOC]).
    west = boto3_session.client("secretsmanager", region_name="us-west-2")
    created = west.create_secret(Name="db", SecretString="west", ClientRequestToken=V1)

    response = client.get_secret_value(SecretId=created["ARN"])

    assert reply(response) == {
        "ARN": created["ARN"],
        "Name": "db",
        "VersionId": V1,
        "SecretString": "west",
        "VersionStages": ["AWSCURRENT"],
        "CreatedDate": response["CreatedDate"],
    }
    # The caller's own Region has no secret of that name.
    with raises_aws("ResourceNotFoundException", NOT_FOUND):
        client.get_secret_value(SecretId="db")


def test_an_arn_of_a_region_without_secrets_is_not_found_and_adds_nothing(
    boto3_session, client, secretmock
):
    arn = f"arn:aws:secretsmanager:ap-south-1:{ACCOUNT}:secret:db-AbCdEf"

    with raises_aws("ResourceNotFoundException", NOT_FOUND):
        client.describe_secret(SecretId=arn)

    south = boto3_session.client("secretsmanager", region_name="ap-south-1")
    assert reply(south.list_secrets()) == {"SecretList": []}


def test_a_secret_id_that_only_starts_like_an_arn_is_checked_as_a_name(client):
    # Not an ARN of Secrets Manager (no Region, account or name): a name, whose rule its colon
    # breaks, as AWS answered for an ARN without a secret name [USER].
    with raises_aws(
        "ValidationException",
        "Invalid name. Must be a valid name containing alphanumeric characters, or any of the "
        "following: -/_+=.@!",
    ):
        client.describe_secret(SecretId="arn:aws:secretsmanager")


def test_a_deletion_scheduled_before_a_reset_does_nothing_after_it(
    boto3_session, client, secretmock
):
    # reset() forgets every secret, and with them their scheduled deletions: when the date
    # comes, there is nothing to delete and every call, in any Region, is answered as usual.
    west = boto3_session.client("secretsmanager", region_name="us-west-2")
    west.create_secret(Name="db", SecretString="v")
    west.delete_secret(SecretId="db", RecoveryWindowInDays=7)
    secretmock.reset()
    secretmock.advance_time(timedelta(days=8))

    assert reply(client.list_secrets()) == {"SecretList": []}
    assert reply(west.list_secrets()) == {"SecretList": []}
