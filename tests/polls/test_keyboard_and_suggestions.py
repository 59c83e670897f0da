"""Keyboard tallies (add, remove, undo) and suggestions (cleaning, moderation)."""

from __future__ import annotations

import pytest

from presenter.clock import FakeClock
from presenter.polls.ballots import VoteStore
from presenter.polls.suggestions import SuggestionRejected, clean_suggestion
from presenter.polls.validation import BallotRejected


def counts(votes: VoteStore, session_id: int, poll) -> dict[str, float]:
    return dict(votes.tally(session_id, poll).counts)


def test_the_issue_scenario_three_one_undo(
    make_poll, votes: VoteStore, session_id: int, clock: FakeClock
) -> None:
    poll = make_poll()
    votes.open_poll(session_id, poll, clock=clock)
    for _ in range(3):
        votes.add_keyboard_vote(session_id, poll, "a", clock=clock)
    votes.add_keyboard_vote(session_id, poll, "b", clock=clock)
    assert counts(votes, session_id, poll) == {"a": 3, "b": 1, "c": 0}
    assert votes.undo_keyboard(session_id, poll.id)
    assert counts(votes, session_id, poll) == {"a": 3, "b": 0, "c": 0}
    votes.close_poll(session_id, poll, clock=clock)
    result = votes.tally(session_id, poll)
    assert result.voters == 3
    rows = votes.conn.execute(
        "SELECT source, device FROM ballots WHERE session_id = ?", (session_id,)
    ).fetchall()
    assert {source for source, _ in rows} == {"keyboard"}
    assert len({device for _, device in rows}) == 3  # each press its own device


def test_remove_takes_back_the_latest_and_undo_restores_it(
    make_poll, votes: VoteStore, session_id: int, clock: FakeClock
) -> None:
    poll = make_poll()
    votes.open_poll(session_id, poll, clock=clock)
    votes.add_keyboard_vote(session_id, poll, "a", clock=clock)
    votes.add_keyboard_vote(session_id, poll, "a", clock=clock)
    assert votes.remove_keyboard_vote(session_id, poll, "a")
    assert counts(votes, session_id, poll)["a"] == 1
    assert not votes.remove_keyboard_vote(session_id, poll, "b")  # nothing to remove
    assert votes.undo_keyboard(session_id, poll)  # undoes the remove
    assert counts(votes, session_id, poll)["a"] == 2
    assert votes.undo_keyboard(session_id, poll)  # undoes the second add
    assert votes.undo_keyboard(session_id, poll)  # undoes the first add
    assert counts(votes, session_id, poll)["a"] == 0
    assert not votes.undo_keyboard(session_id, poll)


def test_keyboard_removal_never_touches_phone_ballots(
    make_poll, votes: VoteStore, session_id: int, clock: FakeClock
) -> None:
    from presenter.polls.validation import Ballot

    poll = make_poll()
    votes.open_poll(session_id, poll, clock=clock)
    votes.cast(session_id, poll, Ballot("phone-1", "phone", ("a",)), clock=clock)
    assert not votes.remove_keyboard_vote(session_id, poll, "a")
    assert not votes.undo_keyboard(session_id, poll)
    assert counts(votes, session_id, poll)["a"] == 1


def test_keyboard_tallies_need_an_open_poll_and_a_real_option(
    make_poll, votes: VoteStore, session_id: int, clock: FakeClock
) -> None:
    poll = make_poll()
    with pytest.raises(BallotRejected, match="not open"):
        votes.add_keyboard_vote(session_id, poll, "a", clock=clock)
    votes.open_poll(session_id, poll, clock=clock)
    with pytest.raises(BallotRejected) as caught:
        votes.add_keyboard_vote(session_id, poll, "z", clock=clock)
    assert caught.value.code == "unknown-option"
    votes.add_keyboard_vote(session_id, poll, "a", clock=clock)
    votes.close_poll(session_id, poll, clock=clock)
    with pytest.raises(BallotRejected, match="closed"):
        votes.undo_keyboard(session_id, poll)
    with pytest.raises(BallotRejected, match="closed"):
        votes.remove_keyboard_vote(session_id, poll, "a")
    assert counts(votes, session_id, poll)["a"] == 1


