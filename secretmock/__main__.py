"""Command line: ``python -m secretmock demo`` and ``python -m secretmock serve``."""

from __future__ import annotations

import argparse
import sys

from secretmock import __version__
from secretmock._server import DEFAULT_HOST, DEFAULT_PORT


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="secretmock", description="An in-process mock of AWS Secrets Manager."
    )
    parser.add_argument("--version", action="version", version=f"secretmock {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="walk through a secret's life with boto3 against the mock")
    _add_serve(commands)
    arguments = parser.parse_args(argv)
    if arguments.command == "serve":
        from secretmock._server.command import serve

        return serve(arguments)
    from secretmock._demo import run_demo

    run_demo()
    return 0


def _add_serve(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = commands.add_parser(
        "serve",
        help="serve the mock over HTTP (AWS's JSON 1.1 protocol) for any SDK or process",
        description="Serve AWS Secrets Manager over HTTP until SIGINT or SIGTERM. "
        "Needs the server extra: pip install 'secretmock[server]'.",
    )
    serve.add_argument(
        "--host", default=DEFAULT_HOST, help=f"address to listen on ({DEFAULT_HOST})"
    )
    serve.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port to listen on ({DEFAULT_PORT}; 0: any)"
    )
    serve.add_argument(
        "--region",
        default="us-east-1",
        help="Region of unsigned requests and of the mock's helpers (us-east-1); a signed "
        "request's Region is its credential scope's",
    )
    serve.add_argument(
        "--account-id",
        default="123456789012",
        help="account of every access key id that is not 12 digits (123456789012)",
    )
    serve.add_argument("--seed", type=int, help="seed every random choice (ARNs, request ids)")
    serve.add_argument(
        "--state",
        metavar="FILE",
        help="keep the whole state in this SQLite file; a restarted server continues from it",
    )
    serve.add_argument(
        "--check-signatures",
        action="store_true",
        help="refuse requests whose SigV4 signature is not made with a known secret key "
        "(see --credentials)",
    )
    serve.add_argument(
        "--credentials",
        action="append",
        default=[],
        metavar="KEY_ID:SECRET",
        help="an access key id and its secret access key, for --check-signatures (repeatable)",
    )
    serve.add_argument(
        "--rotation",
        action="append",
        default=[],
        metavar="NAME=MODULE:FUNCTION",
        help="register the Python handler MODULE:FUNCTION as the rotation function NAME (a "
        "Lambda function name or ARN); it runs in the server process (repeatable)",
    )


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
