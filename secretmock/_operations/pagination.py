"""NextTokens for every operation that pages, and the sorted listing orders ListSecrets pages by.

Every NextToken has one format (:func:`encode_token`): base64 of an HMAC and a small JSON
document naming the operation, the query it continues (the account and Region of the store and
ListSecrets' sort, or the ARN of the secret whose versions ListSecretVersionIds lists) and where
the next page starts. A made-up or altered token, or one issued for another operation, query,
account or Region, is refused with InvalidNextTokenException.

ListSecrets' and BatchGetSecretValue's tokens name the sort key of the last secret a page
returned, (sort value, creation sequence), never a position: the next page starts after that
key, wherever it now is. Secrets created or deleted between pages therefore neither shift a
page nor repeat one, and a token stays valid for as long as the caller likes.

Cost: each store keeps its secrets sorted by the requested key (``SortedSecrets``) and rebuilds
the order only when a secret was added or removed (``SecretStore.revision``); a page bisects to
the token and examines entries from there. A full walk of n secrets page by page therefore
sorts once and examines each secret at most twice (a page looks one match past its end to know
whether to hand out a NextToken): O(n log n) for the sort, O(n) for every page together.

Orders by a date that changes (last-changed-date, last-accessed-date) are rebuilt by each first
page (a request without NextToken), and later pages of a walk keep that order, so a secret
changed mid-walk is neither returned twice nor skipped. ListSecrets itself is only eventually
consistent on AWS ("might not reflect changes from the last five minutes") [DOC].
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from typing import Any

from secretmock._backend.models import Secret
from secretmock._backend.store import SecretStore
from secretmock._messages import INVALID_NEXT_TOKEN

DEFAULT_SORT = "created-date"
_CHANGING_ORDERS = {"last-accessed-date", "last-changed-date"}
# A secret never read sorts before every read one (assumed [INF]).
_NEVER = float("-inf")

# Only for telling a token this mock issued from one it did not: not a secret.
_TOKEN_KEY = b"secretmock NextToken"
_MAC_LENGTH = 12

SortKey = tuple[Any, int]


def sort_key(secret: Secret, sort_by: str) -> SortKey:
    """Where a secret sorts: its value for ``sort_by``, ties broken by creation order."""
    if sort_by == "name":
        return (secret.name, secret.sequence)
    if sort_by == "last-changed-date":
        return (secret.last_changed_at.epoch, secret.sequence)
    if sort_by == "last-accessed-date":
        accessed = secret.last_accessed_at
        return (_NEVER if accessed is None else accessed.epoch, secret.sequence)
    return (secret.created_at.epoch, secret.sequence)


class SortedSecrets:
    """Every secret of a store, ascending by one sort key, with the keys to bisect."""

    __slots__ = ("examined", "keys", "revision", "secrets")

    def __init__(self, store: SecretStore, sort_by: str) -> None:
        keyed = sorted((sort_key(secret, sort_by), secret) for secret in store.secrets())
        self.keys: list[SortKey] = [key for key, _ in keyed]
        self.secrets: list[Secret] = [secret for _, secret in keyed]
        self.revision = store.revision
        # How many entries pages have looked at: the work a walk costs (tests read it).
        self.examined = 0


def sorted_secrets(store: SecretStore, sort_by: str, *, first_page: bool) -> SortedSecrets:
    """The store's order for ``sort_by``, rebuilt only when it may be stale."""
    cached: SortedSecrets | None = store.listing_orders.get(sort_by)
    stale = (
        cached is None
        or cached.revision != store.revision
        or (first_page and sort_by in _CHANGING_ORDERS)
    )
    if stale:
        cached = store.listing_orders[sort_by] = SortedSecrets(store, sort_by)
    assert cached is not None
    return cached


def page(
    order: SortedSecrets,
    after: SortKey | None,
    descending: bool,
    limit: int,
    wanted: Callable[[Secret], bool],
) -> tuple[list[Secret], SortKey | None]:
    """Up to ``limit`` wanted secrets following ``after``, and the key to continue from.

    The key is None when no wanted secret follows the page.
    """
    keys, secrets = order.keys, order.secrets
    if descending:
        index = len(keys) - 1 if after is None else bisect_left(keys, after) - 1
        step = -1
    else:
        index = 0 if after is None else bisect_right(keys, after)
        step = 1
    found: list[Secret] = []
    last: SortKey | None = None
    end = len(keys)
    examined = 0
    while 0 <= index < end:
        secret = secrets[index]
        examined += 1
        if wanted(secret):
            if len(found) == limit:
                order.examined += examined
                return found, last
            found.append(secret)
            last = keys[index]
        index += step
    order.examined += examined
    return found, None


def encode_token(operation: str, query: str, start: Any) -> str:
    """A NextToken of ``operation`` continuing ``query`` at ``start`` (any JSON value)."""
    body = json.dumps({"op": operation, "query": query, "start": start}, separators=(",", ":"))
    raw = body.encode()
    mac = hmac.new(_TOKEN_KEY, raw, hashlib.sha256).digest()[:_MAC_LENGTH]
    return base64.urlsafe_b64encode(mac + raw).decode("ascii")


def decode_token(token: str, operation: str, query: str) -> Any:
    """Where a token continues ``query``; InvalidNextTokenException for anything not issued here
    for this operation and query.

    Assumed [INF]: AWS's tokens encode the query they continue, so another operation's token,
    or one of another sort, secret, account or Region, is refused.
    """
    try:
        raw = base64.b64decode(token.encode("ascii"), altchars=b"-_", validate=True)
    except (UnicodeEncodeError, binascii.Error):
        raise INVALID_NEXT_TOKEN.error() from None
    mac, body = raw[:_MAC_LENGTH], raw[_MAC_LENGTH:]
    expected = hmac.new(_TOKEN_KEY, body, hashlib.sha256).digest()[:_MAC_LENGTH]
    if not hmac.compare_digest(mac, expected):
        raise INVALID_NEXT_TOKEN.error()
    payload = json.loads(body)
    if payload["op"] != operation or payload["query"] != query:
        raise INVALID_NEXT_TOKEN.error()
    return payload["start"]


def _listing_query(store: SecretStore, sort_by: str, descending: bool) -> str:
    """The query a listing token continues: its store and sort. Filters and
    IncludePlannedDeletion may change between pages; the walk then simply continues with the
    new ones."""
    order = "desc" if descending else "asc"
    return f"{store.account_id} {store.region} {sort_by} {order}"


def encode_listing_token(
    operation: str, store: SecretStore, sort_by: str, descending: bool, key: SortKey
) -> str:
    return encode_token(operation, _listing_query(store, sort_by, descending), list(key))


def decode_listing_token(
    token: str, operation: str, store: SecretStore, sort_by: str, descending: bool
) -> SortKey:
    """The sort key a listing token continues after."""
    query = _listing_query(store, sort_by, descending)
    value, sequence = decode_token(token, operation, query)
    return (value, sequence)
