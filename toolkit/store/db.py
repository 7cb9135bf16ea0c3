"""Two databases behind one small interface: SQLite (a file, WAL) and PostgreSQL (psycopg 3 + pool).

The store writes its SQL once, with ``?`` placeholders, and this module adapts it
(``%s`` for psycopg). Reads run outside transactions (autocommit); writes run in
:meth:`Database.transaction`, which on SQLite takes the write lock up front
(``BEGIN IMMEDIATE``, so two writers queue instead of failing half-way) and on
PostgreSQL is an ordinary READ COMMITTED transaction — the store's optimistic
revision check, not the isolation level, is what keeps two workers apart.

Plain DB-API rather than SQLAlchemy Core: the store has about twenty statements,
the two dialects differ in four words of DDL, and every statement is on the hot
path of a step (SQLAlchemy's compilation and result wrapping would cost more than
the statement itself on SQLite). docs/store.md says more.
"""

from __future__ import annotations

import functools
import os
import re
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from toolkit.store.errors import StoreError

Params = Sequence[Any]
Row = tuple[Any, ...]


class Tx(Protocol):
    """What a transaction offers the store."""

    def execute(self, sql: str, params: Params = ()) -> int: ...
    def executemany(self, sql: str, rows: Sequence[Params]) -> None: ...
    def query(self, sql: str, params: Params = ()) -> list[Row]: ...
    def queries(self, statements: Sequence[tuple[str, Params]]) -> list[list[Row]]:
        """Several statements' rows; on PostgreSQL sent together, answered in one round trip."""
        ...


class Database(Protocol):
    """A connection (pool) to one store database."""

    dialect: str
    url: str

    def query(self, sql: str, params: Params = ()) -> list[Row]: ...
    def transaction(self) -> Any: ...
    def explain(self, sql: str, params: Params = ()) -> list[str]: ...
    def close(self) -> None: ...


def connect(url: str, *, pool_size: int = 4) -> Database:
    """Open the database a URL names.

    ``postgresql://user@host:port/db`` (or ``postgres://``) is PostgreSQL;
    ``sqlite:///relative.db``, ``sqlite:////absolute.db`` or a bare path is SQLite.
    """
    if not isinstance(url, str) or not url.strip():
        raise StoreError("no database given: pass a URL such as sqlite:///instances.db or postgresql://…")
    if url.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        return PostgresDatabase(url.replace("postgresql+psycopg://", "postgresql://"), pool_size=pool_size)
    if url.startswith("sqlite://"):
        path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else ""
        if not path:
            raise StoreError(f"{url}: give a file, e.g. sqlite:///instances.db (an in-memory store "
                             "would vanish with the process)")
        return SqliteDatabase(path)
    if "://" in url:
        raise StoreError(f"{url}: unknown database; use sqlite:///FILE or postgresql://…")
    return SqliteDatabase(url)


# -- SQLite -------------------------------------------------------------------------------

class _SqliteTx:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Params = ()) -> int:
        return self.conn.execute(sql, tuple(params)).rowcount

    def executemany(self, sql: str, rows: Sequence[Params]) -> None:
        if rows:
            self.conn.executemany(sql, [tuple(r) for r in rows])

    def query(self, sql: str, params: Params = ()) -> list[Row]:
        return self.conn.execute(sql, tuple(params)).fetchall()

    def queries(self, statements: Sequence[tuple[str, Params]]) -> list[list[Row]]:
        return [self.query(sql, params) for sql, params in statements]


class SqliteDatabase:
    """One file; one connection per thread; WAL so readers never wait for the writer.

    ``synchronous=NORMAL`` in WAL mode loses nothing when a *process* dies (the crash
    tests kill workers with SIGKILL); only a power cut can drop the last commits.
    """

    dialect = "sqlite"

    def __init__(self, path: str) -> None:
        self.path = str(Path(path))
        self.url = f"sqlite:///{self.path}"
        parent = Path(self.path).resolve().parent
        if not parent.is_dir():
            raise StoreError(f"{self.path}: directory {parent} does not exist")
        if Path(self.path).exists() and not Path(self.path).is_file():
            # A directory, FIFO or device (/dev/zero) is no database: SQLite would fail late
            # (at COMMIT) or block; refuse it before opening.
            raise StoreError(f"{self.path}: not a regular file, cannot be a SQLite store")
        self._local = threading.local()
        self._pid = os.getpid()
        self._conn()  # fail now, with one line, if the file cannot be opened

    def _conn(self) -> sqlite3.Connection:
        current: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if current is not None and self._pid == os.getpid():
            return current
        try:
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=60, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA busy_timeout=60000")
            conn.execute("PRAGMA foreign_keys=ON")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot open as a SQLite store: {exc}") from None
        self._local.conn = conn
        self._pid = os.getpid()
        return conn

    def query(self, sql: str, params: Params = ()) -> list[Row]:
        try:
            return self._conn().execute(sql, tuple(params)).fetchall()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: {exc}") from None

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        conn = self._conn()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: {exc}") from None
        try:
            yield _SqliteTx(conn)
        except BaseException:
            _rollback(conn)
            raise
        try:
            conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            _rollback(conn)
            raise StoreError(f"{self.path}: commit failed: {exc}") from None

    def explain(self, sql: str, params: Params = ()) -> list[str]:
        return [str(row[-1]) for row in self.query("EXPLAIN QUERY PLAN " + sql, params)]

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


