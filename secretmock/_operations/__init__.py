"""Every implemented Secrets Manager operation, by its API name.

Each family lives in its own module and exports ``HANDLERS`` and the ``RULES`` beyond the model
each operation applies (see :mod:`secretmock._validation`); this table is what the dispatcher
answers from and what the support matrix in the docs is generated from.
"""

from __future__ import annotations

from collections.abc import Mapping

from secretmock._operations import (
    listing,
    password,
    policies,
    replication,
    rotation,
    secrets,
    tags,
    values,
    versions,
)
from secretmock._request import Handler
from secretmock._validation.rules import Rules

_HANDLERS: Mapping[str, Handler] = {
    **secrets.HANDLERS,
    **values.HANDLERS,
    **versions.HANDLERS,
    **tags.HANDLERS,
    **password.HANDLERS,
    **listing.HANDLERS,
    **policies.HANDLERS,
    **rotation.HANDLERS,
    **replication.HANDLERS,
}
# The writes refuse replicas and reach a primary's replicas (secretmock._operations.replication).
OPERATIONS: Mapping[str, Handler] = {
    name: replication.guarded(name, handler) if name in replication.WRITES else handler
    for name, handler in _HANDLERS.items()
}

RULES: Mapping[str, Rules] = {
    **secrets.RULES,
    **values.RULES,
    **versions.RULES,
    **tags.RULES,
    **listing.RULES,
    **policies.RULES,
    **rotation.RULES,
    **replication.RULES,
}
