"""Fixtures for the shared tally: one real PostgreSQL server per test session."""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pgserver import PgServer, PostgresUnavailable

_events = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    try:
        server = PgServer()
    except PostgresUnavailable as reason:
        pytest.skip(f"no PostgreSQL server for the shared tally tests: {reason}")
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def pg(pg_server: PgServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[PgServer]:
    """The running server, its password file in the environment; restarted if a test stopped it."""
    for key, value in pg_server.env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("PGPASSWORD", raising=False)
    yield pg_server
    try:
        pg_server.psql("SELECT 1")
    except RuntimeError:
        pg_server.start()


@pytest.fixture
def event(request: pytest.FixtureRequest) -> str:
    """An event name no other test uses (tests share the server)."""
    return f"{request.node.name[:40]}-{next(_events)}"
