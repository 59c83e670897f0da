"""The rehearsal report and `presenter rehearsals` history, from real recorded runs."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from presenter.cli import main
from presenter.clock import FakeClock
from presenter.deck.load import load_deck
from presenter.deck.model import Deck
from presenter.deck.position import Position
from presenter.rehearsal.report import build_report, slide_status
from presenter.rehearsal.report_format import report_csv, report_json, report_markdown
from presenter.rehearsal.timings import TimingRecorder
from presenter.session import end_session, start_session
from presenter.store import Store


def record_run(
    store: Store, deck: Deck, clock: FakeClock, seconds: list[float], kind: str = "rehearsal"
) -> int:
    """A whole run: shown slide i takes seconds[i]."""
    sid = start_session(store, deck.path, kind, clock=clock).id  # type: ignore[arg-type]
    recorder = TimingRecorder(store, clock, sid, deck)
    for number, spent in enumerate(seconds):
        recorder.enter(Position(number, 0))
        clock.advance(spent)
    recorder.finish()
    end_session(store, sid, clock=clock)
    return sid


def test_status_rule() -> None:
    assert slide_status(None, 30) == "not shown"
    assert slide_status(30, None) == "no budget"
    assert slide_status(33, 30) == "on time"  # within 10 % (3 s)
    assert slide_status(34, 30) == "over"
    assert slide_status(11.9, 10) == "on time"  # at least 2 s either way
    assert slide_status(7.9, 10) == "under"
    assert slide_status(100, 100) == "on time"
    assert slide_status(111, 100) == "over"  # beyond 10 %
    assert slide_status(89, 100) == "under"


def test_report_of_a_run_with_trend(store: Store, deck: Deck, clock: FakeClock) -> None:
    record_run(store, deck, clock, [40, 60, 90])
    record_run(store, deck, clock, [50, 50, 100])
    sid = record_run(store, deck, clock, [45, 80, 60])
    report = build_report(deck, store=store, session_id=sid)
    assert report.kind == "rehearsal" and report.session_id == sid
    assert report.title == "Timing test"
    assert report.total_s == 185
    assert report.budget_s == 180
    assert report.delta_s == 5
    assert [(s.number, s.index, s.title) for s in report.slides] == [
        (1, 0, "One"),
        (2, 1, "Two"),
        (3, 3, "Three"),
    ]
    assert [s.seconds for s in report.slides] == [45, 80, 60]
    assert [s.budget_s for s in report.slides] == [30, 60, 90]
    assert [s.status for s in report.slides] == ["over", "over", "under"]
    assert [s.delta_s for s in report.slides] == [15, 20, -30]
    assert [s.number for s in report.most_over()] == [2, 1]
    assert [s.earlier_median_s for s in report.slides] == [45, 55, 95]
    assert [run.total_s for run in report.earlier] == [190, 200]
    assert report.trend == (190, 200, 185)
    assert report.change_s == -15


def test_report_from_memory_when_there_is_no_store(deck: Deck, clock: FakeClock) -> None:
    recorder = TimingRecorder(None, clock, None, deck)
    recorder.enter(Position(0, 0))
    clock.advance(31)
    recorder.finish()
    report = build_report(deck, store=None, session_id=None, visits=recorder.visits)
    assert report.total_s == 31
    assert [s.status for s in report.slides] == ["on time", "not shown", "not shown"]
    assert report.earlier == () and report.change_s is None


def test_report_exports(store: Store, deck: Deck, clock: FakeClock) -> None:
    record_run(store, deck, clock, [40, 60, 90])
    sid = record_run(store, deck, clock, [45, 80, 60])
    report = build_report(deck, store=store, session_id=sid)
    data = json.loads(report_json(report))
    assert data["total_s"] == 185 and data["budget_s"] == 180 and data["delta_s"] == 5
    assert [s["status"] for s in data["slides"]] == ["over", "over", "under"]
    assert data["most_over"] == [2, 1]
    assert [r["total_s"] for r in data["earlier"]] == [190]
    table = list(csv.DictReader(io.StringIO(report_csv(report))))
    assert [(r["title"], r["seconds"], r["status"]) for r in table] == [
        ("One", "45.0", "over"),
        ("Two", "80.0", "over"),
        ("Three", "60.0", "under"),
    ]
    markdown = report_markdown(report)
    assert "Total 3:05 of 3:00 (+0:05)" in markdown
    assert "| 2 | Two | 1:00 | 1:20 | over +0:20 |" in markdown
    assert "Trend over the last 2 runs: 3:10 → 3:05" in markdown


def test_an_edited_slide_starts_a_fresh_history(
    store: Store, deck: Deck, deck_file: Path, clock: FakeClock
) -> None:
    record_run(store, deck, clock, [40, 60, 90])
    # Edit slide "Two" and insert a slide before everything: "One" and "Three" move
    # but keep their content, so they keep their history.
    text = deck_file.read_text().replace("Body two.", "Body two, rewritten.")
    text = text.replace("<!-- time: 30s -->", "# Opening\n\n---\n\n<!-- time: 30s -->")
    deck_file.write_text(text)
    edited = load_deck(deck_file)
    sid = record_run(store, edited, clock, [5, 30, 70, 80])
    report = build_report(edited, store=store, session_id=sid)
    assert [(s.title, s.earlier_median_s) for s in report.slides] == [
        ("Opening", None),
        ("One", 40),
        ("Two", None),  # edited: fresh history
        ("Three", 90),
    ]


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["rehearsals", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_rehearsals_json_shape(
    capsys, data_dir: Path, deck: Deck, deck_file: Path, clock: FakeClock
) -> None:
    with Store.open(data_dir) as store:
        first = record_run(store, deck, clock, [40, 60, 90])
        talk = record_run(store, deck, clock, [30, 70, 80], kind="talk")
    code, out, _ = run_cli(capsys, str(deck_file), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["deck"] == str(deck_file.resolve())
    assert [(r["id"], r["kind"]) for r in data["runs"]] == [(first, "rehearsal"), (talk, "talk")]
    run = data["runs"][0]
    assert set(run) >= {"id", "kind", "started", "total_s", "slides"}
    assert run["started"] == "2026-01-01T09:00:00.000+00:00"
    assert run["total_s"] == 190
    assert run["slides"] == [
        {"index": 0, "title": "One", "seconds": 40.0, "budget_s": 30.0},
        {"index": 1, "title": "Two", "seconds": 60.0, "budget_s": 60.0},
        {"index": 3, "title": "Three", "seconds": 90.0, "budget_s": 90.0},
    ]
    assert [
        {k: s[k] for k in ("index", "title", "budget_s", "median_s", "last_s")}
        for s in data["slides"]
    ] == [
        {"index": 0, "title": "One", "budget_s": 30.0, "median_s": 35.0, "last_s": 30.0},
        {"index": 1, "title": "Two", "budget_s": 60.0, "median_s": 65.0, "last_s": 70.0},
        {"index": 3, "title": "Three", "budget_s": 90.0, "median_s": 85.0, "last_s": 80.0},
    ]


def test_rehearsals_table_and_csv(
    capsys, data_dir: Path, deck: Deck, deck_file: Path, clock: FakeClock
) -> None:
    with Store.open(data_dir) as store:
        record_run(store, deck, clock, [40, 60, 90])
    code, out, _ = run_cli(capsys, str(deck_file))
    assert code == 0
    assert "rehearsal  2026-01-01 09:00 UTC" in out
    assert "3:10" in out and "+0:10" in out
    one = next(line for line in out.splitlines() if " One " in line)
    assert one.split() == ["1", "One", "0:30", "0:40", "0:40", "over"]
    code, out, _ = run_cli(capsys, str(deck_file), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["record"], r["title"], r["seconds"] or r["median_s"]) for r in rows] == [
        ("run", "One", "40.0"),
        ("run", "Two", "60.0"),
        ("run", "Three", "90.0"),
        ("slide", "One", "40.0"),
        ("slide", "Two", "60.0"),
        ("slide", "Three", "90.0"),
    ]


def test_rehearsals_with_nothing_recorded(
    capsys, data_dir: Path, deck_file: Path, tmp_path: Path
) -> None:
    code, out, _ = run_cli(capsys, str(deck_file))
    assert code == 0 and "has been recorded yet" in out
    code, out, err = run_cli(capsys, str(deck_file), "--format", "json")
    assert code == 0 and "recorded yet" in err
    data = json.loads(out)
    assert data["runs"] == [] and [s["median_s"] for s in data["slides"]] == [None] * 3
    code, out, err = run_cli(capsys, str(tmp_path / "missing.md"))
    assert code == 2 and out == "" and "Traceback" not in err


def test_rehearsals_data_naming_a_file_says_so(capsys, deck_file: Path, tmp_path: Path) -> None:
    a_file = tmp_path / "store.sqlite3"
    a_file.write_text("not a folder", encoding="utf-8")
    code, out, err = run_cli(capsys, str(deck_file), "--data", str(a_file))
    assert code == 1 and out == ""
    assert f"{a_file} is a file" in err and "--data" in err and "Traceback" not in err
