"""Fixtures shared by every test folder."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from presenter.clock import FakeClock
from presenter.polls.ballots import VoteStore
from presenter.store import Store

ROOT = Path(__file__).resolve().parent.parent
DECKS = ROOT / "decks"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private store directory, also exported as PRESENTER_DATA for subprocesses."""
    path = tmp_path / "data"
    path.mkdir()
    monkeypatch.setenv("PRESENTER_DATA", str(path))
    return path


@pytest.fixture(autouse=True)
def private_runtime_and_data(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Apps under test store and link only in private dirs, never the user's (nor each other's).

    The socket dir is a short path of its own: Unix socket paths are limited to ~107 bytes.
    """
    runtime = Path(tempfile.mkdtemp(prefix="presenter-run-"))
    monkeypatch.setenv("PRESENTER_RUNTIME", str(runtime))
    monkeypatch.setenv("PRESENTER_DATA", str(tmp_path_factory.mktemp("data")))
    yield
    shutil.rmtree(runtime, ignore_errors=True)


@pytest.fixture
def clock() -> FakeClock:
    """Time that moves only when a test says so."""
    return FakeClock()


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    """A real SQLite store in the test's own data directory."""
    with Store.open(data_dir) as opened:
        yield opened


@pytest.fixture
def votes(store: Store) -> VoteStore:
    return VoteStore(store)
