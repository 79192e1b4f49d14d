"""AWS's rules beyond the service model that several operations share.

An operation declares the rules it applies, in the order AWS applies them, next to its handler
(``RULES`` in each module of :mod:`secretmock._operations`); they run after the model's
constraints and before the handler, on the request alone. A rule is a function of the request's
parameters and its input shape (for limits the model states) that raises AWS's error.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from functools import lru_cache
from typing import Any

from botocore.model import Shape

from secretmock._ids import parse_secret_arn
from secretmock._messages import (
    BOTH_VALUES,
    INVALID_NAME,
    MISSING_KEY,
    NO_TOKEN,
    SYSTEM_TAG,
    TOKEN_LENGTH,
    TOO_MANY_TAGS,
    Message,
)

Rule = Callable[[Mapping[str, Any], Shape], None]
Rules = tuple[Rule, ...]

# AWS's message lists "!" although "!" is not an allowed character (recorded against AWS).
_NAME_PATTERN = re.compile(r"[A-Za-z0-9/_+=.@-]+")

# AWS's general tagging quota: 50 user tags per resource; aws: system tags do not count [DOC].
MAX_TAGS = 50
SYSTEM_PREFIX = "aws:"


def check_name(name: str) -> None:
    """A secret name: ``A-Za-z0-9/_+=.@-`` (its length is the model's)."""
    if not _is_name(name):
        raise INVALID_NAME.error()


@lru_cache(maxsize=4096)
def _is_name(name: str) -> bool:
    # Kept for the names checked lately: a test names the same secrets on call after call, and a
    # cached answer costs half the regular expression.
    return _NAME_PATTERN.fullmatch(name) is not None


def check_secret_id(secret_id: str) -> None:
    """A SecretId: a secret's ARN (full or partial), or a name following the name rule (its
    length is the model's).

    Anything else that starts with "arn:" is checked as a name, whose rule its colons break:
    AWS answered the name rule's ValidationException for the ARN of a secret without its name,
    ``arn:aws:secretsmanager:eu-west-2:111111111110:secret`` [USER external-secrets/
    kubernetes-external-secrets#84, 2019]; assumed [INF] for other services' ARNs.
    """
    # check_name's test, not a call to it: BatchGetSecretValue checks 20 ids a call.
    if secret_id.startswith("arn:"):
        if parse_secret_arn(secret_id) is None:
            raise INVALID_NAME.error()
    elif not _is_name(secret_id):
        raise INVALID_NAME.error()


def secret_name(params: Mapping[str, Any], shape: Shape) -> None:
    """CreateSecret's Name follows the name rule (recorded)."""
    check_name(params["Name"])


def secret_id(params: Mapping[str, Any], shape: Shape) -> None:
    """SecretId, when given, is an ARN or a name (recorded for every operation that takes one)."""
    given = params.get("SecretId")
    if given is not None:
        check_secret_id(given)


def client_request_token(missing: Message = NO_TOKEN) -> Rule:
    """A ClientRequestToken is required, and as long as the model says.

    Recorded against AWS (LocalStack snapshot test_no_client_request_token, 2023-05-12, signed
    raw requests for a secret that did not exist): a request without one is refused before the
    secret is looked up; ``missing`` is the operation's answer (RotateSecret's code differs).
    SDKs always fill a token in, so only raw callers see it. A token longer than the model
    allows gets AWS's own InvalidParameterException, not the model's ValidationException
    [PEER: moto's text; AWS's answer for a long token is unrecorded].
    """

    def rule(params: Mapping[str, Any], shape: Shape) -> None:
        token = params.get("ClientRequestToken")
        if token is None:
            raise missing.error()
        metadata = shape.members["ClientRequestToken"].metadata  # type: ignore[attr-defined]
        low, high = metadata["min"], metadata["max"]
        if not low <= len(token) <= high:
            raise TOKEN_LENGTH.error(low=low, high=high)

    return rule


def one_value(params: Mapping[str, Any], shape: Shape) -> None:
    """At most one of SecretString and SecretBinary."""
    if params.get("SecretString") is not None and params.get("SecretBinary") is not None:
        raise BOTH_VALUES.error()


def is_system_key(key: str) -> bool:
    """Assumed [INF]: the prefix is matched in any case, as AWS's general tagging rules reserve
    it."""
    return key[: len(SYSTEM_PREFIX)].lower() == SYSTEM_PREFIX


def check_tag_quota(keys: Collection[str]) -> None:
    """At most 50 distinct user keys (aws: keys do not count)."""
    if len(keys) > MAX_TAGS and len({key for key in keys if not is_system_key(key)}) > MAX_TAGS:
        raise TOO_MANY_TAGS.error(quota=MAX_TAGS)


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
            raise MISSING_KEY.error()
        if is_system_key(key):
            raise SYSTEM_TAG.error(key=key)
    check_tag_quota([tag["Key"] for tag in given])


def tag_keys(params: Mapping[str, Any], shape: Shape) -> None:
    """UntagResource's TagKeys: no system key."""
    for key in params["TagKeys"]:
        if is_system_key(key):
            raise SYSTEM_TAG.error(key=key)
