"""The talk timer and the pacing maths, moved only by a FakeClock."""

from __future__ import annotations

from pathlib import Path

import pytest

from presenter.clock import FakeClock
from presenter.deck.model import Deck, DeckMeta, Slide
from presenter.rehearsal.pacing import (
    Pacing,
    TalkTimer,
    TimerState,
    describe_delta,
    format_clock,
    format_delta,
)


def make_deck(*budgets: float | None, skip: tuple[int, ...] = ()) -> Deck:
    slides = tuple(
        Slide(index=i, title=f"S{i}", parts=(f"# S{i}",), budget_s=b, skip=i in skip)
        for i, b in enumerate(budgets)
    )
    return Deck(Path("t.md"), DeckMeta(), slides)


def test_timer_phases_and_elapsed() -> None:
    clock = FakeClock()
    timer = TalkTimer(clock)
    assert timer.phase == "ready" and timer.elapsed() == 0
    clock.advance(10)
    assert timer.elapsed() == 0  # not started: nothing counts
    timer.start()
    clock.advance(30)
    assert timer.phase == "running" and timer.elapsed() == 30
    timer.toggle()
    clock.advance(100)  # Q&A, paused
    assert timer.phase == "paused" and timer.elapsed() == 30
    timer.toggle()
    clock.advance(5)
    assert timer.elapsed() == 35
    timer.reset()
    assert timer.phase == "ready" and timer.elapsed() == 0


def test_timer_snapshot_round_trip_accounts_for_time_in_flight() -> None:
    clock = FakeClock()
    sender = TalkTimer(clock)
    sender.start()
    clock.advance(42)
    state = sender.snapshot()
    assert state == TimerState(True, 42.0, clock.wall().timestamp())
    clock.advance(3)  # the message took a while to be applied
    receiver = TalkTimer(clock)
    receiver.adopt(state)
    assert receiver.elapsed() == pytest.approx(45)
    clock.advance(1)
    assert receiver.elapsed() == pytest.approx(46)
    receiver.adopt(TimerState(False, 50.0, clock.wall().timestamp()))
    clock.advance(9)
    assert receiver.phase == "paused" and receiver.elapsed() == 50
    receiver.adopt(TimerState(False, 0.0, clock.wall().timestamp()))
    assert receiver.phase == "ready"


def test_expected_and_delta_follow_cumulative_budgets() -> None:
    clock = FakeClock()
    pacing = Pacing(make_deck(60, 120, 30), clock)
    pacing.enter(0)
    assert pacing.timer.phase == "ready"  # opening the deck does not start the talk
    pacing.timer.start()
    clock.advance(40)
    pace = pacing.pace()
    assert (pace.elapsed_s, pace.slide_s, pace.slide_budget_s) == (40, 40, 60)
    assert pace.expected_s == 40 and pace.delta_s == 0
    clock.advance(20)
    assert pacing.pace().delta_s == 0  # exactly on budget
    clock.advance(15)  # 15 s over slide 1's budget
    pace = pacing.pace()
    assert pace.slide_over and pace.expected_s == 60 and pace.delta_s == -15
    assert pacing.enter(1)
    pace = pacing.pace()
    assert pace.slide_s == 0 and pace.expected_s == 60 and pace.delta_s == -15
    clock.advance(90)  # slide 2 is quick: 30 s under its budget
    assert pacing.enter(2)
    pace = pacing.pace()
    assert pace.expected_s == 180 and pace.elapsed_s == 165 and pace.delta_s == 15
    assert pace.total_budget_s == 210


def test_a_step_within_the_slide_keeps_its_time() -> None:
    clock = FakeClock()
    pacing = Pacing(make_deck(60, 60), clock)
    pacing.enter(0)
    pacing.timer.start()
    clock.advance(20)
    assert not pacing.enter(0)
    assert pacing.pace().slide_s == 20


def test_the_first_move_starts_a_ready_timer_but_not_a_paused_one() -> None:
    clock = FakeClock()
    pacing = Pacing(make_deck(60, 60, 60), clock)
    pacing.enter(0)
    clock.advance(300)  # the title slide is up while the room fills
    pacing.enter(1)
    assert pacing.timer.phase == "running" and pacing.pace().elapsed_s == 0
    # The talk counts from here: the title slide's budget is not time gained.
    assert pacing.pace().expected_s == 0 and pacing.pace().delta_s == 0
    assert pacing.snapshot().origin_s == 60
    clock.advance(10)
    pacing.timer.pause()
    pacing.enter(2)
    assert pacing.timer.phase == "paused"


