"""The talk timer and pacing: how long the talk has run and whether it is on time.

Definitions (the console shows these; docs/console.md repeats them):

- The **talk timer** is ready (00:00, not started), running, or paused. It
  starts on the first slide change or with `t`; `t` pauses and resumes it;
  reset puts it back to ready. Only the injectable `Clock` moves it.
- **Time on this slide** is talk time since the current slide was entered (a
  step within the slide does not restart it; a paused timer stops it too).
- **Expected elapsed** on shown slide k, t seconds into it: the budgets of the
  shown slides before k, plus t capped at slide k's budget, minus the origin:
  the budgets of the slides before the one where `t` started the timer, or,
  when a slide change started it, those through the slide left (the title
  slide that was up while the room filled is not time the talk lost), never
  more than those before the slide reached. Slides without a budget count as 0.
- **Delta** = expected - actual talk time: positive means ahead of time,
  negative behind. Within a slide's budget it holds still; past the budget it
  falls one second a second. A deck with no budgets has no pacing.

Pure Python: part of the core.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from presenter.clock import Clock
from presenter.deck.durations import clock_text
from presenter.deck.model import Deck

TimerPhase = Literal["ready", "running", "paused"]


@dataclass(frozen=True)
class TimerState:
    """A talk timer as another process sees it: `elapsed_s` at wall time `at` (Unix s)."""

    running: bool
    elapsed_s: float
    at: float
    origin_s: float = 0.0
    """Budget seconds the talk is taken to have covered when the timer started."""
    entered_s: float | None = None
    """Talk time when the current slide was entered (None: unknown)."""

    def elapsed_at(self, wall_s: float) -> float:
        if not self.running:
            return self.elapsed_s
        return self.elapsed_s + max(0.0, wall_s - self.at)


class TalkTimer:
    """Elapsed talk time that can be paused, resumed and reset; read from `clock`."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._banked = 0.0
        """Seconds counted before the current run."""
        self._since: float | None = None
        """`clock.monotonic()` when the current run began; None when not running."""
        self._started = False

    @property
    def phase(self) -> TimerPhase:
        if self._since is not None:
            return "running"
        return "paused" if self._started else "ready"

    @property
    def running(self) -> bool:
        return self._since is not None

    def elapsed(self) -> float:
        if self._since is None:
            return self._banked
        return self._banked + max(0.0, self.clock.monotonic() - self._since)

    def start(self) -> None:
        """Run (from ready or paused); a running timer is left alone."""
        if self._since is None:
            self._since = self.clock.monotonic()
            self._started = True

    def pause(self) -> None:
        if self._since is not None:
            self._banked = self.elapsed()
            self._since = None

    def toggle(self) -> None:
        if self.running:
            self.pause()
        else:
            self.start()

    def reset(self) -> None:
        self._banked = 0.0
        self._since = None
        self._started = False

    def snapshot(self, origin_s: float = 0.0, entered_s: float | None = None) -> TimerState:
        at = self.clock.wall().timestamp()
        return TimerState(self.running, self.elapsed(), at, origin_s, entered_s)

    def adopt(self, state: TimerState) -> float:
        """Take another process's timer; returns how far elapsed time jumped."""
        before = self.elapsed()
        self._banked = state.elapsed_at(self.clock.wall().timestamp())
        self._since = self.clock.monotonic() if state.running else None
        self._started = state.running or self._banked > 0
        return self._banked - before


@dataclass(frozen=True)
class Pace:
    """The clocks of the console at one instant."""

    elapsed_s: float
    phase: TimerPhase
    slide_s: float
    """Talk time on the current slide."""
    slide_budget_s: float | None
    expected_s: float | None
    """Where the budgets say the talk should be by now (None: the deck has no budgets)."""
    total_budget_s: float | None

    @property
    def delta_s(self) -> float | None:
        """expected - actual: > 0 ahead, < 0 behind."""
        if self.expected_s is None:
            return None
        return self.expected_s - self.elapsed_s

    @property
    def slide_over(self) -> bool:
        return self.slide_budget_s is not None and self.slide_s > self.slide_budget_s


