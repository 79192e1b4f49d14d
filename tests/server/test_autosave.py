"""``--state FILE`` follows the state while the server runs: a server killed with SIGKILL keeps
what it saved a moment before; a read that changes nothing writes nothing; a write is atomic."""

from __future__ import annotations

import signal
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from secretmock import SecretsManagerMock, SecretsManagerServer
from secretmock._server.autosave import AutoSave
from secretmock._server.state import Snapshot, load, write
from tests.server.support import POLICY, client, serve, state_replies

PLAINTEXTS = ("first-plaintext-value", "second-plaintext-value", "binary-plaintext-value")


def eventually(condition: Callable[[], bool], what: str) -> None:
    """Wait (30 s at most) until ``condition`` holds."""
    deadline = time.monotonic() + 30
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"still not {what} after 30 s")
        time.sleep(0.05)


def saved_policies(path: Path) -> int:
    """How many resource policies the state file holds (0 while there is no file yet)."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.OperationalError:
        return 0
    try:
        return int(connection.execute("SELECT COUNT(*) FROM policies").fetchone()[0])
    except sqlite3.OperationalError:  # no file yet: SQLite made an empty database to read
        return 0
    finally:
        connection.close()


def test_a_server_killed_with_sigkill_keeps_what_it_saved(tmp_path):
    path = tmp_path / "state.sqlite"
    with serve("--state", str(path)) as (process, endpoint):
        sm = client(endpoint)
        sm.create_secret(Name="app", SecretString=PLAINTEXTS[0], Tags=[{"Key": "a", "Value": "b"}])
        sm.put_secret_value(SecretId="app", SecretString=PLAINTEXTS[1], VersionStages=["CUSTOM"])
        sm.put_secret_value(SecretId="app", SecretBinary=PLAINTEXTS[2].encode())
        sm.create_secret(Name="doomed", SecretString="x")
        sm.delete_secret(SecretId="doomed", RecoveryWindowInDays=7)
        for stage in ("AWSCURRENT", "CUSTOM", "AWSPREVIOUS"):  # the reads below change nothing
            sm.get_secret_value(SecretId="app", VersionStage=stage)
        sm.put_resource_policy(SecretId="app", ResourcePolicy=POLICY)  # the last change
        eventually(lambda: saved_policies(path) == 1, "saved")
        before = state_replies(client(endpoint))
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    with serve("--state", str(path)) as (_, endpoint):
        assert state_replies(client(endpoint)) == before
    content = path.read_bytes()
    for plaintext in PLAINTEXTS:
        assert plaintext.encode() not in content


def test_a_change_is_written_once_and_a_read_that_changes_nothing_is_not(tmp_path):
    path = tmp_path / "state.sqlite"
    server = SecretsManagerServer(SecretsManagerMock(), port=0, state=path)
    autosave = server._autosave
    assert autosave is not None
    autosave.delay = 3600  # only this test's saves: its thread waits past the test
    with server:
        sm = client(server.endpoint_url)
        sm.create_secret(Name="app", SecretString="v")
        assert autosave.save() is True
        written = path.stat()
        assert autosave.save() is False
        sm.get_secret_value(SecretId="app")  # the first read of the day: LastAccessedDate
        assert autosave.save() is True
        sm.get_secret_value(SecretId="app")
        sm.list_secrets()
        assert autosave.save() is False
        assert path.stat().st_ino != written.st_ino  # replaced, not written in place
        sm.put_secret_value(SecretId="app", SecretString="w")
        assert autosave.save() is True
    with SecretsManagerServer(SecretsManagerMock(), port=0, state=path) as restarted:
        assert (
            client(restarted.endpoint_url).get_secret_value(SecretId="app")["SecretString"] == "w"
        )


def test_a_restarted_server_does_not_write_the_state_it_read(tmp_path):
    path = tmp_path / "state.sqlite"
    with SecretsManagerServer(SecretsManagerMock(), port=0, state=path) as first:
        client(first.endpoint_url).create_secret(Name="app", SecretString="v")
    second = SecretsManagerServer(SecretsManagerMock(), port=0, state=path)
    assert second._autosave is not None
    second._autosave.delay = 3600  # only this test's saves
    with second:
        client(second.endpoint_url).list_secrets()
        assert second._autosave.save() is False


def test_a_write_that_fails_halfway_leaves_the_previous_file_whole(tmp_path):
    path = tmp_path / "state.sqlite"
    with SecretsManagerServer(SecretsManagerMock(), port=0, state=path) as server:
        client(server.endpoint_url).create_secret(Name="app", SecretString="v")
    # a row of no table: the write stops after it wrote the rows before it
    broken = Snapshot(0.0, [("meta", ("schema_version", "2")), ("no_such_table", ())])
    with pytest.raises(KeyError):
        write(broken, path)
    assert path.with_name(path.name + ".writing").exists()
    with SecretsManagerServer(SecretsManagerMock(), port=0, state=path) as restarted:
        value = client(restarted.endpoint_url).get_secret_value(SecretId="app")
    assert value["SecretString"] == "v"
    assert not path.with_name(path.name + ".writing").exists()


def test_a_failing_save_is_told_once_and_retried(tmp_path, capsys):
    mock = SecretsManagerMock()
    path = tmp_path / "not-yet" / "state.sqlite"
    autosave = AutoSave(mock._backend, path, delay=0.01)
    autosave.start()
    try:
        mock.kms.create_key(alias="app")
        autosave.changed()
        told: list[str] = []

        def errors() -> str:
            told.append(capsys.readouterr().err)
            return "".join(told)

        eventually(lambda: bool(errors()), "told")
        time.sleep(0.1)  # more attempts fail meanwhile, untold
        assert errors().splitlines() == [
            f"secretmock: cannot save the state to {path}: unable to open database file"
        ]
        path.parent.mkdir()
        eventually(path.exists, "saved")
    finally:
        autosave.stop()
    restored = SecretsManagerMock()
    load(restored._backend, path)
    assert [key.aliases for key in restored.kms.list_keys()] == [["alias/app"]]
