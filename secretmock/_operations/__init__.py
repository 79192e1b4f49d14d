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
    rotation,
    secrets,
    tags,
    values,
    versions,
)
from secretmock._request import Handler
from secretmock._validation.rules import Rules

OPERATIONS: Mapping[str, Handler] = {
    **secrets.HANDLERS,
    **values.HANDLERS,
    **versions.HANDLERS,
    **tags.HANDLERS,
    **password.HANDLERS,
    **listing.HANDLERS,
    **policies.HANDLERS,
    **rotation.HANDLERS,
}

RULES: Mapping[str, Rules] = {
    **secrets.RULES,
    **values.RULES,
    **versions.RULES,
    **tags.RULES,
    **listing.RULES,
    **policies.RULES,
    **rotation.RULES,
}
