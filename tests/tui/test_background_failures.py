"""Fault injection: a failure in any background job never ends the talk.

Each test makes one real job of the real `PresenterApp` raise (the real function
is replaced by one that raises), then checks that the talk is still running,
that next and previous still move, that the presenter got a short notice with
no path, and that the log file holds the traceback.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from presenter.clock import FakeClock
from presenter.deck.position import Position
from presenter.options import DEFAULT_DECK, AudienceAddress, PresentOptions
from presenter.tui.app import PresenterApp

from ..conftest import LogFile

SIZE = (110, 36)
POLL_SLIDE = 13
"""The bundled briefing's poll slide (1-based)."""


class Injected(RuntimeError):
    """The failure the tests inject."""


def failing(*args: Any, **kwargs: Any) -> Any:
    raise Injected("injected failure")


def app_for(data: Path, *, start: int = 1, **options: Any) -> PresenterApp:
    opts = PresentOptions(DEFAULT_DECK, data_dir=data, start=start, **options)
    return PresenterApp(opts, clock=FakeClock(), watch_file=False)


async def settle(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def still_presenting(app: PresenterApp, pilot: Pilot[Any], log_file: LogFile) -> None:
    """The talk runs on: keys move, the presenter was told briefly, the log has the traceback."""
    assert app.is_running and app.return_code is None
    here = app.position
    await pilot.press("right")
    await settle(pilot)
    assert app.position != here
    await pilot.press("left")
    await settle(pilot)
    assert app.position == here
    notices = [n for n in app._notifications if "failed; the talk goes on" in n.message]
    assert notices, "the presenter was not told"
    assert all("/" not in n.message for n in notices)
    log = log_file.text()
    assert "Traceback" in log and "Injected: injected failure" in log


async def test_a_failing_poll_snapshot(
    data_dir: Path, log_file: LogFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    from presenter.tui.poll_desk import PollDesk

    monkeypatch.setattr(PollDesk, "snapshot", failing)
    app = app_for(data_dir, start=POLL_SLIDE)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.talk.started()
        await settle(pilot)
        await still_presenting(app, pilot, log_file)
        assert "reading the poll" in log_file.text()


async def test_a_failing_poll_write(
    data_dir: Path, log_file: LogFile, monkeypatch: pytest.MonkeyPatch, live_poll_view: Any
) -> None:
    from presenter.polls.ballots import VoteStore

    monkeypatch.setattr(VoteStore, "open_poll", failing)
    app = app_for(data_dir, start=POLL_SLIDE)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.talk.started()
        await live_poll_view(pilot)
        await pilot.press("enter")  # opens the poll: the write fails
        await app.poll_desk.settled()
        await settle(pilot)
        await still_presenting(app, pilot, log_file)
        assert "recording a poll action" in log_file.text()


async def test_a_failing_suggestion_refresh(
    data_dir: Path, log_file: LogFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    from presenter.tui.poll_desk import PollDesk

    monkeypatch.setattr(PollDesk, "pending", failing)
    app = app_for(data_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.talk.started()
        await pilot.press("tab")  # the console, with its moderation queue
        await settle(pilot)
        assert app.current_mode == "console"
        await still_presenting(app, pilot, log_file)
        assert "reading the suggestions" in log_file.text()


async def test_a_failing_store_write(
    data_dir: Path, log_file: LogFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    from presenter.rehearsal.timings import TimingRecorder

    app = app_for(data_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.talk.started()
        monkeypatch.setattr(TimingRecorder, "enter", failing)
        await pilot.press("right")
        await app.talk.settled()
        await settle(pilot)
        assert app.position == Position(1, 0)
        await still_presenting(app, pilot, log_file)
        assert "recording timings" in log_file.text()


async def test_a_failing_two_terminal_link(
    data_dir: Path, log_file: LogFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    from presenter.sync import TalkLink

    async def run(self: TalkLink) -> None:
        await asyncio.sleep(0)
        raise Injected("injected failure")

    monkeypatch.setattr(TalkLink, "_run", run)
    app = app_for(data_dir)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.talk.started()
        link = app.talk.link
        assert link is not None
        await link.wait_for(lambda link: link.status.state == "offline")
        await settle(pilot)
        assert app.talk.link_status.state == "offline"
        await still_presenting(app, pilot, log_file)
        assert "the link to the other terminal" in log_file.text()


async def test_a_failing_reload(
    tmp_path: Path, data_dir: Path, log_file: LogFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    import presenter.tui.app as app_module

    deck = tmp_path / "deck.md"
    deck.write_text(DEFAULT_DECK.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(app_module, "load_for_reload", failing)
    app = PresenterApp(PresentOptions(deck, data_dir=data_dir), clock=FakeClock())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.talk.started()
        app.reload_deck()
        await settle(pilot)
        await still_presenting(app, pilot, log_file)
        assert "reloading the deck" in log_file.text()


async def test_a_failing_vote_server_start(
    data_dir: Path, log_file: LogFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    from presenter.audience.server import AudienceServer

    monkeypatch.setattr(AudienceServer, "start", failing)
    app = app_for(data_dir, audience=AudienceAddress("127.0.0.1", 0))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.talk.started()
        await settle(pilot)
        assert app.audience.server is None
        await still_presenting(app, pilot, log_file)
        assert "starting the phone vote server" in log_file.text()


async def test_a_failing_vote_board_refresh(
    data_dir: Path, log_file: LogFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    from presenter.audience.board import PollBoard

    refresh: Callable[[PollBoard], None] = PollBoard.refresh
    failed = threading.Event()

    def refresh_once_then_fail(self: PollBoard) -> None:
        if getattr(self, "refreshed", False):
            failed.set()
            raise Injected("injected failure")
        self.refreshed = True  # type: ignore[attr-defined]
        refresh(self)

    monkeypatch.setattr(PollBoard, "refresh", refresh_once_then_fail)
    app = app_for(data_dir, audience=AudienceAddress("127.0.0.1", 0))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.talk.started()
        await settle(pilot)
        assert app.audience.server is not None
        # The server's own thread refreshes the board once a second.
        assert await asyncio.to_thread(failed.wait, 10)
        await settle(pilot)
        assert app.audience.server is not None
        assert "Injected: injected failure" in await _log_when_written(log_file)
        await pilot.press("right")
        await settle(pilot)
        assert app.is_running and app.position == Position(1, 0)
        notices = " ".join(str(n.message) for n in app._notifications)
        assert "poll board could not be refreshed" in notices


async def _log_when_written(log_file: LogFile) -> str:
    """The log once the server's thread has written its record (it follows the failure)."""
    async with asyncio.timeout(10):
        while "Injected" not in (text := log_file.text()):
            await asyncio.sleep(0.01)
    return text
