"""The outbox and the forwarder in one process, against a real PostgreSQL server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from checks import assert_counters_match_recount, assert_room_forwarded

from presenter.clock import FakeClock
from presenter.deck.model import Poll, PollOption
from presenter.polls.ballots import VoteStore
from presenter.polls.validation import Ballot
from presenter.session import start_session
from presenter.shared import outbox, remote
from presenter.shared.address import SharedTarget
from presenter.shared.room import SharedRoom
from presenter.store import BUSY_TIMEOUT_MS, Store

POLL = Poll(
    id="change-first",
    question="What would you change first?",
    options=tuple(PollOption(o, o.upper()) for o in ("a", "b", "c")),
    kind="single",
)
RANK = Poll(
    id="order",
    question="Order these",
    options=tuple(PollOption(o, o.upper()) for o in ("x", "y", "z")),
    kind="rank",
)


@pytest.fixture
def room_store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "room") as opened:
        yield opened


def _session(store: Store, clock: FakeClock) -> tuple[VoteStore, int]:
    session_id = start_session(store, Path("deck.md"), "talk", clock=clock).id
    votes = VoteStore(store)
    votes.open_poll(session_id, POLL, clock=clock)
    votes.open_poll(session_id, RANK, clock=clock)
    return votes, session_id


def _last_seq(store: Store) -> int:
    with store.lock:
        return outbox.last_seq(store.conn)


def test_every_ballot_change_writes_an_outbox_row_in_its_transaction(
    room_store: Store, clock: FakeClock
) -> None:
    votes, linked = _session(room_store, clock)
    outbox.link_session(room_store, linked, "ev", "ottawa")
    votes.cast(linked, POLL, Ballot("phone-1", "phone", ("a",)), clock=clock)
    votes.cast(linked, POLL, Ballot("phone-1", "phone", ("b",)), clock=clock)  # replaced
    votes.add_keyboard_vote(linked, POLL, "c", clock=clock)
    votes.remove_keyboard_vote(linked, POLL, "c", clock=clock)
    votes.undo_keyboard(linked, POLL)  # the removal undone: the hand is back
    rows = outbox.read_after(room_store.conn, "ev", "ottawa", 0, 100)
    assert [(r.device.split(":")[0], r.choices) for r in rows] == [
        ("phone-1", '["a"]'),
        ("phone-1", '["b"]'),
        ("keyboard", '["c"]'),
        ("keyboard", None),
        ("keyboard", '["c"]'),
    ]
    # A session that is not linked to an event writes nothing to the outbox.
    unlinked, _ = _session(room_store, clock)
    other = start_session(room_store, Path("deck.md"), "talk", clock=clock).id
    unlinked.open_poll(other, POLL, clock=clock)
    unlinked.cast(other, POLL, Ballot("phone-2", "phone", ("a",)), clock=clock)
    assert _last_seq(room_store) == rows[-1].seq


def test_an_excluded_ballot_leaves_the_event_total(
    pg, event: str, room_store: Store, clock: FakeClock
) -> None:
    """Ballots the presenter excludes as possible stuffing stop counting in the
    event as they stop counting in the room."""
    votes, session_id = _session(room_store, clock)
    ottawa = SharedRoom.join(
        room_store, session_id, SharedTarget(pg.url, event, "ottawa"), Path("d.md")
    )
    try:
        for i in range(6):
            votes.cast(session_id, POLL, Ballot(f"p{i}", "phone", ("a",)), clock=clock)
        excluded = votes.exclude(session_id, POLL, ["p0", "p1"], "stuffing", clock=clock)
        assert excluded == 2
        _forward_all(ottawa, room_store)
        room = votes.tally(session_id, POLL)
        shared = ottawa.reader.read(POLL, room)
        assert shared is not None
        assert room.voters == shared.total.voters == 4
        assert dict(shared.total.counts)["a"] == 4
        with psycopg.connect(pg.url, autocommit=True) as conn:
            assert assert_room_forwarded(conn, room_store.path, event, "ottawa") == 4
            assert_counters_match_recount(conn, event)
    finally:
        ottawa.close()


def test_a_refused_ballot_writes_no_outbox_row(room_store: Store, clock: FakeClock) -> None:
    votes, session_id = _session(room_store, clock)
    outbox.link_session(room_store, session_id, "ev", "ottawa")
    outcomes = votes.cast_many(
        [
            (session_id, POLL, Ballot("phone-1", "phone", ("a",))),
            (session_id, POLL, Ballot("phone-2", "phone", ("nope",))),
        ],
        clock=clock,
    )
    assert not isinstance(outcomes[0], Exception) and isinstance(outcomes[1], Exception)
    assert [r.device for r in outbox.read_after(room_store.conn, "ev", "ottawa", 0, 10)] == [
        "phone-1"
    ]


def _forward_all(room: SharedRoom, store: Store) -> None:
    room.forwarder.wake()
    assert room.forwarder.wait_forwarded(_last_seq(store), timeout=30), room.forwarder.status


def test_ballots_reach_the_shared_store_and_the_tally_adds_rooms(
    pg, event: str, room_store: Store, tmp_path: Path, clock: FakeClock
) -> None:
    votes, session_id = _session(room_store, clock)
    ottawa = SharedRoom.join(
        room_store, session_id, SharedTarget(pg.url, event, "ottawa"), Path("d.md")
    )
    with Store.open(tmp_path / "halifax") as other_store:
        other_votes, other_session = _session(other_store, clock)
        halifax = SharedRoom.join(
            other_store, other_session, SharedTarget(pg.url, event, "halifax"), Path("d.md")
        )
        try:
            for i in range(30):
                votes.cast(session_id, POLL, Ballot(f"p{i}", "phone", ("abc"[i % 3],)), clock=clock)
                votes.cast(session_id, RANK, Ballot(f"p{i}", "phone", ("z", "x")), clock=clock)
            for i in range(10):
                other_votes.cast(other_session, POLL, Ballot(f"h{i}", "phone", ("a",)), clock=clock)
            other_votes.add_keyboard_vote(other_session, POLL, "b", clock=clock)
            _forward_all(ottawa, room_store)
            _forward_all(halifax, other_store)
            shared = ottawa.reader.read(POLL, votes.tally(session_id, POLL))
            assert shared is not None
            assert list(shared.rooms) == ["ottawa", "halifax"]
            assert shared.total.voters == 30 + 11
            assert dict(shared.total.counts) == {"a": 10 + 10, "b": 10 + 1, "c": 10}
            assert shared.rooms["halifax"].voters_by_source == {"phone": 10, "keyboard": 1}
            ranked = ottawa.reader.read(RANK, votes.tally(session_id, RANK))
            assert ranked is not None and ranked.total.counts["z"] == 30 * 2
            with psycopg.connect(pg.url, autocommit=True) as conn:
                assert assert_room_forwarded(conn, room_store.path, event, "ottawa") == 60
                assert assert_room_forwarded(conn, other_store.path, event, "halifax") == 11
                assert_counters_match_recount(conn, event)
        finally:
            ottawa.close()
            halifax.close()


def test_a_replay_of_the_whole_outbox_changes_nothing(
    pg, event: str, room_store: Store, clock: FakeClock
) -> None:
    votes, session_id = _session(room_store, clock)
    room = SharedRoom.join(room_store, session_id, SharedTarget(pg.url, event, "r"), Path("d.md"))
    try:
        for i in range(1500):
            votes.cast(
                session_id, POLL, Ballot(f"p{i % 700}", "phone", ("abc"[i % 3],)), clock=clock
            )
        votes.add_keyboard_vote(session_id, POLL, "a", clock=clock)
        votes.remove_keyboard_vote(session_id, POLL, "a", clock=clock)
        _forward_all(room, room_store)
    finally:
        room.close()
    instance = room_store.read("SELECT instance FROM shared_rooms")[0][0]
    with psycopg.connect(pg.url, autocommit=True) as conn:
        before = remote.read_counts(conn, event, POLL.id)
        after, changed = 0, 0
        while batch := outbox.read_after(room_store.conn, event, "r", after, 1000):
            after = batch[-1].seq
            changed += remote.apply_batch(
                conn, event, "r", instance, outbox.latest_versions(batch), after
            )
        assert after == _last_seq(room_store) and after > 1500
        assert changed == 0
        assert remote.read_counts(conn, event, POLL.id) == before
        assert_room_forwarded(conn, room_store.path, event, "r")
        assert_counters_match_recount(conn, event)


def test_a_late_replay_does_not_resurrect_a_removal(
    pg, event: str, room_store: Store, clock: FakeClock
) -> None:
    votes, session_id = _session(room_store, clock)
    room = SharedRoom.join(room_store, session_id, SharedTarget(pg.url, event, "r"), Path("d.md"))
    try:
        votes.add_keyboard_vote(session_id, POLL, "b", clock=clock)
        _forward_all(room, room_store)
        added = outbox.read_after(room_store.conn, event, "r", 0, 10)
        votes.remove_keyboard_vote(session_id, POLL, "b", clock=clock)
        _forward_all(room, room_store)
    finally:
        room.close()
    instance = room_store.read("SELECT instance FROM shared_rooms")[0][0]
    with psycopg.connect(pg.url, autocommit=True) as conn:
        # The old "added" row arrives again, late (a forwarder that resent it).
        assert remote.apply_batch(conn, event, "r", instance, added, added[-1].seq) == 0
        device = added[0].device
        choices, version = conn.execute(
            "SELECT choices, version FROM presenter.ballots WHERE device = %s", (device,)
        ).fetchone()
        assert choices is None and version > added[0].seq
        _, counts = remote.read_counts(conn, event, POLL.id)
        assert counts["r"].voters == [] and counts["r"].rows == []
        assert json.loads(added[0].choices or "[]") == ["b"]
        assert_room_forwarded(conn, room_store.path, event, "r")
        assert_counters_match_recount(conn, event)


def test_a_closing_room_sends_what_waits(pg, event: str, room_store: Store, clock: FakeClock):
    votes, session_id = _session(room_store, clock)
    room = SharedRoom.join(room_store, session_id, SharedTarget(pg.url, event, "r"), Path("d.md"))
    assert room.forwarder is not None
    assert room.forwarder.wait_status(lambda status: status.online, timeout=30)
    for i in range(300):
        votes.cast(session_id, POLL, Ballot(f"p{i}", "phone", ("abc"[i % 3],)), clock=clock)
    room.close()  # at once: the talk ends right after the last vote
    with psycopg.connect(pg.url, autocommit=True) as conn:
        assert assert_room_forwarded(conn, room_store.path, event, "r") == 300
        assert_counters_match_recount(conn, event)
    with room_store.lock:  # and the room's own note, written last, says nothing waits
        assert outbox.waiting(room_store.conn, event, "r") == 0


def test_a_store_that_never_joins_an_event_writes_ballots_as_before(
    room_store: Store, clock: FakeClock
) -> None:
    votes, session_id = _session(room_store, clock)
    votes.cast(session_id, POLL, Ballot("phone-1", "phone", ("a",)), clock=clock)
    votes.add_keyboard_vote(session_id, POLL, "b", clock=clock)
    triggers = room_store.read("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    assert triggers == []
    assert _last_seq(room_store) == 0
    outbox.link_session(room_store, session_id, "ev", "r")
    triggers = room_store.read("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    assert len(triggers) == 3


def test_the_forwarded_note_never_waits_for_the_write_lock(
    room_store: Store, clock: FakeClock
) -> None:
    """The note of what was forwarded gives way to ballots being written: while
    another connection holds the write lock it is skipped, not waited for."""
    votes, session_id = _session(room_store, clock)
    outbox.link_session(room_store, session_id, "ev", "r")
    votes.cast(session_id, POLL, Ballot("p1", "phone", ("a",)), clock=clock)
    seq = _last_seq(room_store)
    note_conn = room_store.connect()
    writer = room_store.connect()
    try:
        writer.execute("BEGIN IMMEDIATE")  # a burst of ballots is being written
        assert outbox.try_note_forwarded(note_conn, "ev", "r", seq) is False
        writer.execute("COMMIT")
        assert note_conn.execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT_MS
        assert outbox.forwarded(note_conn, "ev", "r") == 0
        assert outbox.try_note_forwarded(note_conn, "ev", "r", seq) is True
        assert outbox.forwarded(note_conn, "ev", "r") == seq
    finally:
        note_conn.close()
        writer.close()
