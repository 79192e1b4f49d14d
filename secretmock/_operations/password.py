"""GetRandomPassword: a random password drawn from the mock's random source.

The source is the mock's: ``random.Random(seed)`` when the mock has a seed, so a seeded test
gets the same passwords on every run, and ``random.SystemRandom`` (the operating system's
cryptographically strong generator) otherwise.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

from secretmock._request import Handler, Request
from secretmock.errors import InvalidParameterException

DEFAULT_LENGTH = 32

# The character types, as the API reference lists them. PUNCTUATION is the 32 characters
# !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~ named in ExcludePunctuation's documentation (the same set as
# Python's string.punctuation); a space comes only with IncludeSpace.
UPPERCASE = string.ascii_uppercase
LOWERCASE = string.ascii_lowercase
NUMBERS = string.digits
PUNCTUATION = string.punctuation
SPACE = " "

# AWS's texts for impossible combinations. Measured through CloudFormation's
# GenerateSecretString, which asks GetRandomPassword (go-to-k/cdkd#3086, us-east-1,
# 2026-09-14) [USER]. "Password length is too short based on the required types." is also the
# text moto copied from a real botocore error, period included [PEER]; assumed [INF]: the other
# two end with a period as well.
TYPE_EXCLUDED = "All characters of the desired type have been excluded."
ALL_EXCLUDED = "All characters have been excluded from selection."
TOO_SHORT = "Password length is too short based on the required types."


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
        raise InvalidParameterException(TYPE_EXCLUDED)
    if not allowed:
        raise InvalidParameterException(ALL_EXCLUDED)
    if length < len(required):
        raise InvalidParameterException(TOO_SHORT)

    rng = request.backend.rng
    # One character of every required type, the rest from everything allowed, then shuffled so
    # the required ones can be anywhere. choice() draws without modulo bias.
    characters = [rng.choice(chars) for chars in required]
    characters += [rng.choice(allowed) for _ in range(length - len(required))]
    rng.shuffle(characters)
    return {"RandomPassword": "".join(characters)}


HANDLERS: dict[str, Handler] = {"GetRandomPassword": get_random_password}
