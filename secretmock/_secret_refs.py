"""Whether two SecretIds name the same secret, judged from what they say.

A SecretId is a name, a partial ARN (no suffix) or a full ARN. Without asking a store, the most
one can tell is the secret's account, region and name, and for a full ARN its suffix, which
tells apart secrets of the same name created one after another. Read as a store reads them: an
ARN whose resource ends in "-" and six characters is a complete ARN (see ``SecretStore.find``).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from secretmock._ids import SUFFIX_LENGTH, parse_secret_arn

_COMPLETE = re.compile(rf"-[A-Za-z0-9]{{{SUFFIX_LENGTH}}}$")


class SecretRef(NamedTuple):
    """What a SecretId says of its secret; None where it does not say."""

    account_id: str | None
    region: str
    name: str
    suffix: str | None


def secret_ref(secret_id: str, region: str, account_id: str | None) -> SecretRef | None:
    """What ``secret_id``, sent from ``region`` by ``account_id``, names; None for a string
    that starts like an ARN but is not a secret's."""
    if not secret_id.startswith("arn:"):
        return SecretRef(account_id, region, secret_id, None)
    arn = parse_secret_arn(secret_id)
    if arn is None:
        return None
    resource = arn.resource
    if _COMPLETE.search(resource):
        cut = len(resource) - SUFFIX_LENGTH
        return SecretRef(arn.account_id, arn.region, resource[: cut - 1], resource[cut:])
    return SecretRef(arn.account_id, arn.region, resource, None)


def same_secret(first: str, second: str, region: str, account_id: str | None = None) -> bool:
    """Whether two SecretIds sent from ``region`` (by ``account_id``, if known) can name the
    same secret: equal strings, or the same name in the same account and region, and the same
    suffix when both are full ARNs."""
    if first == second:
        return True
    one = secret_ref(first, region, account_id)
    other = secret_ref(second, region, account_id)
    if one is None or other is None:
        return False
    return (
        one.region == other.region
        and one.name == other.name
        and _agree(one.account_id, other.account_id)
        and _agree(one.suffix, other.suffix)
    )


def _agree(one: str | None, other: str | None) -> bool:
    return one is None or other is None or one == other
