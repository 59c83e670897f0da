"""Snapshots of the console and the rehearsal report at 120x36, on a fixed FakeClock."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from presenter.clock import FakeClock

from .conftest import make_app, until

SIZE = (120, 36)


async def _settle(pilot: Pilot) -> None:
    app = pilot.app
    await app.talk.started()
    link = app.talk.link
    await until(pilot.pause, lambda: link is None or link.status.state in ("alone", "linked"))
    app.screen.refresh_clocks()
    await pilot.pause()


def test_console_snapshot(snap_compare, deck_path: Path) -> None:
    clock = FakeClock()
    app = make_app(deck_path, clock, mode="console")

    async def run_before(pilot: Pilot) -> None:
        await pilot.press("right")  # the talk starts: slide 2, step 1 of 3
        clock.advance(75)  # 15 s over the slide's 60 s budget
        await _settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_report_snapshot(snap_compare, deck_path: Path, tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(deck_path, clock, mode="rehearse", data_dir=tmp_path / "store")

    async def run_before(pilot: Pilot) -> None:
        for seconds in (25, 80):
            clock.advance(seconds)
            start = app.position.slide
            while app.position.slide == start:
                await pilot.press("right")
        clock.advance(60)
        await pilot.press("right")
        clock.advance(150)
        await pilot.press("q")
        await _settle_report(pilot)

    async def _settle_report(pilot: Pilot) -> None:
        await app.talk.started()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
