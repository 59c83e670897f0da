"""Ballots: states, validation, one per device, replacement, idempotent submissions, batches."""

from __future__ import annotations

import pytest

from presenter.clock import FakeClock
from presenter.polls.ballots import CastResult, VoteStore
from presenter.polls.states import PollStatus
from presenter.polls.validation import Ballot, BallotRejected
from presenter.store import Store


def phone(device: str, *choices: str, submission: str | None = None) -> Ballot:
    return Ballot(device, "phone", tuple(choices), submission)


def test_poll_lifecycle(make_poll, votes: VoteStore, session_id: int, clock: FakeClock) -> None:
    poll = make_poll()
    assert votes.state(session_id, poll.id) == PollStatus("ready", False, None, None)
    opened = votes.open_poll(session_id, poll, clock=clock)
    assert opened.state == "open" and opened.opened_at == "2026-01-01T09:00:00.000+00:00"
    clock.advance(90)
    closed = votes.close_poll(session_id, poll.id, clock=clock)
    assert closed.state == "closed" and closed.closed_at == "2026-01-01T09:01:30.000+00:00"
    assert not closed.revealed
    assert votes.reveal(session_id, poll.id).revealed
    clock.advance(10)
    reopened = votes.open_poll(session_id, poll, clock=clock)
    # The first opening time is kept; the close is cleared; the reveal stays.
    assert reopened == PollStatus("open", True, "2026-01-01T09:00:00.000+00:00", None)
    assert votes.states(session_id) == {poll.id: reopened}


def test_results_visibility(make_poll, votes: VoteStore, session_id: int, clock: FakeClock) -> None:
    hidden = make_poll("hidden", results="after-close")
    status = votes.open_poll(session_id, hidden, clock=clock)
    assert not status.results_visible(hidden)
    assert votes.reveal(session_id, hidden).results_visible(hidden)
    assert not votes.hide(session_id, hidden).results_visible(hidden)
    assert PollStatus().results_visible(make_poll())


def test_states_are_per_session(
    make_poll, store: Store, votes: VoteStore, session_id: int, clock: FakeClock, tmp_path
) -> None:
    from presenter.session import start_session

    poll = make_poll()
    votes.open_poll(session_id, poll, clock=clock)
    other = start_session(store, tmp_path / "deck.md", "talk", clock=clock).id
    assert votes.state(other, poll.id).state == "ready"


def test_votes_refused_unless_open(
    make_poll, votes: VoteStore, session_id: int, clock: FakeClock
) -> None:
    poll = make_poll()
    with pytest.raises(BallotRejected, match="not open yet") as caught:
        votes.cast(session_id, poll, phone("d1", "a"), clock=clock)
    assert caught.value.code == "not-open"
    votes.open_poll(session_id, poll, clock=clock)
    votes.cast(session_id, poll, phone("d1", "a"), clock=clock)
    votes.close_poll(session_id, poll, clock=clock)
    with pytest.raises(BallotRejected, match="closed"):
        votes.cast(session_id, poll, phone("d2", "a"), clock=clock)
    assert votes.voters(session_id, poll) == 1


@pytest.mark.parametrize(
    ("kind", "max_picks", "choices", "code"),
    [
        ("single", 1, (), "no-choice"),
        ("single", 1, ("a", "b"), "too-many"),
        ("single", 1, ("zzz",), "unknown-option"),
        ("multi", 2, ("a", "b", "c"), "too-many"),
        ("multi", 2, ("a", "a"), "repeated-option"),
        ("rank", 3, ("a", "b", "a"), "repeated-option"),
        ("rank", 3, ("a", "d"), "unknown-option"),
    ],
)
def test_invalid_ballots_are_refused(
    make_poll,
    votes: VoteStore,
    session_id: int,
    clock: FakeClock,
    kind: str,
    max_picks: int,
    choices: tuple[str, ...],
    code: str,
) -> None:
    poll = make_poll(kind=kind, max=max_picks)
    votes.open_poll(session_id, poll, clock=clock)
    with pytest.raises(BallotRejected) as caught:
        votes.cast(session_id, poll, phone("d1", *choices), clock=clock)
    assert caught.value.code == code
    assert caught.value.reason
    assert votes.voters(session_id, poll) == 0


