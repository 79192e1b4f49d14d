"""Checks AWS makes on the server side that botocore's client-side validation does not.

botocore checks required members, types and ``min`` constraints before a call leaves the client;
everything else reaches the backend. The model's own constraints (``max`` lengths, ranges,
patterns) are checked from the model by :mod:`secretmock._operations._model_checks`; the rules
AWS adds on top (the name characters, tokens, cross-member rules) are checked here, with the
error AWS answers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from secretmock.errors import (
    InvalidParameterException,
    InvalidRequestException,
    ValidationException,
)

# AWS's message lists "!" although "!" is not an allowed character (recorded against AWS).
INVALID_NAME = (
    "Invalid name. Must be a valid name containing alphanumeric characters, "
    "or any of the following: -/_+=.@!"
)
_NAME_PATTERN = re.compile(r"[A-Za-z0-9/_+=.@-]+")

MAX_SECRET_ID_LENGTH = 2048
MIN_TOKEN_LENGTH = 32
MAX_TOKEN_LENGTH = 64

# Recorded against AWS (LocalStack snapshot test_no_client_request_token, 2023-05-12, signed raw
# requests for a secret that did not exist): CreateSecret, PutSecretValue and UpdateSecret
# without a ClientRequestToken answer InvalidRequestException with this text, RotateSecret
# answers InvalidParameterException with the same text. SDKs always fill a token in, so only
# raw callers see it.
NO_TOKEN = "You must provide a ClientRequestToken value. We recommend a UUID-type value."


def constraint_violation(
    member_path: str, value: object, constraint: str, *, sensitive: bool = False
) -> ValidationException:
    """AWS's generic model-constraint error.

    AWS's request validation answers constraint violations that botocore does not check
    client-side in its standard form, "1 validation error detected: Value 'V' at 'member'
    failed to satisfy constraint: C", with the member in lower camel case ([USER] ListSecrets,
    "... at 'filters.1.member.values' ...", jenkinsci/aws-secrets-manager-credentials-provider-
    plugin#235) and the value left out for members the model marks sensitive ([USER] "Value at
    'secretString' failed to satisfy constraint: ...", see _constraints.Violations.add_sensitive).
    Assumed [INF]: every member botocore leaves unchecked is answered this way.
    """
    shown = "" if sensitive else f"'{value}' "
    return ValidationException(
        f"1 validation error detected: Value {shown}at '{member_path}' "
        f"failed to satisfy constraint: {constraint}"
    )


def max_length_violation(
    member_path: str, value: object, limit: int, *, sensitive: bool = False
) -> ValidationException:
    return constraint_violation(
        member_path,
        value,
        f"Member must have length less than or equal to {limit}",
        sensitive=sensitive,
    )


def check_name(name: str) -> None:
    """A secret name: ``A-Za-z0-9/_+=.@-`` (its 512-character limit is a model constraint)."""
    if not _NAME_PATTERN.fullmatch(name):
        raise ValidationException(INVALID_NAME)


def check_secret_id(secret_id: str) -> None:
    """A SecretId: an ARN, or a name following the name rule; at most 2048 characters."""
    if len(secret_id) > MAX_SECRET_ID_LENGTH:
        raise max_length_violation("secretId", secret_id, MAX_SECRET_ID_LENGTH)
    if not secret_id.startswith("arn:") and not _NAME_PATTERN.fullmatch(secret_id):
        raise ValidationException(INVALID_NAME)


def check_token(token: str, member_path: str = "clientRequestToken") -> None:
    """ClientRequestToken is 32-64 characters (botocore checks only the 32)."""
    if not MIN_TOKEN_LENGTH <= len(token) <= MAX_TOKEN_LENGTH:
        # [PEER] moto's text for this rule; AWS's own answer for a long token is unrecorded.
        raise InvalidParameterException(
            f"{member_path[0].upper()}{member_path[1:]} must be 32-64 characters long."
        )


def require_token(
    params: Mapping[str, Any],
    missing: type[InvalidRequestException | InvalidParameterException] = InvalidRequestException,
) -> str:
    """The request's ClientRequestToken, checked; AWS refuses a request that has none.

    AWS checked this before looking the secret up (the recording used a secret that did not
    exist and still got this error), so callers run it first. ``missing`` is the error code
    the operation answers with (InvalidParameterException for RotateSecret, recorded).
    """
    token = params.get("ClientRequestToken")
    if token is None:
        raise missing(NO_TOKEN)
    check_token(token)
    return str(token)


def check_range(member_path: str, value: int, low: int, high: int) -> None:
    """An integer member with model bounds (botocore checks ``min`` unless validation is off)."""
    if value < low:
        raise constraint_violation(
            member_path, value, f"Member must have value greater than or equal to {low}"
        )
    if value > high:
        raise constraint_violation(
            member_path, value, f"Member must have value less than or equal to {high}"
        )


BOTH_VALUES = (
    "You can't specify both a binary secret value and a string secret value in the same secret."
)


def check_value(secret_string: str | None, secret_binary: bytes | None) -> None:
    """At most one of SecretString and SecretBinary (their sizes are model constraints)."""
    if secret_string is not None and secret_binary is not None:
        raise InvalidParameterException(BOTH_VALUES)
