"""GetRandomPassword: a random password drawn from the mock's random source.

The source is the mock's: ``random.Random(seed)`` when the mock has a seed, so a seeded test
gets the same passwords on every run, and ``random.SystemRandom`` (the operating system's
cryptographically strong generator) otherwise.
"""

from __future__ import annotations

import random
import string
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from secretmock._ids import random_chars
from secretmock._messages import ALL_EXCLUDED, PASSWORD_TOO_SHORT, TYPE_EXCLUDED
from secretmock._request import Handler, Request

DEFAULT_LENGTH = 32

# The character types, as the API reference lists them. PUNCTUATION is the 32 characters
# !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~ named in ExcludePunctuation's documentation (the same set as
# Python's string.punctuation); a space comes only with IncludeSpace.
UPPERCASE = string.ascii_uppercase
LOWERCASE = string.ascii_lowercase
NUMBERS = string.digits
PUNCTUATION = string.punctuation
SPACE = " "


def character_types(params: Mapping[str, Any]) -> tuple[tuple[str, ...], str]:
    """The character types a request requires, and every character it allows.

    RequireEachIncludedType (on unless set to false) requires one character of each included
    type among upper, lower, number and punctuation; a space is allowed, never required.
    ExcludeCharacters takes characters out of every type, the space included.
    """
    switched_off = (
        params.get("ExcludeUppercase", False),
        params.get("ExcludeLowercase", False),
        params.get("ExcludeNumbers", False),
        params.get("ExcludePunctuation", False),
    )
    return _character_types(
        params.get("ExcludeCharacters", ""),
        switched_off,
        params.get("RequireEachIncludedType", True),
        params.get("IncludeSpace", False),
    )


@lru_cache(maxsize=64)  # most requests ask for the same few sets
def _character_types(
    exclude: str, switched_off: tuple[bool, ...], require_each: bool, include_space: bool
) -> tuple[tuple[str, ...], str]:
    excluded = set(exclude)
    included = tuple(
        "".join(c for c in chars if c not in excluded)
        for chars, off in zip(
            (UPPERCASE, LOWERCASE, NUMBERS, PUNCTUATION), switched_off, strict=True
        )
        if not off
    )
    required = included if require_each else ()
    allowed = "".join(included)
    if include_space and SPACE not in excluded:
        allowed += SPACE
    return required, allowed


def get_random_password(request: Request) -> dict[str, Any]:
    params = request.params
    length: int = params.get("PasswordLength", DEFAULT_LENGTH)
    required, allowed = character_types(params)
    if not all(required):  # a required type left without characters
        raise TYPE_EXCLUDED.error()
    if not allowed:
        raise ALL_EXCLUDED.error()
    if length < len(required):
        raise PASSWORD_TOO_SHORT.error()

    rng = request.backend.rng
    # Everything allowed, then one character of every required type put in at a random place:
    # the same passwords, equally likely, as drawing the required ones and the rest and
    # shuffling them all, for two draws from the random source instead of two per character.
    characters = list(random_chars(rng, allowed, length - len(required)))
    places = range(len(characters) + 1, len(characters) + 1 + len(required))
    picks = uniform_indexes(rng, [len(chars) for chars in required] + list(places))
    for chars, pick, place in zip(
        required, picks[: len(required)], picks[len(required) :], strict=True
    ):
        characters.insert(place, chars[pick])
    return {"RandomPassword": "".join(characters)}


_BITS = 64
_MASK = (1 << _BITS) - 1
_SPAN = 1 << _BITS


def uniform_indexes(rng: random.Random, sizes: list[int]) -> list[int]:
    """An index below each of ``sizes``, every one equally likely, from one draw of bits.

    Lemire's multiply-and-shift on 64 random bits per index; the rare draw it would have to
    reject to stay exactly uniform (a chance below ``size`` in 2**64) is made again with
    ``randrange``.
    """
    bits = rng.getrandbits(_BITS * len(sizes))
    indexes = []
    for size in sizes:
        product = (bits & _MASK) * size
        bits >>= _BITS
        if product & _MASK < _SPAN % size:
            indexes.append(rng.randrange(size))
        else:
            indexes.append(product >> _BITS)
    return indexes


HANDLERS: dict[str, Handler] = {"GetRandomPassword": get_random_password}
