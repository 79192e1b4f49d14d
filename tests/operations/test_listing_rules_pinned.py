"""ListSecrets ordering rules no other test pinned down, each found by a rule change the suite
missed.

Through boto3 as users call it; see docs/mutation-testing.md.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.assertions import raises_aws
from tests.botocore_model import needs
from tests.operations.search_support import names
from tests.operations.support import START

pytestmark = pytest.mark.secretmock(clock=START, seed=107)


@needs("ListSecrets", "SortBy")
@pytest.mark.parametrize("sort_by", ["last-accessed-date", "last-changed-date"])
def test_a_new_listing_by_a_changing_date_sees_the_dates_as_they_are_now(
    client, secretmock, sort_by
):
    # Each listing that starts without a NextToken orders the secrets by their dates as they
    # are at that moment; a secret never read sorts first (assumed [INF]).
    client.create_secret(Name="a", SecretString="v")
    client.create_secret(Name="b", SecretString="v")
    assert names(client.list_secrets(SortBy=sort_by)) == ["a", "b"]
    secretmock.advance_time(timedelta(days=1))

    if sort_by == "last-accessed-date":
        client.get_secret_value(SecretId="a")
    else:
        client.update_secret(SecretId="a", Description="changed")

    assert names(client.list_secrets(SortBy=sort_by)) == ["b", "a"]
    assert names(client.list_secrets(SortBy=sort_by, SortOrder="desc")) == ["a", "b"]


@pytest.mark.parametrize("junk", ["*", " ", "!"])
def test_a_next_token_with_a_character_the_mock_never_puts_in_one_is_refused(client, junk):
    # A NextToken is refused unless the mock issued it exactly as given (assumed [INF]): one
    # with a character added is not one it issued, even where the rest still decodes.
    for name in ("a", "b"):
        client.create_secret(Name=name, SecretString="v")
    issued = client.list_secrets(MaxResults=1)["NextToken"]

    with raises_aws("InvalidNextTokenException", "The NextToken value is invalid."):
        client.list_secrets(MaxResults=1, NextToken=issued[:4] + junk + issued[4:])
