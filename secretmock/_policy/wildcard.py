"""IAM's wildcards: ``*`` matches any run of characters, ``?`` any one character.

A pattern is a sequence of pieces: text written in the policy, where ``*`` and ``?`` are
wildcards, and literal text (what a policy variable such as ``${aws:username}`` or ``${*}``
stands for), where they are not. Actions match case-insensitively, everything else as written
[DOC IAM "Action element": "action names are not case-sensitive"].
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

# (text, literal): literal text has no wildcards.
Piece = tuple[str, bool]

_ARN_SEGMENTS = 6  # arn:partition:service:region:account:resource


def wildcard_regex(pieces: Sequence[Piece], *, ignore_case: bool = False) -> re.Pattern[str]:
    """A regex that matches a whole value the way the pattern ``pieces`` does."""
    return _compiled(tuple(pieces), ignore_case, arn=False)


def arn_regex(pieces: Sequence[Piece]) -> re.Pattern[str]:
    """A regex for ArnLike/ArnEquals: each of the six colon-separated parts matched on its own.

    [DOC IAM condition operators, ARN]: "Each of the six colon-delimited components of the ARN
    is checked separately and each can include multi-character match wildcards (*) or
    single-character match wildcards (?)". A wildcard in the first five parts does not cross a
    colon; in the last (the resource, which may itself hold colons) it does.
    """
    return _compiled(tuple(pieces), False, arn=True)


def matches(pattern: str, value: str, *, ignore_case: bool = False) -> bool:
    """Whether ``value`` matches the policy text ``pattern`` (no variables) as a whole."""
    return wildcard_regex(((pattern, False),), ignore_case=ignore_case).fullmatch(value) is not None


@lru_cache(maxsize=4096)
def _compiled(pieces: tuple[Piece, ...], ignore_case: bool, arn: bool) -> re.Pattern[str]:
    parts: list[str] = []
    colons = 0
    for text, literal in pieces:
        for char in text:
            in_resource = colons >= _ARN_SEGMENTS - 1
            if literal or char not in "*?":
                parts.append(re.escape(char))
                colons += char == ":"
            elif char == "*":
                parts.append(".*" if not arn or in_resource else "[^:]*")
            else:
                parts.append("." if not arn or in_resource else "[^:]")
    if arn and colons < _ARN_SEGMENTS - 1:
        return re.compile(r"(?!)")  # not an ARN: it matches nothing
    flags = re.DOTALL | (re.IGNORECASE if ignore_case else 0)
    return re.compile("".join(parts), flags)
