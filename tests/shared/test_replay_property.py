"""Any mix of ballot changes, forwarded in batches of any size with replays of earlier
batches in between, leaves the shared store equal to the room and its counters equal to
a recount (a property test against the real PostgreSQL server)."""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path

import psycopg
from checks import assert_counters_match_recount, assert_room_forwarded
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_forwarding import POLL, RANK

from presenter.clock import FakeClock
from presenter.polls.ballots import VoteStore
from presenter.polls.validation import Ballot, BallotRejected
from presenter.session import start_session
from presenter.shared import outbox, remote, schema
from presenter.store import Store

_events = itertools.count(1)

operation = st.tuples(
    st.sampled_from(["cast", "rank", "add", "remove", "undo"]),
    st.integers(0, 4),  # device
    st.integers(0, 2),  # option
)
# Each step: forward the next `size` outbox rows, then replay rows [start, start + length).
step = st.tuples(st.integers(1, 7), st.integers(0, 40), st.integers(1, 12))


def _apply(session: tuple[VoteStore, int], clock: FakeClock, op: tuple[str, int, int]) -> None:
    votes, session_id = session
    kind, device, option = op
    try:
        if kind == "cast":
            choice = ("a", "b", "c")[option]
            votes.cast(session_id, POLL, Ballot(f"p{device}", "phone", (choice,)), clock=clock)
        elif kind == "rank":
            order = ("x", "y", "z")[option:] + ("x", "y", "z")[:option]
            votes.cast(session_id, RANK, Ballot(f"p{device}", "phone", order[:2]), clock=clock)
        elif kind == "add":
            votes.add_keyboard_vote(session_id, POLL, ("a", "b", "c")[option], clock=clock)
        elif kind == "remove":
            votes.remove_keyboard_vote(session_id, POLL, ("a", "b", "c")[option], clock=clock)
        else:
            votes.undo_keyboard(session_id, POLL)
    except BallotRejected:
        pass


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=st.lists(operation, min_size=1, max_size=40), steps=st.lists(step, max_size=12))
def test_batches_and_replays_of_any_shape_converge(pg, ops, steps) -> None:
    clock = FakeClock()
    event = f"property-{next(_events)}"
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder)) as store:
        session_id = start_session(store, Path("deck.md"), "talk", clock=clock).id
        votes = VoteStore(store)
        votes.open_poll(session_id, POLL, clock=clock)
        votes.open_poll(session_id, RANK, clock=clock)
        instance = outbox.link_session(store, session_id, event, "r")
        for op in ops:
            _apply((votes, session_id), clock, op)
        rows = outbox.read_after(store.conn, event, "r", 0, 10_000)
        with psycopg.connect(pg.url, autocommit=True) as conn:
            schema.migrate(conn)
            remote.join(conn, event, "r", instance, "deck.md")
            sent = 0
            for size, start, length in steps:
                if sent < len(rows):
                    batch = rows[sent : sent + size]
                    sent += len(batch)
                    remote.apply_batch(
                        conn, event, "r", instance, outbox.latest_versions(batch), batch[-1].seq
                    )
                replay = rows[min(start, sent) : min(start + length, sent)]
                if replay:
                    # A late copy of rows already applied: it must change nothing.
                    changed = remote.apply_batch(
                        conn, event, "r", instance, outbox.latest_versions(replay), 0
                    )
                    assert changed == 0
            rest = rows[sent:]
            if rest:
                remote.apply_batch(
                    conn, event, "r", instance, outbox.latest_versions(rest), rest[-1].seq
                )
            assert_room_forwarded(conn, store.path, event, "r")
            assert_counters_match_recount(conn, event)
            applied = conn.execute(
                "SELECT applied_seq FROM presenter.rooms WHERE event = %s", (event,)
            ).fetchone()[0]
            assert applied == (rows[-1].seq if rows else 0)
