"""Recording how long each slide really took, one visit at a time.

A *visit* runs from entering a slide to leaving it; moving between steps of
the same slide continues the visit. Time while the talk timer is paused (Q&A,
a fire alarm) is not counted. Each completed visit is written in its own
transaction the moment the slide is left, so killing the process loses at most
the visit in progress.

A slide is identified by the deck's absolute path and the slide's content
hash: an edited slide starts a fresh history while unchanged slides keep
theirs, wherever they move in the deck.

With `store=None` (the store could not be opened) visits are kept in memory
only, so the end-of-rehearsal report still works. When a write fails, the
visit is kept in memory, `StoreError` is raised once (so the caller can say
"timings are not being recorded"), and recording carries on in memory.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from presenter.clock import Clock
from presenter.deck.model import Deck, Slide
from presenter.deck.position import Position
from presenter.session import deck_key
from presenter.store import Store, StoreError, describe_error, timestamp


@dataclass(frozen=True)
class SlideVisit:
    """One completed visit of a slide; times are ISO-8601 UTC strings."""

    slide_index: int
    """`Slide.index`: 0-based among all the deck's slides (skipped ones included)."""
    content_hash: str
    title: str
    budget_s: float | None
    entered: str
    left: str
    seconds: float
    """Counted time on the slide (paused time excluded)."""
    steps_seen: int
    """How many steps of the slide were shown (the highest step reached, plus one)."""


@dataclass
class _OpenVisit:
    slide: Slide
    entered: str
    counted: float = 0.0
    running_since: float | None = None
    steps_seen: int = 1


