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

A walk sorted by a date that changes (last-changed-date, last-accessed-date) keeps the order it
began with: its tokens also carry the number of the walk, and each secret sorts by its date when
that walk began (a secret created later, by its date when created), kept for the secrets whose
date changed since by the store's :class:`~secretmock._backend.date_history.DateHistory`. Each
secret has one place in the walk, so a secret changed mid-walk is listed exactly once, whatever
else happens between pages. ListSecrets itself is only eventually consistent on AWS ("might not
reflect changes from the last five minutes") [DOC].

Cost: each store keeps its secrets sorted by the requested key (``SortedSecrets``) and rebuilds
the order only when a secret was added or removed (``SecretStore.revision``), or, for a first
page sorted by a changing date, when such a date changed. A page bisects to the token and
examines entries from there; a later page of a walk by a changing date also merges in the
secrets whose date changed since the walk began, sorted by their date then. A full walk of n
secrets page by page therefore sorts once and examines each secret at most twice (a page looks
one match past its end to know whether to hand out a NextToken): O(n log n) for the sort, O(n)
for every page together, plus O(c log c) a page for c secrets changed since the walk began.
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

from secretmock._backend.date_history import LAST_ACCESSED, LAST_CHANGED
from secretmock._backend.models import Secret
from secretmock._backend.store import SecretStore
from secretmock._clock import Instant
from secretmock._messages import INVALID_NEXT_TOKEN

DEFAULT_SORT = "created-date"
# The sorts by a date that changes, and the Secret attribute holding that date.
_CHANGING_DATES = {"last-changed-date": LAST_CHANGED, "last-accessed-date": LAST_ACCESSED}
# A secret never read sorts before every read one (assumed [INF]).
_NEVER = float("-inf")

# Only for telling a token this mock issued from one it did not: not a secret.
_TOKEN_KEY = b"secretmock NextToken"
_MAC_LENGTH = 12

SortKey = tuple[Any, int]
Wanted = Callable[[Secret], bool]


def sort_key(secret: Secret, sort_by: str) -> SortKey:
    """Where a secret sorts: its value for ``sort_by``, ties broken by creation order."""
    if sort_by == "name":
        return (secret.name, secret.sequence)
    if sort_by == "last-changed-date":
        return (secret.last_changed_at.epoch, secret.sequence)
    if sort_by == "last-accessed-date":
        return (_date_value(secret.last_accessed_at), secret.sequence)
    return (secret.created_at.epoch, secret.sequence)


def _date_value(date: Instant | None) -> float:
    return _NEVER if date is None else date.epoch


class SortedSecrets:
    """Every secret of a store, ascending by one sort key, with the keys to bisect."""

    __slots__ = ("changes", "examined", "keys", "revision", "secrets")

    def __init__(self, store: SecretStore, sort_by: str) -> None:
        keyed = sorted((sort_key(secret, sort_by), secret) for secret in store.secrets())
        self.keys: list[SortKey] = [key for key, _ in keyed]
        self.secrets: list[Secret] = [secret for _, secret in keyed]
        self.revision = store.revision
        self.changes = _date_changes(store, sort_by)
        # How many entries pages have looked at: the work a walk costs (tests read it).
        self.examined = 0


def _date_changes(store: SecretStore, sort_by: str) -> int:
    """How often the date ``sort_by`` sorts by has changed in ``store`` (0 for fixed sorts)."""
    date = _CHANGING_DATES.get(sort_by)
    return 0 if date is None else store.date_history.changes[date]


def sorted_secrets(store: SecretStore, sort_by: str, *, first_page: bool) -> SortedSecrets:
    """The store's order for ``sort_by``, rebuilt only when it may be stale.

    A later page of a walk by a changing date needs no rebuild when only dates changed: the
    secrets whose date changed since the walk began are merged in apart (:func:`listing_page`).
    """
    cached: SortedSecrets | None = store.listing_orders.get(sort_by)
    stale = (
        cached is None
        or cached.revision != store.revision
        or (first_page and cached.changes != _date_changes(store, sort_by))
    )
    if stale:
        cached = store.listing_orders[sort_by] = SortedSecrets(store, sort_by)
    assert cached is not None
    return cached


def listing_page(
    store: SecretStore,
    operation: str,
    sort_by: str,
    descending: bool,
    token: str | None,
    limit: int,
    wanted: Wanted,
) -> tuple[list[Secret], str | None]:
    """Up to ``limit`` wanted secrets of ``store`` following ``token`` (None: from the start) in
    the order ``sort_by``, and the NextToken that continues the walk (None at its end)."""
    query = _listing_query(store, sort_by, descending)
    after: SortKey | None = None
    walk: int | None = None
    moved: dict[Secret, SortKey] = {}
    if token is not None:
        after, walk = _decode_position(decode_token(token, operation, query), store, sort_by)
        if walk is not None:
            moved = _keys_when_begun(store, sort_by, walk)
    order = sorted_secrets(store, sort_by, first_page=token is None)
    if moved:
        found, last = _merged_page(order, moved, after, descending, limit, wanted)
    else:
        found, last = page(order, after, descending, limit, wanted)
    if last is None:
        return found, None
    if walk is None and sort_by in _CHANGING_DATES:
        walk = store.date_history.begin_walk()
    start: list[Any] = list(last) if walk is None else [*last, walk]
    return found, encode_token(operation, query, start)


def _listing_query(store: SecretStore, sort_by: str, descending: bool) -> str:
    """The query a listing token continues: its store and sort. Filters and
    IncludePlannedDeletion may change between pages; the walk then simply continues with the
    new ones."""
    order = "desc" if descending else "asc"
    return f"{store.account_id} {store.region} {sort_by} {order}"


def _decode_position(start: Any, store: SecretStore, sort_by: str) -> tuple[SortKey, int | None]:
    """The key a listing token continues after, and the walk it belongs to (None for a sort by a
    date that never changes)."""
    if sort_by not in _CHANGING_DATES:
        value, sequence = start
        return (value, sequence), None
    value, sequence, walk = start
    # A walk this store never began (a token of another mock with the same account and Region),
    # or one too old to be continued.
    if not store.date_history.knows_walk(walk):
        raise INVALID_NEXT_TOKEN.error()
    return (value, sequence), walk


def _keys_when_begun(store: SecretStore, sort_by: str, walk: int) -> dict[Secret, SortKey]:
    """The secrets of ``store`` whose date changed since ``walk`` began, each with its sort key
    then (the history forgets a secret that leaves the store)."""
    dates = store.date_history.dates_when_begun(_CHANGING_DATES[sort_by], walk)
    return {secret: (_date_value(date), secret.sequence) for secret, date in dates.items()}


def page(
    order: SortedSecrets,
    after: SortKey | None,
    descending: bool,
    limit: int,
    wanted: Wanted,
) -> tuple[list[Secret], SortKey | None]:
    """Up to ``limit`` wanted secrets following ``after``, and the key to continue from.

    The key is None when no wanted secret follows the page.
    """
    keys, secrets = order.keys, order.secrets
    index, step = _start(keys, after, descending)
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


def _merged_page(
    order: SortedSecrets,
    moved: dict[Secret, SortKey],
    after: SortKey | None,
    descending: bool,
    limit: int,
    wanted: Wanted,
) -> tuple[list[Secret], SortKey | None]:
    """:func:`page` of a walk some of whose secrets moved since it began: ``order`` without
    them, merged with them at their keys when the walk began."""
    keys, secrets = order.keys, order.secrets
    moved_keys = sorted(moved.values())
    by_key = {key: secret for secret, key in moved.items()}
    index, step = _start(keys, after, descending)
    moved_index, _ = _start(moved_keys, after, descending)
    end, moved_end = len(keys), len(moved_keys)
    found: list[Secret] = []
    last: SortKey | None = None
    examined = 0
    while True:
        while 0 <= index < end and secrets[index] in moved:
            index += step
            examined += 1
        has_kept = 0 <= index < end
        has_moved = 0 <= moved_index < moved_end
        if not (has_kept or has_moved):
            break
        # Keys are unique (creation sequence breaks ties), so the two never compare equal.
        if has_kept and (not has_moved or (keys[index] < moved_keys[moved_index]) != descending):
            key, secret = keys[index], secrets[index]
            index += step
        else:
            key = moved_keys[moved_index]
            secret = by_key[key]
            moved_index += step
        examined += 1
        if wanted(secret):
            if len(found) == limit:
                order.examined += examined
                return found, last
            found.append(secret)
            last = key
    order.examined += examined
    return found, None


def _start(keys: list[SortKey], after: SortKey | None, descending: bool) -> tuple[int, int]:
    """The index of the first key following ``after`` in the walk's direction, and the step."""
    if descending:
        return (len(keys) - 1 if after is None else bisect_left(keys, after) - 1), -1
    return (0 if after is None else bisect_right(keys, after)), 1


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
