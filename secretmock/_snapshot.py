"""Snapshots of a mock's whole state, restored much faster than the state can be rebuilt.

A snapshot is the pickle of everything the Backend holds (``vars(backend)``: every store and
secret, the KMS key rings, the rotation engine with its functions, log and schedule, the
deletion queue, identities, the random sources, and whatever state is added to the Backend
later), plus the clock's own attributes (its offset) and the recorded calls. Nothing lists the
Backend's fields, so state another module adds to it is covered as long as it pickles.

Pickling is a structural copy made once; restoring unpickles it, in C, which costs a fraction
of a deep copy and far less than running the operations again. Some objects are not data and
are kept by reference instead of being copied:

* the Backend itself, its lock and other threading objects, and the clock (whose attributes are
  saved separately and put back on the same object, so that ``mock.clock`` stays the object a
  test holds);
* callables (rotation handlers, predicates), exceptions (a rotation log's errors) and
  non-reproducible random sources (``SystemRandom`` has no state);
* KMS keys, which are identities (a test holds ``key = mock.kms.create_key()``; their AES-GCM
  cipher holds the key material and cannot be copied): the key object is shared and its
  attributes (state, aliases, description, policy) are saved and put back on restore;
* any object whose class sets ``__secretmock_identity__ = True`` is treated like a KMS key.

A snapshot belongs to the mock it was taken from: its references name that mock's Backend.
"""

from __future__ import annotations

import gc
import io
import itertools
import pickle
import random
import re
import threading
import weakref
from typing import Any

from secretmock._backend.backend import Backend
from secretmock._calls import CallList
from secretmock._clock import Clock
from secretmock._kms.keys import KmsKey
from secretmock.errors import SecretMockError

# The types of the lock objects threading hands out (their classes are not importable names).
_SYNC_TYPES: tuple[type, ...] = (
    type(threading.Lock()),
    type(threading.RLock()),
    threading.Condition,
    threading.Event,
    threading.Semaphore,
    threading.local,
)
_COUNT = re.compile(r"count\((-?\d+)\)")
_IDENTITY_MARK = "__secretmock_identity__"
# Attributes of an identity that are part of what it is, not of its state.
_IDENTITY_FIXED = frozenset({"cipher", "_lock"})


class Snapshot:
    """The whole state of one mock at one moment; give it to :meth:`SecretsManagerMock.restore`.

    Opaque: it holds a copy of the state, not a view of it, so it can be restored any number of
    times. Only the mock it was taken from can restore it.
    """

    __slots__ = ("__weakref__", "_backend", "_calls", "_clock", "_identities", "_shared", "_state")

    def __init__(
        self,
        backend: weakref.ref[Backend],
        state: bytes,
        shared: list[Any],
        identities: list[tuple[Any, bytes]],
        clock: dict[str, Any] | None,
        calls: list[Any],
    ) -> None:
        self._backend = backend
        self._state = state
        self._shared = shared
        self._identities = identities
        self._clock = clock
        self._calls = calls

    def __repr__(self) -> str:
        return f"<secretmock Snapshot of {len(self._state)} bytes>"


def take(backend: Backend, clock: Clock, calls: CallList) -> Snapshot:
    """A snapshot of ``backend``, the clock's attributes and the recorded calls."""
    with backend.lock:
        shared: list[Any] = []
        identities: list[Any] = []
        state = _dumps(vars(backend), backend, shared, identities)
        # Each identity's own state, pickled with the same rules (it may name further ones).
        saved: list[tuple[Any, bytes]] = []
        index = 0
        while index < len(identities):
            identity = identities[index]
            attributes = {
                name: value for name, value in vars(identity).items() if name not in _IDENTITY_FIXED
            }
            saved.append((identity, _dumps(attributes, backend, shared, identities)))
            index += 1
        clock_state = dict(vars(clock)) if hasattr(clock, "__dict__") else None
        return Snapshot(weakref.ref(backend), state, shared, saved, clock_state, list(calls))


