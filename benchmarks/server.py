"""Server mode: GetSecretValue requests a second from one boto3 client loop, over HTTP.

Each server runs in a process of its own on a free port; the same loop (one boto3 client with
``endpoint_url``, one secret, GetSecretValue after GetSecretValue) runs against each:

- ``secretmock``: ``python -m secretmock serve`` (werkzeug's threaded server);
- ``secretmock on <library>``: the same WSGI application under another server library, to
  compare the candidates (waitress, cheroot: threaded WSGI servers; uvicorn: its WSGI
  interface); a library that is not installed is skipped;
- ``moto_server``: moto's server (``pip install 'moto[server]'``), skipped when absent.

Run: ``python benchmarks/server.py [--calls N] [--rounds R]``. The best of R rounds is shown:
this machine is shared, and the best round is the least disturbed one.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import boto3

# The secretmock WSGI application under another library: {library: code run with the port}.
_LIBRARIES = {
    "waitress": "from waitress import serve; serve(app, host='127.0.0.1', port={port}, "
    "threads=8, _quiet=True)",
    "cheroot": "from cheroot.wsgi import Server; Server(('127.0.0.1', {port}), app, "
    "numthreads=8).safe_start()",
    "uvicorn": "import uvicorn; uvicorn.run(app, host='127.0.0.1', port={port}, "
    "interface='wsgi', log_level='error')",
}
_APP = (
    "from secretmock._mock import SecretsManagerMock; "
    "from secretmock._server.app import SecretsManagerApp; "
    "app = SecretsManagerApp(SecretsManagerMock(), 'us-east-1'); "
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def _process(command: list[str], port: int) -> Iterator[str]:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"{command} did not start") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def _servers() -> Iterator[tuple[str, list[str], int]]:
    port = _free_port()
    yield "secretmock", [sys.executable, "-m", "secretmock", "serve", "--port", str(port)], port
    for library, code in _LIBRARIES.items():
        if importlib.util.find_spec(library) is not None:
            port = _free_port()
            command = [sys.executable, "-c", _APP + code.format(port=port)]
            yield f"secretmock on {library}", command, port
    if importlib.util.find_spec("flask") is not None and importlib.util.find_spec("moto"):
        port = _free_port()
        yield "moto_server", [sys.executable, "-m", "moto.server", "-p", str(port)], port


def _rate(endpoint: str, calls: int) -> float:
    client = boto3.client(
        "secretsmanager",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="benchmark",
        aws_secret_access_key="benchmark",
    )
    client.create_secret(Name="benchmark", SecretString="value")
    for _ in range(50):  # warm up: the first calls load models and open the connection
        client.get_secret_value(SecretId="benchmark")
    started = time.perf_counter()
    for _ in range(calls):
        client.get_secret_value(SecretId="benchmark")
    return calls / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    os.environ.pop("AWS_ENDPOINT_URL", None)
    print(f"GetSecretValue, one boto3 client loop, best of {arguments.rounds} x {arguments.calls}")
    for name, command, port in _servers():
        rates = []
        for _ in range(arguments.rounds):
            with _process(command, port) as endpoint:
                rates.append(_rate(endpoint, arguments.calls))
        print(
            f"{name:24} {max(rates):8.0f} req/s   (rounds: {', '.join(f'{r:.0f}' for r in rates)})"
        )


if __name__ == "__main__":
    main()
