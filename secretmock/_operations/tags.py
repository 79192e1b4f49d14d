"""TagResource and UntagResource: a secret's tags.

A secret's tags are one list of {"Key", "Value"} in the order keys were first added. ``None``
means the secret was never tagged (DescribeSecret and ListSecrets then omit Tags); once tags
existed and were all removed it is ``[]`` and AWS answers ``Tags: []`` (recorded 2024-04).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from secretmock._clock import Instant
from secretmock._request import Handler, Request
from secretmock._validation.rules import Rules, check_tag_quota, secret_id, tag_keys, tags

Tag = dict[str, str]


def merged_tags(
    existing: Iterable[Mapping[str, str]] | None, given: Iterable[Mapping[str, str]]
) -> list[Tag]:
    """A secret's tags after TagResource (or CreateSecret) adds ``given``; within AWS's quota.

    TagResource appends, and a key that is already there gets the new value in place
    ([USER] AWS CLI output quoted in getmoto/moto#4899); the last of repeated keys wins.
    Assumed [INF]: CreateSecret's tags are its new secret's first TagResource.
    """
    merged: dict[str, Tag] = {tag["Key"]: dict(tag) for tag in existing or ()}
    for tag in given:
        merged[tag["Key"]] = {name: tag[name] for name in ("Key", "Value") if name in tag}
    check_tag_quota(merged)
    return list(merged.values())


def tag_resource(request: Request) -> dict[str, Any]:
    given: list[Mapping[str, str]] = request.params["Tags"]
    secret = request.live_secret()
    if not given:
        return {}  # Assumed [INF]: an empty list changes nothing.
    merged = merged_tags(secret.tags, given)
    changed = Instant(request.now)
    secret.tags = merged
    # Assumed [INF]: tags are part of the secret's metadata, and LastChangedDate is "the last
    # date and time that this secret was modified in any way".
    secret.mark_changed(changed)
    return {}


def untag_resource(request: Request) -> dict[str, Any]:
    keys: list[str] = request.params["TagKeys"]
    secret = request.live_secret()
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

RULES: dict[str, Rules] = {
    "TagResource": (secret_id, tags),
    "UntagResource": (secret_id, tag_keys),
}