def _rollback(conn: sqlite3.Connection) -> None:
    """Roll back if a transaction is still open: a failed COMMIT may already have ended it,
    and a second error here would hide the first one."""
    try:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    except sqlite3.DatabaseError:
        pass


# -- PostgreSQL ---------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\?")


@functools.cache
def _pg(sql: str) -> str:
    """The statement with PostgreSQL's ``%s`` placeholders; the store's statements are few, so cached."""
    return _PLACEHOLDER.sub("%s", sql)


class _PgTx:
    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Params = ()) -> int:
        return int(self.conn.execute(_pg(sql), tuple(params)).rowcount)

    def executemany(self, sql: str, rows: Sequence[Params]) -> None:
        if rows:
            with self.conn.cursor() as cur:
                cur.executemany(_pg(sql), [tuple(r) for r in rows])

    def query(self, sql: str, params: Params = ()) -> list[Row]:
        return list(self.conn.execute(_pg(sql), tuple(params)).fetchall())

    def queries(self, statements: Sequence[tuple[str, Params]]) -> list[list[Row]]:
        cursors = [self.conn.execute(_pg(sql), tuple(params)) for sql, params in statements]
        return [list(cursor.fetchall()) for cursor in cursors]  # the first fetch syncs them all


class PostgresDatabase:
    """A psycopg 3 connection pool; statements are prepared by psycopg after a few uses."""

    dialect = "postgresql"

    def __init__(self, url: str, *, pool_size: int = 4) -> None:
        try:
            import psycopg
            from psycopg_pool import ConnectionPool
        except ImportError:  # pragma: no cover - psycopg is a dependency
            raise StoreError("PostgreSQL needs psycopg 3 and psycopg_pool: pip install 'psycopg[binary]' "
                             "psycopg_pool") from None
        self._psycopg = psycopg
        self.url = url
        self._pid = os.getpid()
        self._pool_size = pool_size
        self._pool = self._open_pool(ConnectionPool)

    def _probe(self) -> None:
        """Connect once directly before opening the pool: a wrong host, port or password then
        fails at once with the server's own reason, where the pool would retry for its whole
        timeout, log every attempt on stderr and end with "pool initialization incomplete"."""
        try:
            self._psycopg.connect(self.url, connect_timeout=10).close()
        except self._psycopg.Error as exc:
            raise StoreError(f"{_redact(self.url)}: cannot connect to PostgreSQL: "
                             f"{' '.join(str(exc).split())}") from None

    def _open_pool(self, pool_class: Any) -> Any:
        self._probe()
        pool = pool_class(self.url, min_size=1, max_size=self._pool_size, kwargs={"autocommit": True},
                          open=False, timeout=30)
        try:
            pool.open(wait=True, timeout=10)
        except Exception as exc:
            pool.close()
            raise StoreError(f"{_redact(self.url)}: cannot connect to PostgreSQL: "
                             f"{' '.join(str(exc).split())}") from None
        return pool

    def _connection(self) -> Any:
        if self._pid != os.getpid():  # a forked child must not share its parent's sockets
            from psycopg_pool import ConnectionPool
            self._pid = os.getpid()
            self._pool = self._open_pool(ConnectionPool)
        return self._pool.connection()

    def query(self, sql: str, params: Params = ()) -> list[Row]:
        try:
            with self._connection() as conn:
                return list(conn.execute(_pg(sql), tuple(params)).fetchall())
        except self._psycopg.Error as exc:
            raise StoreError(f"{_redact(self.url)}: {' '.join(str(exc).split())}") from None

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        with self._connection() as conn:
            try:
                # Pipeline mode: statements whose results are not read are sent without waiting
                # for each answer; reading a result (a RETURNING row) flushes what is queued. A
                # step then costs a few round trips instead of one per statement.
                with conn.pipeline(), conn.transaction():  # BEGIN rides with the first statements
                    yield _PgTx(conn)
            except self._psycopg.errors.SerializationFailure as exc:  # pragma: no cover - READ COMMITTED
                raise StoreError(f"{_redact(self.url)}: {exc}") from None
            except self._psycopg.OperationalError as exc:
                raise StoreError(f"{_redact(self.url)}: {' '.join(str(exc).split())}") from None

    def explain(self, sql: str, params: Params = ()) -> list[str]:
        return [str(row[0]) for row in self.query("EXPLAIN " + sql, params)]

    def close(self) -> None:
        if self._pid == os.getpid():
            self._pool.close()


def _redact(url: str) -> str:
    """The URL without its password, for error messages."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)
