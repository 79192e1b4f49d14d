"""``secretmock serve``: a server in the foreground until SIGINT or SIGTERM."""

from __future__ import annotations

import argparse
import importlib
import signal
import sys
import threading
from types import FrameType
from typing import Any

from secretmock._calls import Call, CallList
from secretmock.errors import SecretMockError


class _Unrecorded(CallList):
    """The calls of the command's server: none is kept."""

    def append(self, call: Call) -> None:
        pass


def serve(arguments: argparse.Namespace) -> int:
    try:
        import waitress  # noqa: F401
    except ImportError:
        print("secretmock serve needs waitress: pip install 'secretmock[server]'", file=sys.stderr)
        return 2
    from secretmock._mock import SecretsManagerMock
    from secretmock._server.server import SecretsManagerServer

    try:
        mock = SecretsManagerMock(
            region=arguments.region, account_id=arguments.account_id, seed=arguments.seed
        )
        # Nothing outside this process can read the calls a test's mock records, and a server
        # that runs for days would keep every one of them.
        mock.calls = _Unrecorded()
        server = SecretsManagerServer(
            mock,
            host=arguments.host,
            port=arguments.port,
            check_signatures=arguments.check_signatures,
            credentials=dict(_pair(text, ":") for text in arguments.credentials),
            state=arguments.state,
        )
    except (SecretMockError, OSError) as error:
        print(f"secretmock serve: {error}", file=sys.stderr)
        return 2
    try:
        for text in arguments.rotation:
            name, handler = _pair(text, "=")
            server.register_rotation_function(name, _load_handler(handler))
    except (SecretMockError, ImportError, AttributeError) as error:
        server.shutdown()
        print(f"secretmock serve: {error}", file=sys.stderr)
        return 2
    stopping = threading.Event()

    def stop(signum: int, frame: FrameType | None) -> None:
        stopping.set()

    previous = {signum: signal.signal(signum, stop) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        server.start()
        print(f"secretmock serving AWS Secrets Manager on {server.endpoint_url}", flush=True)
        stopping.wait()
        server.shutdown()
    finally:
        for signum, saved in previous.items():
            signal.signal(signum, saved)
    print("secretmock server stopped", flush=True)
    return 0


def _pair(text: str, separator: str) -> tuple[str, str]:
    first, found, second = text.partition(separator)
    if not found or not first or not second:
        raise SecretMockError(f"expected FIRST{separator}SECOND, not {text!r}")
    return first, second


def _load_handler(reference: str) -> Any:
    """The function ``module:function`` names (the module imported from sys.path)."""
    module_name, function_name = _pair(reference, ":")
    handler = getattr(importlib.import_module(module_name), function_name)
    if not callable(handler):
        raise SecretMockError(f"{reference} is not a function")
    return handler
