"""Sessions: start, resume an interrupted one, end, list."""

from __future__ import annotations

from pathlib import Path

import pytest

from presenter.clock import FakeClock
from presenter.rehearsal.pacing import TimerState
from presenter.session import (
    deck_key,
    end_session,
    get_session,
    resume_or_start,
    resumed_timer,
    save_timer,
    sessions,
    start_session,
)
from presenter.store import Store


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "data") as opened:
        yield opened


def test_start_records_absolute_path_kind_and_time(store: Store, tmp_path: Path) -> None:
    clock = FakeClock()
    deck = tmp_path / "deck.md"
    record = start_session(store, deck, "talk", clock=clock, label="board")
    assert record.deck_path == str(deck.resolve())
    assert record.kind == "talk"
    assert record.label == "board"
    assert record.started == "2026-01-01T09:00:00.000+00:00"
    assert record.ended is None
    assert get_session(store, record.id) == record


def test_relative_and_absolute_paths_are_the_same_deck(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    start_session(store, Path("deck.md"), "talk", clock=FakeClock())
    assert len(sessions(store, tmp_path / "deck.md")) == 1
    assert deck_key("deck.md") == str(tmp_path / "deck.md")


def test_only_resume_continues_an_interrupted_session(store: Store, tmp_path: Path) -> None:
    clock = FakeClock()
    deck = tmp_path / "deck.md"
    first, resumed = resume_or_start(store, deck, "talk", clock=clock, resume=True)
    assert not resumed  # nothing to resume: a new one
    again, resumed = resume_or_start(store, deck, "talk", clock=clock, resume=True)
    assert resumed and again.id == first.id
    # Without being asked to resume, an interrupted talk is left as it is.
    fresh, resumed = resume_or_start(store, deck, "talk", clock=clock)
    assert not resumed and fresh.id != first.id
    # A rehearsal of the same deck is a different thing.
    rehearsal, resumed = resume_or_start(store, deck, "rehearsal", clock=clock, resume=True)
    assert not resumed and rehearsal.id not in (first.id, fresh.id)


def test_resume_reopens_an_ended_session(store: Store, tmp_path: Path) -> None:
    clock = FakeClock()
    deck = tmp_path / "deck.md"
    first, _ = resume_or_start(store, deck, "talk", clock=clock, label="board")
    end_session(store, first.id, clock=clock)
    again, resumed = resume_or_start(store, deck, "talk", clock=clock, resume=True)
    assert resumed and again.id == first.id and again.ended is None and again.label == "board"
    assert get_session(store, first.id) == again


def test_the_timer_is_kept_with_the_session(store: Store, tmp_path: Path) -> None:
    clock = FakeClock()
    deck = tmp_path / "deck.md"
    first, _ = resume_or_start(store, deck, "talk", clock=clock)
    started = clock.wall().timestamp()
    save_timer(store, first.id, TimerState(True, 300.0, started, origin_s=30.0, entered_s=290.0))
    clock.advance(40)  # the process died 40 s ago, the clock running
    record = get_session(store, first.id)
    assert record is not None
    timer = resumed_timer(record, clock.wall())
    assert timer == TimerState(True, 340.0, clock.wall().timestamp(), 30.0, 290.0)
    # A talk ended by the presenter stops its clock at the end.
    end_session(store, first.id, clock=clock)
    clock.advance(600)
    ended = get_session(store, first.id)
    assert ended is not None
    timer = resumed_timer(ended, clock.wall())
    assert timer is not None and timer.elapsed_s == 340.0


def test_an_ended_session_is_not_resumed(store: Store, tmp_path: Path) -> None:
    clock = FakeClock()
    deck = tmp_path / "deck.md"
    first, _ = resume_or_start(store, deck, "talk", clock=clock)
    clock.advance(60)
    end_session(store, first.id, clock=clock)
    ended = get_session(store, first.id)
    assert ended is not None and ended.ended == "2026-01-01T09:01:00.000+00:00"
    # Ending twice keeps the first end time.
    clock.advance(60)
    end_session(store, first.id, clock=clock)
    assert get_session(store, first.id) == ended
    second, resumed = resume_or_start(store, deck, "talk", clock=clock)
    assert not resumed and second.id != first.id


def test_new_session_is_forced_and_old_interrupted_one_is_left_alone(
    store: Store, tmp_path: Path
) -> None:
    clock = FakeClock()
    deck = tmp_path / "deck.md"
    first, _ = resume_or_start(store, deck, "talk", clock=clock)
    second, resumed = resume_or_start(store, deck, "talk", clock=clock, new_session=True)
    assert not resumed and second.id != first.id
    end_session(store, second.id, clock=clock)
    # The older interrupted session is history, not something to resume.
    third, resumed = resume_or_start(store, deck, "talk", clock=clock)
    assert not resumed and third.id not in (first.id, second.id)
    assert [s.id for s in sessions(store, deck, "talk")] == [first.id, second.id, third.id]


def test_sessions_are_per_deck(store: Store, tmp_path: Path) -> None:
    clock = FakeClock()
    start_session(store, tmp_path / "a.md", "talk", clock=clock)
    start_session(store, tmp_path / "b.md", "rehearsal", clock=clock)
    assert [s.kind for s in sessions(store, tmp_path / "a.md")] == ["talk"]
    assert [s.kind for s in sessions(store, tmp_path / "b.md")] == ["rehearsal"]
    assert len(sessions(store, None)) == 2


def test_kind_is_checked(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="talk or a rehearsal"):
        start_session(store, tmp_path / "a.md", "party", clock=FakeClock())  # type: ignore[arg-type]


def test_session_survives_reopening(tmp_path: Path) -> None:
    clock = FakeClock()
    with Store.open(tmp_path) as store:
        first, _ = resume_or_start(store, tmp_path / "d.md", "talk", clock=clock, label="x")
    with Store.open(tmp_path) as store:
        again, resumed = resume_or_start(store, tmp_path / "d.md", "talk", clock=clock, resume=True)
    assert resumed and again == first
