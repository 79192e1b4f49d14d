"""GetRandomPassword's randomness rules no other test pinned down, each found by a rule change
the suite missed.

Through boto3 as users call it; see docs/mutation-testing.md.
"""

from __future__ import annotations

import string

import pytest

from tests.operations.support import START

pytestmark = pytest.mark.secretmock(clock=START, seed=109)

TYPES = (string.ascii_uppercase, string.ascii_lowercase, string.digits, string.punctuation)


def test_each_required_character_is_drawn_from_its_whole_type_independently(client):
    # RequireEachIncludedType puts one character of every type in the password; a password of
    # four holds only those. Over 600 seeded passwords every character of every type turns up,
    # and the uppercase and lowercase picks are not tied to each other ([DOC]: "random").
    passwords = [client.get_random_password(PasswordLength=4)["RandomPassword"] for _ in range(600)]

    for characters in TYPES:
        seen = {c for password in passwords for c in password if c in characters}
        assert seen == set(characters)
    upper_lower = {
        (
            next(c for c in password if c.isupper()),
            next(c for c in password if c.islower()),
        )
        for password in passwords
    }
    assert any(upper.lower() != lower for upper, lower in upper_lower)
    # Each type's character is at every place in turn.
    for characters in TYPES:
        places = {
            next(i for i, c in enumerate(password) if c in characters) for password in passwords
        }
        assert places == {0, 1, 2, 3}
