"""The group-commit writer: batches, acknowledges only after commit, fails loudly."""

from __future__ import annotations

import sqlite3
import threading
from concurrent.futures import Future, wait

import pytest

from presenter.clock import FakeClock
from presenter.polls.ballots import CastResult, VoteStore
from presenter.polls.tally import tally
from presenter.polls.validation import Ballot, BallotRejected
from presenter.polls.writer import GroupCommitWriter, WriterClosed
from presenter.store import Store, StoreError


def writer_for(store: Store, clock: FakeClock, **kwargs) -> GroupCommitWriter:  # type: ignore[no-untyped-def]
    writer = GroupCommitWriter(
        lambda: VoteStore.on_connection(store.connect(), store.path), clock=clock, **kwargs
    )
    writer.start()
    return writer


def test_every_acknowledged_ballot_is_committed_when_acknowledged(
    store, votes, session_id, polls, clock
) -> None:
    poll = polls["pick"]
    votes.open_poll(session_id, poll, clock=clock)
    writer = writer_for(store, clock, window_s=0.005)
    # another connection sees only committed rows
    outside = sqlite3.connect(store.path, check_same_thread=False)
    seen_at_ack: list[bool] = []
    lock = threading.Lock()

    def check(future: Future[CastResult]) -> None:
        ballot_id = future.result().ballot_id
        with lock:
            row = outside.execute("SELECT 1 FROM ballots WHERE id = ?", (ballot_id,)).fetchone()
            seen_at_ack.append(row is not None)

    futures: list[Future[CastResult]] = []

    def phone(n: int) -> None:
        for k in range(25):
            ballot = Ballot(f"phone-{n}-{k}", "phone", (("beta", "gamma")[k % 2],), f"s-{n}-{k}")
            future = writer.submit(session_id, poll, ballot)
            future.add_done_callback(check)  # runs on the writer thread at acknowledgement
            with lock:
                futures.append(future)

    threads = [threading.Thread(target=phone, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    done, _ = wait(futures, timeout=30)
    writer.close()
    outside.close()
    assert len(done) == 200
    assert all(seen_at_ack) and len(seen_at_ack) == 200
    assert tally(votes, session_id, poll).voters == 200
    assert writer.stats.ballots == 200
    assert writer.stats.batches < 200  # they were grouped


def test_acknowledgement_waits_for_the_commit(store, votes, session_id, polls, clock) -> None:
    """The future is resolved only after the transaction: seen from inside cast_many."""
    poll = polls["pick"]
    votes.open_poll(session_id, poll, clock=clock)
    release = threading.Event()
    inside = threading.Event()

    class SlowSink:
        def __init__(self) -> None:
            self.real = VoteStore.on_connection(store.connect(), store.path)

        def cast_many(self, items, *, clock):  # type: ignore[no-untyped-def]
            inside.set()
            release.wait(10)
            return self.real.cast_many(items, clock=clock)

    writer = GroupCommitWriter(SlowSink, clock=clock)
    writer.start()
    future = writer.submit(session_id, poll, Ballot("p1", "phone", ("beta",), "sid-1"))
    assert inside.wait(10)
    assert not future.done()
    release.set()
    assert future.result(10).ballot_id > 0
    writer.close()


def test_rejections_reach_only_their_ballot(store, votes, session_id, polls, clock) -> None:
    poll = polls["pick"]
    votes.open_poll(session_id, poll, clock=clock)
    writer = writer_for(store, clock, window_s=0.05)
    good = writer.submit(session_id, poll, Ballot("p1", "phone", ("beta",), "sid-1"))
    bad = writer.submit(session_id, poll, Ballot("p2", "phone", ("nope",), "sid-2"))
    closed = writer.submit(session_id, polls["many"], Ballot("p3", "phone", ("north",), "s3"))
    assert good.result(10).ballot_id > 0
    with pytest.raises(BallotRejected):
        bad.result(10)
    with pytest.raises(BallotRejected) as refused:
        closed.result(10)
    assert refused.value.code == "not-open"
    writer.close()


def test_a_failed_transaction_fails_every_ballot_of_the_batch(
    store, session_id, polls, clock
) -> None:
    class BrokenSink:
        def cast_many(self, items, *, clock):  # type: ignore[no-untyped-def]
            raise StoreError("the disk holding the store is full")

    writer = GroupCommitWriter(BrokenSink, clock=clock)
    writer.start()
    futures = [
        writer.submit(session_id, polls["pick"], Ballot(f"p{n}", "phone", ("beta",)))
        for n in range(5)
    ]
    for future in futures:
        with pytest.raises(StoreError):
            future.result(10)
    writer.close()


def test_a_store_that_cannot_open_refuses_everything(session_id, polls, clock) -> None:
    def cannot_open() -> VoteStore:
        raise StoreError("cannot open the store")

    writer = GroupCommitWriter(cannot_open, clock=clock)
    writer.start()
    future = writer.submit(session_id, polls["pick"], Ballot("p1", "phone", ("beta",)))
    with pytest.raises(StoreError):
        future.result(10)
    writer.close()


def test_close_stores_what_is_queued_then_refuses(store, votes, session_id, polls, clock) -> None:
    poll = polls["pick"]
    votes.open_poll(session_id, poll, clock=clock)
    writer = writer_for(store, clock, window_s=0.05)
    futures = [
        writer.submit(session_id, poll, Ballot(f"p{n}", "phone", ("gamma",))) for n in range(50)
    ]
    writer.close()
    assert all(f.result(0).ballot_id > 0 for f in futures)
    late = writer.submit(session_id, poll, Ballot("late", "phone", ("gamma",)))
    with pytest.raises(WriterClosed):
        late.result(0)
    assert tally(votes, session_id, poll).voters == 50
    assert not writer.running


def test_calls_run_on_the_writer_thread_in_order(store, votes, session_id, polls, clock) -> None:
    poll = polls["pick"]
    votes.open_poll(session_id, poll, clock=clock)
    writer = writer_for(store, clock)
    threads: list[str] = []
    future = writer.run(
        lambda sink: (
            threads.append(threading.current_thread().name),
            sink.suggest(session_id, poll, "an idea", "p1", clock=clock),
        )[1]
    )
    suggestion = future.result(10)
    writer.close()
    assert threads == ["ballot-writer"]
    assert suggestion.text == "an idea"
    assert [s.text for s in votes.suggestions(session_id, poll.id)] == ["an idea"]
