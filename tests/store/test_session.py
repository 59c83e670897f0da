"""Sessions: start, resume an interrupted one, end, list."""

from __future__ import annotations

from pathlib import Path

import pytest

from presenter.clock import FakeClock
from presenter.session import (
    deck_key,
    end_session,
    get_session,
    resume_or_start,
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


def test_an_interrupted_session_is_resumed(store: Store, tmp_path: Path) -> None:
    clock = FakeClock()
    deck = tmp_path / "deck.md"
    first, resumed = resume_or_start(store, deck, "talk", clock=clock)
    assert not resumed
    again, resumed = resume_or_start(store, deck, "talk", clock=clock)
    assert resumed and again.id == first.id
    # A rehearsal of the same deck is a different thing.
    rehearsal, resumed = resume_or_start(store, deck, "rehearsal", clock=clock)
    assert not resumed and rehearsal.id != first.id


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
        again, resumed = resume_or_start(store, tmp_path / "d.md", "talk", clock=clock)
    assert resumed and again == first
