"""The opt-in guard: a Secrets Manager call bound for AWS fails instead of being sent, while no
mock answers it.

The pytest plugin turns it on (``--secretmock-guard``, or ``secretmock_guard = true`` in the
ini file). It stands at the bottom of the hook's stack of active mocks, so it sees exactly the
calls no secretmock answers, and a client made under it looks for no credentials either. It
lets those calls through to botocore's ``before-send`` handlers, where another mock (moto's
``mock_aws``) may answer them, and refuses the ones none answers (see :class:`_hook.PassOn`),
so nothing is sent. It takes the calls whose endpoint is an AWS one; a call to any other host
(a secretmock server, another emulator) is sent as it would be without the guard.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from botocore.awsrequest import AWSResponse
from botocore.model import OperationModel

from secretmock import _hook
from secretmock._ids import aws_partitions
from secretmock.errors import UnmockedCallError


class Guard:
    """Refuses every call bound for AWS that reaches it and no other mock answers, naming it."""

    def intercepts(self, url: str) -> bool:
        return bound_for_aws(url)

    def answer(
        self,
        model: OperationModel,
        params: Mapping[str, Any],
        region: str,
        body: bytes | str | None,
        retries: Mapping[str, Any] | None,
        access_key_id: str | None = None,
        signed: bool = True,
    ) -> tuple[AWSResponse, dict[str, Any]]:
        raise _hook.PassOn(
            UnmockedCallError(
                f"Secrets Manager {model.name} (in {region}) was called while no secretmock is "
                "active; the secretmock guard stopped it from going to AWS. Activate a mock around "
                "it: the secretmock fixture or marker, @mock_secrets, or `with mock_secrets():`. "
                "A @mock_secrets on a fixture is active only while the fixture function runs, and a "
                "class decorator wraps only the methods whose names start with 'test'."
            )
        )


def bound_for_aws(url: str) -> bool:
    """Whether ``url``'s host is in the DNS domain of an AWS partition the installed botocore
    knows (``amazonaws.com``, ``api.aws``, ``amazonaws.com.cn``, ...): the endpoints botocore
    resolves for a region, their FIPS and dual-stack forms, and VPC endpoints' names."""
    host = (urlsplit(url).hostname or "").rstrip(".")
    return any(host == domain or host.endswith("." + domain) for domain in _aws_domains())


@functools.cache
def _aws_domains() -> frozenset[str]:
    partitions = aws_partitions()
    return frozenset(
        partition["outputs"][suffix]
        for partition in partitions
        for suffix in ("dnsSuffix", "dualStackDnsSuffix")
    )


_GUARD = Guard()


def turn_on() -> None:
    if _GUARD not in _hook.active:
        _hook.active.insert(0, _GUARD)


def turn_off() -> None:
    if _GUARD in _hook.active:
        _hook.active.remove(_GUARD)
