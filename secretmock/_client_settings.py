"""The region and the defaults mode of a Secrets Manager client made while a mock is active.

Two settings botocore resolves as it makes a client, decided here without the network:

- the **region**, when botocore would find none: the pytest fixture's mock gives its own, so
  ``boto3.client("secretsmanager")`` works in a test without one. Only where botocore would
  raise ``NoRegionError``: a region given to the client, its ``Config``, the session's default
  ``Config``, or the session's configuration (``AWS_DEFAULT_REGION``, the profile's ``region`` in
  the config or credentials file, an explicit ``profile_name``'s included) is kept;
- the **defaults mode** ``auto``, which botocore resolves by asking the EC2 instance metadata
  service for the region the code runs in: it is resolved as botocore resolves it when that
  service answers nothing (``standard``, unless ``AWS_EXECUTION_ENV`` with ``AWS_REGION`` or
  ``AWS_DEFAULT_REGION`` names the region), and the client is given that mode.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from botocore.config import Config
from botocore.configprovider import SmartDefaultsConfigStoreFactory

from secretmock import _hook

# The mocks whose region a client made without one gets while they are active (the pytest
# fixture's), with their region.
_giving_their_region: list[tuple[object, str]] = []


@contextmanager
def region_by_default(mock: Any) -> Iterator[None]:
    """While ``mock`` is active, a Secrets Manager client that would find no region gets its."""
    entry = (mock, mock.region)
    _giving_their_region.append(entry)
    try:
        yield
    finally:
        _giving_their_region.remove(entry)


def botocore_region(session: Any, region_name: str | None, config: Config | None) -> str | None:
    """The region botocore gives the client [botocore.session.Session._resolve_region_name]."""
    if region_name is not None:
        return region_name
    for configured in (config, _session_config(session)):
        found: str | None = getattr(configured, "region_name", None)
        if found is not None:
            return found
    region: str | None = session.get_config_variable("region")
    return region


def default_region() -> str | None:
    """The region of the innermost active mock that gives its own, if any."""
    for responder in _hook.innermost_first():
        for mock, region in _giving_their_region:
            if mock is responder:
                return region
    return None


class _NoInstanceMetadata:
    """An instance metadata service that answers nothing, as off EC2."""

    def provide(self) -> None:
        return None


def config_with_defaults_mode(
    session: Any, region_name: str | None, config: Config | None
) -> Config | None:
    """``config`` with the defaults mode ``auto`` resolved without the instance metadata service;
    None when the client's mode is not ``auto`` [botocore.session.Session._resolve_defaults_mode].
    """
    mode = session.get_config_variable("defaults_mode")
    for configured in (_session_config(session), config):
        mode = getattr(configured, "defaults_mode", None) or mode
    if not isinstance(mode, str) or mode.lower() != "auto":
        return None
    # botocore's own rule, with an instance metadata service that answers nothing.
    factory: Any = SmartDefaultsConfigStoreFactory
    resolved: Any = Config(
        defaults_mode=factory(None, _NoInstanceMetadata()).resolve_auto_mode(region_name)
    )
    return resolved if config is None else config.merge(resolved)


def _session_config(session: Any) -> Config | None:
    get = getattr(session, "get_default_client_config", None)
    return None if get is None else get()
