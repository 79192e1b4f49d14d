"""How much ``import secretmock`` adds to importing botocore, from ``python -X importtime``.

A report, not a gate: timing depends on the machine. The budget is 20 ms.

    python benchmarks/import_time.py [--runs 7]
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
from pathlib import Path


def _cumulative_us(statement: str, module: str) -> int:
    """The cumulative import time of ``module`` as -X importtime reports it, in microseconds."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", statement],
        capture_output=True,
        text=True,
        check=True,
        env=_ENV,
    )
    for line in result.stderr.splitlines():
        parts = [part.strip() for part in line.removeprefix("import time:").split("|")]
        if len(parts) == 3 and parts[2] == module:
            return int(parts[1])
    raise RuntimeError(f"{module} not in the importtime report")


# Users import from cached bytecode: compile first, and let Python use the cache even where the
# environment says not to write it.
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=7, help="runs of each figure (the median)")
    runs: int = parser.parse_args().runs

    import secretmock

    compileall.compile_dir(Path(secretmock.__file__).parent, quiet=1)
    # Import botocore first, so what is left under "secretmock" is secretmock's own cost.
    own = [
        _cumulative_us("import botocore.session, botocore.client; import secretmock", "secretmock")
        for _ in range(runs)
    ]
    heavy = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, secretmock; print(sorted({'boto3', 'pytest', 'cryptography'} & set(sys.modules)))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    print(
        f"import secretmock after botocore: median {statistics.median(own) / 1000:.1f} ms over {runs} runs (budget 20 ms)"
    )
    print(f"heavy modules imported by 'import secretmock': {heavy}")
    # The backend, the rotation engine and the operations load with the first mock and its first
    # call instead: a one-time cost that only processes which use the mock pay.
    first = [_first_use_ms() for _ in range(runs)]
    print(
        f"first mock and first call (loading the backend and operations, once per process): "
        f"median {statistics.median(first):.1f} ms"
    )


_FIRST_USE = """
import time, botocore.session, botocore.client, secretmock
client = botocore.session.get_session().create_client("secretsmanager", region_name="us-east-1")
started = time.perf_counter()
with secretmock.mock_secrets():
    try:
        client.describe_secret(SecretId="missing")
    except client.exceptions.ResourceNotFoundException:
        pass
print((time.perf_counter() - started) * 1000)
"""


def _first_use_ms() -> float:
    result = subprocess.run(
        [sys.executable, "-c", _FIRST_USE], capture_output=True, text=True, check=True, env=_ENV
    )
    return float(result.stdout)


if __name__ == "__main__":
    main()
