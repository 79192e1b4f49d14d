"""Where a write's time goes next to botocore's Stubber, and the least a write could cost.

Run it with ``python benchmarks/write_budget.py`` (``--rounds``, ``--budget`` and ``--ops`` as
in bench.py). A diagnostic, not a test: it asks how far the writes (CreateSecret, PutSecretValue,
UpdateSecret) can come towards 1.3x of Stubber, by timing, in the same rounds as bench.py and on
the same client:

Stubber
    botocore's Stubber with the parsed answer (queueing it is not timed), as in bench.py.
secretmock
    ``mock_secrets()`` as users run it.
canned hook
    ``mock_secrets()`` whose answer is replaced by the parsed answer, copied: botocore's own work
    on the call plus secretmock's hook, with no backend work at all. No in-process mock that
    answers through botocore's ``before-call`` event can cost less.
no encryption
    secretmock with sealing replaced by handing back one value sealed beforehand.
no enc/valid/record
    secretmock also without its validation layer and without recording the call.

The last two take out work the project requires (values encrypted with a data key per version,
one validation layer, recorded calls as snapshots): they measure what that work costs inside a
real call, where it also slows botocore's own part, and they are never how secretmock runs.
They reach into secretmock's private modules, which this script puts back after each round.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from botocore.awsrequest import AWSResponse, HeadersDict

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench  # the sibling script, run from anywhere

import secretmock
from secretmock import _dispatch, _hook
from secretmock._kms import envelope

WRITES = ("CreateSecret", "PutSecretValue", "UpdateSecret")
TARGET = bench.CORE_OVER_STUBBER


class CannedHook(bench.Contender):
    """secretmock's hook answering with the canned reply: botocore's work and the hook's only."""

    name = "canned hook"

    def __init__(self, client: Any) -> None:
        super().__init__()
        self.client = client

    @contextlib.contextmanager
    def active(
        self, workload: bench.Workload, canned: bench.Canned
    ) -> Iterator[tuple[Any, bench.Between]]:
        with secretmock.mock_secrets():
            responder: Any = _hook.active[-1]
            http = AWSResponse(None, canned.status, HeadersDict(), None)  # type: ignore[arg-type]
            parsed = canned.parsed

            def answer(*_: Any, **__: Any) -> tuple[Any, dict[str, Any]]:
                return http, {**parsed, "ResponseMetadata": dict(parsed["ResponseMetadata"])}

            responder.answer = answer
            yield self.client, None


class Without(bench.Contender):
    """secretmock with some of its required work taken out (see the module's docstring)."""

    def __init__(self, client: Any, name: str, parts: Sequence[str]) -> None:
        super().__init__()
        self.client = client
        self.name = name
        self.parts = parts

    @contextlib.contextmanager
    def active(
        self, workload: bench.Workload, canned: bench.Canned
    ) -> Iterator[tuple[Any, bench.Between]]:
        with secretmock.mock_secrets() as mock, _taken_out(self.parts, mock):
            workload.setup(self.client)
            yield self.client, None


@contextlib.contextmanager
def _taken_out(parts: Sequence[str], mock: Any) -> Iterator[None]:
    """Replace the attributes that do each part; put them back afterwards."""
    replacements: list[tuple[object, str, object]] = []
    if "encryption" in parts:
        real_seal = envelope.seal
        sealed: list[Any] = []

        def sealed_once(value: str | bytes, key: Any, reported: str) -> Any:
            if not sealed:
                sealed.append(real_seal(value, key, reported))
            return sealed[0]

        for module in list(sys.modules.values()):
            name = getattr(module, "__name__", "") or ""
            if name.startswith("secretmock") and getattr(module, "seal", None) is real_seal:
                replacements.append((module, "seal", sealed_once))
    if "validation" in parts:
        replacements.append((_dispatch, "validate_request", _checked_as_given))
    if "recording" in parts:
        replacements += [
            (_dispatch, "snapshot", _same),
            (_dispatch, "reply_snapshot", lambda operation, reply: reply),
            (mock.calls, "append", _same),
        ]
    with bench.stand_ins(replacements):
        yield


def _checked_as_given(operation: str, params: Any, wire: Any, rules: Any) -> Any:
    return params


def _same(value: Any, *_: Any) -> Any:
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--budget", type=float, default=2.0)
    parser.add_argument("--ops", type=int, default=4000)
    options = parser.parse_args(argv)
    settings = bench.Settings(
        rounds=options.rounds, warmup=10, max_calls=options.ops, budget=options.budget
    )
    client = bench.make_client()
    contenders: list[bench.Contender] = [
        bench.StubberContender(client),
        bench.SecretMock(client),
        CannedHook(client),
        Without(client, "no encryption", ("encryption",)),
        Without(client, "no enc/valid/record", ("encryption", "validation", "recording")),
    ]
    gc.collect()
    gc.freeze()
    print(f"load average at the start: {bench._load_average()}", flush=True)
    rows = [
        bench.run_workload(workload, contenders, client, settings)
        for workload in bench.workloads()
        if workload.name in WRITES
    ]
    print()
    for line in bench.machine_lines():
        print(line)
    print()
    print(f"Median per call, microseconds (ratio to Stubber); the target is {TARGET}x of Stubber.")
    names = [contender.name for contender in contenders]
    print(f"{'operation':16}{'target':>10}" + "".join(f"{name:>22}" for name in names))
    for row in rows:
        stubber = row.cells["Stubber"]
        line = f"{row.workload.name:16}{stubber.median_us * TARGET:>10.1f}"
        for name in names:
            samples = row.cells[name]
            share = bench.ratio(samples, stubber)
            line += f"{samples.median_us:>14.1f} ({bench.ratio_text(share)})"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
