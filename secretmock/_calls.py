"""The record of every Secrets Manager call a mock answered."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple, overload

from secretmock.errors import SecretMockError, SecretsManagerError

if TYPE_CHECKING:
    from botocore.model import Shape


class Call(NamedTuple):
    """One answered call: the operation, its API parameters, and the reply or the AWS error.

    ``params`` and ``response`` are snapshots, taken when the call was answered: changing the
    objects the code under test passed (a ``Tags`` list) or got back (the reply dict) afterwards
    does not change the record, and changing the record changes neither those objects nor the
    mock's secrets. ``params`` holds plain data (dicts, lists, tuples, str, numbers, bools,
    None, bytes): a value of another type is recorded as botocore sent it, a bytes-like object
    as bytes and any other iterable (a dict view, a generator botocore used up) as a list.

    One API call of the code under test, however many attempts botocore would have made against
    AWS: an error botocore retries is one Call, and the exception the client raised reports the
    retries in its ``ResponseMetadata`` (``RetryAttempts``, ``MaxAttemptsReached``).
    """

    operation: str
    params: Mapping[str, Any]
    region: str
    account: str
    response: Mapping[str, Any] | None
    error: SecretsManagerError | None


class CallList(Sequence[Call]):
    """The calls a mock answered, oldest first. It is cleared in place when the mock resets.

    One entry per API call the code under test made, as a test counts its calls: the retries
    botocore would make for an error are reported in the reply's ``RetryAttempts`` (and
    ``MaxAttemptsReached``), not recorded as calls, and the operation is not run again for them.

    Besides reading it as a list, assert on it: :meth:`assert_called`,
    :meth:`assert_called_once`, :meth:`assert_not_called`, :meth:`assert_calls_in_order`.
    """

    def __init__(self) -> None:
        self._calls: list[Call] = []

    @overload
    def __getitem__(self, index: int) -> Call: ...

    @overload
    def __getitem__(self, index: slice) -> list[Call]: ...

    def __getitem__(self, index: int | slice) -> Call | list[Call]:
        return self._calls[index]

    def __len__(self) -> int:
        return len(self._calls)

    def __iter__(self) -> Iterator[Call]:
        return iter(self._calls)

    def __repr__(self) -> str:
        return f"CallList({self._calls!r})"

    def of(self, operation: str) -> list[Call]:
        """The calls of one operation, named as the API does (``"GetSecretValue"``) or as the
        client method (``"get_secret_value"``).

        :raises SecretMockError: ``operation`` is not a Secrets Manager operation; the message
            lists the operations.
        """
        name = api_name(operation, "calls.of()")
        return [call for call in self._calls if call.operation == name]

    # -- assertions ----------------------------------------------------------------------------
    #
    # Parameters match as a subset: each one given must be in the call, with a matching value.
    # A dict matches a dict that has its keys with matching values (others may be there too); a
    # list matches a list of the same length whose items match in order; anything else matches
    # an equal value (so unittest.mock.ANY matches anything). A SecretId, and each member of a
    # SecretIdList, matches any form of the same secret's id: name, partial ARN or full ARN.

    def assert_called(self, operation: str, /, **params: Any) -> list[Call]:
        """Assert that ``operation`` was called, with ``params`` if given; return those calls.

        :raises AssertionError: no such call; the message lists the calls made.
        """
        name = api_name(operation, "assert_called()")
        found = self._matching(name, params)
        if not found:
            raise AssertionError(f"expected a call of {_describe(name, params)}; {self._made()}")
        return found

    def assert_called_once(self, operation: str, /, **params: Any) -> Call:
        """Assert that ``operation`` was called exactly once (with ``params``, if given: one
        call among them matches); return that call.

        :raises AssertionError: none or several; the message lists the calls made.
        """
        name = api_name(operation, "assert_called_once()")
        found = self._matching(name, params)
        if len(found) != 1:
            raise AssertionError(
                f"expected one call of {_describe(name, params)}, found {len(found)}; "
                f"{self._made()}"
            )
        return found[0]

    def assert_not_called(self, operation: str, /, **params: Any) -> None:
        """Assert that ``operation`` was not called (with ``params``, if given).

        :raises AssertionError: it was; the message lists the calls made.
        """
        name = api_name(operation, "assert_not_called()")
        found = self._matching(name, params)
        if found:
            raise AssertionError(
                f"expected no call of {_describe(name, params)}, found {len(found)}; {self._made()}"
            )

    def assert_calls_in_order(
        self, expected: Sequence[str | tuple[str, Mapping[str, Any]]]
    ) -> None:
        """Assert that these calls were made in this order; other calls may come between them.

        Each item is an operation name (any call of it), or an ``(operation, params)`` pair
        whose params match as in :meth:`assert_called`.

        :raises AssertionError: they were not; the message lists the calls made.
        """
        wanted = [_expected_call(item) for item in expected]
        calls = iter(self._calls)
        for index, (name, params) in enumerate(wanted):
            if not any(call.operation == name and _call_matches(call, params) for call in calls):
                order = ", ".join(_describe(*item) for item in wanted)
                raise AssertionError(
                    f"expected the calls {order} in this order; item {index + 1} "
                    f"({_describe(name, params)}) has no match after the earlier ones; "
                    f"{self._made()}"
                )

    def _matching(self, name: str, params: Mapping[str, Any]) -> list[Call]:
        return [
            call for call in self._calls if call.operation == name and _call_matches(call, params)
        ]

    def _made(self) -> str:
        if not self._calls:
            return "no call was made"
        lines = [f"  {number}. {_format_call(call)}" for number, call in enumerate(self._calls, 1)]
        return f"calls made ({len(lines)}):\n" + "\n".join(lines)

    def append(self, call: Call) -> None:
        self._calls.append(call)

    def clear(self) -> None:
        """Forget the calls recorded so far; the mock's secrets stay. Every call is kept, with
        copies of its parameters and reply, until the mock stops or resets: a long script that
        makes hundreds of thousands of calls under one mock can drop them now and then."""
        self._calls.clear()


@cache
def _api_names() -> dict[str, str]:
    """Every Secrets Manager operation of the installed botocore, by API and by method name."""
    from botocore import xform_name

    from secretmock._validation import _installed_model

    names = _installed_model().operation_names
    return {**{name: name for name in names}, **{xform_name(name): name for name in names}}


def api_name(operation: object, taker: str) -> str:
    """The API name of ``operation``, given by its API or client method name.

    :raises SecretMockError: it is neither; the message names ``taker`` and lists the operations.
    """
    name = _api_names().get(operation) if isinstance(operation, str) else None
    if name is None:
        api_names = ", ".join(sorted(set(_api_names().values())))
        raise SecretMockError(
            f"{taker} takes a Secrets Manager operation, by its API name ('GetSecretValue') or "
            f"its client method name ('get_secret_value'); {operation!r} is neither. "
            f"The operations: {api_names}."
        )
    return name


_SECRET_ID = "SecretId"
_SECRET_ID_LIST = "SecretIdList"
_LONGEST_VALUE = 100  # characters of a parameter's repr in an assertion message


def _expected_call(item: object) -> tuple[str, Mapping[str, Any]]:
    if isinstance(item, str):
        return api_name(item, "assert_calls_in_order()"), {}
    if (
        isinstance(item, tuple)
        and len(item) == 2
        and isinstance(item[0], str)
        and isinstance(item[1], Mapping)
    ):
        return api_name(item[0], "assert_calls_in_order()"), item[1]
    raise SecretMockError(
        "assert_calls_in_order() takes a list of operation names and (operation, params) "
        f'pairs, such as ["CreateSecret", ("GetSecretValue", {{"SecretId": "db"}})]; '
        f"not {item!r}"
    )


def _call_matches(call: Call, expected: Mapping[str, Any]) -> bool:
    actual = call.params
    for key, value in expected.items():
        if key not in actual:
            return False
        found = actual[key]
        if key == _SECRET_ID:
            if not _same_id(value, found, call):
                return False
        elif key == _SECRET_ID_LIST:
            if not (
                isinstance(value, list | tuple)
                and isinstance(found, list | tuple)
                and len(value) == len(found)
                and all(_same_id(v, f, call) for v, f in zip(value, found, strict=True))
            ):
                return False
        elif not _matches(value, found):
            return False
    return True


def _same_id(expected: object, actual: object, call: Call) -> bool:
    if isinstance(expected, str) and isinstance(actual, str):
        # Imported here: `import secretmock` imports this module, and only assertions need it.
        from secretmock._secret_refs import same_secret

        # A name or partial ARN names a secret of the calling account, in the client's Region.
        return same_secret(expected, actual, call.region, call.account)
    return _matches(expected, actual)


def _matches(expected: object, actual: object) -> bool:
    if isinstance(expected, Mapping):
        return isinstance(actual, Mapping) and all(
            key in actual and _matches(value, actual[key]) for key, value in expected.items()
        )
    if isinstance(expected, list | tuple):
        return (
            isinstance(actual, list | tuple)
            and len(expected) == len(actual)
            and all(_matches(e, a) for e, a in zip(expected, actual, strict=True))
        )
    return bool(expected == actual)


def _describe(name: str, params: Mapping[str, Any]) -> str:
    return f"{name}({_format_params(params)})"


def _format_call(call: Call) -> str:
    outcome = "ok" if call.error is None else f"{call.error.code}: {call.error.message}"
    return f"{_describe(call.operation, call.params)} -> {outcome}"


def _format_params(params: Mapping[str, Any]) -> str:
    parts = []
    for key, value in params.items():
        text = repr(value)
        if len(text) > _LONGEST_VALUE:
            text = text[: _LONGEST_VALUE - 3] + "..."
        parts.append(f"{key}={text}")
    return ", ".join(parts)


# Values a snapshot shares with the original: nothing can change them in place.
_IMMUTABLE = frozenset({str, int, float, bool, type(None), bytes, datetime})


def snapshot(value: Any, body: bytes | str | None = None) -> Any:
    """A copy of ``value`` (API parameters) that shares nothing mutable with it. Never raises.

    Parameters are dicts, lists and tuples of immutable scalars: those are copied level by
    level and the scalars shared. Anything else, and nesting deeper than the stack allows
    (only a client without botocore's validation sends either), is copied by
    :func:`_copy_anything`, which reads what botocore serialized from ``body`` where the value
    itself cannot say it (a generator botocore has consumed).
    """
    try:
        return _copy_plain(value)
    except (_NotPlain, RecursionError):
        return _copy_anything(value, body)


class _NotPlain(Exception):
    """A value that is neither a dict, list or tuple nor an immutable scalar."""


def _copy_plain(value: Any) -> Any:
    kind = type(value)
    if kind in _IMMUTABLE:
        return value
    if kind is dict:
        copied = value.copy()
        for key, item in value.items():
            if type(item) not in _IMMUTABLE:
                copied[key] = _copy_plain(item)
        return copied
    if kind is list:
        if _IMMUTABLE.issuperset(map(type, value)):  # a list of ids or labels, in one C pass
            return value.copy()
        return [item if type(item) in _IMMUTABLE else _copy_plain(item) for item in value]
    if kind is tuple:
        return tuple([item if type(item) in _IMMUTABLE else _copy_plain(item) for item in value])
    raise _NotPlain


# Where a value sits in the parameters: (key or index, where its container sits), or None at the
# top. Linked, so that going one level deeper costs the same at any depth.
_Path = tuple[Any, "_Path"] | None
_ABSENT = object()
_TUPLE = object()


def _copy_anything(root: Any, body: bytes | str | None) -> Any:
    """A copy of ``root`` made without recursion, whatever it holds and however deep.

    - dicts, lists and tuples are copied level by level (a dict or list met again is copied
      once, so that a cycle ends);
    - a bytes-like object (bytearray, memoryview, array) becomes the bytes botocore
      base64-encoded;
    - anything else (a dict view, set, generator or other iterator, a subclass of dict, list,
      str or int) is recorded as botocore serialized it: the JSON value at its place in
      ``body``, a list for an iterable. Without one (no body), it is deep-copied, or kept as it
      is when even that fails.
    """
    sent = _Sent(body)
    copies: dict[int, Any] = {}  # the copy of each dict and list met, by id
    top: list[Any] = [None]
    # Each task: a value, its path, and where its copy goes (a container and its key). A task
    # whose value is _TUPLE turns the list at that place into a tuple, once its items are in.
    tasks: list[tuple[Any, _Path, Any, Any]] = [(root, None, top, 0)]
    copied: Any
    while tasks:
        value, path, into, key = tasks.pop()
        kind = type(value)
        if kind in _IMMUTABLE:
            into[key] = value
        elif value is _TUPLE:
            into[key] = tuple(into[key])
        elif id(value) in copies:
            into[key] = copies[id(value)]
        elif kind is dict:
            copied = into[key] = copies[id(value)] = dict.fromkeys(value)
            tasks.extend((item, (name, path), copied, name) for name, item in value.items())
        elif kind is list or kind is tuple:
            copied = into[key] = [None] * len(value)
            if kind is list:
                copies[id(value)] = copied
            else:
                tasks.append((_TUPLE, path, into, key))
            tasks.extend((item, (index, path), copied, index) for index, item in enumerate(value))
        else:
            into[key] = _copy_other(value, path, sent)
    return top[0]


def _copy_other(value: Any, path: _Path, sent: _Sent) -> Any:
    try:
        return memoryview(value).tobytes()
    except (TypeError, ValueError):
        pass  # not bytes-like (or a released memoryview, which botocore could not send)
    serialized = sent.at(path)
    if serialized is not _ABSENT:
        return serialized
    try:
        return copy.deepcopy(value)
    except Exception:
        return value


class _Sent:
    """The request body botocore serialized, parsed when first read."""

    def __init__(self, body: bytes | str | None) -> None:
        self._body = body
        self._document: Any = _ABSENT

    def at(self, path: _Path) -> Any:
        """The JSON value at ``path`` in the body; _ABSENT when there is none."""
        if self._document is _ABSENT:
            try:
                self._document = json.loads(self._body) if self._body else None
            except (ValueError, RecursionError):
                self._document = None
        keys = []
        while path is not None:
            key, path = path
            keys.append(key)
        value = self._document
        for key in reversed(keys):
            if isinstance(value, dict):
                found = key in value
            else:
                found = isinstance(value, list) and type(key) is int and 0 <= key < len(value)
            if not found:
                return _ABSENT
            value = value[key]
        return value


Copier = Callable[[Any], Any]


def reply_snapshot(operation: str, reply: dict[str, Any]) -> dict[str, Any]:
    """A copy of the mock's ``reply`` to ``operation`` that shares nothing mutable with it.

    Faster than :func:`snapshot` for the long replies (50 versions, 20 values): the reply has
    the operation's output shape, so only the members that hold containers are visited.
    """
    copier = _reply_copiers.get(operation)
    if copier is None:
        copier = _reply_copiers[operation] = _reply_copier(operation)
    return copier(reply)  # type: ignore[no-any-return]


_reply_copiers: dict[str, Copier] = {}


def _reply_copier(operation: str) -> Copier:
    # The model of the installed botocore: the one the mock's replies are built for.
    from secretmock._validation import _installed_model

    output_shape = _installed_model().operation_model(operation).output_shape
    copy_members = _copier(output_shape) if output_shape is not None else None
    copy_body = copy_members or dict.copy

    def copy_reply(reply: dict[str, Any]) -> dict[str, Any]:
        copied: dict[str, Any] = copy_body(reply)
        metadata = copied.get("ResponseMetadata")
        if metadata is not None:
            copied["ResponseMetadata"] = {**metadata, "HTTPHeaders": dict(metadata["HTTPHeaders"])}
        return copied

    return copy_reply


def _containers(shape: Shape) -> list[tuple[str, Copier]]:
    """The members of a structure that hold containers, each with its copier."""
    return [
        (name, member_copier)
        for name, member in shape.members.items()  # type: ignore[attr-defined]
        if (member_copier := _copier(member)) is not None
    ]


def _copier(shape: Shape) -> Copier | None:
    """What copies a value of ``shape``; None when it is immutable (a string, number, boolean,
    timestamp or blob) and can be shared."""
    kind = shape.type_name
    if kind == "structure":
        containers = _containers(shape)
        if not containers:
            return dict.copy

        def copy_structure(value: dict[str, Any]) -> dict[str, Any]:
            copied = value.copy()
            for name, copy_member in containers:
                item = copied.get(name)
                if item is not None:
                    copied[name] = copy_member(item)
            return copied

        return copy_structure
    if kind == "list":
        item_shape: Shape = shape.member  # type: ignore[attr-defined]
        copy_item = _copier(item_shape)
        if copy_item is None:
            return list.copy
        if item_shape.type_name == "structure":
            return _structures_copier(_containers(item_shape))
        return lambda value: list(map(copy_item, value))
    if kind == "map":
        copy_value = _copier(shape.value)  # type: ignore[attr-defined]
        if copy_value is None:
            return dict.copy
        return lambda value: {key: copy_value(item) for key, item in value.items()}
    return None


def _structures_copier(containers: list[tuple[str, Copier]]) -> Copier:
    """What copies a list of structures (ListSecretVersionIds' 50 versions, BatchGetSecretValue's
    20 values): every item at once, then each container member across the items, which spares a
    Python call per item (a quarter of the copy)."""

    def copy_structures(value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        copied = list(map(dict.copy, value))
        for name, copy_member in containers:
            for item in copied:
                inner = item.get(name)
                if inner is not None:
                    item[name] = copy_member(inner)
        return copied

    return copy_structures
