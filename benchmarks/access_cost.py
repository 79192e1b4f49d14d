"""What the accounts, policies and KMS layer costs a same-account call (issue 10).

A call of the mock's own account, on a secret without a resource policy under the AWS managed
key, still goes through every check a cross-account call goes through: who the caller is, the
key policy's kms:Decrypt or kms:GenerateDataKey, the AWS managed key's own-account rule, and
whether the secret's store or policy calls for an evaluation. This script times secretmock's
answer to GetSecretValue and PutSecretValue alone in a loop (botocore's part left out, so that
sub-microsecond differences show) two ways, taking turns in rounds:

with the checks
    secretmock as it runs.
without the checks
    the caller resolved once beforehand, and each KMS access check replaced by its outcome for
    a same-account caller (allowed; every wrapping readable; the managed key usable).

The difference is what those checks cost the call. (The resource-policy check of a lookup is
one comparison inside ``Request.lookup`` and stays in both.) The script reaches into
secretmock's private modules and puts them back after each round.

    python benchmarks/access_cost.py [--rounds 20]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench  # the sibling script, run from anywhere

import secretmock
from secretmock._operations import key_use

SECRETS = 600  # PutSecretValue spreads its versions over these, far from the 100-version quota
CALLS_PER_ROUND = 400
WARM_UP = 50
VALUE = json.dumps({"username": "app", "password": "pw-" + "x" * 29, "host": "db.internal"})

Answer = Callable[..., Any]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rounds", type=int, default=20)
    rounds: int = parser.parse_args().rounds
    client = boto3.session.Session().client("secretsmanager", region_name="us-east-1")
    with secretmock.mock_secrets() as mock:
        calls = _captured_calls(mock, client)
        print("median µs of secretmock's answer alone, same account, AWS managed key")
        for operation, call in calls.items():
            timed: dict[bool, list[int]] = {True: [], False: []}
            for _ in range(rounds):
                for checked in (True, False):
                    with contextlib.nullcontext() if checked else _without_checks(mock):
                        times = [call() for _ in range(CALLS_PER_ROUND)]
                    timed[checked] += times[WARM_UP:]
                if operation == "PutSecretValue":
                    _fill(mock, client)  # versions pile up; start again from one per secret
            with_checks = statistics.median(timed[True]) / 1000
            without = statistics.median(timed[False]) / 1000
            print(
                f"  {operation:16} with the checks {with_checks:6.2f}   "
                f"without {without:6.2f}   difference {with_checks - without:5.2f}"
            )
    return 0


def _fill(mock: secretmock.SecretsManagerMock, client: Any) -> None:
    mock.reset()
    for number in range(SECRETS):
        client.create_secret(Name=f"access/{number}", SecretString=VALUE)


def _captured_calls(
    mock: secretmock.SecretsManagerMock, client: Any
) -> dict[str, Callable[[], int]]:
    """Each operation's answer as the hook calls it, replayed by a function that times it."""
    _fill(mock, client)
    real: Answer = mock.answer
    captured: list[tuple[tuple[Any, ...], dict[str, Any]]] = []

    def capture(*args: Any, **kwargs: Any) -> Any:
        captured.append((args, kwargs))
        return real(*args, **kwargs)

    mock.answer = capture  # type: ignore[method-assign]
    try:
        client.get_secret_value(SecretId="access/1")
        client.put_secret_value(SecretId="access/1", SecretString="first")
    finally:
        del mock.answer  # the class's method again
    (get_args, get_kwargs), (put_args, put_kwargs) = captured
    count = 0

    def get() -> int:
        started = time.perf_counter_ns()
        real(*get_args, **get_kwargs)
        return time.perf_counter_ns() - started

    def put() -> int:
        nonlocal count
        count += 1
        params = {
            **put_args[1],
            "SecretId": f"access/{count % SECRETS}",
            "SecretString": f"{VALUE}{count}",
            "ClientRequestToken": str(uuid.uuid4()),
        }
        started = time.perf_counter_ns()
        real(put_args[0], params, *put_args[2:], **put_kwargs)
        return time.perf_counter_ns() - started

    return {"GetSecretValue": get, "PutSecretValue": put}


def _without_checks(mock: secretmock.SecretsManagerMock) -> contextlib.AbstractContextManager[None]:
    identities = mock._backend.identities
    caller = identities.caller(
        None, "us-east-1"
    )  # a client without credentials: the mock's own account
    return bench.stand_ins(
        [
            (key_use, "allows", lambda *_: True),
            (key_use, "readable", lambda wrappings, *_: wrappings),
            (key_use, "_refuse_default_key_across_accounts", lambda *_: None),
            (identities, "caller", lambda *_: caller),
        ]
    )


if __name__ == "__main__":
    raise SystemExit(main())