def test_a_first_move_that_jumps_ahead_counts_only_the_slide_left() -> None:
    clock = FakeClock()
    pacing = Pacing(make_deck(20, 60, 60, 60), clock)
    pacing.enter(0)
    pacing.enter(3)  # End before the talk: the title slide's 20 s are all that was covered
    assert pacing.snapshot().origin_s == 20
    pacing.enter(1)
    clock.advance(30)
    pace = pacing.pace()
    assert pace.expected_s == 30 and pace.delta_s == 0


def test_a_first_move_back_counts_from_the_slide_reached() -> None:
    clock = FakeClock()
    pacing = Pacing(make_deck(20, 60, 60, 60), clock)
    pacing.enter(2)  # opened with --start 3
    pacing.enter(1)
    assert pacing.snapshot().origin_s == 20
    assert pacing.pace().expected_s == 0


def test_paused_timer_stops_the_slide_clock_and_reset_clears_both() -> None:
    clock = FakeClock()
    pacing = Pacing(make_deck(60, 60), clock)
    pacing.enter(0)
    pacing.timer.start()
    clock.advance(10)
    pacing.timer.pause()
    clock.advance(50)
    assert pacing.pace().slide_s == 10
    pacing.reset()
    pace = pacing.pace()
    assert pace.phase == "ready" and pace.elapsed_s == 0 and pace.slide_s == 0


def test_adopting_a_peer_timer_keeps_time_on_this_slide() -> None:
    clock = FakeClock()
    pacing = Pacing(make_deck(60, 60), clock)
    pacing.enter(0)
    pacing.timer.start()
    clock.advance(10)
    pacing.adopt(TimerState(True, 400.0, clock.wall().timestamp()))  # no entry time: keep ours
    pace = pacing.pace()
    assert pace.elapsed_s == 400 and pace.slide_s == 10


def test_skipped_slides_and_missing_budgets() -> None:
    clock = FakeClock()
    pacing = Pacing(make_deck(60, 999, None, 30, skip=(1,)), clock)
    pacing.enter(0)
    pacing.timer.start()
    clock.advance(60)
    pacing.enter(1)  # shown slide 1 is the unbudgeted one
    clock.advance(20)
    pace = pacing.pace()
    assert pace.slide_budget_s is None and pace.expected_s == 60 and pace.delta_s == -20
    assert pace.total_budget_s == 90
    unbudgeted = Pacing(make_deck(None, None), clock)
    unbudgeted.enter(0)
    assert unbudgeted.pace().expected_s is None and unbudgeted.pace().delta_s is None


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "00:00"),
        (59.99, "00:59"),
        (60, "01:00"),
        (754, "12:34"),
        (3600, "1:00:00"),
        (3725, "1:02:05"),
        (-3, "00:00"),
    ],
)
def test_format_clock(seconds: float, text: str) -> None:
    assert format_clock(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "signed", "words"),
    [
        (65, "+01:05", "ahead 01:05"),
        (-40.7, "-00:40", "behind 00:40"),
        (0.4, "±00:00", "on time"),
        (-0.9, "±00:00", "on time"),
        (-3700, "-1:01:40", "behind 1:01:40"),
    ],
)
def test_format_delta(seconds: float, signed: str, words: str) -> None:
    assert format_delta(seconds) == signed
    assert describe_delta(seconds) == words


def test_origin_travels_with_the_timer_and_resets() -> None:
    clock = FakeClock()
    sender = Pacing(make_deck(30, 60, 60), clock)
    sender.enter(0)
    sender.enter(1)  # autostart on slide 2: origin 30
    clock.advance(70)
    receiver = Pacing(make_deck(30, 60, 60), clock)
    receiver.enter(1)
    receiver.adopt(sender.snapshot())
    assert receiver.pace().delta_s == sender.pace().delta_s == -10
    receiver.reset()
    receiver.toggle()  # started with t on slide 2 this time
    assert receiver.pace().expected_s == 0
