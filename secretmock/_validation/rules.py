"""AWS's rules beyond the service model that several operations share.

An operation declares the rules it applies, in the order AWS applies them, next to its handler
(``RULES`` in each module of :mod:`secretmock._operations`); they run after the model's
constraints and before the handler, on the request alone. A rule is a function of the request's
parameters and its input shape (for limits the model states) that raises AWS's error.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from botocore.model import Shape

from secretmock.errors import (
    InvalidParameterException,
    InvalidRequestException,
    ValidationException,
)

Rule = Callable[[Mapping[str, Any], Shape], None]
Rules = tuple[Rule, ...]

# AWS's message lists "!" although "!" is not an allowed character (recorded against AWS).
INVALID_NAME = (
    "Invalid name. Must be a valid name containing alphanumeric characters, "
    "or any of the following: -/_+=.@!"
)
_NAME_PATTERN = re.compile(r"[A-Za-z0-9/_+=.@-]+")

# Recorded against AWS (LocalStack snapshot test_no_client_request_token, 2023-05-12, signed raw
# requests for a secret that did not exist): CreateSecret, PutSecretValue and UpdateSecret
# without a ClientRequestToken answer InvalidRequestException with this text, RotateSecret
# answers InvalidParameterException with the same text. SDKs always fill a token in, so only
# raw callers see it.
NO_TOKEN = "You must provide a ClientRequestToken value. We recommend a UUID-type value."
BOTH_VALUES = (
    "You can't specify both a binary secret value and a string secret value in the same secret."
)

# AWS's general tagging quota: 50 user tags per resource; aws: system tags do not count [DOC].
MAX_TAGS = 50
SYSTEM_PREFIX = "aws:"
# Assumed [INF]: AWS's text for these two is unrecorded; the codes follow the model, which
# declares InvalidParameterException (and no LimitExceededException) for TagResource.
TOO_MANY_TAGS = f"A secret can have at most {MAX_TAGS} tags."
MISSING_KEY = "Every tag must have a Key."


def check_name(name: str) -> None:
    """A secret name: ``A-Za-z0-9/_+=.@-`` (its length is the model's)."""
    if not _NAME_PATTERN.fullmatch(name):
        raise ValidationException(INVALID_NAME)


def check_secret_id(secret_id: str) -> None:
    """A SecretId: an ARN, or a name following the name rule (its length is the model's)."""
    if not secret_id.startswith("arn:"):
        check_name(secret_id)


def secret_name(params: Mapping[str, Any], shape: Shape) -> None:
    """CreateSecret's Name follows the name rule (recorded)."""
    check_name(params["Name"])


def secret_id(params: Mapping[str, Any], shape: Shape) -> None:
    """SecretId, when given, is an ARN or a name (recorded for every operation that takes one)."""
    given = params.get("SecretId")
    if given is not None:
        check_secret_id(given)


def client_request_token(
    missing: type[InvalidRequestException | InvalidParameterException] = InvalidRequestException,
) -> Rule:
    """A ClientRequestToken is required, and as long as the model says.

    AWS checked this before looking the secret up (the recording used a secret that did not
    exist and still got this error). ``missing`` is the error code the operation answers with
    (InvalidParameterException for RotateSecret, recorded). A token longer than the model
    allows gets AWS's own InvalidParameterException, not the model's ValidationException
    [PEER: moto's text; AWS's answer for a long token is unrecorded].
    """

    def rule(params: Mapping[str, Any], shape: Shape) -> None:
        token = params.get("ClientRequestToken")
        if token is None:
            raise missing(NO_TOKEN)
        metadata = shape.members["ClientRequestToken"].metadata  # type: ignore[attr-defined]
        low, high = metadata["min"], metadata["max"]
        if not low <= len(token) <= high:
            raise InvalidParameterException(
                f"ClientRequestToken must be {low}-{high} characters long."
            )

    return rule


def one_value(params: Mapping[str, Any], shape: Shape) -> None:
    """At most one of SecretString and SecretBinary."""
    if params.get("SecretString") is not None and params.get("SecretBinary") is not None:
        raise InvalidParameterException(BOTH_VALUES)


def is_system_key(key: str) -> bool:
    """Assumed [INF]: the prefix is matched in any case, as AWS's general tagging rules reserve
    it."""
    return key[: len(SYSTEM_PREFIX)].lower() == SYSTEM_PREFIX


def system_tag(key: str) -> InvalidParameterException:
    """The refusal of a reserved ``aws:`` key.

    [USER] quoted from AWS in cloud-custodian/cloud-custodian#9093 (TagResource): "You can't
    modify system tags. Tag key: 'aws:cloudformation:stack-name'." UntagResource refuses such a
    key too: "You can't edit or delete tag names or values with this prefix" [DOC, TagResource
    API reference]. Assumed [INF]: UntagResource and CreateSecret answer with the same text.
    """
    return InvalidParameterException(f"You can't modify system tags. Tag key: '{key}'.")


def check_tag_quota(keys: Iterable[str]) -> None:
    """At most 50 distinct user keys (aws: keys do not count)."""
    if len({key for key in keys if not is_system_key(key)}) > MAX_TAGS:
        raise InvalidParameterException(TOO_MANY_TAGS)


def tags(params: Mapping[str, Any], shape: Shape) -> None:
    """The Tags of TagResource and CreateSecret: every tag has a Key that is not a system key,
    and the request alone stays within the quota.

    Assumed [INF]: checked on the request before the secret is looked up, as AWS validates a
    request before acting on it; CreateSecret gets TagResource's rules (its tags are the first
    TagResource of the new secret).
    """
    given = params.get("Tags")
    if not given:
        return
    for tag in given:
        key = tag.get("Key")
        if key is None:
            raise InvalidParameterException(MISSING_KEY)
        if is_system_key(key):
            raise system_tag(key)
    check_tag_quota(tag["Key"] for tag in given)


def tag_keys(params: Mapping[str, Any], shape: Shape) -> None:
    """UntagResource's TagKeys: no system key."""
    for key in params["TagKeys"]:
        if is_system_key(key):
            raise system_tag(key)
