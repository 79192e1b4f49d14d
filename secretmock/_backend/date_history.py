"""The dates ListSecrets sorts by, as they were when each walk through a store began.

A ListSecrets walk sorted by last-changed-date or last-accessed-date keeps the order it began
with (:mod:`secretmock._operations.pagination`): each secret stays where its date put it at the
walk's first page, however often the date changes before the last page. Each store keeps one
:class:`DateHistory`, and its secrets report every change of those two dates to it
(``Secret.mark_changed``, ``Secret.mark_accessed``).

Only what a walk may still ask for is kept. Walks are numbered; once one has begun, the first
change of a secret's date after it is logged with the walk's number and the date it replaced.
Later changes of that date are not logged until the next walk begins, and nothing at all is
logged before the first one. A secret's date when walk ``w`` began is therefore the date its
first logged change from walk ``w`` on replaced, or its date now if none was logged.

So that a long session's memory stays bounded, the log keeps only the last :data:`KEPT_WALKS`
walks (a token of an older walk is refused), and forgets a secret once it leaves its store.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left
from collections import deque
from typing import Any

# The two dates, by the name of the Secret attribute that holds them.
LAST_CHANGED = "last_changed_at"
LAST_ACCESSED = "last_accessed_at"

# One logged change: (the walk it came after, the secret, the date it replaced).
_Change = tuple[int, Any, Any]

#: The walks whose tokens stay valid: the latest ones begun. An older walk's token is as
#: unknown as a made-up one. Assumed [INF]: AWS's NextTokens expire too; when is not known.
KEPT_WALKS = 100
# Walk numbers, unique in the process: a token of a walk another history began (another mock's
# store, or this mock's before restore() or reset()) is never taken for one of this history's.
_WALK_NUMBERS = itertools.count(1)


class DateHistory:
    """The logged date changes of one store's secrets, and the number of its latest walk."""

    __slots__ = ("changes", "kept", "logged_since_walk", "logs", "walks")

    def __init__(self) -> None:
        self.walks = 0  # the number of the latest walk begun; 0 before the first
        self.kept: deque[int] = deque(maxlen=KEPT_WALKS)  # the walks a token may continue
        # Changes ever made, logged or not: a cached order sorted by a date is stale when its
        # count moved.
        self.changes = {LAST_CHANGED: 0, LAST_ACCESSED: 0}
        self.logs: dict[str, list[_Change]] = {LAST_CHANGED: [], LAST_ACCESSED: []}
        # The secrets whose date has a change logged since the latest walk began.
        self.logged_since_walk: dict[str, set[Any]] = {LAST_CHANGED: set(), LAST_ACCESSED: set()}

    def __deepcopy__(self, memo: dict[int, Any]) -> DateHistory:
        # The store's, not a secret's: copies of a secret (dataclasses.asdict) share it.
        return self

    def record(self, secret: object, date: str, replaced: object) -> None:
        """``secret``'s ``date`` changes, replacing ``replaced``."""
        self.changes[date] += 1
        if self.walks:
            logged = self.logged_since_walk[date]
            if secret not in logged:
                logged.add(secret)
                self.logs[date].append((self.walks, secret, replaced))

    def begin_walk(self) -> int:
        """The number of a walk beginning now, greater than any before it. Walks begun with no
        change between them share one number, since they see the same dates."""
        if self.walks == 0 or any(self.logged_since_walk.values()):
            self.walks = next(_WALK_NUMBERS)
            self.kept.append(self.walks)
            for logged in self.logged_since_walk.values():
                logged.clear()
            oldest = self.kept[0]
            for log in self.logs.values():
                del log[: bisect_left(log, oldest, key=_walk_of)]
        return self.walks

    def knows_walk(self, walk: object) -> bool:
        """Whether a token of walk ``walk`` can still be continued."""
        return walk in self.kept

    def forget(self, secret: object) -> None:
        """``secret`` has left the store: no walk lists it again, so its changes go."""
        for date, log in self.logs.items():
            if any(change[1] is secret for change in log):
                log[:] = [change for change in log if change[1] is not secret]
            self.logged_since_walk[date].discard(secret)

    def dates_when_begun(self, date: str, walk: int) -> dict[Any, Any]:
        """Each secret whose ``date`` changed since walk ``walk`` began, with its date then."""
        log = self.logs[date]
        before: dict[Any, Any] = {}
        for index in range(bisect_left(log, walk, key=_walk_of), len(log)):
            _, secret, replaced = log[index]
            before.setdefault(secret, replaced)
        return before


def _walk_of(change: _Change) -> int:
    return change[0]