class Pacing:
    """The talk timer plus where the talk is, against the deck's budgets."""

    def __init__(self, deck: Deck, clock: Clock) -> None:
        self.timer = TalkTimer(clock)
        self._deck = deck
        self._cumulative = _cumulative(deck)
        self._slide: int | None = None
        self._origin = 0.0
        """Budgets before the slide where the timer started (see the module docstring)."""
        self._entered = 0.0
        """Timer elapsed when the current slide was entered."""

    @property
    def deck(self) -> Deck:
        return self._deck

    def set_deck(self, deck: Deck) -> None:
        """After a reload: new budgets, same timer and slide visit."""
        self._deck = deck
        self._cumulative = _cumulative(deck)

    @property
    def slide(self) -> int | None:
        return self._slide

    def enter(self, slide: int, *, autostart: bool = True) -> bool:
        """The talk is on shown slide `slide`; True if that is a new slide.

        A move to another slide starts a ready timer (not a paused one: the
        presenter paused it on purpose) when `autostart`.
        """
        if slide == self._slide:
            return False
        left = self._slide
        self._slide = slide
        self._entered = self.timer.elapsed()
        if autostart and left is not None and self.timer.phase == "ready":
            # The slide that was up while the room filled is not talk time, but a
            # first move that jumps ahead (End, a typed number) skips nothing the
            # talk was due to cover: count from after the slide left, or from the
            # slide reached if that is earlier.
            self.start(origin_s=min(self._before(left + 1), self._before(slide)))
        return True

    def start(self, *, origin_s: float | None = None) -> None:
        """Run the timer; from ready, the talk's pacing counts from this slide
        (or from `origin_s`, the budgets the talk is taken to have covered)."""
        if self.timer.phase == "ready":
            self._origin = self._before(self._slide) if origin_s is None else origin_s
            self._entered = 0.0
        self.timer.start()

    def toggle(self) -> None:
        if self.timer.running:
            self.timer.pause()
        else:
            self.start()

    def reset(self) -> None:
        self.timer.reset()
        self._entered = 0.0
        self._origin = 0.0

    def snapshot(self) -> TimerState:
        return self.timer.snapshot(self._origin, self._entered)

    def adopt(self, state: TimerState) -> None:
        """Another process's timer, and when it entered this slide (both show the same)."""
        jump = self.timer.adopt(state)
        self._origin = state.origin_s
        entered = state.entered_s if state.entered_s is not None else self._entered + jump
        self._entered = min(max(0.0, entered), self.timer.elapsed())

    def _before(self, slide: int | None) -> float:
        if self._cumulative is None or slide is None:
            return 0.0
        return self._cumulative[min(max(slide, 0), len(self._cumulative) - 1)]

    def pace(self) -> Pace:
        elapsed = self.timer.elapsed()
        slide_s = max(0.0, elapsed - self._entered)
        budget: float | None = None
        expected: float | None = None
        shown = self._deck.shown
        if self._slide is not None and 0 <= self._slide < len(shown):
            budget = shown[self._slide].budget_s
            if self._cumulative is not None:
                expected = (
                    self._cumulative[self._slide] - self._origin + min(slide_s, budget or 0.0)
                )
        total = self._cumulative[-1] if self._cumulative is not None else None
        return Pace(elapsed, self.timer.phase, slide_s, budget, expected, total)


def _cumulative(deck: Deck) -> tuple[float, ...] | None:
    """Budget sums before each shown slide, plus the total at the end; None if no budgets."""
    budgets = [s.budget_s for s in deck.shown]
    if not any(b is not None for b in budgets):
        return None
    sums = [0.0]
    for budget in budgets:
        sums.append(sums[-1] + (budget or 0.0))
    return tuple(sums)


def format_clock(seconds: float) -> str:
    """`mm:ss`, or `h:mm:ss` from an hour; whole seconds, rounded down (a
    running clock shows 00:59 until the minute is full)."""
    return clock_text(math.floor(seconds + 1e-9), pad_minutes=True)


def format_delta(seconds: float) -> str:
    """A signed `mm:ss`: `+01:05` ahead, `-00:40` behind, `±00:00` on time (to the second)."""
    whole = math.floor(abs(seconds) + 1e-9)
    if whole == 0:
        return "±00:00"
    return ("+" if seconds > 0 else "-") + format_clock(whole)


def describe_delta(seconds: float) -> str:
    """In words, for the console: `ahead 01:05`, `behind 00:40`, `on time`."""
    whole = math.floor(abs(seconds) + 1e-9)
    if whole == 0:
        return "on time"
    return ("ahead " if seconds > 0 else "behind ") + format_clock(whole)
