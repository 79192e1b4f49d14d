"""Secrets Manager clients made while a mock is active never look for credentials.

To make a client, botocore (and aiobotocore) runs its credential provider chain unless the client
is given keys: environment, config and credentials files, then SSO, a credential process, the
container endpoint and the EC2 instance metadata service, the last ones over the network. On an
EC2-hosted runner that would fetch the instance role's real credentials. The mock answers every
call before botocore signs it, so such a client needs no credentials at all; this module gives it
placeholder keys instead of running the chain.

It applies to Secrets Manager clients only, and only to those that would run the chain:

- keys given to the client (``aws_access_key_id`` and ``aws_secret_access_key``) are kept, so
  the mock can tell who the caller says it is;
- keys in the environment are kept too: the chain reads them first and stops there (unless the
  session was given a profile explicitly, which takes them out of the chain);
- a session that already holds credentials (set on it explicitly, or found before the mock
  started) keeps them: using them reads nothing and sends nothing;
- an unsigned client (``signature_version=UNSIGNED``) has no credentials to look for;
- other services are untouched, whatever credentials their tests set up (moto's fake keys, say).

The decision is made where the client's credentials are resolved: in botocore's
``Session.create_client``, and in aiobotocore's ``AioSession._create_client`` (which aioboto3
uses too), the coroutine that ``async with session.create_client(...)`` runs on entering. So an
async client's context made before a mock started and entered inside it looks for nothing, and
one entered after the mock stopped looks for credentials as usual. The wrapper is installed once,
on ``import secretmock``, for botocore's ``Session``; a session class that makes clients its own
way (``AioSession``) gets it when its first session is made, whenever aiobotocore was imported.
It looks at the active mocks when a client is made, so starting and stopping a mock costs nothing
here, and nothing in ``os.environ`` changes.
"""

from __future__ import annotations

import functools
import inspect
import os
from typing import Any

from botocore import UNSIGNED
from botocore.session import Session

from secretmock import _hook

#: The keys a client made while a mock is active gets when it was given none.
PLACEHOLDER_ACCESS_KEY_ID = "SECRETMOCKPLACEHOLDER"
PLACEHOLDER_SECRET_ACCESS_KEY = "secretmock-placeholder-secret-access-key"

_SERVICE = "secretsmanager"
_WRAPPED = "__secretmock_wrapped__"


def install() -> None:
    """Wrap botocore's ``Session`` client creation and ``Session.__init__``, once per process."""
    if getattr(Session.__init__, _WRAPPED, False):
        return
    _wrap(Session)
    original_init = Session.__init__

    @functools.wraps(original_init)
    def __init__(session: Session, *args: Any, **kwargs: Any) -> None:
        original_init(session, *args, **kwargs)
        session_class = type(session)
        if not getattr(getattr(session_class, _creator(session_class)), _WRAPPED, False):
            _wrap(session_class)

    setattr(__init__, _WRAPPED, True)
    Session.__init__ = __init__  # type: ignore[method-assign,assignment]


def _creator(session_class: type) -> str:
    """The name of the method of ``session_class`` that resolves a new client's credentials.

    aiobotocore's ``create_client`` only wraps the coroutine ``_create_client`` in a context;
    the coroutine, which looks for credentials, runs when the context is entered.
    """
    if inspect.iscoroutinefunction(getattr(session_class, "_create_client", None)):
        return "_create_client"
    return "create_client"


def _wrap(session_class: type) -> None:
    name = _creator(session_class)
    original = getattr(session_class, name)
    signature = inspect.signature(original)

    if inspect.iscoroutinefunction(original):

        @functools.wraps(original)
        async def create_client(session: Any, *args: Any, **kwargs: Any) -> Any:
            if _hook.active:
                args, kwargs = _with_placeholder_keys(session, signature, args, kwargs)
            return await original(session, *args, **kwargs)

    else:

        @functools.wraps(original)
        def create_client(session: Any, *args: Any, **kwargs: Any) -> Any:
            if _hook.active:
                args, kwargs = _with_placeholder_keys(session, signature, args, kwargs)
            return original(session, *args, **kwargs)

    setattr(create_client, _WRAPPED, True)
    setattr(session_class, name, create_client)


def _keys_in_environment(session: Any) -> bool:
    """Whether botocore's chain will stop at its first provider, the environment's keys.

    It reads AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY before anything else, unless the
    session was given a profile explicitly, which takes the environment's provider out of the
    chain [botocore.credentials.create_credential_resolver]. Those keys are the test's own (a
    12-digit one acts as that account, LocalStack's convention): kept, and nothing is read
    beyond them.
    """
    if not (os.environ.get("AWS_ACCESS_KEY_ID") and os.environ.get("AWS_SECRET_ACCESS_KEY")):
        return False
    instance_variables = getattr(session, "instance_variables", None)
    if instance_variables is None:  # not a botocore session: placeholder keys are the safe answer
        return False
    return instance_variables().get("profile") is None


def _with_placeholder_keys(
    session: Any, signature: inspect.Signature, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """The arguments of create_client, with placeholder keys where the chain would run."""
    try:
        bound = signature.bind(session, *args, **kwargs)
    except TypeError:  # botocore's own error, raised by the original call
        return args, kwargs
    given = bound.arguments
    config = given.get("config")
    if (
        given.get("service_name") != _SERVICE
        or given.get("aws_access_key_id") is not None
        or given.get("aws_secret_access_key") is not None
        or (config is not None and config.signature_version is UNSIGNED)
        or getattr(session, "_credentials", None) is not None
        or _keys_in_environment(session)
    ):
        return args, kwargs
    given["aws_access_key_id"] = PLACEHOLDER_ACCESS_KEY_ID
    given["aws_secret_access_key"] = PLACEHOLDER_SECRET_ACCESS_KEY
    return bound.args[1:], bound.kwargs
