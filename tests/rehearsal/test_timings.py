"""TimingRecorder: visits, steps, pauses, writes per visit, survival of a kill, no store."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from presenter.clock import FakeClock
from presenter.deck.model import Deck
from presenter.deck.position import Position
from presenter.rehearsal.timings import TimingRecorder, stored_visits
from presenter.session import resume_or_start, start_session
from presenter.store import Store, StoreError


def rows(store: Store, session_id: int) -> list[tuple[int, float, int]]:
    return [(v.slide_index, v.seconds, v.steps_seen) for v in stored_visits(store, session_id)]


def test_each_visit_is_written_when_the_slide_is_left(
    store: Store, deck: Deck, clock: FakeClock
) -> None:
    sid = start_session(store, deck.path, "rehearsal", clock=clock).id
    recorder = TimingRecorder(store, clock, sid, deck)
    recorder.enter(Position(0, 0))
    clock.advance(10)
    recorder.enter(Position(0, 1))  # a step of the same slide continues the visit
    clock.advance(15)
    assert rows(store, sid) == []  # the visit in progress is not written yet
    assert recorder.current_seconds() == 25
    recorder.enter(Position(1, 0))
    assert rows(store, sid) == [(0, 25.0, 2)]
    clock.advance(70)
    recorder.enter(Position(2, 0))  # shown slide 2 is deck slide 3 (slide 2 is skipped)
    clock.advance(5)
    recorder.finish()
    assert rows(store, sid) == [(0, 25.0, 2), (1, 70.0, 1), (3, 5.0, 1)]
    recorder.finish()  # twice is harmless
    assert len(stored_visits(store, sid)) == 3
    first = stored_visits(store, sid)[0]
    assert first.entered == "2026-01-01T09:00:00.000+00:00"
    assert first.left == "2026-01-01T09:00:25.000+00:00"
    assert first.title == "One" and first.budget_s == 30.0
    assert first.content_hash == deck.slides[0].content_hash


def test_paused_time_is_not_counted(store: Store, deck: Deck, clock: FakeClock) -> None:
    sid = start_session(store, deck.path, "talk", clock=clock).id
    recorder = TimingRecorder(store, clock, sid, deck)
    recorder.enter(Position(0, 0))
    clock.advance(10)
    recorder.pause()
    clock.advance(600)  # questions
    recorder.pause()  # a second pause changes nothing
    recorder.resume()
    clock.advance(5)
    recorder.enter(Position(1, 0))
    recorder.pause()
    clock.advance(100)
    recorder.enter(Position(2, 0))  # entered while paused: nothing counts until resume
    clock.advance(100)
    recorder.resume()
    clock.advance(7)
    recorder.finish()
    assert rows(store, sid) == [(0, 15.0, 1), (1, 0.0, 1), (3, 7.0, 1)]


def test_starting_paused(store: Store, deck: Deck, clock: FakeClock) -> None:
    sid = start_session(store, deck.path, "talk", clock=clock).id
    recorder = TimingRecorder(store, clock, sid, deck, paused=True)
    recorder.enter(Position(0, 0))
    clock.advance(50)
    recorder.resume()
    clock.advance(3)
    recorder.finish()
    assert rows(store, sid) == [(0, 3.0, 1)]


def test_without_a_store_visits_stay_in_memory(deck: Deck, clock: FakeClock) -> None:
    recorder = TimingRecorder(None, clock, None, deck)
    recorder.enter(Position(0, 0))
    clock.advance(4)
    recorder.enter(Position(1, 0))
    clock.advance(6)
    assert not recorder.recording_to_store
    assert recorder.seconds_by_slide() == {
        deck.slides[0].content_hash: 4.0,
        deck.slides[1].content_hash: 6.0,
    }
    recorder.finish()
    assert [(v.slide_index, v.seconds) for v in recorder.visits] == [(0, 4.0), (1, 6.0)]


def test_a_failing_store_raises_once_then_records_in_memory(
    store: Store, deck: Deck, clock: FakeClock
) -> None:
    sid = start_session(store, deck.path, "rehearsal", clock=clock).id
    recorder = TimingRecorder(store, clock, sid, deck)
    recorder.enter(Position(0, 0))
    clock.advance(5)
    store.close()  # the store goes away under the recorder
    with pytest.raises(StoreError):
        recorder.enter(Position(1, 0))
    assert recorder.error is not None and not recorder.recording_to_store
    clock.advance(5)
    recorder.enter(Position(2, 0))  # no second error
    recorder.finish()
    assert [v.seconds for v in recorder.visits] == [5.0, 5.0, 0.0]


def test_on_error_callback_instead_of_raising(store: Store, deck: Deck, clock: FakeClock) -> None:
    sid = start_session(store, deck.path, "rehearsal", clock=clock).id
    seen: list[StoreError] = []
    recorder = TimingRecorder(store, clock, sid, deck, on_error=seen.append)
    recorder.enter(Position(0, 0))
    store.close()
    recorder.enter(Position(1, 0))
    recorder.finish()
    assert len(seen) == 1


def test_a_reloaded_deck_closes_the_visit_and_follows_the_slide(
    store: Store, deck: Deck, deck_file: Path, clock: FakeClock
) -> None:
    from presenter.deck.load import load_deck

    sid = start_session(store, deck.path, "rehearsal", clock=clock).id
    recorder = TimingRecorder(store, clock, sid, deck)
    recorder.enter(Position(1, 0))
    clock.advance(8)
    deck_file.write_text("# New first\n\n---\n\n" + deck_file.read_text(), encoding="utf-8")
    edited = load_deck(deck_file)
    recorder.set_deck(edited)
    assert recorder.current_slide is not None and recorder.current_slide.title == "Two"
    clock.advance(2)
    recorder.finish()
    assert [(v.title, v.seconds) for v in stored_visits(store, sid)] == [("Two", 8.0), ("Two", 2.0)]


def test_resume_after_a_kill_keeps_every_finished_visit(
    data_dir: Path, deck: Deck, clock: FakeClock
) -> None:
    # First run: two slides done, the third in progress, then the process dies
    # (nothing is closed; the connection is dropped).
    store = Store.open(data_dir)
    session, resumed = resume_or_start(store, deck.path, "rehearsal", clock=clock)
    assert not resumed
    recorder = TimingRecorder(store, clock, session.id, deck)
    recorder.enter(Position(0, 0))
    clock.advance(20)
    recorder.enter(Position(1, 0))
    clock.advance(40)
    recorder.enter(Position(2, 0))
    clock.advance(99)  # lost with the kill: at most the current visit
    store.conn.close()

    again = Store.open(data_dir)
    session2, resumed = resume_or_start(again, deck.path, "rehearsal", clock=clock, resume=True)
    assert resumed and session2.id == session.id
    recorder = TimingRecorder(again, clock, session2.id, deck)
    recorder.enter(Position(2, 0))
    clock.advance(12)
    recorder.finish()
    assert rows(again, session.id) == [(0, 20.0, 1), (1, 40.0, 1), (3, 12.0, 1)]
    again.close()


RECORDER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from presenter.clock import FakeClock
    from presenter.deck.load import load_deck
    from presenter.deck.position import Position
    from presenter.rehearsal.timings import TimingRecorder
    from presenter.session import resume_or_start
    from presenter.store import Store

    store = Store.open(Path(sys.argv[1]))
    deck = load_deck(Path(sys.argv[2]))
    clock = FakeClock()
    session, _ = resume_or_start(store, deck.path, "rehearsal", clock=clock)
    recorder = TimingRecorder(store, clock, session.id, deck)
    shown = len(deck.shown)
    step = 0
    recorder.enter(Position(0, 0))
    while True:
        clock.advance(1 + step % 3)
        step += 1
        recorder.enter(Position(step % shown, 0))
        # The previous visit is committed: acknowledge it.
        print(step, flush=True)
    """
)


def test_a_sigkilled_recorder_loses_only_the_visit_in_progress(
    data_dir: Path, deck_file: Path
) -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", RECORDER, str(data_dir), str(deck_file)],
        stdout=subprocess.PIPE,
        text=True,
    )
    acknowledged = 0
    try:
        assert process.stdout is not None
        while acknowledged < 200:
            line = process.stdout.readline()
            assert line, "the recorder stopped early"
            acknowledged = int(line)
        process.send_signal(signal.SIGKILL)
        for line in process.stdout:
            if line.strip():
                acknowledged = int(line)
    finally:
        process.kill()
        process.wait()
    with Store.open(data_dir) as store:
        assert store.read("PRAGMA integrity_check") == [("ok",)]
        [session] = store.read("SELECT id, ended FROM sessions")
        assert session[1] is None  # killed: interrupted, resumable
        visits = stored_visits(store, session[0])
        assert len(visits) >= acknowledged
        # Every stored visit is whole: its seconds are the 1-3 s the loop gave it.
        assert {v.seconds for v in visits} <= {1.0, 2.0, 3.0}
