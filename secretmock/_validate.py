"""Checks AWS makes on the server side that botocore's client-side validation does not.

botocore checks required members, types and ``min`` constraints before a call leaves the client;
everything else (``max`` lengths, patterns, enums, cross-member rules) reaches the backend and is
checked here, with the error AWS answers.
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

MAX_NAME_LENGTH = 512
MAX_SECRET_ID_LENGTH = 2048
MAX_DESCRIPTION_LENGTH = 2048
MAX_VALUE_BYTES = 65536
MAX_KMS_KEY_ID_LENGTH = 2048
MIN_TOKEN_LENGTH = 32
MAX_TOKEN_LENGTH = 64
MAX_VERSION_ID_LENGTH = 64
MAX_STAGE_LENGTH = 256
MAX_TYPE_LENGTH = 256

# Recorded against AWS (2023-05, a signed raw request): CreateSecret, PutSecretValue and
# UpdateSecret without a ClientRequestToken. SDKs always fill one in, so only raw callers see it.
NO_TOKEN = "You must provide a ClientRequestToken value. We recommend a UUID-type value."


def constraint_violation(
    member_path: str, value: object, constraint: str, *, sensitive: bool = False
) -> ValidationException:
    """AWS's generic model-constraint error.

    Assumed [INF]: AWS's request validation answers constraint violations that botocore does
    not check client-side in its standard form, "1 validation error detected: Value 'V' at
    'member' failed to satisfy constraint: C", with the member in lower camel case and the value
    left out for members the model marks sensitive.
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
    """A secret name: 1-512 characters of ``A-Za-z0-9/_+=.@-``."""
    if len(name) > MAX_NAME_LENGTH:
        raise max_length_violation("name", name, MAX_NAME_LENGTH)
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


def require_token(params: Mapping[str, Any]) -> str:
    """The request's ClientRequestToken, checked; AWS refuses a request that has none.

    AWS checked this before looking the secret up (the recording used a secret that did not
    exist and still got this error), so callers run it first.
    """
    token = params.get("ClientRequestToken")
    if token is None:
        raise InvalidRequestException(NO_TOKEN)
    check_token(token)
    return str(token)


def check_version_id(version_id: str, member_path: str) -> None:
    """A version id member (VersionId, MoveToVersionId, RemoveFromVersionId): 32-64 characters.

    Assumed [INF]: a too-long version id gets AWS's generic constraint error (botocore itself
    rejects one under 32 characters).
    """
    if len(version_id) > MAX_VERSION_ID_LENGTH:
        raise max_length_violation(member_path, version_id, MAX_VERSION_ID_LENGTH)


def check_stage(stage: str, member_path: str) -> None:
    """One staging label: 1-256 characters."""
    if len(stage) > MAX_STAGE_LENGTH:
        raise max_length_violation(member_path, stage, MAX_STAGE_LENGTH)


def check_type(secret_type: str) -> None:
    if len(secret_type) > MAX_TYPE_LENGTH:
        raise max_length_violation("type", secret_type, MAX_TYPE_LENGTH)


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


def check_description(description: str) -> None:
    if len(description) > MAX_DESCRIPTION_LENGTH:
        raise max_length_violation("description", description, MAX_DESCRIPTION_LENGTH)


def check_kms_key_id(kms_key_id: str) -> None:
    if len(kms_key_id) > MAX_KMS_KEY_ID_LENGTH:
        raise max_length_violation("kmsKeyId", kms_key_id, MAX_KMS_KEY_ID_LENGTH)


BOTH_VALUES = (
    "You can't specify both a binary secret value and a string secret value in the same secret."
)


def check_value(secret_string: str | None, secret_binary: bytes | None) -> None:
    """At most one of SecretString and SecretBinary, each at most 65,536 bytes."""
    if secret_string is not None and secret_binary is not None:
        raise InvalidParameterException(BOTH_VALUES)
    if secret_string is not None and len(secret_string.encode("utf-8")) > MAX_VALUE_BYTES:
        raise max_length_violation("secretString", None, MAX_VALUE_BYTES, sensitive=True)
    if secret_binary is not None and len(secret_binary) > MAX_VALUE_BYTES:
        raise max_length_violation("secretBinary", None, MAX_VALUE_BYTES, sensitive=True)
