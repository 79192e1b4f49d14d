"""Command line: ``python -m secretmock demo``."""

from __future__ import annotations

import argparse
import sys

from secretmock import __version__


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="secretmock", description="An in-process mock of AWS Secrets Manager."
    )
    parser.add_argument("--version", action="version", version=f"secretmock {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="walk through a secret's life with boto3 against the mock")
    parser.parse_args(argv)
    from secretmock._demo import run_demo

    run_demo()
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
