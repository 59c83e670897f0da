"""The vote writer keeps submission order between ballots and other writes."""

from __future__ import annotations

import threading
from concurrent.futures import wait
from typing import Any

from presenter.clock import FakeClock
from presenter.polls.ballots import VoteStore
from presenter.polls.validation import Ballot
from presenter.polls.writer import GroupCommitWriter
from presenter.store import Store


def test_calls_and_ballots_run_in_submission_order(
    store: Store, votes: VoteStore, session_id: int, make_poll, clock: FakeClock
) -> None:
    poll = make_poll()
    votes.open_poll(session_id, poll, clock=clock)
    release = threading.Event()
    stored_when_called: list[int] = []

    def gate(sink: Any) -> None:
        release.wait(10)  # holds the writer so the rest queue up into one batch

    def count_ballots(sink: Any) -> int:
        count = sink.conn.execute(
            "SELECT count(*) FROM ballots WHERE session_id = ?", (session_id,)
        ).fetchone()[0]
        stored_when_called.append(count)
        return int(count)

    writer = GroupCommitWriter(
        lambda: VoteStore.on_connection(store.connect(), store.path),
        clock=clock,
        window_s=0.05,
    )
    writer.start()
    try:
        held = writer.run(gate)
        futures = [
            writer.submit(session_id, poll, Ballot("d1", "phone", ("a",), "s1")),
            writer.run(count_ballots),
            writer.submit(session_id, poll, Ballot("d2", "phone", ("b",), "s2")),
            writer.submit(session_id, poll, Ballot("d3", "phone", ("a",), "s3")),
            writer.run(count_ballots),
        ]
        release.set()
        held.result(10)
        done, _ = wait(futures, timeout=10)
        assert len(done) == len(futures)
    finally:
        writer.close()
    # The first count saw only the ballot queued before it, the second all three.
    assert stored_when_called == [1, 3]
    assert futures[1].result() == 1
    assert votes.tally(session_id, poll).voters == 3
