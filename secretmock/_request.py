"""What an operation handler receives, and the shape every handler has."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from secretmock._authorization import authorize
from secretmock._backend.backend import Backend
from secretmock._backend.models import Secret
from secretmock._backend.store import SecretStore, refuse_if_marked_for_deletion
from secretmock._messages import SECRET_NOT_FOUND
from secretmock._policy.context import Caller


@dataclass(slots=True)
class Request:
    """One Secrets Manager call: its API parameters and the state it acts on."""

    operation: str
    params: Mapping[str, Any]
    backend: Backend
    store: SecretStore  # the caller's (account, region)
    now: float  # epoch seconds, millisecond precision, read once per call
    caller: Caller  # who makes the call (secretmock._identity)
    # Work that follows the answer, run by the dispatcher once the backend lock is released
    # (RotateSecret's rotation: the rotation function's own calls come back into the backend).
    followup: Callable[[], object] | None = None

    def lookup(self, secret_id: str) -> Secret | None:
        """The secret ``secret_id`` names, or None, once the caller is allowed to act on it.

        The one place an operation's secret is resolved, so the one place it is authorized
        (:mod:`secretmock._authorization`): only a secret of another account or Region, or one
        with a resource policy, costs more than the lookup.
        """
        store = self.store_of(secret_id)
        secret = store.find(secret_id)
        if store is not self.store or (secret is not None and secret.resource_policy is not None):
            authorize(self, secret_id, store, secret)
        return secret

    def store_of(self, secret_id: str) -> SecretStore:
        """The store ``secret_id`` looks in: the caller's, or another account's or Region's that
        an ARN names."""
        if secret_id.startswith("arn:"):  # only an ARN can name a secret of another store
            return self.backend.store_for_id(secret_id, self.store)
        return self.store

    def find_secret(self, member: str = "SecretId") -> Secret | None:
        """The secret named by ``params[member]``, or None."""
        return self.lookup(self.params[member])

    def get(self, secret_id: str) -> Secret:
        """Like :meth:`lookup`; ResourceNotFoundException when there is no such secret."""
        secret = self.lookup(secret_id)
        if secret is None:
            raise SECRET_NOT_FOUND.error()
        return secret

    def secret(self, member: str = "SecretId") -> Secret:
        """The secret named by ``params[member]``; ResourceNotFoundException when there is none."""
        # get()'s body, not a call to it: this runs on every call on a secret.
        secret = self.lookup(self.params[member])
        if secret is None:
            raise SECRET_NOT_FOUND.error()
        return secret

    def live_secret(self, member: str = "SecretId") -> Secret:
        """Like :meth:`secret`, refusing a secret that is scheduled for deletion as AWS does."""
        secret = self.secret(member)
        refuse_if_marked_for_deletion(secret)
        return secret


Handler = Callable[[Request], dict[str, Any]]
