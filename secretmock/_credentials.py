"""Secrets Manager clients made while a mock is active never look for credentials over the network.

To make a client, botocore (and aiobotocore) runs its credential provider chain unless the client
is given keys: environment, then the profile's role, web identity and SSO settings, its keys in
the credentials file, a credential process, its keys in the config file, the container endpoint
and the EC2 instance metadata service, several of them over the network. On an EC2-hosted runner
that would fetch the instance role's real credentials. The mock answers every call before
botocore signs it, so such a client needs no credentials at all; this module gives it
placeholder keys wherever the chain would run a provider that leaves the process.

It applies to Secrets Manager clients only, and only to those that would run the chain:

- keys given to the client (``aws_access_key_id`` and ``aws_secret_access_key``) are kept, so
  the mock can tell who the caller says it is;
- keys botocore reads from the environment or the profile's files are kept too, when the chain
  would stop at them: botocore reads them itself, so the client acts as the account they stand
  for;
- a profile botocore refuses before its chain leaves the process (half a pair of keys, a role
  with no source, a ``source_profile`` loop) is refused with botocore's own error, as the client
  is made, as without the mock;
- a session that already holds credentials (set on it explicitly, or found before the mock
  started) keeps them: using them reads nothing and sends nothing;
- an unsigned client (``signature_version=UNSIGNED``) has no credentials to look for;
- other services are untouched, whatever credentials their tests set up (moto's fake keys, say).

The same wrapper gives the client the settings of :mod:`secretmock._client_settings` (a default
region, the defaults mode ``auto`` resolved without instance metadata).

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
from typing import Any

import botocore.credentials
from botocore import UNSIGNED
from botocore.credentials import (
    AssumeRoleProvider,
    AssumeRoleWithWebIdentityProvider,
    BotoProvider,
    ConfigProvider,
    ContainerProvider,
    EnvProvider,
    InstanceMetadataProvider,
    OriginalEC2Provider,
    ProcessProvider,
    RefreshableCredentials,
    SharedCredentialProvider,
    SSOProvider,
    create_credential_resolver,
)
from botocore.session import Session

from secretmock import _client_settings, _hook

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
                args, kwargs = _arguments_under_a_mock(session, signature, args, kwargs)
            return await original(session, *args, **kwargs)

    else:

        @functools.wraps(original)
        def create_client(session: Any, *args: Any, **kwargs: Any) -> Any:
            if _hook.active:
                args, kwargs = _arguments_under_a_mock(session, signature, args, kwargs)
            return original(session, *args, **kwargs)

    setattr(create_client, _WRAPPED, True)
    setattr(session_class, name, create_client)


def _chain_stops_at_keys_it_reads(session: Any) -> bool:
    """Whether botocore's credential chain would stop at keys it reads from the environment or a
    file, before any provider that runs a process or calls the network.

    It runs botocore's own chain [botocore.credentials.create_credential_resolver], with what its
    providers would run or call replaced by a stand-in that stops the run: so it meets the
    profile's settings as botocore would, and an error botocore raises in them before anything
    leaves the process (a role with no source, a source_profile loop, half a pair of keys) is
    raised here, as the client is made. Keys that a provider would fetch later (an assume-role,
    web identity, SSO or login profile's) are refreshable: they are not keys it reads.
    """
    if getattr(session, "instance_variables", None) is None:
        return False  # not a botocore session: placeholder keys are the safe answer
    resolver = create_credential_resolver(session)
    default_chain = [_kind(provider) for provider in resolver.providers]
    resolver.providers = _kept_in_process(resolver.providers)
    try:
        credentials = resolver.load_credentials()
    except _LeavesTheProcess:
        return False
    if credentials is None:
        return False
    # Refreshable keys are fetched, except the environment's with AWS_CREDENTIAL_EXPIRATION,
    # which botocore refreshes by reading the environment again.
    read = (
        not isinstance(credentials, RefreshableCredentials)
        or credentials.method == EnvProvider.METHOD
    )
    return read and _own_chain_is(session, default_chain)


def _own_chain_is(session: Any, default_chain: list[str]) -> bool:
    """Whether the chain botocore runs to make the client, the session's own
    ``credential_provider``, is the default one this decision ran. A user may have inserted,
    removed or replaced its providers, or registered a resolver of their own: such a chain is
    not known to stop where the default one stops."""
    providers = getattr(session.get_component("credential_provider"), "providers", None)
    return isinstance(providers, list) and [_kind(p) for p in providers] == default_chain


def _kind(provider: Any) -> str:
    """A provider's class, the same for botocore's and aiobotocore's (``Aio``-prefixed) own."""
    kind = type(provider)
    if kind.__module__.partition(".")[0] in ("botocore", "aiobotocore"):
        return kind.__name__.removeprefix("Aio")
    return f"{kind.__module__}.{kind.__qualname__}"


class _LeavesTheProcess(Exception):
    """The run of the chain reached a process or the network."""


class _Leaving:
    """Stands for whatever a provider would run or call: using it stops the run of the chain."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise _LeavesTheProcess

    def __getattr__(self, name: str) -> Any:
        return self


_LEAVING = _Leaving()

# The providers whose ``load`` reads only the environment and files; those of them whose
# credentials come over the network give them refreshable, fetched when a call is signed. The
# login provider is in the chain of botocore 1.41 and later only.
_IN_PROCESS = frozenset(
    {
        EnvProvider,
        SharedCredentialProvider,
        ConfigProvider,
        OriginalEC2Provider,
        BotoProvider,
        AssumeRoleWithWebIdentityProvider,
        SSOProvider,
        *(
            [botocore.credentials.LoginProvider]
            if hasattr(botocore.credentials, "LoginProvider")
            else []
        ),
    }
)
# The providers that run a process or call the network in ``load``, and the attribute that holds
# what they run or call. The container provider's is its fetcher's request only: botocore's check
# of the endpoint's host, before it, still refuses a host it does not allow.
_RUNNING = {
    ProcessProvider: ("_popen",),
    ContainerProvider: ("_fetcher", "_retrieve_credentials"),
    InstanceMetadataProvider: ("_role_fetcher",),
}


def _kept_in_process(providers: list[Any]) -> list[Any]:
    """``providers`` (made for this run of the chain), each of which stops the run where it would
    leave the process; any this module does not know is a stand-in that stops it."""
    return [provider if _stays_in_process(provider) else _LEAVING for provider in providers]


def _stays_in_process(provider: Any) -> bool:
    """Whether ``provider`` reads only the environment and files, once what it would run or call
    (if anything) is replaced by the stand-in."""
    kind = type(provider)
    if kind in _RUNNING:
        return _stopped_where_it_leaves(provider, _RUNNING[kind])
    if kind is AssumeRoleProvider:
        return _assumes_roles_in_process(provider)
    return kind in _IN_PROCESS


def _stopped_where_it_leaves(provider: Any, path: tuple[str, ...]) -> bool:
    """Replace what ``provider`` runs or calls, at the attribute ``path``, with the stand-in;
    False when botocore no longer has it there (the provider is then not run at all)."""
    *owners, name = path
    holder = provider
    for owner in owners:
        holder = getattr(holder, owner, None)
    if not hasattr(holder, name):
        return False
    setattr(holder, name, _LEAVING)
    return True


def _assumes_roles_in_process(provider: Any) -> bool:
    """Make the assume-role provider's own sources stop the run where they would leave the
    process: its ``credential_source`` providers, and the chain it runs for a source_profile."""
    sourcer = getattr(provider, "_credential_sourcer", None)
    builder = getattr(provider, "_profile_provider_builder", None)
    sources = getattr(sourcer, "_providers", None)
    if builder is None or not isinstance(sources, list):
        return False
    sources[:] = _kept_in_process(sources)
    chain = builder.providers
    builder.providers = lambda *args, **kwargs: _kept_in_process(chain(*args, **kwargs))
    return True


def _arguments_under_a_mock(
    session: Any, signature: inspect.Signature, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """The arguments of create_client: the region and defaults mode of
    :mod:`secretmock._client_settings`, and placeholder keys where the credential chain would
    run a provider that leaves the process."""
    try:
        bound = signature.bind(session, *args, **kwargs)
    except TypeError:  # botocore's own error, raised by the original call
        return args, kwargs
    given = bound.arguments
    if given.get("service_name") != _SERVICE:
        return args, kwargs
    config = given.get("config")
    region = _client_settings.botocore_region(session, given.get("region_name"), config)
    if not region and given.get("region_name") is None:
        region = _client_settings.default_region()
        if region:
            given["region_name"] = region
    with_mode = _client_settings.config_with_defaults_mode(session, region, config)
    if with_mode is not None:
        given["config"] = with_mode
    if not (
        given.get("aws_access_key_id") is not None
        or given.get("aws_secret_access_key") is not None
        or (config is not None and config.signature_version is UNSIGNED)
        or getattr(session, "_credentials", None) is not None
        or _chain_stops_at_keys_it_reads(session)
    ):
        given["aws_access_key_id"] = PLACEHOLDER_ACCESS_KEY_ID
        given["aws_secret_access_key"] = PLACEHOLDER_SECRET_ACCESS_KEY
    return bound.args[1:], bound.kwargs