class TimingRecorder:
    """Records slide visits of one session through an injectable clock (see module doc)."""

    def __init__(
        self,
        store: Store | None,
        clock: Clock,
        session_id: int | None,
        deck: Deck,
        *,
        paused: bool = False,
        on_error: Callable[[StoreError], None] | None = None,
    ) -> None:
        self.store = store if session_id is not None else None
        self.clock = clock
        self.session_id = session_id
        self.deck = deck
        self.deck_path = deck_key(deck.path) if deck.path is not None else ""
        self.visits: list[SlideVisit] = []
        """Every visit completed by this recorder, in order (stored or not)."""
        self.error: StoreError | None = None
        """The first write failure; from then on visits stay in memory."""
        self._on_error = on_error
        self._paused = paused
        self._current: _OpenVisit | None = None

    # -- state -------------------------------------------------------------------

    @property
    def paused(self) -> bool:
        return self._paused

    @property
    def recording_to_store(self) -> bool:
        return self.store is not None and self.error is None

    @property
    def current_slide(self) -> Slide | None:
        return self._current.slide if self._current else None

    def current_seconds(self) -> float:
        """Counted seconds of the visit in progress (0 with none)."""
        visit = self._current
        if visit is None:
            return 0.0
        running = 0.0
        if visit.running_since is not None:
            running = max(0.0, self.clock.monotonic() - visit.running_since)
        return visit.counted + running

    def seconds_by_slide(self) -> dict[str, float]:
        """Counted seconds per content hash over this recorder's visits (current one included)."""
        totals: dict[str, float] = {}
        for visit in self.visits:
            totals[visit.content_hash] = totals.get(visit.content_hash, 0.0) + visit.seconds
        if self._current is not None:
            key = self._current.slide.content_hash
            totals[key] = totals.get(key, 0.0) + self.current_seconds()
        return totals

    # -- events --------------------------------------------------------------------

    def enter(self, position: Position) -> None:
        """The talk is now at `position` (indexes `deck.shown`): close the old visit, open one."""
        shown = self.deck.shown
        if not shown:
            return
        slide = shown[min(max(position.slide, 0), len(shown) - 1)]
        step_count = min(max(position.step, 0), slide.steps - 1) + 1
        current = self._current
        if current is not None and current.slide is slide:
            current.steps_seen = max(current.steps_seen, step_count)
            return
        now_mono = self.clock.monotonic()
        opened = _OpenVisit(
            slide=slide,
            entered=timestamp(self.clock.wall()),
            running_since=None if self._paused else now_mono,
            steps_seen=step_count,
        )
        self._current = opened
        if current is not None:
            self._close(current, now_mono, reached=position)

    def pause(self) -> None:
        """The talk timer stopped: time from now on does not count."""
        if self._paused:
            return
        self._paused = True
        visit = self._current
        if visit is not None and visit.running_since is not None:
            visit.counted += max(0.0, self.clock.monotonic() - visit.running_since)
            visit.running_since = None

    def resume(self) -> None:
        """The talk timer runs again."""
        if not self._paused:
            return
        self._paused = False
        if self._current is not None:
            self._current.running_since = self.clock.monotonic()

    def finish(self) -> None:
        """Close the visit in progress (written like any other); calling it twice is harmless."""
        current, self._current = self._current, None
        if current is not None:
            self._close(current, self.clock.monotonic())

    def set_deck(self, deck: Deck) -> None:
        """The deck was reloaded: close the visit (its slide may have changed) and go on."""
        position = self._position_in(deck)
        self.finish()
        self.deck = deck
        if deck.path is not None:
            self.deck_path = deck_key(deck.path)
        if position is not None:
            self.enter(position)

    # -- internals ---------------------------------------------------------------------

    def _position_in(self, deck: Deck) -> Position | None:
        """Where the current slide is in a reloaded deck (by hash, else by index)."""
        if self._current is None:
            return None
        slide = self._current.slide
        shown = deck.shown
        for number, candidate in enumerate(shown):
            if candidate.content_hash == slide.content_hash:
                return Position(number, 0)
        for number, candidate in enumerate(shown):
            if candidate.index >= slide.index:
                return Position(number, 0)
        return Position(len(shown) - 1, 0) if shown else None

    def _close(self, visit: _OpenVisit, now_mono: float, reached: Position | None = None) -> None:
        seconds = visit.counted
        if visit.running_since is not None:
            seconds += max(0.0, now_mono - visit.running_since)
        slide = visit.slide
        done = SlideVisit(
            slide_index=slide.index,
            content_hash=slide.content_hash,
            title=slide.title,
            budget_s=slide.budget_s,
            entered=visit.entered,
            left=timestamp(self.clock.wall()),
            seconds=round(seconds, 3),
            steps_seen=visit.steps_seen,
        )
        self.visits.append(done)
        self._write(done, reached)

    def _write(self, visit: SlideVisit, reached: Position | None) -> None:
        """Store the visit and, in the same transaction, where the talk went next."""
        store = self.store
        if store is None or self.error is not None or self.session_id is None:
            return
        try:
            with store.transaction() as conn:
                conn.execute(
                    "INSERT INTO slide_visits (session_id, deck_path, slide_index, content_hash, "
                    "title, budget_s, entered, left_at, seconds, steps_seen) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        self.session_id,
                        self.deck_path,
                        visit.slide_index,
                        visit.content_hash,
                        visit.title,
                        visit.budget_s,
                        visit.entered,
                        visit.left,
                        visit.seconds,
                        visit.steps_seen,
                    ),
                )
                if reached is not None:
                    conn.execute(
                        "UPDATE sessions SET position_slide = ?, position_step = ? WHERE id = ?",
                        (reached.slide, reached.step, self.session_id),
                    )
        except StoreError as error:
            self._failed(error)
        except sqlite3.Error as error:  # e.g. the session row is gone
            self._failed(StoreError(describe_error(error, store.path)))

    def _failed(self, error: StoreError) -> None:
        self.error = error
        if self._on_error is not None:
            self._on_error(error)
            return
        raise error


def stored_visits(store: Store, session_id: int) -> list[SlideVisit]:
    """The visits recorded for a session, in order."""
    rows = store.read(
        "SELECT slide_index, content_hash, title, budget_s, entered, left_at, seconds, steps_seen "
        "FROM slide_visits WHERE session_id = ? ORDER BY id",
        (session_id,),
    )
    return [
        SlideVisit(int(r[0]), r[1], r[2], r[3], r[4], r[5], float(r[6]), int(r[7])) for r in rows
    ]
