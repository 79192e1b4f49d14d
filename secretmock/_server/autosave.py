"""The ``--state`` file kept up to date while the server runs, so a server killed with SIGKILL
(or a crashed container) loses at most the last :data:`SAVE_DELAY` seconds of changes.

Requests only raise a flag (:meth:`AutoSave.changed`): no request waits for a write. A
background thread looks at the flag every :data:`SAVE_DELAY` seconds and, when it is up, takes
a snapshot of the whole state under the backend's lock and writes it if it differs from the
last one written (a read that changes nothing writes nothing), into a new file that then
replaces the old one (:func:`secretmock._server.state.write`). A burst of changes makes one
write. The server's stop writes the state one last time.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from secretmock._backend.backend import Backend
from secretmock._server.state import Snapshot, snapshot, write

#: Seconds from a change to its save, at most (plus the time the save takes).
SAVE_DELAY = 1.0


class AutoSave:
    """Saves ``backend``'s state to ``path`` from a thread (:meth:`start`, :meth:`stop`)."""

    def __init__(self, backend: Backend, path: Path, delay: float = SAVE_DELAY) -> None:
        self.backend = backend
        self.path = path
        self.delay = delay
        self._pending = False  # a call may have changed the state since the last look
        # What the file holds: the state just read from it, if any.
        self._saved: Snapshot | None = snapshot(backend) if path.exists() else None
        self._failure: str | None = None  # the last write's error, told once
        self._saving = threading.Lock()  # one write at a time: the thread's or the stop's
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def changed(self) -> None:
        """Note that a call may have changed the state (cheap: every request calls it)."""
        self._pending = True

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="secretmock-autosave", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the thread, then save the state, changed or not."""
        if self._thread is not None:
            self._stopping.set()
            self._thread.join()
            self._thread = None
        self.save(always=True)

    def save(self, *, always: bool = False) -> bool:
        """Write the state if it changed since the last write (or ``always``); whether it
        wrote."""
        self._pending = False  # before the snapshot: a change after it raises the flag again
        with self._saving:
            state = snapshot(self.backend)
            if not always and self._saved is not None and state.same_state(self._saved):
                return False
            write(state, self.path)
            self._saved = state
            return True

    def _run(self) -> None:
        while not self._stopping.wait(self.delay):
            if not self._pending:
                continue
            try:
                self.save()
                self._failure = None
            except Exception as error:  # a full disk must not stop the server: tell, retry
                self._pending = True
                if str(error) != self._failure:
                    self._failure = str(error)
                    print(
                        f"secretmock: cannot save the state to {self.path}: {error}",
                        file=sys.stderr,
                    )
