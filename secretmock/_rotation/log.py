"""The rotation log: every rotation a mock ran, each step's event and outcome."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, overload

#: The steps of a rotation, in the order Secrets Manager calls them [DOC "How rotation works"].
STEPS = ("createSecret", "setSecret", "testSecret", "finishSecret")

Outcome = Literal["succeeded", "failed"]
#: Why a rotation ran: RotateSecret (``"immediate"``), RotateSecret with RotateImmediately=false
#: (``"test"``: testSecret only), the rotation schedule (``"scheduled"``), or Secrets Manager
#: retrying an unfinished rotation (``"reattempt"``).
Trigger = Literal["immediate", "test", "scheduled", "reattempt"]


@dataclass(frozen=True)
class RotationStep:
    """One call of a rotation function: a step of one rotation, and how it ended."""

    secret_arn: str
    token: str  # the ClientRequestToken: the VersionId of the version being rotated in
    step: str  # createSecret, setSecret, testSecret or finishSecret
    function_arn: str
    event: Mapping[str, str] = field(repr=False)  # the event the handler was called with
    aws_request_id: str = field(repr=False)
    outcome: Outcome
    exception: BaseException | None = None


@dataclass(eq=False, repr=False)
class Rotation:
    """One rotation of one secret: why it ran, the steps that ran, and how it ended.

    ``outcome`` is ``"in progress"`` while the steps run, then ``"succeeded"`` once the last
    step returned, or ``"failed"`` with the step that raised (``failed_step``) and its
    ``exception``.
    """

    secret_arn: str
    secret_name: str
    token: str
    function_arn: str
    trigger: Trigger
    rotation_token: str
    steps: list[RotationStep] = field(default_factory=list)
    outcome: Literal["in progress", "succeeded", "failed"] = "in progress"
    failed_step: str | None = None
    exception: BaseException | None = None

    @property
    def succeeded(self) -> bool:
        return self.outcome == "succeeded"

    def __repr__(self) -> str:
        steps = ", ".join(f"{step.step}: {step.outcome}" for step in self.steps)
        return f"<Rotation {self.describe()} [{steps}]>"

    def describe(self) -> str:
        where = f" at {self.failed_step}" if self.failed_step else ""
        error = f": {self.exception!r}" if self.exception is not None else ""
        return (
            f"{self.trigger} rotation of {self.secret_arn} (token {self.token}) "
            f"{self.outcome}{where}{error}"
        )


class RotationLog(Sequence[Rotation]):
    """Every rotation a mock ran, oldest first; cleared when the mock stops, like ``calls``."""

    def __init__(self) -> None:
        self._rotations: list[Rotation] = []

    @overload
    def __getitem__(self, index: int) -> Rotation: ...

    @overload
    def __getitem__(self, index: slice) -> list[Rotation]: ...

    def __getitem__(self, index: int | slice) -> Rotation | list[Rotation]:
        return self._rotations[index]

    def __len__(self) -> int:
        return len(self._rotations)

    def __iter__(self) -> Iterator[Rotation]:
        return iter(self._rotations)

    def __repr__(self) -> str:
        return f"RotationLog({self._rotations!r})"

    @property
    def steps(self) -> list[RotationStep]:
        """Every handler call of every rotation, in order."""
        return [step for rotation in self._rotations for step in rotation.steps]

    def failed(self) -> list[Rotation]:
        return [rotation for rotation in self._rotations if rotation.outcome == "failed"]

    def for_secret(self, secret_id: str) -> list[Rotation]:
        """The rotations of one secret, named by name or full ARN."""
        return [
            rotation
            for rotation in self._rotations
            if secret_id in (rotation.secret_arn, rotation.secret_name)
        ]

    def assert_succeeded(self) -> None:
        """Fail (AssertionError) if a rotation failed, naming each and chaining the first error."""
        failures = self.failed()
        if not failures:
            return
        lines = "\n".join(f"  - {rotation.describe()}" for rotation in failures)
        raise AssertionError(f"{len(failures)} rotation(s) failed:\n{lines}") from failures[
            0
        ].exception

    def append(self, rotation: Rotation) -> None:
        self._rotations.append(rotation)

    def clear(self) -> None:
        self._rotations.clear()
