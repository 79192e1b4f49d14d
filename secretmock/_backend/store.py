"""The secrets of one account in one region, and how a SecretId finds one of them."""

from __future__ import annotations

import itertools
import re
from typing import Any

from secretmock._backend.date_history import DateHistory
from secretmock._backend.models import Secret
from secretmock._ids import parse_secret_arn
from secretmock._messages import MARKED_FOR_DELETION, SECRET_NOT_FOUND

# The end of a complete secret ARN: "-" and the six-character random suffix.
_LOOKS_COMPLETE = re.compile(r"-[A-Za-z0-9]{6}$")


class SecretStore:
    """The secrets of one (account, region), indexed by name and by full ARN."""

    __slots__ = (
        "_added",
        "_by_arn",
        "_by_name",
        "account_id",
        "date_history",
        "listing_orders",
        "region",
        "revision",
    )

    def __init__(self, account_id: str, region: str) -> None:
        self.account_id = account_id
        self.region = region
        self._by_name: dict[str, Secret] = {}
        self._by_arn: dict[str, Secret] = {}
        self._added = itertools.count()  # the creation order of this store's secrets
        # Bumped whenever a secret is added or removed, so a cached listing order knows it is
        # stale; the orders themselves are kept by the listing operations, by sort key.
        self.revision = 0
        self.listing_orders: dict[str, Any] = {}
        # The dates walks sorted by a changing date began with (secretmock._operations.pagination).
        self.date_history = DateHistory()

    def __len__(self) -> int:
        return len(self._by_name)

    def secrets(self) -> list[Secret]:
        """Every secret, scheduled ones included, in creation order."""
        return list(self._by_name.values())

    def by_name(self, name: str) -> Secret | None:
        return self._by_name.get(name)

    def find(self, secret_id: str) -> Secret | None:
        """The secret a SecretId names: a name, a full ARN, or a partial ARN (no suffix).

        An ARN of another account or region does not resolve here; the backend routes those to
        their own store before asking.
        """
        if not secret_id.startswith("arn:"):
            return self._by_name.get(secret_id)
        found = self._by_arn.get(secret_id)
        if found is not None:
            return found
        arn = parse_secret_arn(secret_id)
        if arn is None:
            return None
        # A partial ARN is the full ARN without "-" and the six-character suffix: the part after
        # "secret:" is then the secret's whole name. When that part itself ends in "-" and six
        # characters, AWS takes the ARN for a complete one ("those characters cause Secrets
        # Manager to assume that you're specifying a complete ARN"), so only an exact match
        # resolves it: recorded against AWS (2022-09), the partial ARN of a secret named
        # "Invalid/_+=.@-Name-a1b2c3" was not found. For the same reason a full ARN with a
        # wrong suffix names no secret.
        if _LOOKS_COMPLETE.search(arn.resource):
            return None
        candidate = self._by_name.get(arn.resource)
        if candidate is not None and candidate.arn.startswith(secret_id + "-"):
            return candidate
        return None

    def get(self, secret_id: str) -> Secret:
        """Like :meth:`find`, raising AWS's ResourceNotFoundException when nothing matches."""
        found = self.find(secret_id)
        if found is None:
            raise SECRET_NOT_FOUND.error()
        return found

    def add(self, secret: Secret) -> None:
        secret.sequence = next(self._added)
        secret.date_history = self.date_history
        self._by_name[secret.name] = secret
        self._by_arn[secret.arn] = secret
        self.revision += 1

    def remove(self, secret: Secret) -> None:
        if self._by_arn.get(secret.arn) is secret:
            del self._by_arn[secret.arn]
            del self._by_name[secret.name]
            self.revision += 1
            self.date_history.forget(secret)


def looks_complete(resource: str) -> bool:
    """Whether the part of an ARN after "secret:" ends as a complete ARN's does."""
    return _LOOKS_COMPLETE.search(resource) is not None


def refuse_if_marked_for_deletion(secret: Secret) -> None:
    """AWS's refusal of an operation that a secret marked for deletion does not allow."""
    if secret.deletion is not None:  # marked_for_deletion, without the property's call
        raise MARKED_FOR_DELETION.error()
