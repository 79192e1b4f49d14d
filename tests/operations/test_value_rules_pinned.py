"""Rules of reading values that no other test pinned down, each found by a rule change the suite
missed (secretmock/_operations/values.py).

Through boto3 as users call it; see docs/mutation-testing.md for how the missed changes were
found.
"""

from __future__ import annotations

from datetime import datetime

import freezegun
import pytest

from tests.operations.support import START, day_of

pytestmark = pytest.mark.secretmock(clock=START, seed=31)


def test_a_read_after_freezegun_stops_dates_the_access_with_a_real_datetime(client):
    # The day of the last read is reused across reads, but not once it was made with
    # freezegun's datetime class and freezegun has stopped.
    with freezegun.freeze_time(START):
        client.create_secret(Name="during", SecretString="one")
        client.get_secret_value(SecretId="during")
        assert client.describe_secret(SecretId="during")["LastAccessedDate"] == day_of()
    client.create_secret(Name="after", SecretString="one")

    client.get_secret_value(SecretId="after")

    accessed = client.describe_secret(SecretId="after")["LastAccessedDate"]
    assert (type(accessed), accessed) == (datetime, day_of())
