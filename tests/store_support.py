"""Fixtures shared by the store's tests: one store per test, on SQLite and on PostgreSQL.

PostgreSQL runs when REGLAMENT_TEST_PG_URL names a server (.ci/run starts a throwaway
cluster with tests/pg_cluster.sh); each test gets its own schema there, dropped after.
Import the fixtures into a test module with ``from store_support import *``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from toolkit.store import Store, open_store

ROOT = Path(__file__).resolve().parent.parent
SOCIAL = ROOT / "bpmn" / "social-assistance.bpmn"
HOME = ROOT / "bpmn" / "home-education-sc.bpmn"
REPLY = ROOT / "tests" / "fixtures" / "store" / "reply-wait.bpmn"
TIMER = ROOT / "tests" / "fixtures" / "engine" / "timer-wait.bpmn"
PG_URL = os.environ.get("REGLAMENT_TEST_PG_URL", "").strip()
NO_PG = "PostgreSQL tests need a server: set REGLAMENT_TEST_PG_URL (tests/pg_cluster.sh start DIR prints one)"

BACKENDS = [pytest.param("sqlite", id="sqlite"),
            pytest.param("postgresql", id="postgresql", marks=pytest.mark.skipif(not PG_URL, reason=NO_PG))]


class Clock:
    """A clock the test moves by hand; a Monday morning of a year the calendar data covers."""

    def __init__(self, now: datetime = datetime(2025, 3, 3, 10, 0)) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def pg_schema_url(schema: str) -> str:
    separator = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{separator}options=-csearch_path%3D{schema}"


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty store URL on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    import psycopg
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield pg_schema_url(schema)
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(store_url: str, clock: Clock) -> Iterator[Store]:
    opened = open_store(store_url, clock=clock)
    try:
        yield opened
    finally:
        opened.close()


__all__ = ["store_url", "store", "clock", "Clock", "ROOT", "SOCIAL", "HOME", "REPLY", "TIMER", "BACKENDS", "PG_URL",
           "NO_PG", "pg_schema_url"]
