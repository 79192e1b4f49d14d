"""Server mode: GetSecretValue requests a second from one boto3 client loop, over HTTP.

Each server runs in a process of its own on a free port; the same loop (one boto3 client with
``endpoint_url``, one secret, GetSecretValue after GetSecretValue) runs against each:

- ``secretmock``: ``python -m secretmock serve`` (waitress);
- ``secretmock --state``: the same with a state file, which it saves again within a second of
  a change (a new file for each round): the loop's reads change nothing, so it shows what
  looking for changes costs the request path;
- ``secretmock on <library>``: the same WSGI application under another server library, to
  compare the candidates (werkzeug's threaded development server, which closes the connection
  after every request; cheroot, threaded; uvicorn, its WSGI interface); a library that is not
  installed is skipped;
- ``waitress, a constant reply``: waitress, as ``secretmock serve`` runs it, around an
  application that reads the request and answers every one with the same GetSecretValue reply:
  what the HTTP library costs by itself, the floor under ``secretmock``'s server CPU;
- ``moto_server``: moto's server (``pip install 'moto[server]'``), skipped when absent.

Run: ``python benchmarks/server.py [--calls N] [--rounds R]``. The best of R rounds is shown:
this machine is shared, and the best round is the least disturbed one. Each row also gives the
CPU time one request costs, the client's and the server process's (Linux: /proc), which other
processes on a busy machine disturb far less than the wall clock: one client loop cannot go
faster than one request per (client + server) CPU time.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import boto3

# The secretmock WSGI application under another library: {library: code run with the port}.
_LIBRARIES = {
    "werkzeug": "from werkzeug.serving import run_simple; run_simple('127.0.0.1', {port}, app, "
    "threaded=True)",
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

# waitress with secretmock serve's settings, around a constant reply.
_CONSTANT_REPLY = """
import uuid
from waitress import serve
from secretmock._server.server import WORKER_THREADS
reply = (
    b'{{"ARN":"arn:aws:secretsmanager:us-east-1:123456789012:secret:benchmark-AbCdEf",'
    b'"Name":"benchmark","VersionId":"01234567-89ab-cdef-0123-456789abcdef",'
    b'"SecretString":"value","VersionStages":["AWSCURRENT"],"CreatedDate":1767225600.25}}'
)
def app(environ, start_response):
    environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    start_response("200 OK", [
        ("x-amzn-RequestId", str(uuid.uuid4())),
        ("Content-Type", "application/x-amz-json-1.1"),
        ("Content-Length", str(len(reply))),
    ])
    return [reply]
serve(app, host="127.0.0.1", port={port}, threads=WORKER_THREADS, ident="secretmock",
      asyncore_use_poll=True)
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of process ``pid`` so far (0 where /proc is absent)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def _process(command: list[str], port: int) -> Iterator[tuple[str, int]]:
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
        yield f"http://127.0.0.1:{port}", process.pid
    finally:
        process.terminate()
        process.wait(timeout=60)


class Server(NamedTuple):
    name: str
    command: list[str]
    port: int
    state: Path | None = None  # its --state file: removed before each round


def _servers(directory: Path) -> Iterator[Server]:
    port = _free_port()
    serve = [sys.executable, "-m", "secretmock", "serve", "--port", str(port)]
    yield Server("secretmock", serve, port)
    state = directory / "state.sqlite"
    yield Server("secretmock --state", [*serve, "--state", str(state)], port, state)
    for library, code in _LIBRARIES.items():
        if importlib.util.find_spec(library) is not None:
            port = _free_port()
            command = [sys.executable, "-c", _APP + code.format(port=port)]
            yield Server(f"secretmock on {library}", command, port)
    port = _free_port()
    constant = [sys.executable, "-c", _CONSTANT_REPLY.format(port=port)]
    yield Server("waitress, a constant reply", constant, port)
    if importlib.util.find_spec("flask") is not None and importlib.util.find_spec("moto"):
        port = _free_port()
        yield Server("moto_server", [sys.executable, "-m", "moto.server", "-p", str(port)], port)


class Round(NamedTuple):
    rate: float  # requests a second
    client_cpu: float  # CPU seconds a request, in the client
    server_cpu: float  # CPU seconds a request, in the server process


def _round(endpoint: str, pid: int, calls: int) -> Round:
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
    server_before, client_before = _cpu_seconds(pid), time.process_time()
    started = time.perf_counter()
    for _ in range(calls):
        client.get_secret_value(SecretId="benchmark")
    elapsed = time.perf_counter() - started
    return Round(
        calls / elapsed,
        (time.process_time() - client_before) / calls,
        (_cpu_seconds(pid) - server_before) / calls,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    os.environ.pop("AWS_ENDPOINT_URL", None)
    print(f"GetSecretValue, one boto3 client loop, best of {arguments.rounds} x {arguments.calls}")
    print(f"{'server':26} {'req/s':>7} {'client CPU':>11} {'server CPU':>11}  rounds (req/s)")
    with tempfile.TemporaryDirectory() as directory:
        for server in _servers(Path(directory)):
            rounds = []
            for _ in range(arguments.rounds):
                if server.state is not None:  # each round starts from an empty state
                    server.state.unlink(missing_ok=True)
                with _process(server.command, server.port) as (endpoint, pid):
                    rounds.append(_round(endpoint, pid, arguments.calls))
            best = max(rounds)
            client_cpu = min(found.client_cpu for found in rounds) * 1e6
            server_cpu = min(found.server_cpu for found in rounds) * 1e6
            print(
                f"{server.name:26} {best.rate:7.0f} {client_cpu:8.0f} µs {server_cpu:8.0f} µs  "
                f"{', '.join(f'{found.rate:.0f}' for found in rounds)}"
            )


if __name__ == "__main__":
    main()
