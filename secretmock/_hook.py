"""The only module that touches botocore's events.

Importing secretmock adds its handlers to botocore's built-in handler list, so every botocore
session (and every boto3 session) created afterwards gives them to its clients. They do nothing
while no mock is active. While one is, the ``before-call`` handler answers a Secrets Manager
call from the innermost active mock, as botocore's Stubber does: botocore skips signing and
sending, so no credentials are needed and nothing reaches the network.

It answers after every other ``before-call`` handler of Secrets Manager's events, so the user's
own run first, as they would before a real call, and one that answers (a Stubber's) wins. The
handlers registered for ``before-call`` of every service (botocore's own, which only add headers
for the wire) do not run: reaching them would cost every call about 3 µs.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from botocore import UNSIGNED, handlers
from botocore.awsrequest import AWSResponse
from botocore.client import BaseClient
from botocore.model import OperationModel

_SERVICE = "secrets-manager"  # the hyphenized service id botocore uses in event names
_PARAMS_KEY = "secretmock.params"


class Responder(Protocol):
    """What the hook asks an active mock for: whether it takes a call, and the reply to it."""

    def intercepts(self, url: str) -> bool:
        """Whether to answer a call botocore would send to ``url``; the others are sent."""
        ...

    def answer(
        self,
        model: OperationModel,
        params: Mapping[str, Any],
        region: str,
        body: bytes | str | None,
        retries: Mapping[str, Any] | None,
        access_key_id: str | None,
        signed: bool = True,
    ) -> tuple[AWSResponse, dict[str, Any]]:
        """Answer the call of ``model`` with API ``params`` from a client in ``region``.

        ``body`` is what botocore serialized (with its parameter validation off, what AWS would
        read; None when there is none: the parameters are read as botocore would write them);
        ``retries`` is the client's resolved retry configuration; ``access_key_id`` is the
        client's (None when it has none), which says who the caller is; ``signed`` is False for
        an unsigned client (``signature_version=UNSIGNED``), whose calls AWS refuses.
        """
        ...


# One entry per activation of a mock, outermost first; the last one answers. Process-wide on
# purpose: calls made by threads the code under test starts are answered by the test's mock too.
active: list[Responder] = []


def capture_params(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
    """Keep a reference to the API parameters for ``before-call``.

    botocore fills an omitted ClientRequestToken into this same dict later in the same event, so
    a reference (not a copy) sees it.
    """
    if active:
        context[_PARAMS_KEY] = params


def answer_call(
    model: OperationModel,
    params: dict[str, Any],
    context: dict[str, Any],
    request_signer: Any = None,
    **_: Any,
) -> tuple[AWSResponse, dict[str, Any]] | None:
    """Answer a Secrets Manager call from the innermost active mock; None lets botocore send it.

    Only a call that started while a mock was active is answered: one whose parameters were not
    captured (a mock another thread started meanwhile) goes on as it began, whole. So does one
    the innermost mock does not intercept (the pytest guard takes only calls bound for AWS).
    """
    api_params = context.get(_PARAMS_KEY)
    if api_params is None:
        return None
    try:
        responder: Responder | None = active[-1]
    except IndexError:  # the last mock stopped (in another thread) while this call was in flight
        responder = None
    url = params["url"]  # botocore's serialized request, like the body
    if responder is None or not responder.intercepts(url):
        # It goes on as any call made while no mock is active does, no longer marked as the mock's.
        del context[_PARAMS_KEY]
        return None
    credentials = getattr(request_signer, "_credentials", None)
    if credentials is None:
        reply = responder.answer(
            model,
            api_params,
            context["client_region"],
            params["body"],
            context["client_config"].retries,
            None,
            signed=getattr(request_signer, "signature_version", None) is not UNSIGNED,
        )
    else:
        reply = responder.answer(
            model,
            api_params,
            context["client_region"],
            params["body"],
            context["client_config"].retries,
            _access_key_id(credentials),
        )
    reply[0].url = url  # the request's, as botocore's HTTP session gives it
    return reply


def _access_key_id(credentials: Any) -> str | None:
    """The client's access key id, read without fetching or refreshing its credentials.

    A refreshable credential's ``access_key`` property would refresh an expired credential, and
    fetch a deferred one (an assume-role profile's, say) for the first time: an STS or metadata
    call. Its stored ``_access_key`` is what it last had (None before the first fetch: no one
    in particular), which is enough to say who the caller is.
    """
    if hasattr(credentials, "_access_key"):
        key = credentials._access_key
    else:
        key = getattr(credentials, "access_key", None)
    return key if isinstance(key, str) else None


_HANDLERS: tuple[tuple[str, Callable[..., Any]], ...] = (
    (f"before-parameter-build.{_SERVICE}", capture_params),
    (f"before-call.{_SERVICE}", answer_call),
)
# Where each handler goes among its event's: answer_call after the user's, so they run and a
# Stubber wins.
_LAST = {answer_call}


def _builtin_spec(event: str, handler: Callable[..., Any]) -> tuple[Any, ...]:
    if handler in _LAST:
        return (event, handler, handlers.REGISTER_LAST)
    return (event, handler)


def _register(events: Any, event: str, handler: Callable[..., Any]) -> None:
    register = events.register_last if handler in _LAST else events.register
    register(event, handler, unique_id=f"secretmock-{event}")


def install() -> None:
    """Add the handlers to botocore's built-in list, once per process.

    boto3's default session, if a ``boto3.client(...)`` call already made it, copied the
    built-in list before this: the handlers are registered on it too, so the clients it makes
    from now on are covered. (Clients made before remain for :func:`patch_client`.) boto3 is
    not imported for this.
    """
    for event, handler in _HANDLERS:
        spec = _builtin_spec(event, handler)
        if spec not in handlers.BUILTIN_HANDLERS:
            handlers.BUILTIN_HANDLERS.append(spec)
    boto3 = sys.modules.get("boto3")
    default_session = getattr(boto3, "DEFAULT_SESSION", None)
    if default_session is not None:
        for event, handler in _HANDLERS:
            _register(default_session.events, event, handler)


def patch_client(client: BaseClient) -> None:
    """Cover a client whose session was created before ``import secretmock``.

    Clients copy their session's handlers when they are created, so such a client never got the
    built-in ones. This registers them on the client itself; calling it again, or on a client
    that already has them, changes nothing.
    """
    for event, handler in _HANDLERS:
        _register(client.meta.events, event, handler)
