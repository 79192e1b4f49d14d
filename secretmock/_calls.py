"""The record of every Secrets Manager call a mock answered."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, NamedTuple, overload

from secretmock.errors import SecretsManagerError


class Call(NamedTuple):
    """One answered call: the operation, its API parameters, and the reply or the AWS error.

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
        """The calls of one operation (its API name, such as ``"GetSecretValue"``)."""
        return [call for call in self._calls if call.operation == operation]

    def append(self, call: Call) -> None:
        self._calls.append(call)

    def clear(self) -> None:
        self._calls.clear()
