"""A deep fingerprint of a mock's whole state, to prove that a failed call changed nothing.

:func:`fingerprint` walks an object graph generically: dataclass fields, ``__slots__`` and
``__dict__`` of objects, mappings, sequences and sets, down to plain values. It knows no class of
the backend by name, so it keeps working while the backend's classes are reshaped: a new field
is fingerprinted the day it appears. The result is flat, ``{path: leaf}``, so two fingerprints
compare in one ``==`` and :func:`differences` names exactly what changed.

Only what a failing call may legitimately touch is left out; each exclusion says why.
"""

from __future__ import annotations

import itertools
import random
import threading
from collections.abc import Mapping, Set
from dataclasses import fields, is_dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from enum import Enum
from types import BuiltinFunctionType, FunctionType, MethodType, ModuleType

Fingerprint = dict[str, object]

_LOCK_TYPES = (type(threading.Lock()), type(threading.RLock()), threading.Condition)

_SKIPPED_TYPES: tuple[type, ...] = (
    # The random source: every call draws its request id from it before the handler runs,
    # failing calls included (AWS gives every answer, errors too, a fresh x-amzn-requestid).
    random.Random,
    # Locks and per-thread scratch (the rotation engine's "a rotation runs on this thread"
    # flag): synchronisation, not state; a call holds and releases them.
    *_LOCK_TYPES,
    threading.local,
    # Monotonic counters that only order things (schedule entries, creation sequence): a failed
    # call that drew a number leaves a gap no API reveals, as AWS's own sequences do.
    itertools.count,
)

_PLAIN = (str, bytes, bool, int, type(None))
_TIME_TYPES = (datetime, date, time, timedelta, tzinfo)
_CALLABLE_TYPES = (FunctionType, BuiltinFunctionType, MethodType, type, ModuleType)


def fingerprint(root: object, name: str = "state", skip: tuple[type, ...] = ()) -> Fingerprint:
    """Every reachable value under ``root``, by the path that reaches it.

    Objects of the ``skip`` types are left out, as well as those of the types below.
    """
    leaves: Fingerprint = {}
    _walk(root, name, leaves, {}, _SKIPPED_TYPES + skip)
    return leaves


def differences(before: Fingerprint, after: Fingerprint, limit: int = 12) -> list[str]:
    """What changed between two fingerprints, one line per path, at most ``limit`` lines."""
    lines = []
    for path in sorted(before.keys() | after.keys()):
        old, new = before.get(path, "<absent>"), after.get(path, "<absent>")
        if old != new:
            lines.append(f"{path}: {_short(old)} -> {_short(new)}")
    if len(lines) > limit:
        lines[limit:] = [f"... and {len(lines) - limit} more"]
    return lines


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 160 else text[:150] + f"...({len(text)} chars)"


def _walk(
    value: object, path: str, leaves: Fingerprint, seen: dict[int, str], skip: tuple[type, ...]
) -> None:
    if isinstance(value, _PLAIN):
        leaves[path] = value
        return
    if isinstance(value, float):
        leaves[path] = ("float", repr(value))  # repr: NaN equals itself, -0.0 is not 0.0
        return
    if isinstance(value, _TIME_TYPES):
        # repr keeps what == ignores: a datetime's time zone and its exact type.
        leaves[path] = repr(value)
        return
    if isinstance(value, Enum):
        leaves[path] = repr(value)
        return
    if isinstance(value, skip):
        return
    if isinstance(value, _CALLABLE_TYPES):
        # Handlers, and classes: by identity, never walked into (a rotation handler's module).
        leaves[path] = ("callable", getattr(value, "__qualname__", repr(value)), id(value))
        return
    if isinstance(value, BaseException):
        # An exception a rotation recorded: its type and arguments, not its traceback.
        leaves[path] = ("exception", type(value).__qualname__, repr(value.args))
        return
    # A container or object reached twice (one secret indexed by name and by ARN) is walked
    # once; later paths record which path it is, so a broken alias shows up as a change.
    first = seen.get(id(value))
    if first is not None:
        leaves[path] = ("same object as", first)
        return
    seen[id(value)] = path
    if isinstance(value, Mapping):
        leaves[path + "#keys"] = tuple(repr(key) for key in value)  # order is state too
        for key, item in value.items():
            _walk(item, f"{path}[{key!r}]", leaves, seen, skip)
    elif isinstance(value, (list, tuple)):
        leaves[path + "#len"] = (type(value).__qualname__, len(value))
        for index, item in enumerate(value):
            _walk(item, f"{path}[{index}]", leaves, seen, skip)
    elif isinstance(value, Set):
        leaves[path] = (type(value).__qualname__, tuple(sorted(repr(item) for item in value)))
    else:
        leaves[path + "#type"] = type(value).__qualname__
        for attribute, item in _attributes(value):
            _walk(item, f"{path}.{attribute}", leaves, seen, skip)


def _attributes(value: object) -> list[tuple[str, object]]:
    """An object's state: dataclass fields, then every other slot and instance attribute."""
    found = {name: getattr(value, name) for name in _declared(type(value)) if hasattr(value, name)}
    for attribute, item in getattr(value, "__dict__", {}).items():
        found.setdefault(attribute, item)
    return list(found.items())


def _declared(cls: type) -> tuple[str, ...]:
    """The attributes a class declares: its dataclass fields, then its slots (of every base)."""
    found = _DECLARED.get(cls)
    if found is None:
        found = _DECLARED[cls] = _declared_by(cls)
    return found


_DECLARED: dict[type, tuple[str, ...]] = {}


def _declared_by(cls: type) -> tuple[str, ...]:
    names = [field.name for field in fields(cls)] if is_dataclass(cls) else []
    for base in cls.__mro__:
        slots = base.__dict__.get("__slots__", ())
        for slot in (slots,) if isinstance(slots, str) else slots:
            if slot in ("__dict__", "__weakref__"):
                continue
            if slot.startswith("__") and not slot.endswith("__"):
                slot = f"_{base.__name__.lstrip('_')}{slot}"  # a private slot's mangled name
            if slot not in names:
                names.append(slot)
    return tuple(names)
