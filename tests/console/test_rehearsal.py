"""A rehearsal end to end: keys and a FakeClock, the store, the report screen, the history."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from textual.widgets import DataTable

from presenter.clock import FakeClock
from presenter.deck.position import Position
from presenter.tui.screens.console import ConsoleScreen
from presenter.tui.screens.report import ReportScreen

from .conftest import make_app

SIZE = (120, 36)
ROOT = Path(__file__).resolve().parents[2]


async def rehearse(
    deck_path: Path, clock: FakeClock, data: Path, stay: list[float], *, end_key: str = "q"
) -> ReportScreen:
    """Spend `stay[i]` seconds on each shown slide in turn, then end with `end_key`."""
    app = make_app(deck_path, clock, mode="rehearse", data_dir=data)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, ConsoleScreen)
        assert app.talk.pacing.timer.phase == "running"  # a rehearsal starts at once
        for number, seconds in enumerate(stay):
            clock.advance(seconds)
            while number < len(stay) - 1 and app.position.slide == number:
                await pilot.press("right")  # through the slide's steps to the next slide
        if end_key == "enter":
            assert app.position.slide == len(stay) - 1
            await pilot.press("end")
        await pilot.press(end_key)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        assert app.talk.finished
        table = screen.query_one(DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        screen.rows = rows  # type: ignore[attr-defined]
        screen.summary = str(screen.query_one("#report-summary").content)  # type: ignore[attr-defined]
        await pilot.press(end_key)  # q, or Enter (the table would take it otherwise), quits
        await pilot.pause()
        assert app._exit
    return screen


def history(deck_path: Path, data: Path) -> dict:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "presenter",
            "rehearsals",
            str(deck_path),
            "--format",
            "json",
            "--data",
            str(data),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


async def test_a_rehearsal_records_reports_and_shows_in_the_history(
    deck_path: Path, clock: FakeClock, tmp_path: Path
) -> None:
    data = tmp_path / "store"
    screen = await rehearse(deck_path, clock, data, [25, 80, 60, 150])
    report = screen.report
    assert [s.seconds for s in report.slides] == [25, 80, 60, 150]
    assert [s.budget_s for s in report.slides] == [30, 60, 90, 120]
    assert [s.status for s in report.slides] == ["under", "over", "under", "over"]
    assert report.total_s == 315 and report.budget_s == 300
    assert [s.number for s in report.most_over()] == [4, 2]
    assert screen.rows[1][:6] == ["2", "Agenda", "01:20", "01:00", "+00:20", "over"]
    assert "Total 05:15 of 05:00 (+00:15, on time)" in screen.summary

    data_json = history(deck_path, data)
    assert data_json["deck"] == str(deck_path.resolve())
    (run,) = data_json["runs"]
    assert run["kind"] == "rehearsal" and run["total_s"] == 315
    assert [s["seconds"] for s in run["slides"]] == [25, 80, 60, 150]

    # A second, faster rehearsal: the report shows the trend against the first.
    clock.advance(3600)
    second = await rehearse(deck_path, clock, data, [30, 55, 85, 100], end_key="enter")
    assert second.report.trend == (315, 270)
    assert second.report.change_s == -45
    assert second.report.slides[1].earlier_median_s == 80
    assert "previous run 05:15 (-00:45)" in second.summary
    runs = history(deck_path, data)["runs"]
    assert [r["total_s"] for r in runs] == [315, 270]
    slides = history(deck_path, data)["slides"]
    assert slides[1]["median_s"] == 67.5 and slides[1]["last_s"] == 55


async def test_the_bundled_deck_rehearsed_with_a_fake_clock(
    clock: FakeClock, tmp_path: Path
) -> None:
    from presenter.deck.load import load_deck

    bundled = ROOT / "decks" / "gov-1-5.md"
    shown = len(load_deck(bundled).shown)
    stay = [40.0 + 5 * n for n in range(shown)]
    screen = await rehearse(bundled, clock, tmp_path / "store", stay)
    assert screen.report.total_s == sum(stay)
    run = history(bundled, tmp_path / "store")["runs"][-1]
    assert run["kind"] == "rehearsal" and run["total_s"] == sum(stay)
    assert [s["seconds"] for s in run["slides"]] == stay


async def test_a_talk_records_as_a_talk(deck_path: Path, clock: FakeClock, tmp_path: Path) -> None:
    data = tmp_path / "store"
    app = make_app(deck_path, clock, mode="present", data_dir=data)
    async with app.run_test(size=SIZE) as pilot:
        clock.advance(100)  # the title slide while the room fills: the timer is not running
        await pilot.press("right")
        clock.advance(50)
        await pilot.press("right", "right", "right")
        clock.advance(20)
        await pilot.press("q")
    (run,) = history(deck_path, data)["runs"]
    assert run["kind"] == "talk"
    assert [s["seconds"] for s in run["slides"]] == [0, 50, 20]


async def test_a_store_that_cannot_open_leaves_the_rehearsal_working(
    deck_path: Path, clock: FakeClock, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the data folder should be")
    app = make_app(deck_path, clock, mode="rehearse", data_dir=blocker)
    async with app.run_test(size=SIZE) as pilot:
        await app.talk.started()
        await pilot.pause()
        warnings = [n for n in app._notifications if "not being recorded" in n.message]
        assert len(warnings) == 1
        assert "is a file, not a folder" in warnings[0].message
        clock.advance(12)
        await pilot.press("right")
        assert app.position == Position(1, 0)
        clock.advance(8)
        await app.talk.started()
        assert len([n for n in app._notifications if "not being recorded" in n.message]) == 1
        assert "NOT recording" in str(app.screen.query_one("#console-status").content)
        await pilot.press("q")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        assert screen.report.total_s == 20  # from memory
        assert "Not stored" in str(screen.query_one("#report-problem").content)
