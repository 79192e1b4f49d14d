"""Hypothesis strategies for Secrets Manager requests, generated from botocore's service model.

Every member of an operation's input shape gets values that honour its constraints (length,
range, pattern, enum) and values that break them just past each bound, mixed with values that
hit real state: :class:`Pool` holds, by the model's shape name, names, ARNs, version ids,
labels and tokens that exist in the mock. For a client that skips botocore's validation
(``unvalidated=True``) members also get what no validating client sends: the wrong JSON type,
null, NaN and ±Infinity, lone surrogates, deep nesting and huge lists.

Nothing here knows an operation: only shapes, their constraints and shape names.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from botocore.model import ListShape, MapShape, Shape, StructureShape
from hypothesis import strategies as st

# Every character, lone surrogates included (hypothesis leaves them out by default).
_ANY_CHARACTER = st.characters(exclude_categories=())
_LONGEST_DRAWN = 40  # strings drawn character by character stay short; long ones are built
_LARGE = (2**31 - 1, 2**31, 2**53 + 1, 2**63 - 1, 2**63, -(2**63) - 1, 10**40)

# Strings that have broken parsers before: empty, blank, control and non-BMP characters, lone
# surrogates (botocore sends them as JSON escapes), JSON and ARN fragments, nesting far beyond any
# parser's recursion limit, and the longest value any member allows, and one more.
_NASTY_STRINGS = (
    "",
    " ",
    "\t\n",
    "\x00",
    "\ud800",
    "a\udc00b",
    "\udbff\udfff",
    "\U0001f512",
    "é",
    "null",
    "*",
    "%s%n",
    "AWSCURRENT ",
    "arn:aws:secretsmanager:us-east-1:123456789012:secret:",
    "arn:aws:secretsmanager:us-east-1:123456789012:secret:a-AbCdEf",
    "arn:aws:lambda:us-east-1:123456789012:function:",
    "[" * 5000,
    "{" * 5000,
    '{"a":' * 3000,
    '{"Statement": ' * 800,
    "a" * 65537,
    "a" * 20481,
)

# Values of the wrong JSON type for any member, for clients that skip validation.
_JUNK_SCALARS: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from(_LARGE),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([math.nan, math.inf, -math.inf, 1.5, -0.0, 1e308]),
    st.text(_ANY_CHARACTER, max_size=8),
    st.sampled_from(_NASTY_STRINGS),
)


def _nested(depth: int, as_dict: bool) -> object:
    value: object = "x"
    for _ in range(depth):
        value = {"a": value} if as_dict else [value]
    return value


# Deep nesting, up to a little past the depth botocore's own JSON encoder (client side) still
# serializes (a few levels short of 1000, less the caller's stack): deeper, it raises
# RecursionError before there is a request.
_DEEP = st.builds(_nested, st.integers(2, 1000), st.booleans())
_JUNK: st.SearchStrategy[Any] = st.one_of(
    _JUNK_SCALARS,
    _DEEP,
    st.lists(_JUNK_SCALARS, max_size=4),
    st.dictionaries(st.text(max_size=4), _JUNK_SCALARS, max_size=3),
    st.integers(1000, 20000).map(lambda n: ["x"] * n),
)


def _encodable(text: str) -> bool:
    return not any("\ud800" <= character <= "\udfff" for character in text)


@dataclass
class Pool:
    """Values that exist in the mock's state, by the name of the model shape they fit.

    Strategies draw a position in the pool and read the value when they draw, so one pool can
    be :meth:`refill`-ed with the values of a state seeded again (a NextToken differs each
    time) without building the strategies again.
    """

    by_shape: dict[str, list[Any]] = field(default_factory=dict)

    def add(self, shape_name: str, *values: Any) -> None:
        known = self.by_shape.setdefault(shape_name, [])
        known.extend(value for value in values if value not in known)

    def refill(self, other: Pool) -> None:
        """Take ``other``'s values, which must be as many for each shape as here."""
        counts = {name: len(values) for name, values in self.by_shape.items()}
        assert counts == {name: len(values) for name, values in other.by_shape.items()}
        self.by_shape = other.by_shape

    def sample(self, shape_name: str) -> st.SearchStrategy[Any] | None:
        """One of the values for ``shape_name``; None when there are none."""
        count = len(self.by_shape.get(shape_name, ()))
        if not count:
            return None
        return st.integers(0, count - 1).map(_PoolValue(self, shape_name))

    def sample_any_string(self) -> st.SearchStrategy[str]:
        """A string value of any shape, to try in the wrong member."""
        return st.one_of(
            [
                strategy
                for name, values in self.by_shape.items()
                if all(isinstance(value, str) for value in values)
                and (strategy := self.sample(name)) is not None
            ]
        )


@dataclass(frozen=True)
class _PoolValue:
    """The value at a position of a pool, read when drawn (a class: hypothesis then reports
    the value itself in a failing example, not the source of a lambda)."""

    pool: Pool
    shape_name: str

    def __call__(self, index: int) -> Any:
        return self.pool.by_shape[self.shape_name][index]


