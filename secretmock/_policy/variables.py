"""Policy variables: ``${aws:username}`` in a Resource or a string or ARN condition value.

[DOC IAM "Policy elements: Variables and tags"]:

* ``${key}`` stands for the request's value of condition key ``key`` (case-insensitive);
* ``${key, 'default'}`` gives ``default`` when the request has no value for it (a quote in
  the default is written twice);
* ``${*}``, ``${?}`` and ``${$}`` stand for those characters, never wildcards;
* a variable the request has no single value for, and no default, makes the value it sits in
  match nothing ("if the key is not present ... the policy element ... does not match").

What a variable stands for is literal text: a ``*`` in a user name is not a wildcard.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from secretmock._policy.wildcard import Piece

Lookup = Callable[[str], "tuple[str, ...] | None"]

_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_SPECIAL = {"*", "?", "$"}
_WITH_DEFAULT = re.compile(r"\s*([^,\s]+)\s*,\s*'((?:[^']|'')*)'\s*")


def expand(text: str, lookup: Lookup) -> list[Piece] | None:
    """``text`` as pieces with its variables resolved; None when one cannot be resolved."""
    pieces: list[Piece] = []
    position = 0
    for found in _VARIABLE.finditer(text):
        pieces.append((text[position : found.start()], False))
        value = _resolve(found[1], lookup)
        if value is None:
            return None
        pieces.append((value, True))
        position = found.end()
    pieces.append((text[position:], False))
    return pieces


def _resolve(inner: str, lookup: Lookup) -> str | None:
    if inner in _SPECIAL:
        return inner
    key, default = inner.strip(), None
    if with_default := _WITH_DEFAULT.fullmatch(inner):
        key, default = with_default[1], with_default[2].replace("''", "'")
    values = lookup(key)
    # A multivalued key cannot be a variable [DOC "you can't use multivalued context keys as
    # policy variables"]: it resolves like an absent one.
    if values is not None and len(values) == 1:
        return values[0]
    return default
