"""Who makes a call: the caller that a client's access key id stands for.

One rule decides it for every entry point (the in-process hook, and later the server mode's
SigV4 header):

- an access key id of exactly 12 digits acts as that account's root user, LocalStack's
  convention, so tests written for it work unchanged;
- any other key (the placeholder keys, a test's fake keys) or none acts as the mock's account
  root.

Credentials minted for a principal ARN (issue 10) are looked up here too.
"""

from __future__ import annotations

import re

from secretmock._policy.context import Caller

_ACCOUNT_KEY = re.compile(r"\d{12}")


class Identities:
    """The caller of each access key id, for one mock."""

    def __init__(self, account_id: str) -> None:
        self.account_id = account_id
        self._callers: dict[str | None, Caller] = {}

    def caller(self, access_key_id: str | None) -> Caller:
        """The caller that ``access_key_id`` stands for; cached, so a call pays a dict lookup."""
        found = self._callers.get(access_key_id)
        if found is None:
            account = (
                access_key_id
                if access_key_id is not None and _ACCOUNT_KEY.fullmatch(access_key_id)
                else self.account_id
            )
            found = self._callers[access_key_id] = root_of(account)
        return found

    def reset(self) -> None:
        self._callers.clear()


def root_of(account_id: str) -> Caller:
    """The account's root user, as aws:PrincipalArn and AccessDeniedException name it."""
    return Caller.from_arn(f"arn:aws:iam::{account_id}:root")
