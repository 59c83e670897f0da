"""Fixtures shared by every test folder."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from presenter.clock import FakeClock
from presenter.logs import ENV_LOG_DIR, flush_logs, setup_logging
from presenter.polls.ballots import VoteStore
from presenter.store import Store

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from presenter.tui.widgets.poll_view import PollView

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
    monkeypatch.setenv(ENV_LOG_DIR, str(tmp_path_factory.mktemp("log")))
    yield
    shutil.rmtree(runtime, ignore_errors=True)


class LogFile:
    """The test's own `presenter.log`, set up as `presenter` sets it up."""

    def __init__(self) -> None:
        path = setup_logging()
        assert path is not None
        self.path = path

    def text(self) -> str:
        flush_logs()
        return self.path.read_text(encoding="utf-8") if self.path.exists() else ""


@pytest.fixture
def log_file() -> LogFile:
    """Logging into the test's private log folder; `.text()` reads what was written."""
    return LogFile()


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


async def _live_poll_view(pilot: Pilot[object]) -> PollView:
    from presenter.tui.widgets.poll_view import PollView

    async with asyncio.timeout(10):
        while True:
            shown = [view for view in pilot.app.screen.query(PollView) if view.display]
            if shown:
                # The swap also gives it the focus, applied on the next round of
                # the app's messages (with its first layout, sized to the stage).
                await pilot.pause()
                return shown[0]
            await pilot.pause()
            await pilot.app.workers.wait_for_complete()


@pytest.fixture
def live_poll_view() -> Callable[[Pilot[object]], Awaitable[PollView]]:
    """`await live_poll_view(pilot)`: the poll slide's live view, once it is swapped in
    (a poll slide shows its own text first; the view follows after that frame)."""
    return _live_poll_view
