"""What restoring a snapshot costs, next to rebuilding the same secrets by calls or by add_secret.

Run it with ``python benchmarks/restore.py`` (``--secrets``, ``--versions``, ``--rounds``). A
report, not a test: the figures depend on the machine and are printed, never asserted.

For N secrets (each with a description, two tags and V versions, the newest AWSCURRENT and the
one before it AWSPREVIOUS) it times, in one process:

by calls
    ``create_secret`` and ``put_secret_value`` through a boto3 client, as a test's setup makes
    them: N * V calls.
add_secret
    ``SecretsManagerMock.add_secret`` with the same secrets: no botocore, no recorded call, the
    same checks and write paths.
load
    ``SecretsManagerMock.load`` of a document with the same secrets.
snapshot / restore
    ``snapshot()`` of that state, and ``restore()`` of it into the same mock after a test
    changed it (one secret deleted), which is what a test fixture pays per test.

Each figure is the median of ``--rounds`` runs, with the garbage collector collected before
and paused during each timed run (as ``timeit`` does).
"""

from __future__ import annotations

import argparse
import gc
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

import boto3

from secretmock import SecretsManagerMock, mock_secrets


def secrets_document(count: int, versions: int) -> dict[str, Any]:
    labels: list[list[str]] = [[] for _ in range(versions)]
    labels[-1] = ["AWSCURRENT"]
    if versions > 1:
        labels[-2] = ["AWSPREVIOUS"]
    return {
        "secrets": [
            {
                "name": f"app/secret-{number:05d}",
                "description": f"secret number {number}",
                "tags": {"team": "core", "env": "test"},
                "versions": [
                    {"value": f"value-{number}-{version}", "labels": labels[version]}
                    for version in range(versions)
                ],
            }
            for number in range(count)
        ]
    }


def by_calls(mock: SecretsManagerMock, document: dict[str, Any]) -> None:
    client = boto3.client("secretsmanager", region_name="us-east-1")
    for secret in document["secrets"]:
        first, *rest = secret["versions"]
        client.create_secret(
            Name=secret["name"],
            Description=secret["description"],
            Tags=[{"Key": key, "Value": value} for key, value in secret["tags"].items()],
            SecretString=first["value"],
        )
        for version in rest:
            client.put_secret_value(SecretId=secret["name"], SecretString=version["value"])


def by_add_secret(mock: SecretsManagerMock, document: dict[str, Any]) -> None:
    for secret in document["secrets"]:
        mock.add_secret(**secret)


def by_load(mock: SecretsManagerMock, document: dict[str, Any]) -> None:
    mock.load(document)


def timed(run: Callable[[], object]) -> float:
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        run()
        return time.perf_counter() - start
    finally:
        gc.enable()


def median_of(rounds: int, prepare: Callable[[], Callable[[], object]]) -> float:
    return statistics.median(timed(prepare()) for _ in range(rounds))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--secrets", type=int, default=1000)
    parser.add_argument("--versions", type=int, default=1, help="versions per secret")
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args(argv)
    document = secrets_document(options.secrets, options.versions)

    figures: dict[str, float] = {}
    for label, build in (
        ("by calls", by_calls),
        ("add_secret", by_add_secret),
        ("load", by_load),
    ):
        with mock_secrets() as mock:

            def rebuild(mock: SecretsManagerMock = mock, build: Any = build) -> Callable[[], None]:
                mock.reset()
                return lambda: build(mock, document)

            figures[label] = median_of(options.rounds, rebuild)

    with mock_secrets() as mock:
        by_add_secret(mock, document)
        figures["snapshot"] = median_of(options.rounds, lambda: mock.snapshot)
        snapshot = mock.snapshot()
        client = boto3.client("secretsmanager", region_name="us-east-1")

        def changed() -> Callable[[], None]:
            client.delete_secret(SecretId="app/secret-00000", ForceDeleteWithoutRecovery=True)
            return lambda: mock.restore(snapshot)

        figures["restore"] = median_of(options.rounds, changed)
        assert len(mock.store().secrets()) == options.secrets

    print(
        f"{options.secrets} secrets, {options.versions} version(s) each; median of "
        f"{options.rounds} rounds; Python {platform.python_version()} on {sys.platform}"
    )
    print()
    print("| setup | total | per secret | restore is faster by |")
    print("|---|---:|---:|---:|")
    for label, seconds in figures.items():
        ratio = "" if label in ("restore", "snapshot") else f"{seconds / figures['restore']:.0f}x"
        per_secret = seconds / options.secrets * 1e6
        print(f"| {label} | {seconds * 1e3:.1f} ms | {per_secret:.1f} µs | {ratio} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
