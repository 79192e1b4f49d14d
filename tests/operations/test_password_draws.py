"""How GetRandomPassword turns the mock's random source into a password.

The source is replaced by one whose every draw is zero, so the password shows where each part
comes from: zero bytes pick the first character of everything allowed, and a zero 64-bit draw
for an index below a size that does not divide 2**64 is one of the rare draws the unbiased
method must make again (here with ``randrange``, answered with the largest index).
"""

from __future__ import annotations

import random
from typing import Any

from secretmock import SecretsManagerMock


class _ZeroSource(random.Random):
    def getrandbits(self, k: int) -> int:
        return 0

    def randbytes(self, n: int) -> bytes:
        return bytes(n)

    def randrange(self, *args: object, **kwargs: object) -> int:
        (stop,) = args
        assert isinstance(stop, int)
        return stop - 1


def test_required_characters_are_put_in_at_unbiased_random_places(
    secretmock: SecretsManagerMock, client: Any
) -> None:
    secretmock._backend.rng = _ZeroSource()

    password = client.get_random_password()["RandomPassword"]

    # 28 of everything allowed ("A" first); the required types' picks are redrawn ("Z", "z",
    # "9") except punctuation's: 32 divides 2**64, so a zero draw is kept ("!"). So are the
    # places: after the 28th, 29th and 30th character, and 0 for the last of 32 places.
    assert password == "!" + "A" * 28 + "Zz9"
