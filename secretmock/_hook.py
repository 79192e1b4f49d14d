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

A mock may also let a call through (the pytest guard does, see :class:`PassOn`): the call is
signed, if at all, only with credentials the client already holds, and ``before-send`` handlers
(moto's) may answer it; if none does, it fails instead of being sent.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from typing import Any, Protocol

from botocore import UNSIGNED, handlers
from botocore.awsrequest import AWSPreparedRequest, AWSRequest, AWSResponse
from botocore.client import BaseClient
from botocore.credentials import Credentials, RefreshableCredentials
from botocore.model import OperationModel

from secretmock.errors import SecretMockError

_SERVICE = "secrets-manager"  # the hyphenized service id botocore uses in event names
_PARAMS_KEY = "secretmock.params"
_HELD_KEY = "secretmock.held"  # the error a call a mock let through fails with if not answered
_UNSIGNED_KEY = "secretmock.unsigned"  # such a call goes unsigned: see _signs_without_lookup


class PassOn(Exception):  # not an error: a mock's way of declining a call
    """Raised by :meth:`Responder.answer` for a call the mock does not answer itself.

    The call goes on to botocore's send path, where a ``before-send`` handler (moto's, say) may
    answer it. If none does, the call fails with ``error`` instead of being sent.
    """

    def __init__(self, error: Exception) -> None:
        super().__init__(error)
        self.error = error


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
        """Answer the call of ``model`` with API ``params`` from a client in ``region``, or
        raise :class:`PassOn`.

        ``body`` is what botocore serialized (with its parameter validation off, what AWS would
        read; None when there is none: the parameters are read as botocore would write them);
        ``retries`` is the client's resolved retry configuration; ``access_key_id`` is the
        client's (None when it has none), which says who the caller is; ``signed`` is False for
        a call botocore would send unsigned (an unsigned client's, ``signature_version=UNSIGNED``,
        or one its ``choose-signer`` handlers make unsigned), which AWS refuses.
        """
        ...


# One entry per activation of a mock, outermost first. Process-wide on purpose: calls made by
# threads the code under test starts are answered by the test's mock too.
active: list[Responder] = []
# The activations a thread or asyncio task made itself (a task inherits those of the code that
# created it), outermost first: its own calls go to the innermost of them that is still active,
# so tests running at once in threads or gathered tasks each reach their own mock. A thread or
# task that started none is answered by the last entry of ``active``.
_started_here: ContextVar[tuple[Responder, ...]] = ContextVar("secretmock_started_here", default=())
# Held while an entry is added or taken out, so that mocks started and stopped in several
# threads at once each take out their own entry. Reading needs no lock.
changing_active = threading.Lock()


def add_active(responder: Responder) -> None:
    """Record an activation of ``responder``, as the innermost one (hold ``changing_active``)."""
    active.append(responder)
    _started_here.set((*_started_here.get(), responder))


def remove_active(responder: Responder) -> None:
    """Take out the latest activation of ``responder`` (hold ``changing_active``); the others
    stay, as mocks may be stopped out of order. A context other than the one that started it
    keeps its record, which no longer counts once the activation is gone from ``active``."""
    for index in range(len(active) - 1, -1, -1):
        if active[index] is responder:
            del active[index]
            break
    here = _started_here.get()
    if responder in here:
        index = len(here) - 1 - here[::-1].index(responder)
        _started_here.set(here[:index] + here[index + 1 :])


def innermost() -> Responder | None:
    """The active mock that answers a call made here, if any."""
    for responder in reversed(_started_here.get()):
        if responder in active:
            return responder
    return active[-1] if active else None


def innermost_first() -> list[Responder]:
    """The active mocks as a call made here sees them, the one that answers first."""
    here = [responder for responder in _started_here.get() if responder in active]
    return (here or active)[::-1]


class MockStopped(Exception):
    """Raised by :meth:`Responder.answer` when the mock stopped after the hook chose it and before
    the call took effect: the call then goes where a call made now would go."""


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
    the innermost mock does not intercept (the pytest guard takes only calls bound for AWS), or
    lets through.
    """
    api_params = context.get(_PARAMS_KEY)
    if api_params is None:
        return None
    url = params["url"]  # botocore's serialized request, like the body
    credentials = getattr(request_signer, "_credentials", None)
    key = None if credentials is None else _access_key_id(credentials)
    stopped = False  # the mock chosen first stopped before the call took effect
    while True:
        responder = innermost()
        if responder is None or not responder.intercepts(url):
            if stopped:
                # It began under a mock: never sent, whatever credentials the client has.
                raise SecretMockError(
                    f"Secrets Manager {model.name} was called while a secretmock was active, and "
                    "that mock stopped before answering it; it was not sent"
                )
            # It goes on as any call made while no mock is active does, no longer marked as the
            # mock's.
            del context[_PARAMS_KEY]
            return None
        try:
            reply = responder.answer(
                model,
                api_params,
                context["client_region"],
                params["body"],
                context["client_config"].retries,
                key,
                signed=not _sent_unsigned(request_signer, model.name, context),
            )
        except MockStopped:
            stopped = True
            continue  # answered by whichever mock is innermost now, if any
        except PassOn as passed:
            del context[_PARAMS_KEY]
            context[_HELD_KEY] = passed.error
            if not _signs_without_lookup(credentials):
                context[_UNSIGNED_KEY] = True
            return None
        reply[0].url = url  # the request's, as botocore's HTTP session gives it
        return reply


def _sent_unsigned(request_signer: Any, operation: str, context: dict[str, Any]) -> bool:
    """Whether botocore would send the call unsigned, found as its signer finds it
    [botocore.signers.RequestSigner._choose_signer] but without signing or fetching credentials:
    the operation's or the client's signature version is UNSIGNED, or the first of the client's
    ``choose-signer`` handlers to answer answers UNSIGNED.

    The handlers are those botocore's emitter would call, from the lookup cache it keeps for the
    event (filled as it fills it). They run only when some are neither botocore's nor this
    module's, which never send a Secrets Manager call unsigned (sign_held_call answers only once
    a mock let the call through): on every call, that check is all this costs.
    """
    global _signing_only
    version = context.get("auth_type") or request_signer.signature_version
    emitter = request_signer._event_emitter._emitter  # the client's events, without aliases
    event = _CHOOSE_SIGNER.get(operation)
    if event is None:
        event = _CHOOSE_SIGNER[operation] = f"choose-signer.{_SERVICE}.{operation}"
    handlers = emitter._lookup_cache.get(event)
    if handlers is None:
        handlers = emitter._lookup_cache[event] = emitter._handlers.prefix_search(event)
    # The emitter keeps the same handlers object until a handler is registered or unregistered:
    # one seen to hold only signing handlers need not be looked through again.
    if handlers is _signing_only:
        return version is UNSIGNED
    if _SIGNING_HANDLERS.issuperset(handlers):
        _signing_only = handlers
        return version is UNSIGNED
    signing = context.get("signing", {})
    arguments = {
        "signing_name": signing.get("signing_name", request_signer.signing_name),
        "region_name": signing.get("region", request_signer.region_name),
        "signature_version": version,
        "context": dict(context),  # what they write in it is not the call's
        "event_name": event,
    }
    for handler in handlers:  # as botocore runs them to sign the call, once
        chosen = handler(**arguments)
        if chosen is not None:
            return chosen is UNSIGNED
    return version is UNSIGNED


# The choose-signer event of each operation, and the last handlers of such an event found to
# hold only the handlers that leave a call signed (see _sent_unsigned).
_CHOOSE_SIGNER: dict[str, str] = {}
_signing_only: object = None


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


def _signs_without_lookup(credentials: Any) -> bool:
    """Whether signing with ``credentials`` reads nothing and sends nothing: static keys (given
    to the client, the environment's, the guard's placeholders). A refreshable credential may
    refresh or make its first fetch when it signs, and none at all makes botocore fail."""
    return isinstance(credentials, Credentials) and not isinstance(
        credentials, RefreshableCredentials
    )


def sign_held_call(context: dict[str, Any], **_: Any) -> Any:
    """``choose-signer``: a call let through whose signing could look up credentials goes
    unsigned (to the ``before-send`` handlers, which are all it can reach)."""
    if context.get(_UNSIGNED_KEY):
        return UNSIGNED
    return None


class _Refusal:
    """The answer at ``before-send`` for a call a mock let through and no handler answered.

    botocore takes the first answer of its ``before-send`` handlers as the HTTP response and
    sends the request only when there is none. This handler comes after all the others, so it
    is taken only when none of them answered; botocore's first look at it raises the error,
    which the client call raises in turn. Nothing was sent.
    """

    __slots__ = ("_error",)

    def __init__(self, error: Exception) -> None:
        self._error = error

    def __getattr__(self, name: str) -> Any:
        raise self._error


# The request of a call let through, from when it is made to its before-send: the URL it goes
# to and the error it fails with. Per thread and per asyncio task, as the call's steps run in one
# of them; set again for each attempt botocore's retries make.
_held_request: ContextVar[tuple[str | None, Exception] | None] = ContextVar(
    "secretmock_held_request", default=None
)


def mark_held_request(request: AWSRequest, **_: Any) -> None:
    """``request-created``, after the signer: note the request of a call let through.

    botocore makes the request sent at ``before-send`` of this one (older botocore versions
    leave the call's context out of it), with nothing in between.
    """
    error = request.context.get(_HELD_KEY)
    if error is not None:
        _held_request.set((request.url, error))


def refuse_held_call(request: AWSPreparedRequest, **_: Any) -> Any:
    """``before-send``, after every other handler: refuse a call let through that none answered."""
    held = _held_request.get()
    if held is None:
        return None
    _held_request.set(None)
    url, error = held
    return _Refusal(error) if url == request.url else None


# Each handler with its event and its place among the event's handlers (botocore's
# REGISTER_FIRST or REGISTER_LAST; None: in the order registered): answer_call after the
# user's, so they run and a Stubber wins; sign_held_call before them; mark_held_request after
# the signer; refuse_held_call after everything else.
_FIRST, _LAST = handlers.REGISTER_FIRST, handlers.REGISTER_LAST
_HANDLERS: tuple[tuple[str, Callable[..., Any], object], ...] = (
    (f"before-parameter-build.{_SERVICE}", capture_params, None),
    (f"before-call.{_SERVICE}", answer_call, _LAST),
    (f"choose-signer.{_SERVICE}", sign_held_call, _FIRST),
    (f"request-created.{_SERVICE}", mark_held_request, _LAST),
    # For every service's event: moto registers its handler there, and this one must follow it.
    ("before-send", refuse_held_call, _LAST),
)
# The choose-signer handlers that leave a Secrets Manager call signed: botocore's own (they answer
# UNSIGNED only for an operation whose auth type or auth scheme is "none") and this module's.
_SIGNING_HANDLERS = frozenset(
    {sign_held_call} | {spec[1] for spec in handlers.BUILTIN_HANDLERS if spec[0] == "choose-signer"}
)


def _builtin_spec(event: str, handler: Callable[..., Any], place: object) -> tuple[Any, ...]:
    """The entry of botocore's built-in handler list that places ``handler`` at ``place``."""
    return (event, handler) if place is None else (event, handler, place)


def _register(events: Any, event: str, handler: Callable[..., Any], place: object) -> None:
    if place is _FIRST:
        register = events.register_first
    elif place is _LAST:
        register = events.register_last
    else:
        register = events.register
    register(event, handler, unique_id=f"secretmock-{event}")


def install() -> None:
    """Add the handlers to botocore's built-in list, once per process.

    boto3's default session, if a ``boto3.client(...)`` call already made it, copied the
    built-in list before this: the handlers are registered on it too, so the clients it makes
    from now on are covered. (Clients made before remain for :func:`patch_client`.) boto3 is
    not imported for this.
    """
    for event, handler, place in _HANDLERS:
        spec = _builtin_spec(event, handler, place)
        if spec not in handlers.BUILTIN_HANDLERS:
            handlers.BUILTIN_HANDLERS.append(spec)
    boto3 = sys.modules.get("boto3")
    default_session = getattr(boto3, "DEFAULT_SESSION", None)
    if default_session is not None:
        for event, handler, place in _HANDLERS:
            _register(default_session.events, event, handler, place)


def patch_client(client: BaseClient) -> None:
    """Cover a client whose session was created before ``import secretmock``.

    Clients copy their session's handlers when they are created, so such a client never got the
    built-in ones. This registers them on the client itself; calling it again, or on a client
    that already has them, changes nothing.
    """
    for event, handler, place in _HANDLERS:
        _register(client.meta.events, event, handler, place)