def request(
    shape: StructureShape | None, pool: Pool, unvalidated: bool, plausible_only: bool = False
) -> st.SearchStrategy[Any]:
    """The parameters of one call of an operation whose input shape is ``shape``.

    Two thirds of the requests are plausible ones, whose every member is a real value or fits
    the model (they often succeed, and reach the rules beyond validation); the others are built
    to break something. ``plausible_only`` leaves those out.
    """
    if shape is None:
        return st.just({})
    plausible = _plausible(shape, pool)
    if plausible_only:
        return plausible
    return st.one_of(plausible, _structure(shape, pool, unvalidated, top=True), plausible)


def _plausible(shape: Shape, pool: Pool) -> st.SearchStrategy[Any]:
    """Values that fit ``shape``'s model constraints, real values first where there are some."""
    if isinstance(shape, StructureShape):
        members = {name: _plausible(member, pool) for name, member in shape.members.items()}
        required = {name: members[name] for name in shape.required_members}
        optional = {name: s for name, s in members.items() if name not in required}
        return _with_some_of(required, optional)
    low = shape.metadata.get("min", 0)
    high = shape.metadata.get("max")
    if isinstance(shape, ListShape):
        return st.lists(_plausible(shape.member, pool), min_size=low, max_size=min(high or 3, 3))
    kind = shape.type_name
    if kind == "string":
        real = pool.sample(shape.name)
        if real is not None:
            return real
        if shape.metadata.get("enum"):
            return st.sampled_from(shape.metadata["enum"])
        if shape.metadata.get("pattern"):
            return _pattern(shape)
        return st.text("abcXYZ019-_/", min_size=low, max_size=min(high or 20, 20))
    if kind in ("integer", "long"):
        return st.integers(low if "min" in shape.metadata else 0, high if high is not None else 30)
    if kind == "boolean":
        return st.booleans()
    if kind == "blob":
        return st.binary(min_size=max(low, 1), max_size=16)
    return _typed(shape, pool, unvalidated=False)


@st.composite
def _with_some_of(
    draw: st.DrawFn,
    required: dict[str, st.SearchStrategy[Any]],
    optional: dict[str, st.SearchStrategy[Any]],
) -> dict[str, Any]:
    """Every required member and at most two optional ones: plausible requests stay simple."""
    names = sorted(optional)
    chosen = draw(st.lists(st.sampled_from(names), unique=True, max_size=2)) if names else []
    members = {**required, **{name: optional[name] for name in chosen}}
    return {name: draw(strategy) for name, strategy in members.items()}


def _pattern(shape: Shape) -> st.SearchStrategy[str]:
    """Strings that match the shape's pattern, within its length bounds."""
    # The model's patterns are Java regular expressions; ASCII keeps \d to 0-9 as in Java.
    compiled = re.compile(shape.metadata["pattern"], re.ASCII)
    low = shape.metadata.get("min", 0)
    high = shape.metadata.get("max", 65536)
    return st.from_regex(compiled, fullmatch=True).filter(lambda text: low <= len(text) <= high)


def _value(shape: Shape, pool: Pool, unvalidated: bool) -> st.SearchStrategy[Any]:
    typed = _typed(shape, pool, unvalidated)
    if not unvalidated or isinstance(shape, (StructureShape, ListShape, MapShape)):
        # botocore's serializer itself walks structures, lists and maps, client side: anything
        # but the right container fails there, before there is a request (null included).
        return typed
    if shape.type_name == "blob":
        # Likewise it base64-encodes a blob itself, which only bytes and str (encodable as
        # UTF-8: no surrogates) survive.
        return st.one_of(typed, st.sampled_from(_NASTY_STRINGS).filter(_encodable))
    return st.one_of(typed, typed, typed, _JUNK)


def _typed(shape: Shape, pool: Pool, unvalidated: bool) -> st.SearchStrategy[Any]:
    if isinstance(shape, StructureShape):
        return _structure(shape, pool, unvalidated, top=False)
    if isinstance(shape, ListShape):
        return _list(shape, pool, unvalidated)
    if isinstance(shape, MapShape):
        return st.dictionaries(
            _value(shape.key, pool, unvalidated), _value(shape.value, pool, unvalidated), max_size=4
        )
    kind = shape.type_name
    if kind == "string":
        return _string(shape, pool)
    if kind in ("integer", "long"):
        return _integer(shape)
    if kind == "boolean":
        return st.booleans()
    if kind == "blob":
        return _blob(shape, pool)
    raise AssertionError(f"no strategy for {shape.name} ({kind}): add one")


def _structure(
    shape: StructureShape, pool: Pool, unvalidated: bool, top: bool
) -> st.SearchStrategy[dict[str, Any]]:
    members = {name: _value(member, pool, unvalidated) for name, member in shape.members.items()}
    required = {name: members[name] for name in shape.required_members}
    optional = {name: s for name, s in members.items() if name not in required}
    whole = st.fixed_dictionaries(required, optional=optional)
    variants = [whole, whole, whole, whole]
    if required:
        # Some required member left out (botocore refuses it; without validation AWS does).
        variants.append(st.fixed_dictionaries({}, optional=members))
    if not unvalidated and top:
        # A member the model does not have: only botocore's validation can refuse it, since
        # botocore's serializer looks every given member up in the model.
        variants.append(whole.map(lambda params: {**params, "NotAMember": "x"}))
    return st.one_of(variants)


