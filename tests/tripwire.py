"""No credentials anywhere, a tripwire on botocore's HTTP send, and the guard turned on for a
while: what the no-network tests share."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from typing import Any

import botocore.endpoint
import botocore.httpsession
import pytest
from botocore.credentials import CredentialProvider, RefreshableCredentials


class Tripped(Exception):
    """Raised by the tripwire: something tried to send an HTTP request."""


def trip_every_send(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> tuple[list[str], Callable[..., Any]]:
    """Leave no credentials anywhere (the region, which a marked test's fixture may have set
    before, stays) and make every HTTP send of botocore raise Tripped.

    Returns the URLs something tried to send to, and the tripwire, for other senders.
    """
    for name in list(os.environ):
        if name.startswith("AWS_") and name != "AWS_DEFAULT_REGION":
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "absent-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "absent-credentials"))
    urls: list[str] = []

    def tripwire(self: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
        urls.append(request.url)
        raise Tripped(request.url)

    monkeypatch.setattr(botocore.httpsession.URLLib3Session, "send", tripwire)
    monkeypatch.setattr(botocore.endpoint.Endpoint, "_send", tripwire)
    return urls, tripwire


class ExpiredRole(CredentialProvider):
    """Credentials that have expired: signing with them would fetch new ones (here: fail)."""

    METHOD = "expired-role"

    def __init__(self) -> None:
        super().__init__()
        self.refreshes = 0

    def load(self) -> RefreshableCredentials:
        return RefreshableCredentials.create_from_metadata(
            metadata={
                "access_key": "ASIAEXPIRED",
                "secret_key": "secret",
                "token": "token",
                "expiry_time": "2001-01-01T00:00:00Z",
            },
            refresh_using=self._refresh,
            method=self.METHOD,
        )

    def _refresh(self) -> dict[str, str]:
        self.refreshes += 1
        raise Tripped("a credential refresh (an STS or metadata call)")


@contextlib.contextmanager
def guarded() -> Iterator[None]:
    """The pytest plugin's guard on (``--secretmock-guard``), for the ``with`` block."""
    from secretmock import _guard

    _guard.turn_on()
    try:
        yield
    finally:
        _guard.turn_off()
