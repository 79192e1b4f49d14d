"""ListSecrets and BatchGetSecretValue filters: their limits, and how AWS matches them.

Matching, per key (evidence in brackets; docs/searching.md has examples):

* ``name``, ``tag-key``, ``tag-value``, ``primary-region``: the value is a case-sensitive
  prefix of the whole string ("Prod" matches "Production" and "Prod1", not "prod" or "1 Prod")
  [DOC user guide; REC LocalStack 2024-03: a value with a space matches no name].
* ``description``: word-based and case-insensitive, although the API reference says "prefix":
  the value is split into words and every one of them must start some word of the description
  ("o t" matches "one two"; "a secret" matches "an secret", not "asecret") [REC LocalStack
  2024-03 and moto aws_verified tests; DOC user guide "Matches the words in descriptions"].
* ``all``: the same word rule against the name, the description, each tag key and each tag value;
  all the value's words must be found in one of them [DOC; REC moto aws_verified].
* ``owning-service``: the API reference says case-sensitive prefix, the user guide says prefix
  *not* case-sensitive. We follow the user guide: where the two disagree elsewhere (description)
  recordings proved the user guide right, and owning services are lower-case identifiers ("rds")
  that a user may well type as "RDS". Prefix of the whole string, case-insensitive [DOC, INF].

Words: a string splits at every character that is not a letter or a digit (space, "/", "_",
"=", "#", ...), between letters and digits (letter to digit [DOC]; digit to letter [INF]: the
user guide names only "from letter to number", in a sentence whose "from uppercase to lowercase"
recordings show to be loose), where a lower-case letter is followed by an upper-case
one, and before the last capital of a run of capitals followed by lower case:
"credsDatabase#892" -> creds, Database, 892 [DOC]; "ThisTestSecret" -> This, Test, Secret
[USER getmoto/moto#8421]; "COMPANYthings" -> COMPAN, Ythings, so "Ythings" matches it and
"things" does not [REC moto aws_verified]. A value with no words at all ("+") matches nothing.

A value starting with "!" matches the secrets the rest of it does not match ("!/" keeps names
not starting with "/") [REC LocalStack 2024-03]. For keys with several strings (tags, ``all``)
a negated value keeps the secrets where no string matches, and a secret without the attribute
(no description, no tags) matches a negated value (assumed [INF]: negation is "does not
match"). The values of one filter are alternatives (OR) [PEER moto]; filters, even with the same
key, must all match (AND) [REC moto aws_verified].
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from botocore.model import Shape

from secretmock._backend.models import Secret
from secretmock._messages import NO_FILTER_KEY, NO_FILTER_VALUES


@dataclass(frozen=True, slots=True)
class Filter:
    key: str
    values: tuple[str, ...]


def parse_filters(filters: Sequence[Mapping[str, Any]] | None) -> list[Filter]:
    """The request's filters (their model constraints and :func:`filter_rules` passed)."""
    return [Filter(raw["Key"], tuple(raw["Values"])) for raw in filters or ()]


def filter_rules(params: Mapping[str, Any], shape: Shape) -> None:
    """What the model allows but the service refuses: a filter without a key or values."""
    for raw in params.get("Filters") or ():
        key = raw.get("Key")
        if not key:
            raise NO_FILTER_KEY.error()
        if not raw.get("Values"):
            raise NO_FILTER_VALUES.error(key=key)


def matches(secret: Secret, filters: Iterable[Filter]) -> bool:
    """Whether a secret passes every filter (each filter passing when any value matches)."""
    for found in filters:
        matcher = _MATCHERS[found.key]
        if not any(_matches_value(matcher, secret, value) for value in found.values):
            return False
    return True


def _matches_value(matcher: Callable[[Secret, str], bool], secret: Secret, value: str) -> bool:
    if value.startswith("!"):
        return not matcher(secret, value[1:])
    return matcher(secret, value)


@lru_cache(maxsize=65536)
def split_words(text: str) -> tuple[str, ...]:
    """The words AWS's search sees in a string (see the module docstring)."""
    words: list[str] = []
    word = ""
    kind = ""  # of the word's last character: "U"pper, "L"ower (or caseless), "D"igit
    for char in text:
        if char.isdigit():
            new = "D"
        elif char.isupper():
            new = "U"
        elif char.isalpha():
            new = "L"
        else:
            if word:
                words.append(word)
                word = ""
            continue
        if word:
            if (new == "D") != (kind == "D") or (new == "U" and kind == "L"):
                words.append(word)
                word = ""
            elif new == "L" and kind == "U" and len(word) > 1 and word[-2].isupper():
                words.append(word[:-1])  # "COMPANYthings": the last capital starts "Ythings"
                word = word[-1]
        word += char
        kind = new
    if word:
        words.append(word)
    return tuple(words)


@lru_cache(maxsize=65536)
def _lower_words(text: str) -> tuple[str, ...]:
    return tuple(word.lower() for word in split_words(text))


def words_match(value: str, text: str) -> bool:
    """Every word of ``value`` starts some word of ``text``, ignoring case."""
    wanted = _lower_words(value)
    if not wanted:
        return False
    words = _lower_words(text)
    return all(any(word.startswith(part) for word in words) for part in wanted)


def _name(secret: Secret, value: str) -> bool:
    return secret.name.startswith(value)


def _description(secret: Secret, value: str) -> bool:
    return secret.description is not None and words_match(value, secret.description)


def _tag_key(secret: Secret, value: str) -> bool:
    return any(tag["Key"].startswith(value) for tag in secret.tags or ())


def _tag_value(secret: Secret, value: str) -> bool:
    return any(tag.get("Value", "").startswith(value) for tag in secret.tags or ())


def _primary_region(secret: Secret, value: str) -> bool:
    return secret.primary_region is not None and secret.primary_region.startswith(value)


def _owning_service(secret: Secret, value: str) -> bool:
    service = secret.owning_service
    return service is not None and service.lower().startswith(value.lower())


def _all(secret: Secret, value: str) -> bool:
    if words_match(value, secret.name):
        return True
    if secret.description is not None and words_match(value, secret.description):
        return True
    return any(
        words_match(value, tag["Key"]) or words_match(value, tag.get("Value", ""))
        for tag in secret.tags or ()
    )


_MATCHERS: dict[str, Callable[[Secret, str], bool]] = {
    "name": _name,
    "description": _description,
    "tag-key": _tag_key,
    "tag-value": _tag_value,
    "primary-region": _primary_region,
    "owning-service": _owning_service,
    "all": _all,
}
