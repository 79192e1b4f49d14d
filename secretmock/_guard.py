"""The opt-in guard: a Secrets Manager call made while no mock is active fails instead of going
to AWS.

The pytest plugin turns it on (``--secretmock-guard``, or ``secretmock_guard = true`` in the
ini file). It stands at the bottom of the hook's stack of active mocks, so it answers exactly
the calls no mock answers, and a client made under it looks for no credentials either.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from botocore.awsrequest import AWSResponse
from botocore.model import OperationModel

from secretmock import _hook
from secretmock.errors import UnmockedCallError


class Guard:
    """Refuses every call that reaches it, naming the call."""

    def answer(
        self,
        model: OperationModel,
        params: Mapping[str, Any],
        region: str,
        body: bytes | str | None,
        retries: Mapping[str, Any] | None,
        access_key_id: str | None = None,
    ) -> tuple[AWSResponse, dict[str, Any]]:
        raise UnmockedCallError(
            f"Secrets Manager {model.name} (in {region}) was called while no secretmock is "
            "active; the secretmock guard stopped it from going to AWS. Activate a mock around "
            "it: the secretmock fixture or marker, @mock_secrets, or `with mock_secrets():`. "
            "A @mock_secrets on a fixture is active only while the fixture function runs, and a "
            "class decorator wraps only the methods whose names start with 'test'."
        )


_GUARD = Guard()


def turn_on() -> None:
    if _GUARD not in _hook.active:
        _hook.active.insert(0, _GUARD)


def turn_off() -> None:
    if _GUARD in _hook.active:
        _hook.active.remove(_GUARD)
