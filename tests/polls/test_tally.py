"""Tallies of every kind, computed from the stored ballots."""

from __future__ import annotations

import pytest

from presenter.clock import FakeClock
from presenter.polls.ballots import VoteStore
from presenter.polls.tally import tally
from presenter.polls.validation import Ballot
from presenter.store import Store


def cast_all(votes: VoteStore, session_id: int, poll, ballots, clock: FakeClock) -> None:
    votes.open_poll(session_id, poll, clock=clock)
    for number, choices in enumerate(ballots):
        votes.cast(session_id, poll, Ballot(f"d{number}", "phone", tuple(choices)), clock=clock)


def test_single(make_poll, votes: VoteStore, session_id: int, clock: FakeClock) -> None:
    poll = make_poll()
    cast_all(votes, session_id, poll, [["a"], ["b"], ["a"], ["a"]], clock)
    result = votes.tally(session_id, poll)
    assert result.kind == "single"
    assert result.voters == 4
    assert list(result.counts.items()) == [("a", 3), ("b", 1), ("c", 0)]
    assert result.ranks is None
    assert result.share("a") == pytest.approx(0.75)
    assert result.leaders == ("a",)


def test_multi_counts_each_pick(
    make_poll, votes: VoteStore, session_id: int, clock: FakeClock
) -> None:
    poll = make_poll(kind="multi", max=2)
    cast_all(votes, session_id, poll, [["a", "b"], ["b"], ["b", "c"]], clock)
    result = votes.tally(session_id, poll)
    assert result.voters == 3
    assert dict(result.counts) == {"a": 1, "b": 3, "c": 1}
    assert result.total == 5
    assert result.share("b") == pytest.approx(1.0)


def test_rank_is_a_borda_count_with_rank_distributions(
    make_poll, votes: VoteStore, session_id: int, clock: FakeClock
) -> None:
    poll = make_poll(kind="rank", options=("a", "b", "c", "d"))
    # n = 4: first place 3 points, second 2, third 1, fourth 0; unranked 0.
    cast_all(
        votes,
        session_id,
        poll,
        [["a", "b", "c", "d"], ["b", "a", "d", "c"], ["b", "c"], ["d"]],
        clock,
    )
    result = votes.tally(session_id, poll)
    assert result.voters == 4
    assert dict(result.counts) == {
        "a": 3 + 2,
        "b": 2 + 3 + 3,
        "c": 1 + 0 + 2,
        "d": 0 + 1 + 3,
    }
    assert result.ranks is not None
    assert result.ranks["a"] == (1, 1, 0, 0)
    assert result.ranks["b"] == (2, 1, 0, 0)
    assert result.ranks["c"] == (0, 1, 1, 1)
    assert result.ranks["d"] == (1, 0, 1, 1)
    assert result.leaders == ("b",)
    assert result.share("b") == pytest.approx(8 / 20)


def test_ties_and_empty(make_poll, votes: VoteStore, session_id: int, clock: FakeClock) -> None:
    poll = make_poll()
    votes.open_poll(session_id, poll, clock=clock)
    empty = votes.tally(session_id, poll)
    assert empty.voters == 0 and empty.leaders == () and empty.share("a") == 0
    cast_all(votes, session_id, poll, [["a"], ["b"]], clock)
    assert votes.tally(session_id, poll).leaders == ("a", "b")


def test_keyboard_and_phone_are_counted_apart_and_together(
    make_poll, votes: VoteStore, session_id: int, clock: FakeClock
) -> None:
    poll = make_poll()
    cast_all(votes, session_id, poll, [["a"], ["b"]], clock)
    votes.add_keyboard_vote(session_id, poll, "a", clock=clock)
    result = votes.tally(session_id, poll)
    assert result.voters == 3
    assert dict(result.voters_by_source) == {"keyboard": 1, "phone": 2}
    assert dict(result.counts_by_source["keyboard"]) == {"a": 1, "b": 0, "c": 0}
    assert dict(result.counts_by_source["phone"]) == {"a": 1, "b": 1, "c": 0}


def test_tally_accepts_a_store_or_a_connection(
    make_poll, store: Store, votes: VoteStore, session_id: int, clock: FakeClock
) -> None:
    poll = make_poll()
    cast_all(votes, session_id, poll, [["c"]], clock)
    assert tally(store, session_id, poll).counts["c"] == 1
    conn = store.connect()
    try:
        assert tally(conn, session_id, poll).counts["c"] == 1
    finally:
        conn.close()
    with pytest.raises(TypeError):
        tally(object(), session_id, poll)


def test_ballots_for_options_the_deck_no_longer_has(
    make_poll, votes: VoteStore, session_id: int, clock: FakeClock
) -> None:
    old = make_poll(options=("a", "b", "gone"))
    cast_all(votes, session_id, old, [["gone"], ["a"]], clock)
    edited = make_poll(options=("a", "b"))
    result = votes.tally(session_id, edited)
    assert result.voters == 2
    assert dict(result.counts) == {"a": 1, "b": 0}


@pytest.mark.parametrize(
    ("kind", "ballots"),
    [
        ("single", [["a"], ["b"], ["c"], ["a"]]),
        ("multi", [["a", "b"], ["b"], ["b", "c"]]),
        ("rank", [["a", "b", "c"], ["b", "a"], ["c"]]),
    ],
)
def test_the_poll_screen_and_the_results_use_the_tallys_shares(
    make_poll, votes: VoteStore, session_id: int, clock: FakeClock, kind: str, ballots
) -> None:
    from presenter.polls.results_format import _share
    from presenter.tui.widgets.poll_snapshot import PollSnapshot

    poll = make_poll(kind=kind, **({"max": 2} if kind == "multi" else {}))
    cast_all(votes, session_id, poll, ballots, clock)
    counted = votes.tally(session_id, poll)
    snapshot = PollSnapshot(poll, voters=counted.voters, counts=counted.counts)
    as_json = {
        "kind": kind,
        "voters": counted.voters,
        "options": [{"votes": counted.counts[o.id]} for o in poll.options],
    }
    for option in poll.options:
        expected = counted.share(option.id)
        assert 0 < expected <= 1
        assert snapshot.share(option.id) == pytest.approx(expected)
        assert _share(as_json, counted.counts[option.id]) == pytest.approx(expected)


@pytest.mark.parametrize("results", ["live", "after-close"])
@pytest.mark.parametrize("revealed", [False, True])
def test_the_poll_screen_shows_and_crowns_by_the_core_rules(
    make_poll, votes: VoteStore, session_id: int, clock: FakeClock, results: str, revealed: bool
) -> None:
    from presenter.tui.widgets.poll_snapshot import PollSnapshot

    poll = make_poll(results=results)
    cast_all(votes, session_id, poll, [["a"], ["b"], ["a"], ["b"], ["c"]], clock)
    votes.close_poll(session_id, poll, clock=clock)
    if revealed:
        votes.reveal(session_id, poll)
    status = votes.state(session_id, poll.id)
    counted = votes.tally(session_id, poll)
    snapshot = PollSnapshot(
        poll, state="closed", revealed=status.revealed, voters=counted.voters, counts=counted.counts
    )
    assert snapshot.hidden == (not status.results_visible(poll))
    assert snapshot.winners == (frozenset() if snapshot.hidden else frozenset(counted.leaders))
    assert counted.leaders == ("a", "b")