def test_bad_device_source_and_submission(
    make_poll, votes: VoteStore, session_id: int, clock: FakeClock
) -> None:
    poll = make_poll()
    votes.open_poll(session_id, poll, clock=clock)
    for ballot, code in [
        (Ballot("", "phone", ("a",)), "bad-device"),
        (Ballot("x" * 500, "phone", ("a",)), "bad-device"),
        (Ballot("d", "fax", ("a",)), "bad-source"),  # type: ignore[arg-type]
        (Ballot("d", "phone", ("a",), ""), "bad-submission"),
    ]:
        with pytest.raises(BallotRejected) as caught:
            votes.cast(session_id, poll, ballot, clock=clock)
        assert caught.value.code == code


def test_one_ballot_per_device_and_a_changed_vote_replaces_it(
    make_poll, votes: VoteStore, session_id: int, clock: FakeClock
) -> None:
    poll = make_poll()
    votes.open_poll(session_id, poll, clock=clock)
    first = votes.cast(session_id, poll, phone("d1", "a"), clock=clock)
    assert first == CastResult(first.ballot_id, replaced=False, duplicate=False)
    changed = votes.cast(session_id, poll, phone("d1", "b"), clock=clock)
    assert changed == CastResult(first.ballot_id, replaced=True, duplicate=False)
    votes.cast(session_id, poll, phone("d2", "b"), clock=clock)
    tally = votes.tally(session_id, poll)
    assert tally.voters == 2
    assert dict(tally.counts) == {"a": 0, "b": 2, "c": 0}
    assert votes.ballot_of(session_id, poll, "d1") == ("b",)
    assert votes.ballot_of(session_id, poll, "nobody") is None


def test_the_same_device_may_vote_in_each_poll(
    make_poll, votes: VoteStore, session_id: int, clock: FakeClock
) -> None:
    one, two = make_poll("one"), make_poll("two")
    votes.open_poll(session_id, one, clock=clock)
    votes.open_poll(session_id, two, clock=clock)
    votes.cast(session_id, one, phone("d1", "a"), clock=clock)
    votes.cast(session_id, two, phone("d1", "c"), clock=clock)
    assert votes.voters(session_id, one) == votes.voters(session_id, two) == 1


def test_a_repeated_submission_id_is_a_duplicate_no_op(
    make_poll, votes: VoteStore, session_id: int, clock: FakeClock
) -> None:
    poll = make_poll()
    votes.open_poll(session_id, poll, clock=clock)
    first = votes.cast(session_id, poll, phone("d1", "a", submission="s1"), clock=clock)
    changed = votes.cast(session_id, poll, phone("d1", "b", submission="s2"), clock=clock)
    assert changed.replaced
    # A late retry of the first submission must not undo the change.
    retry = votes.cast(session_id, poll, phone("d1", "a", submission="s1"), clock=clock)
    assert retry == CastResult(first.ballot_id, replaced=False, duplicate=True)
    assert dict(votes.tally(session_id, poll).counts) == {"a": 0, "b": 1, "c": 0}
    # Another device cannot reuse someone's submission id.
    with pytest.raises(BallotRejected) as caught:
        votes.cast(session_id, poll, phone("d2", "c", submission="s1"), clock=clock)
    assert caught.value.code == "bad-submission"


