"""GetRandomPassword: a random password drawn from the mock's random source.

The source is the mock's: ``random.Random(seed)`` when the mock has a seed, so a seeded test
gets the same passwords on every run, and ``random.SystemRandom`` (the operating system's
cryptographically strong generator) otherwise.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

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


def character_types(params: Mapping[str, Any]) -> tuple[list[str], str]:
    """The character types a request requires, and every character it allows.

    RequireEachIncludedType (on unless set to false) requires one character of each included
    type among upper, lower, number and punctuation; a space is allowed, never required.
    ExcludeCharacters takes characters out of every type, the space included.
    """
    excluded = set(params.get("ExcludeCharacters", ""))
    types = [
        (UPPERCASE, params.get("ExcludeUppercase", False)),
        (LOWERCASE, params.get("ExcludeLowercase", False)),
        (NUMBERS, params.get("ExcludeNumbers", False)),
        (PUNCTUATION, params.get("ExcludePunctuation", False)),
    ]
    included = ["".join(c for c in chars if c not in excluded) for chars, off in types if not off]
    required = included if params.get("RequireEachIncludedType", True) else []
    allowed = "".join(included)
    if params.get("IncludeSpace", False) and SPACE not in excluded:
        allowed += SPACE
    return required, allowed


def get_random_password(request: Request) -> dict[str, Any]:
    params = request.params
    length: int = params.get("PasswordLength", DEFAULT_LENGTH)
    required, allowed = character_types(params)
    if any(not chars for chars in required):
        raise TYPE_EXCLUDED.error()
    if not allowed:
        raise ALL_EXCLUDED.error()
    if length < len(required):
        raise PASSWORD_TOO_SHORT.error()

    rng = request.backend.rng
    # One character of every required type, the rest from everything allowed, then shuffled so
    # the required ones can be anywhere. choice() draws without modulo bias.
    characters = [rng.choice(chars) for chars in required]
    characters += [rng.choice(allowed) for _ in range(length - len(required))]
    rng.shuffle(characters)
    return {"RandomPassword": "".join(characters)}


HANDLERS: dict[str, Handler] = {"GetRandomPassword": get_random_password}
