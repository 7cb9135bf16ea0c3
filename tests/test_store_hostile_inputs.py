"""The store refuses hostile or damaged databases with one line (exit 2), never a traceback.

Found by the review of issue 9: ``--db /dev/zero`` ended in a traceback (the failed COMMIT
was followed by a ROLLBACK outside any transaction), and a row damaged outside reglament
(its JSON or timestamps edited by hand) ended in a ``JSONDecodeError`` traceback.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from store_support import SOCIAL

from toolkit.store import StoreError, open_store
from toolkit.store.db import _rollback

REGLAMENT = str(Path(sys.executable).parent / "reglament")


def instances(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([REGLAMENT, "instances", *args], capture_output=True, text=True, timeout=60, cwd=cwd)


def assert_one_line(proc: subprocess.CompletedProcess[str], *words: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("reglament: error:"), proc.stderr
    for word in words:
        assert word in lines[0]


@pytest.mark.parametrize("kind", ["device", "fifo", "directory"])
def test_a_non_regular_file_as_db_is_refused(kind: str, tmp_path: Path) -> None:
    if kind == "device":
        db = "/dev/zero"
    elif kind == "fifo":
        db = str(tmp_path / "fifo.db")
        os.mkfifo(db)
    else:
        db = str(tmp_path / "dir.db")
        os.mkdir(db)
    proc = instances("list", "--db", db, cwd=tmp_path)
    assert_one_line(proc, "not a regular file")


def test_rollback_after_a_failed_commit_does_not_hide_the_error() -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    _rollback(conn)  # no transaction open: nothing to do, and no second error
    conn.execute("BEGIN")
    _rollback(conn)
    assert not conn.in_transaction


@pytest.fixture
def damaged(tmp_path: Path) -> tuple[Path, Path]:
    """A store with one started instance, and a copy in which to damage rows."""
    db = tmp_path / "store.db"
    with open_store(f"sqlite:///{db}") as store:
        store.start(str(SOCIAL), {"iin": "800315400125"}, user="reception")
    return tmp_path, db


@pytest.mark.parametrize(("column", "commands"), [
    ("UPDATE instances SET data = '{bad'", [["show", "1"], ["list"], ["complete", "1", "accept_documents"]]),
    ("UPDATE instances SET updated_at = 'yesterday'", [["show", "1"], ["list"]]),
    ("UPDATE tasks SET clauses = '{bad'", [["queue"], ["show", "1"]]),
    ("UPDATE tasks SET ready_since = 'soon'", [["queue"]]),
    ("UPDATE history SET data_changed = '[1,'", [["history", "1"]]),
])
def test_a_damaged_row_is_one_line_naming_the_instance(damaged: tuple[Path, Path], column: str,
                                                        commands: list[list[str]]) -> None:
    cwd, db = damaged
    with sqlite3.connect(db) as conn:
        conn.execute(column)
    for command in commands:
        assert_one_line(instances(*command, "--db", str(db), cwd=cwd), "instance 1", "damaged")


def test_a_damaged_row_is_a_store_error_through_the_api(damaged: tuple[Path, Path]) -> None:
    _cwd, db = damaged
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE instances SET data = 'not json'")
    with open_store(f"sqlite:///{db}") as store, pytest.raises(StoreError, match="instance 1: .*damaged"):
        store.get(1)


def test_an_unreachable_postgresql_is_one_line_with_the_reason(tmp_path: Path) -> None:
    import socket
    with socket.socket() as sock:  # a loopback port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = instances("list", "--db", f"postgresql://nobody:secret@127.0.0.1:{port}/x", cwd=tmp_path)
    assert_one_line(proc, "cannot connect to PostgreSQL", "refused")
    assert "secret" not in proc.stderr


@pytest.mark.parametrize("name", ["evil\nreglament: error: fake", "tab\there", "", "   ", "bell\x07"])
def test_the_api_refuses_user_names_that_would_forge_the_audit_trail(name: str, tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'users.db'}")
    with pytest.raises(StoreError, match="one line of printable text"):
        store.start(SOCIAL, user=name)
    started = store.start(SOCIAL, user="Айгерім Серікқызы")
    with pytest.raises(StoreError, match="one line of printable text"):
        store.complete(started.instance.id, "accept_documents", {"documents_complete": True}, user=name)
    assert [h.who for h in store.history(started.instance.id) if h.who] == ["Айгерім Серікқызы"]
    store.close()
