"""A talk killed mid-way reopens where it was when the same deck is started again."""

from __future__ import annotations

from pathlib import Path

from presenter.clock import FakeClock
from presenter.deck.load import load_deck
from presenter.deck.position import Position
from presenter.rehearsal.timings import TimingRecorder
from presenter.session import start_session
from presenter.store import Store

from .conftest import make_app

SIZE = (100, 30)


def interrupted_talk(deck_path: Path, data: Path, clock: FakeClock, reached: Position) -> int:
    """What a talk that died at `reached` leaves in the store: moves recorded, no end."""
    store = Store.open(data)
    session = start_session(store, deck_path, "talk", clock=clock)
    recorder = TimingRecorder(store, clock, session.id, load_deck(deck_path))
    recorder.enter(Position(0, 0))
    clock.advance(30)
    recorder.enter(Position(1, 0))
    clock.advance(30)
    recorder.enter(reached)
    store.close()
    return session.id


async def test_an_interrupted_talk_reopens_where_it_was(
    deck_path: Path, clock: FakeClock, tmp_path: Path
) -> None:
    data = tmp_path / "store"
    session_id = interrupted_talk(deck_path, data, clock, Position(2, 0))
    app = make_app(deck_path, clock, mode="present", data_dir=data)
    async with app.run_test(size=SIZE) as pilot:
        await app.talk.started()
        await pilot.pause()
        assert app.talk.session is not None and app.talk.session.id == session_id
        assert app.position == Position(2, 0)


async def test_start_overrides_where_the_interrupted_talk_was(
    deck_path: Path, clock: FakeClock, tmp_path: Path
) -> None:
    data = tmp_path / "store"
    session_id = interrupted_talk(deck_path, data, clock, Position(2, 0))
    app = make_app(deck_path, clock, mode="present", data_dir=data, start=2)
    async with app.run_test(size=SIZE) as pilot:
        await app.talk.started()
        await pilot.pause()
        assert app.talk.session is not None and app.talk.session.id == session_id
        assert app.position == Position(1, 0)


async def test_a_new_session_starts_at_the_beginning(
    deck_path: Path, clock: FakeClock, tmp_path: Path
) -> None:
    data = tmp_path / "store"
    session_id = interrupted_talk(deck_path, data, clock, Position(2, 0))
    app = make_app(deck_path, clock, mode="present", data_dir=data, new_session=True)
    async with app.run_test(size=SIZE) as pilot:
        await app.talk.started()
        await pilot.pause()
        assert app.talk.session is not None and app.talk.session.id != session_id
        assert app.position == Position(0, 0)