def test_keyboard_votes_on_a_rank_poll_are_first_places(
    make_poll, votes: VoteStore, session_id: int, clock: FakeClock
) -> None:
    poll = make_poll(kind="rank")
    votes.open_poll(session_id, poll, clock=clock)
    votes.add_keyboard_vote(session_id, poll, "c", clock=clock)
    result = votes.tally(session_id, poll)
    assert result.counts["c"] == 2
    assert result.ranks is not None and result.ranks["c"] == (1, 0, 0)


# -- suggestions -------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  More data  ", "More data"),
        ("[bold red]shout[/]", "[bold red]shout[/]"),  # markup is kept, shown escaped
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),
        ("\x1b[2J\x1b]0;owned\x07clear", "clear"),
        ("stray\uffff bar\U0010fffe\u0378", "stray bar"),
        ("line one\r\nline two", "line one\nline two"),
        ("tab\there", "tab here"),
        ("c1\x9b2Jcontrol\x85", "c1control"),
        ("bidi \u202eevil\u202c", "bidi evil"),
        ("a\n\n\n\n\nb", "a\n\nb"),
        ("e\u0301", "\u00e9"),
        (b"caf\xc3\xa9", "café"),
    ],
)
def test_clean_suggestion(raw: object, clean: str) -> None:
    assert clean_suggestion(raw) == clean


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        ("\x00\x01\x1b", "empty"),
        ("x" * 281, "too-long"),
        (b"\xff\xfe", "encoding"),
        (42, "type"),
        (None, "type"),
    ],
)
def test_bad_suggestions_are_refused(raw: object, code: str) -> None:
    with pytest.raises(SuggestionRejected) as caught:
        clean_suggestion(raw)
    assert caught.value.code == code


def test_the_cap_is_280_characters_not_bytes() -> None:
    assert len(clean_suggestion("é" * 280)) == 280
    assert clean_suggestion("x" * 279 + "\x1b") == "x" * 279


def test_lone_surrogates_are_dropped() -> None:
    assert clean_suggestion("ok\ud800") == "ok"


def test_suggestions_are_pending_until_moderated(
    make_poll, votes: VoteStore, session_id: int, clock: FakeClock
) -> None:
    poll = make_poll()
    first = votes.suggest(session_id, poll, "[b]More budget[/b]", "phone-1", clock=clock)
    assert first.status == "pending"
    assert first.text == "[b]More budget[/b]"
    assert first.created == "2026-01-01T09:00:00.000+00:00"
    assert first.poll_id == poll.id
    second = votes.suggest(session_id, poll.id, "Listen more", "presenter", clock=clock)
    approved = votes.moderate(second.id, "approved", clock=clock)
    assert approved is not None and approved.status == "approved"
    rejected = votes.moderate(first.id, "rejected")
    assert rejected is not None and rejected.status == "rejected"
    assert votes.moderate(999, "approved") is None
    with pytest.raises(ValueError, match="pending, approved or rejected"):
        votes.moderate(first.id, "maybe")
    assert [s.text for s in votes.suggestions(session_id, poll, "approved")] == ["Listen more"]
    assert [s.id for s in votes.suggestions(session_id, poll)] == [first.id, second.id]
    assert votes.suggestions(session_id, poll, ("pending",)) == []
    assert len(votes.suggestions(session_id)) == 2


def test_suggestion_rules_of_the_poll(
    make_poll, votes: VoteStore, session_id: int, clock: FakeClock
) -> None:
    closed_box = make_poll("no-box", suggestions=False)
    with pytest.raises(SuggestionRejected) as caught:
        votes.suggest(session_id, closed_box, "hello", "d", clock=clock)
    assert caught.value.code == "not-allowed"
    poll = make_poll()
    with pytest.raises(SuggestionRejected) as caught:
        votes.suggest(session_id, poll, "hello", "d", clock=clock, require_open=True)
    assert caught.value.code == "not-open"
    votes.open_poll(session_id, poll, clock=clock)
    assert votes.suggest(session_id, poll, "hello", "d", clock=clock, require_open=True).id
    with pytest.raises(SuggestionRejected) as caught:
        votes.suggest(session_id, poll, "hello", "", clock=clock)
    assert caught.value.code == "bad-device"
