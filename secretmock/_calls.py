"""The record of every Secrets Manager call a mock answered."""

from __future__ import annotations

import copy
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
    mock's secrets.

    One API call of the code under test, however many attempts botocore would have made against
    AWS: an error botocore retries is one Call, and the exception the client raised reports the
    retries in its ``ResponseMetadata`` (``RetryAttempts``, ``MaxAttemptsReached``).
    """

    operation: str
    params: Mapping[str, Any]
    region: str
    response: Mapping[str, Any] | None
    error: SecretsManagerError | None


class CallList(Sequence[Call]):
    """The calls a mock answered, oldest first. It is cleared in place when the mock resets.

    One entry per API call the code under test made, as a test counts its calls: the retries
    botocore would make for an error are reported in the reply's ``RetryAttempts`` (and
    ``MaxAttemptsReached``), not recorded as calls, and the operation is not run again for them.
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
        api_name = _api_names().get(operation)
        if api_name is None:
            raise SecretMockError(_not_an_operation(operation))
        return [call for call in self._calls if call.operation == api_name]

    def append(self, call: Call) -> None:
        self._calls.append(call)

    def clear(self) -> None:
        self._calls.clear()


@cache
def _api_names() -> dict[str, str]:
    """Every Secrets Manager operation of the installed botocore, by API and by method name."""
    from botocore import xform_name

    from secretmock._validation import _installed_model

    names = _installed_model().operation_names
    return {**{name: name for name in names}, **{xform_name(name): name for name in names}}


def _not_an_operation(operation: object) -> str:
    api_names = ", ".join(sorted(set(_api_names().values())))
    return (
        f"calls.of() takes a Secrets Manager operation, by its API name ('GetSecretValue') or "
        f"its client method name ('get_secret_value'); {operation!r} is neither. "
        f"The operations: {api_names}."
    )


# Values a snapshot shares with the original: nothing can change them in place.
_IMMUTABLE = frozenset({str, int, float, bool, type(None), bytes, datetime})


def snapshot(value: Any) -> Any:
    """A copy of ``value`` that shares nothing mutable with it (for API parameters).

    Parameters are dicts, lists and tuples of immutable scalars, so those are copied level by
    level and the scalars shared; anything else (a bytearray, a caller's own mapping) is
    deep-copied.
    """
    kind = type(value)
    if kind in _IMMUTABLE:
        return value
    if kind is dict:
        copied = value.copy()
        for key, item in value.items():
            if type(item) not in _IMMUTABLE:
                copied[key] = snapshot(item)
        return copied
    if kind is list:
        return [item if type(item) in _IMMUTABLE else snapshot(item) for item in value]
    if kind is tuple:
        return tuple([item if type(item) in _IMMUTABLE else snapshot(item) for item in value])
    return copy.deepcopy(value)


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


def _copier(shape: Shape) -> Copier | None:
    """What copies a value of ``shape``; None when it is immutable (a string, number, boolean,
    timestamp or blob) and can be shared."""
    kind = shape.type_name
    if kind == "structure":
        members = shape.members  # type: ignore[attr-defined]
        containers = [
            (name, member_copier)
            for name, member in members.items()
            if (member_copier := _copier(member)) is not None
        ]
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
        copy_item = _copier(shape.member)  # type: ignore[attr-defined]
        if copy_item is None:
            return list.copy
        return lambda value: [copy_item(item) for item in value]
    if kind == "map":
        copy_value = _copier(shape.value)  # type: ignore[attr-defined]
        if copy_value is None:
            return dict.copy
        return lambda value: {key: copy_value(item) for key, item in value.items()}
    return None