def restore(snapshot: Snapshot, backend: Backend, clock: Clock, calls: CallList) -> None:
    """Put ``backend``, the clock and the calls back as they were when ``snapshot`` was taken."""
    if not isinstance(snapshot, Snapshot):
        raise SecretMockError(f"restore() takes what snapshot() returned, not {snapshot!r}")
    if snapshot._backend() is not backend:
        raise SecretMockError(
            "this snapshot was taken from another mock: a snapshot restores only the mock it "
            "was taken from (use dump() and load() to carry secrets to another mock)"
        )
    with backend.lock:
        state = _loads(snapshot._state, snapshot._shared)
        for identity, attributes in snapshot._identities:
            vars(identity).update(_loads(attributes, snapshot._shared))
        # The lock and every other shared object come back as themselves. Replaced one by one,
        # never cleared: a call reads a few attributes before it takes the lock.
        members = vars(backend)
        stale = members.keys() - state.keys()
        members.update(state)
        for name in stale:
            del members[name]
        if snapshot._clock is not None:
            vars(clock).update(snapshot._clock)
        calls.clear()
        for call in snapshot._calls:
            calls.append(call)


def _dumps(root: Any, backend: Backend, shared: list[Any], identities: list[Any]) -> bytes:
    buffer = io.BytesIO()
    try:
        _Pickler(buffer, backend, shared, identities).dump(root)
    except (pickle.PicklingError, TypeError, AttributeError) as error:
        raise SecretMockError(
            f"snapshot() cannot copy part of the mock's state: {error}. State kept on the "
            "Backend must be plain data, callables, locks or marked __secretmock_identity__"
        ) from error
    return buffer.getvalue()


def _loads(data: bytes, shared: list[Any]) -> Any:
    # Unpickling makes tens of thousands of objects, none of them garbage: the cyclic garbage
    # collector would run over and over, for nothing (about a third of the cost).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _Unpickler(io.BytesIO(data), shared).load()
    finally:
        if collecting:
            gc.enable()


class _Pickler(pickle.Pickler):
    def __init__(
        self, file: io.BytesIO, backend: Backend, shared: list[Any], identities: list[Any]
    ) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._backend = backend
        self._shared = shared
        self._identities = identities
        # id -> index in shared, for this snapshot (shared between the pickles of one snapshot).
        self._index = {id(value): index for index, value in enumerate(shared)}

    def persistent_id(self, obj: Any) -> int | None:
        # Called for every object pickled: the plain types, most of the state, go first.
        if type(obj) in _PLAIN or not _by_reference(obj, self._backend):
            return None
        index = self._index.get(id(obj))
        if index is None:
            index = self._index[id(obj)] = len(self._shared)
            self._shared.append(obj)
            if _is_identity(obj):
                self._identities.append(obj)
        return index

    def reducer_override(self, obj: Any) -> Any:
        # itertools.count stops pickling in Python 3.14 (deprecated since 3.12): its next
        # value is read from its repr, which does not advance it.
        if type(obj) is itertools.count:
            match = _COUNT.fullmatch(repr(obj))
            if match is None:
                raise pickle.PicklingError(f"cannot copy {obj!r}")
            return itertools.count, (int(match.group(1)),)
        return NotImplemented


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, shared: list[Any]) -> None:
        super().__init__(file)
        self._shared = shared

    def persistent_load(self, pid: Any) -> Any:
        return self._shared[pid]


def _by_reference(obj: Any, backend: Backend) -> bool:
    """Whether ``obj`` is kept as the same object rather than copied (see the module doc)."""
    return (
        obj is backend
        # The mock's clock (its attributes are saved apart): a copy would stop advance_time().
        or obj is backend.clock
        or isinstance(obj, (*_SYNC_TYPES, BaseException, random.SystemRandom))
        or _is_identity(obj)
        or (callable(obj) and not isinstance(obj, type))
        or type(obj).__module__.startswith("cryptography")
    )


def _is_identity(obj: Any) -> bool:
    return isinstance(obj, KmsKey) or getattr(type(obj), _IDENTITY_MARK, False) is True


# Types that are always copied: the bulk of the state, decided without further checks.
_PLAIN: frozenset[type] = frozenset(
    {str, bytes, int, float, bool, type(None), dict, list, tuple, set, frozenset}
)
