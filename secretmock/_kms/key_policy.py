"""A key policy as the mock reads it, once, when it is set (see access.py for its use)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, NamedTuple

from secretmock.errors import SecretMockError, SecretsManagerError

if TYPE_CHECKING:
    from secretmock._policy import Policy


class KeyPolicy(NamedTuple):
    """A key policy as the mock reads it, once, when it is set."""

    text: str
    # For the evaluator; None for the standard policy, which allows every principal of the
    # key's account and no other.
    policy: Policy | None


def read_key_policy(text: str, standard: str) -> KeyPolicy:
    """``text`` read as a key policy; SecretMockError when it is not a valid policy."""
    if text == standard:
        return KeyPolicy(text, None)
    # Loaded with the first key policy of a test's own: the grammar and the evaluator.
    from secretmock._policy.document import parse_policy
    from secretmock._policy.model import read_policy

    if not isinstance(text, str):
        raise SecretMockError(f"a key policy is JSON text, not {type(text).__name__}")
    try:
        document = parse_policy(text)
    except SecretsManagerError as error:
        raise SecretMockError(f"not a valid key policy: {error.message}") from None
    if document == json.loads(standard):
        return KeyPolicy(text, None)
    return KeyPolicy(text, read_policy(document))
