"""A running server: waitress, a threaded WSGI server, around a mock's backend.

waitress keeps connections open between requests (HTTP/1.1 keep-alive, as AWS's endpoints do)
and answers them from a pool of worker threads; the backend's one re-entrant lock makes each
call atomic, so concurrent requests are safe. Rotation functions run in this process, in the
worker thread of the RotateSecret request; their own Secrets Manager calls come back to this
server over HTTP, answered by other workers. (benchmarks/server.py compares the candidate
libraries; waitress costs the least CPU per request.)
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from waitress import wasyncore
from waitress.server import create_server

from secretmock._rotation import DEFAULT_MEMORY_SIZE, DEFAULT_TIMEOUT, RotationHandler
from secretmock._rotation.lambda_runtime import FAKE_ACCESS_KEY_ID, FAKE_SECRET_ACCESS_KEY
from secretmock._server import DEFAULT_HOST, DEFAULT_PORT
from secretmock._server.app import SecretsManagerApp
from secretmock._server.autosave import AutoSave
from secretmock._server.state import load
from secretmock.errors import SecretMockError

if TYPE_CHECKING:
    from secretmock._mock import SecretsManagerMock
    from secretmock._rotation.functions import RotationFunction
    from secretmock._rotation.log import Rotation
#: Worker threads: concurrent requests, and a rotation's own calls while RotateSecret waits.
#: A RotateSecret holds its worker until its function returns, and the function's calls need
#: another: with 8 workers, 8 rotations at once waited for each other for ever. Idle workers
#: cost next to nothing, so there are enough for 63 rotations waiting at once.
WORKER_THREADS = 64
# How often the serving loop looks whether it should stop, in seconds.
_POLL_SECONDS = 0.1


class SecretsManagerServer:
    """A mock's backend served over HTTP from a thread (:meth:`start`, :meth:`shutdown`).

    Everything a :class:`~secretmock.SecretsManagerMock` offers tests (``calls``, ``store()``,
    ``kms``, ``advance_time``, ``rotations``, ...) is available on the server itself and
    answers for the served backend. The mock is never activated in this process: a boto3
    client with ``endpoint_url`` talks HTTP to it like any other SDK.

    :param port: 0 picks a free port.
    :param credentials: ``{access key id: secret access key}`` whose signatures
        ``check_signatures`` accepts, besides those of credentials minted with
        ``credentials_for``.
    :param state: an SQLite file the state is read from (if it exists) and written to within
        a second of a call that changed it, and when the server shuts down
        (:mod:`secretmock._server.autosave`).
    """

    def __init__(
        self,
        mock: SecretsManagerMock,
        *,
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
        check_signatures: bool = False,
        credentials: Mapping[str, str] | None = None,
        state: str | Path | None = None,
    ) -> None:
        self.mock = mock
        self.state = None if state is None else Path(state)
        if self.state is not None and self.state.exists():
            load(mock._backend, self.state)
        self._autosave = None if self.state is None else AutoSave(mock._backend, self.state)
        # Rotation functions sign with Lambda's stand-in credentials (see lambda_runtime).
        self.credentials = {FAKE_ACCESS_KEY_ID: FAKE_SECRET_ACCESS_KEY, **(credentials or {})}
        self.app = SecretsManagerApp(
            mock,
            mock.region,
            self._secret_key if check_signatures else None,
            after_call=None if self._autosave is None else self._autosave.changed,
        )
        self._sockets: dict[int, Any] = {}  # waitress's socket map: the loop serves these
        self._http = create_server(
            self.app,
            map=self._sockets,
            host=host,
            port=port,
            threads=WORKER_THREADS,
            ident="secretmock",
            asyncore_use_poll=True,
        )
        listening = getattr(self._http, "effective_listen", None)
        self._port = int(listening[0][1] if listening else self._http.effective_port)
        self._host = host
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def _secret_key(self, access_key_id: str) -> str | None:
        """The secret key a request signed with ``access_key_id`` must have used: one given to
        the server, or that of credentials the mock minted (``credentials_for``)."""
        given = self.credentials.get(access_key_id)
        if given is not None:
            return given
        with self.mock._backend.lock:
            return self.mock._backend.identities.secret_key(access_key_id)

    @property
    def endpoint_url(self) -> str:
        host = self._host
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{self._port}"

    # -- running -----------------------------------------------------------------------------

    def start(self) -> SecretsManagerServer:
        """Serve in a daemon thread; returns once the server accepts connections."""
        if self._thread is not None:
            raise SecretMockError("this secretmock server is already running")
        self._thread = threading.Thread(target=self._serve, name="secretmock-server", daemon=True)
        self._thread.start()
        if self._autosave is not None:
            self._autosave.start()
        return self

    def _serve(self) -> None:
        while not self._stopping.is_set():
            wasyncore.loop(timeout=_POLL_SECONDS, map=self._sockets, use_poll=True, count=1)

    def shutdown(self) -> None:
        """Stop serving, if started, close the sockets, and write the state file, if any
        (waiting for a save under way)."""
        if self._thread is not None:
            self._stopping.set()
            self._thread.join()
            self._thread = None
        self._http.task_dispatcher.shutdown()
        wasyncore.close_all(self._sockets)
        if self._autosave is not None:
            self._autosave.stop()

    def __enter__(self) -> SecretsManagerServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.shutdown()

    # -- the test-author API of the mock, answering for the served backend --------------------

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.mock, name)

    def register_rotation_function(
        self,
        name_or_arn: str,
        handler: RotationHandler,
        *,
        environment: Mapping[str, str] | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        memory_size: int = DEFAULT_MEMORY_SIZE,
    ) -> RotationFunction:
        """As :meth:`SecretsManagerMock.register_rotation_function`; the handler's clients reach
        this server: its environment names the endpoint (``SECRETS_MANAGER_ENDPOINT``, which
        AWS's rotation templates read, and ``AWS_ENDPOINT_URL_SECRETS_MANAGER``, which every
        boto3 client reads)."""
        endpoint = {
            "SECRETS_MANAGER_ENDPOINT": self.endpoint_url,
            "AWS_ENDPOINT_URL_SECRETS_MANAGER": self.endpoint_url,
        }
        return self.mock.register_rotation_function(
            name_or_arn,
            handler,
            environment={**endpoint, **(environment or {})},
            timeout=timeout,
            memory_size=memory_size,
        )

    def run_due_rotations(self) -> list[Rotation]:
        """Run now every scheduled rotation whose NextRotationDate has passed; return them."""
        from secretmock._operations.rotation import run_due_rotations

        return run_due_rotations(self.mock._backend)

    def __repr__(self) -> str:
        return f"<SecretsManagerServer {self.endpoint_url} {self.mock!r}>"