def _list(shape: ListShape, pool: Pool, unvalidated: bool) -> st.SearchStrategy[list[Any]]:
    low = shape.metadata.get("min", 0)
    high = shape.metadata.get("max")
    item = _value(shape.member, pool, unvalidated)
    variants = [st.lists(item, min_size=low, max_size=min(high or 6, 6))] * 3
    variants.append(st.lists(item, max_size=3))  # below the minimum, when there is one
    # Just past the maximum (or far beyond it when there is none), from plain items.
    plain = _plain_items(shape.member, pool)
    if plain is not None:
        count = high + 1 if high is not None else 51
        variants.append(st.lists(plain, min_size=count, max_size=count))
        variants.append(st.lists(plain, min_size=1, max_size=1).map(lambda items: items * 2000))
    return st.one_of(variants)


def _plain_items(shape: Shape, pool: Pool) -> st.SearchStrategy[Any] | None:
    """Cheap items for long lists: real values and short strings (structures: whole ones)."""
    if shape.type_name == "string":
        real = pool.sample(shape.name)
        return st.one_of(st.text(max_size=3), *([real] if real is not None else []))
    if isinstance(shape, StructureShape):
        members = {name: _plain_items(member, pool) for name, member in shape.members.items()}
        if all(member is not None for member in members.values()):
            return st.fixed_dictionaries({name: s for name, s in members.items() if s is not None})
    return None


def _string(shape: Shape, pool: Pool) -> st.SearchStrategy[str]:
    low = shape.metadata.get("min", 0)
    high = shape.metadata.get("max", 65536)
    variants: list[st.SearchStrategy[str]] = []
    real = pool.sample(shape.name)
    if real is not None:
        variants += [real] * 5
        # A real value just changed: one more character, one less, other case.
        variants.append(real.map(lambda value: value + "x"))
        variants.append(real.map(lambda value: value[:-1]))
        variants.append(real.map(str.swapcase))
    # A real value in the wrong member.
    variants.append(pool.sample_any_string())
    enum = shape.metadata.get("enum")
    if enum:
        variants += [st.sampled_from(enum)] * 4
        variants.append(st.sampled_from(enum).map(str.upper))
    if shape.metadata.get("pattern"):
        variants.append(_pattern(shape))
    variants.append(st.text(min_size=low, max_size=min(high, _LONGEST_DRAWN)))
    variants.append(st.text(_ANY_CHARACTER, max_size=_LONGEST_DRAWN))
    # Each length bound, and one past it.
    lengths = sorted({n for n in (low - 1, low, high, high + 1) if n >= 0})
    variants.append(
        st.builds(lambda n, c: c * n, st.sampled_from(lengths), st.sampled_from("a9-é"))
    )
    variants.append(st.sampled_from(_NASTY_STRINGS))
    return st.one_of(variants)


def _integer(shape: Shape) -> st.SearchStrategy[int]:
    low = shape.metadata.get("min")
    high = shape.metadata.get("max")
    edges = {0, -1, 1, *_LARGE}
    for bound in (low, high):
        if bound is not None:
            edges |= {bound - 1, bound, bound + 1}
    in_range = st.integers(low if low is not None else -10, high if high is not None else 40)
    return st.one_of(in_range, in_range, st.sampled_from(sorted(edges)), st.integers())


def _blob(shape: Shape, pool: Pool) -> st.SearchStrategy[bytes | str]:
    high = shape.metadata.get("max", 65536)
    real = pool.sample(shape.name)
    return st.one_of(
        st.binary(max_size=64),
        st.binary(max_size=64),
        *([real] if real is not None else []),
        st.sampled_from([b"", b"\x00" * high, b"\x00" * (high + 1)]),
        # botocore also takes a str for a blob and sends its UTF-8 bytes.
        st.text(max_size=8),
    )


def params_repr(
    params: Mapping[str, Any] | Sequence[Any] | Any, limit: int = 120, levels: int = 6
) -> str:
    """``params`` for a finding report, with every long value cut short, and nesting deeper
    than ``levels`` shown as ``...``."""
    if levels == 0 and isinstance(params, Mapping | list):
        return "..."
    if isinstance(params, Mapping):
        items = (f"{k!r}: {params_repr(v, limit, levels - 1)}" for k, v in params.items())
        return "{" + ", ".join(items) + "}"
    if isinstance(params, list):
        if len(params) > 8:
            return f"[{params_repr(params[0], limit, levels - 1)}, ... ({len(params)} items)]"
        return "[" + ", ".join(params_repr(item, limit, levels - 1) for item in params) + "]"
    text = repr(params)
    if len(text) > limit:
        return f"{text[:40]}...({len(params) if hasattr(params, '__len__') else '?'} long)"
    return text
