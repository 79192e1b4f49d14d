"""TagResource and UntagResource: a secret's tags.

A secret's tags are one list of {"Key", "Value"} in the order keys were first added. ``None``
means the secret was never tagged (DescribeSecret and ListSecrets then omit Tags); once tags
existed and were all removed it is ``[]`` and AWS answers ``Tags: []`` (recorded 2024-04).
"""

from __future__ import annotations

from typing import Any

from secretmock._clock import Instant
from secretmock._operations._constraints import Violations
from secretmock._request import Handler, Request
from secretmock.errors import InvalidParameterException

MAX_TAGS = 50
MAX_KEY_LENGTH = 128
MAX_VALUE_LENGTH = 256
SYSTEM_PREFIX = "aws:"

# Assumed [INF]: AWS's text for these two is unrecorded; the codes follow the model, which
# declares InvalidParameterException (and no LimitExceededException) for TagResource.
TOO_MANY_TAGS = f"A secret can have at most {MAX_TAGS} tags."
MISSING_KEY = "Every tag must have a Key."


def system_tag(key: str) -> InvalidParameterException:
    """The refusal of a reserved ``aws:`` key.

    [USER] quoted from AWS in cloud-custodian/cloud-custodian#9093 (TagResource): "You can't
    modify system tags. Tag key: 'aws:cloudformation:stack-name'." UntagResource refuses such a
    key too: "You can't edit or delete tag names or values with this prefix" [DOC, TagResource
    API reference]. Assumed [INF]: the prefix is matched in any case, as AWS's general tagging
    rules reserve it, and UntagResource answers with the same text.
    """
    return InvalidParameterException(f"You can't modify system tags. Tag key: '{key}'.")


def is_system_key(key: str) -> bool:
    return key[: len(SYSTEM_PREFIX)].lower() == SYSTEM_PREFIX


def tag_resource(request: Request) -> dict[str, Any]:
    tags: list[dict[str, str]] = request.params["Tags"]
    violations = Violations()
    for position, tag in enumerate(tags, 1):
        key = tag.get("Key")
        value = tag.get("Value")
        if key is not None and len(key) > MAX_KEY_LENGTH:
            violations.max_length(f"tags.{position}.member.key", key, MAX_KEY_LENGTH)
        if value is not None and len(value) > MAX_VALUE_LENGTH:
            violations.max_length(f"tags.{position}.member.value", value, MAX_VALUE_LENGTH)
    violations.raise_if_any()

    secret = request.live_secret()
    for tag in tags:
        key = tag.get("Key")
        if key is None:
            raise InvalidParameterException(MISSING_KEY)
        if is_system_key(key):
            raise system_tag(key)
    if not tags:
        return {}  # Assumed [INF]: an empty list changes nothing.

    # TagResource appends, and a key that is already there gets the new value in place
    # ([USER] AWS CLI output quoted in getmoto/moto#4899); the last of repeated keys wins.
    merged: dict[str, dict[str, str]] = {tag["Key"]: tag for tag in secret.tags or ()}
    for tag in tags:
        merged[tag["Key"]] = {name: tag[name] for name in ("Key", "Value") if name in tag}
    # AWS's general tagging quota: 50 user tags; aws: system tags do not count [DOC].
    if sum(not is_system_key(key) for key in merged) > MAX_TAGS:
        raise InvalidParameterException(TOO_MANY_TAGS)
    changed = Instant(request.now)
    secret.tags = list(merged.values())
    # Assumed [INF]: tags are part of the secret's metadata, and LastChangedDate is "the last
    # date and time that this secret was modified in any way".
    secret.mark_changed(changed)
    return {}


def untag_resource(request: Request) -> dict[str, Any]:
    keys: list[str] = request.params["TagKeys"]
    if any(len(key) > MAX_KEY_LENGTH for key in keys):
        violations = Violations()
        violations.add(
            "tagKeys",
            keys,
            "Member must satisfy constraint: [Member must have length less than or equal to "
            f"{MAX_KEY_LENGTH}, Member must have length greater than or equal to 1]",
        )
        violations.raise_if_any()

    secret = request.live_secret()
    for key in keys:
        if is_system_key(key):
            raise system_tag(key)
    if secret.tags is None:
        return {}
    removed = set(keys)
    kept = [tag for tag in secret.tags if tag["Key"] not in removed]
    # "If a requested tag is not attached to the secret, no error is returned and the secret
    # metadata is unchanged." [DOC]
    if len(kept) != len(secret.tags):
        changed = Instant(request.now)
        secret.tags = kept
        secret.mark_changed(changed)
    return {}


HANDLERS: dict[str, Handler] = {
    "TagResource": tag_resource,
    "UntagResource": untag_resource,
}
