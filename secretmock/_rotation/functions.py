"""Rotation functions: the Python handlers a test registers in place of Lambda functions.

A function registered by name answers every Lambda ARN of that name in the mock's account; one
registered by ARN answers exactly that ARN (see :meth:`RotationFunctions.resolve`). Either only
in the partition of the secret's Region.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from secretmock._ids import partition_of
from secretmock._rotation import DEFAULT_MEMORY_SIZE, DEFAULT_TIMEOUT, RotationHandler
from secretmock.errors import SecretMockError

_LAMBDA_ARN = re.compile(
    r"arn:(aws[a-z-]*):lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]{1,64})"
    r"(?::([A-Za-z0-9$_-]{1,128}))?"
)
_FUNCTION_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")


class LambdaArn(NamedTuple):
    """The parts of ``arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]``."""

    partition: str
    region: str
    account_id: str
    name: str
    qualifier: str | None

    @property
    def version(self) -> str:
        """The version Lambda runs: a numeric qualifier names one, anything else ``$LATEST``."""
        if self.qualifier is not None and self.qualifier.isdigit():
            return self.qualifier
        return "$LATEST"


def parse_lambda_arn(value: str) -> LambdaArn | None:
    match = _LAMBDA_ARN.fullmatch(value)
    if match is None:
        return None
    partition, region, account_id, name, qualifier = match.groups()
    return LambdaArn(partition, region, account_id, name, qualifier)


def _lambda_arn(region: str, account_id: str, name: str) -> str:
    return f"arn:{partition_of(region)}:lambda:{region}:{account_id}:function:{name}"


@dataclass(frozen=True, eq=False)
class RotationFunction:
    """A rotation function registered on a mock: a Python handler standing in for a Lambda.

    Give :attr:`arn` to ``rotate_secret(RotationLambdaARN=...)``. A function registered by name
    also answers every other ARN of that name in the mock's account (any Region of the secret's
    partition, any qualifier); one registered by ARN answers exactly that ARN.
    """

    name: str
    arn: str
    handler: RotationHandler
    environment: Mapping[str, str] = field(default_factory=dict)
    timeout: float = DEFAULT_TIMEOUT
    memory_size: int = DEFAULT_MEMORY_SIZE
    by_arn: bool = False

    def __repr__(self) -> str:
        return f"<RotationFunction {self.arn} handler={self.handler!r}>"


class RotationFunctions:
    """The rotation functions of one mock, found by the Lambda ARN a secret's rotation names."""

    def __init__(self, account_id: str) -> None:
        self.account_id = account_id
        self._by_name: dict[str, RotationFunction] = {}
        self._by_arn: dict[str, RotationFunction] = {}

    def register(
        self,
        name_or_arn: str,
        handler: RotationHandler,
        *,
        region: str,
        environment: Mapping[str, str] | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        memory_size: int = DEFAULT_MEMORY_SIZE,
    ) -> RotationFunction:
        if not callable(handler):
            raise SecretMockError(f"a rotation function must be callable, not {handler!r}")
        variables: dict[str, object] = dict(environment or {})
        for key, value in variables.items():
            if not isinstance(value, str):
                raise SecretMockError(f"environment variables must be strings: {key!r}={value!r}")
        strings = {key: str(value) for key, value in variables.items()}
        if name_or_arn.startswith("arn:"):
            arn = parse_lambda_arn(name_or_arn)
            if arn is None:
                raise SecretMockError(
                    f"not a Lambda function ARN: {name_or_arn!r} (expected "
                    "arn:aws:lambda:REGION:ACCOUNT:function:NAME)"
                )
            function = RotationFunction(
                arn.name, name_or_arn, handler, strings, timeout, memory_size, by_arn=True
            )
            self._by_arn[name_or_arn] = function
            return function
        if not _FUNCTION_NAME.fullmatch(name_or_arn):
            raise SecretMockError(
                f"not a Lambda function name: {name_or_arn!r} (1-64 letters, digits, - and _)"
            )
        function = RotationFunction(
            name_or_arn,
            _lambda_arn(region, self.account_id, name_or_arn),
            handler,
            strings,
            timeout,
            memory_size,
        )
        self._by_name[name_or_arn] = function
        return function

    def unregister(self, name_or_arn: str) -> None:
        table = self._by_arn if name_or_arn.startswith("arn:") else self._by_name
        if table.pop(name_or_arn, None) is None:
            raise SecretMockError(f"no rotation function is registered as {name_or_arn!r}")

    def resolve(self, arn: str, partition: str) -> RotationFunction | None:
        """The function a RotationLambdaARN invokes for a secret in ``partition``, or None (AWS
        cannot invoke it).

        Assumed [INF]: Secrets Manager invokes no function of another partition than its own
        (partitions are isolated; their accounts and Regions are apart), nor an ARN whose
        Region is not in the partition it names.
        """
        parsed = parse_lambda_arn(arn)
        if (
            parsed is None
            or parsed.partition != partition
            or partition_of(parsed.region) != partition
        ):
            return None
        exact = self._by_arn.get(arn)
        if exact is not None:
            return exact
        if parsed.account_id != self.account_id:
            return None
        return self._by_name.get(parsed.name)

    def __iter__(self) -> Iterator[RotationFunction]:
        return iter([*self._by_name.values(), *self._by_arn.values()])

    def __len__(self) -> int:
        return len(self._by_name) + len(self._by_arn)

    def __repr__(self) -> str:
        return f"RotationFunctions({list(self)!r})"