def test_cast_many_is_one_transaction_with_per_item_outcomes(
    make_poll, votes: VoteStore, session_id: int, clock: FakeClock
) -> None:
    poll = make_poll()
    closed = make_poll("closed")
    votes.open_poll(session_id, poll, clock=clock)
    items = [
        (session_id, poll, phone("d1", "a", submission="x1")),
        (session_id, poll, phone("d2", "nope", submission="x2")),
        (session_id, closed, phone("d3", "a", submission="x3")),
        (session_id, poll, phone("d1", "b", submission="x4")),
        (session_id, poll, phone("d4", "c", submission="x1")),  # reused by another device
        (session_id, poll, phone("d1", "b", submission="x4")),  # a retry within the batch
        (session_id, poll, phone("d5", "c")),
    ]
    outcomes = votes.cast_many(items, clock=clock)
    assert [type(o).__name__ for o in outcomes] == [
        "CastResult",
        "BallotRejected",
        "BallotRejected",
        "CastResult",
        "BallotRejected",
        "CastResult",
        "CastResult",
    ]
    first, _, not_open, changed, _, retry, last = outcomes
    assert isinstance(not_open, BallotRejected) and not_open.code == "not-open"
    assert isinstance(changed, CastResult) and changed.replaced
    assert isinstance(first, CastResult) and changed.ballot_id == first.ballot_id
    assert isinstance(retry, CastResult) and retry.duplicate
    assert isinstance(last, CastResult) and not last.replaced
    assert dict(votes.tally(session_id, poll).counts) == {"a": 0, "b": 1, "c": 1}
    assert votes.cast_many([], clock=clock) == []


def test_vote_store_on_its_own_connection(
    make_poll, store: Store, votes: VoteStore, session_id: int, clock: FakeClock
) -> None:
    poll = make_poll()
    votes.open_poll(session_id, poll, clock=clock)
    conn = store.connect()
    try:
        writer = VoteStore.on_connection(conn, store.path)
        writer.cast(session_id, poll, phone("d1", "c"), clock=clock)
        # Committed: the store's own connection sees it at once.
        assert votes.tally(session_id, poll).counts["c"] == 1
    finally:
        conn.close()


def test_ballots_survive_reopening_the_store(make_poll, tmp_path, clock: FakeClock) -> None:
    from presenter.session import start_session

    poll = make_poll()
    with Store.open(tmp_path / "d") as store:
        sid = start_session(store, tmp_path / "deck.md", "talk", clock=clock).id
        votes = VoteStore(store)
        votes.open_poll(sid, poll, clock=clock)
        votes.cast(sid, poll, phone("d1", "b"), clock=clock)
    with Store.open(tmp_path / "d") as store:
        votes = VoteStore(store)
        assert votes.state(sid, poll).is_open
        assert votes.tally(sid, poll).counts["b"] == 1


def test_choices_given_as_one_string_are_refused(
    make_poll, votes: VoteStore, session_id: int, clock: FakeClock
) -> None:
    poll = make_poll(kind="multi", max=3)
    votes.open_poll(session_id, poll, clock=clock)
    with pytest.raises(BallotRejected):
        votes.cast(session_id, poll, Ballot("d1", "phone", "ab"), clock=clock)  # type: ignore[arg-type]


def test_a_full_disk_fails_the_whole_batch_cleanly(
    make_poll, store: Store, votes: VoteStore, session_id: int, clock: FakeClock
) -> None:
    from presenter.store import StoreError

    poll = make_poll()
    votes.open_poll(session_id, poll, clock=clock)
    votes.cast(session_id, poll, phone("before", "a"), clock=clock)
    pages = store.read("PRAGMA page_count")[0][0]
    store.read(f"PRAGMA max_page_count = {pages}")
    batch = [
        (session_id, poll, phone(f"device-{i}-" + "x" * 150, "b", submission=f"s-{i}" + "y" * 150))
        for i in range(500)
    ]
    with pytest.raises(StoreError, match="is full"):
        votes.cast_many(batch, clock=clock)
    store.read(f"PRAGMA max_page_count = {pages * 100}")
    # Nothing of the failed batch was stored; what was committed before is intact.
    result = votes.tally(session_id, poll)
    assert result.voters == 1 and result.counts["a"] == 1
    assert not store.conn.in_transaction
