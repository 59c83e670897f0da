"""The resume rule: `--resume` reopens the deck's last talk, ended or interrupted,
with its slide, clock, votes and room code; an interrupted talk is offered back
with one question; a talk the presenter ended starts new."""

from __future__ import annotations

import asyncio
import io
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from presenter.clock import FakeClock
from presenter.deck.load import load_deck
from presenter.deck.position import Position
from presenter.options import PresentOptions
from presenter.polls.ballots import VoteStore
from presenter.rehearsal.timings import TimingRecorder
from presenter.resume import interrupted_position, settle_resume
from presenter.session import get_session, start_session
from presenter.store import DB_NAME, Store

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


async def test_resume_reopens_an_interrupted_talk_where_it_was(
    deck_path: Path, clock: FakeClock, tmp_path: Path
) -> None:
    data = tmp_path / "store"
    session_id = interrupted_talk(deck_path, data, clock, Position(2, 0))
    app = make_app(deck_path, clock, mode="present", data_dir=data, resume=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.talk.started()
        await pilot.pause()
        assert app.talk.session is not None and app.talk.session.id == session_id
        assert app.position == Position(2, 0)
        assert "Resumed the talk at slide 3." in [n.message for n in app._notifications]


async def test_start_overrides_where_the_resumed_talk_was(
    deck_path: Path, clock: FakeClock, tmp_path: Path
) -> None:
    data = tmp_path / "store"
    session_id = interrupted_talk(deck_path, data, clock, Position(2, 0))
    app = make_app(deck_path, clock, mode="present", data_dir=data, start=2, resume=True)
    async with app.run_test(size=SIZE) as pilot:
        await app.talk.started()
        await pilot.pause()
        assert app.talk.session is not None and app.talk.session.id == session_id
        assert app.position == Position(1, 0)


async def test_without_resume_a_new_talk_starts_at_the_beginning(
    deck_path: Path, clock: FakeClock, tmp_path: Path
) -> None:
    data = tmp_path / "store"
    session_id = interrupted_talk(deck_path, data, clock, Position(2, 0))
    for options in ({"new_session": True}, {}):
        app = make_app(deck_path, clock, mode="present", data_dir=data, **options)
        async with app.run_test(size=SIZE) as pilot:
            await app.talk.started()
            await pilot.pause()
            assert app.talk.session is not None and app.talk.session.id != session_id
            assert app.position == Position(0, 0)


async def test_quit_ends_the_talk_and_resume_brings_everything_back(
    deck_path: Path, clock: FakeClock, tmp_path: Path
) -> None:
    data = tmp_path / "store"
    app = make_app(deck_path, clock, mode="present", data_dir=data)
    async with app.run_test(size=SIZE) as pilot:
        await app.talk.started()
        await pilot.press("right")  # the first move starts the clock
        clock.advance(95)
        await pilot.press("right", "right")
        await app.talk.settled()
        session = app.talk.session
        assert session is not None
        where, elapsed = app.position, app.talk.pacing.timer.elapsed()
        await pilot.press("q", "q")  # a talk asks once before it ends
    assert app.return_code == 0
    ended = _session(data, session.id)
    assert ended.ended is not None  # the presenter ended it
    assert interrupted_position(PresentOptions(deck_path, data_dir=data)) is None

    clock.advance(3600)  # an hour later: the ended talk's clock does not run meanwhile
    again = make_app(deck_path, clock, mode="present", data_dir=data, resume=True)
    async with again.run_test(size=SIZE) as pilot:
        await again.talk.started()
        await pilot.pause()
        assert again.talk.session is not None and again.talk.session.id == session.id
        assert again.position == where
        assert again.talk.pacing.timer.running
        assert again.talk.pacing.timer.elapsed() == elapsed
        await again.talk.settled()
    assert _session(data, session.id).ended is not None  # ended again by leaving


async def test_a_crash_or_signal_leaves_the_talk_interrupted(
    deck_path: Path, clock: FakeClock, tmp_path: Path
) -> None:
    data = tmp_path / "store"
    app = make_app(deck_path, clock, mode="present", data_dir=data)
    async with app.run_test(size=SIZE) as pilot:
        await app.talk.started()
        await pilot.press("right", "right")
        await app.talk.settled()
        session, where = app.talk.session, app.position
        assert session is not None and where == Position(1, 1)
        app.exit(return_code=143)  # what SIGTERM or SIGHUP does (see tui/launch.py)
        await pilot.pause()
    record = _session(data, session.id)
    assert record.ended is None
    options = PresentOptions(deck_path, data_dir=data)
    assert interrupted_position(options) == where


async def test_votes_and_the_room_code_come_back_with_the_session(
    deck_path: Path, clock: FakeClock, tmp_path: Path
) -> None:
    from presenter.audience.room import RoomKey, room_file

    data = tmp_path / "store"
    session_id = interrupted_talk(deck_path, data, clock, Position(1, 0))
    key = RoomKey.load_or_create(room_file(data, session_id))
    app = make_app(deck_path, clock, mode="present", data_dir=data, resume=True)
    async with app.run_test(size=SIZE) as pilot:
        await app.talk.started()
        await pilot.pause()
        assert app.talk.session is not None and app.talk.session.id == session_id
        assert app.talk.store is not None
        votes = VoteStore(app.talk.store)
        assert votes.state(session_id, "any").state == "ready"
    assert RoomKey.load_or_create(room_file(data, session_id)) == key


async def test_moves_are_kept_when_a_waiter_for_them_is_cancelled(
    deck_path: Path, clock: FakeClock, tmp_path: Path
) -> None:
    """A job that waits for the recordings (a worker ended as the app closes) is
    cancelled: the recordings it waited for are still written."""
    data = tmp_path / "store"
    app = make_app(deck_path, clock, mode="present", data_dir=data)
    async with app.run_test(size=SIZE) as pilot:
        await app.talk.started()
        session = app.talk.session
        assert session is not None
        # Another program holds the store for a moment: the moves queue behind it.
        other = sqlite3.connect(data / DB_NAME, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        await pilot.press("right", "right", "right", "right")
        where = app.position
        waiter = asyncio.create_task(app.talk.settled())
        await pilot.pause()
        waiter.cancel()
        await asyncio.wait([waiter])
        other.execute("ROLLBACK")
        other.close()
        await app.talk.settled()
        app.exit(return_code=129)  # a closed window: the talk is left to be resumed
    assert where.slide >= 2
    assert interrupted_position(PresentOptions(deck_path, data_dir=data)) == where


def _session(data: Path, session_id: int):  # type: ignore[no-untyped-def]
    with Store.open(data) as store:
        record = get_session(store, session_id)
    assert record is not None
    return record


# -- the question at start-up ----------------------------------------------------


def keys(*typed: str) -> Iterator[str]:
    yield from typed
    yield ""  # then the end of input


def answer(options: PresentOptions, *typed: str) -> tuple[PresentOptions, str]:
    out = io.StringIO()
    pressed = keys(*typed)
    settled = settle_resume(options, stdin=io.StringIO(), out=out, read_key=lambda _: next(pressed))
    return settled, out.getvalue()


def test_an_interrupted_talk_is_offered_back_with_one_key(
    deck_path: Path, clock: FakeClock, tmp_path: Path
) -> None:
    data = tmp_path / "store"
    interrupted_talk(deck_path, data, clock, Position(11, 0))
    options = PresentOptions(deck_path, data_dir=data)
    settled, shown = answer(options, "\n")
    assert shown.startswith("Resume the talk at slide 12? Enter resumes, n starts new")
    assert settled.resume and not settled.new_session
    assert (settled.start, settled.start_step) == (12, 0)  # the app opens there
    rehearsal = options._replace(mode="rehearse")
    assert answer(rehearsal, "\n") == (rehearsal, "")  # no rehearsal was interrupted
    with Store.open(data) as store:
        start_session(store, deck_path, "rehearsal", clock=clock)
    settled, shown = answer(rehearsal, "\n")
    assert shown.startswith("Resume the rehearsal at slide 1?") and settled.resume
    settled, _ = answer(options, "x", "?", "n")  # other keys wait for an answer
    assert settled.new_session and not settled.resume
    assert "/" not in shown  # no path on the screen the room may see


def test_nothing_is_asked_when_there_is_nothing_to_ask(
    deck_path: Path, clock: FakeClock, tmp_path: Path
) -> None:
    data = tmp_path / "store"
    options = PresentOptions(deck_path, data_dir=data)
    assert answer(options) == (options, "")  # no store yet
    session_id = interrupted_talk(deck_path, data, clock, Position(2, 0))
    new = options._replace(new_session=True)
    assert answer(new) == (new, "")
    # --resume asks nothing, and the app opens right where the talk was.
    resume = options._replace(resume=True)
    assert answer(resume) == (resume._replace(start=3, start_step=0), "")
    console = options._replace(mode="console")
    assert answer(console) == (console, "")  # the console joins; it never decides
    with Store.open(data) as store:
        from presenter.session import end_session

        end_session(store, session_id, clock=clock)
    assert answer(options) == (options, "")  # ended by the presenter: a new talk


def test_without_a_terminal_to_ask_on_a_new_talk_starts(
    deck_path: Path, clock: FakeClock, tmp_path: Path
) -> None:
    data = tmp_path / "store"
    interrupted_talk(deck_path, data, clock, Position(2, 0))
    options = PresentOptions(deck_path, data_dir=data)
    settled = settle_resume(options, stdin=io.StringIO(), out=io.StringIO())
    assert settled.new_session


def test_resume_and_new_session_exclude_each_other(capsys) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from presenter.cli import build_parser

    parser = build_parser()
    args = parser.parse_args(["present", "deck.md", "--resume", "--debug"])
    assert args.resume and args.debug and not args.new_session
    with pytest.raises(SystemExit) as exited:
        parser.parse_args(["present", "deck.md", "--resume", "--new-session"])
    assert exited.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


async def test_the_app_opens_on_the_step_it_is_given(
    deck_path: Path, clock: FakeClock, tmp_path: Path
) -> None:
    app = make_app(deck_path, clock, mode="present", data_dir=tmp_path, start=2, start_step=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.position == Position(1, 1)
