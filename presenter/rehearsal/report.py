"""What the recorded timings say: the report after a rehearsal, and the history of a deck.

`build_report` makes the end-of-rehearsal report: per slide the time spent
against its budget (over/under), the total against the deck's duration, the
slides that cost the most over budget, and the trend over earlier rehearsals.
`collect_history` gathers every recorded run of a deck for `presenter
rehearsals` (`rehearsal.history.run_rehearsals`).

Slides are matched by content hash: a slide edited since a run has no time
from that run, a slide that only moved keeps its history. A run's total counts
every visit, including slides since edited or removed.

Over/under: a slide is "on time" within 10% of its budget (at least 2 s
either way), "over" above that, "under" below; "no budget" when it has none,
"not shown" when the run never reached it.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from presenter.deck.model import Deck
from presenter.rehearsal.timings import SlideVisit, stored_visits
from presenter.session import SessionRecord, deck_key, get_session, sessions
from presenter.store import Store

SlideStatus = Literal["over", "under", "on time", "no budget", "not shown"]
TOLERANCE = 0.10
MIN_TOLERANCE_S = 2.0


def slide_status(seconds: float | None, budget_s: float | None) -> SlideStatus:
    if seconds is None:
        return "not shown"
    if budget_s is None:
        return "no budget"
    margin = max(MIN_TOLERANCE_S, budget_s * TOLERANCE)
    if seconds > budget_s + margin:
        return "over"
    if seconds < budget_s - margin:
        return "under"
    return "on time"


@dataclass(frozen=True)
class SlideReport:
    """One shown slide of the deck in one run."""

    index: int
    """`Slide.index` (0-based among all slides)."""
    number: int
    """1-based among the shown slides, as the footer counts."""
    title: str
    budget_s: float | None
    seconds: float | None
    """Time spent in this run (None: never shown)."""
    visits: int = 0
    steps_seen: int = 0
    earlier_median_s: float | None = None
    """Median time in earlier runs (same content), for the trend."""

    @property
    def delta_s(self) -> float | None:
        """Seconds over budget (negative: under); None without both numbers."""
        if self.seconds is None or self.budget_s is None:
            return None
        return self.seconds - self.budget_s

    @property
    def status(self) -> SlideStatus:
        return slide_status(self.seconds, self.budget_s)


@dataclass(frozen=True)
class RunSummary:
    """One recorded run (a session with timings) of a deck."""

    id: int
    kind: str
    label: str | None
    started: str
    ended: str | None
    total_s: float


@dataclass(frozen=True)
class RehearsalReport:
    """The report of one run, with the earlier runs it is compared to."""

    deck_path: str
    title: str
    session_id: int | None
    kind: str
    started: str | None
    slides: tuple[SlideReport, ...]
    total_s: float
    budget_s: float | None
    """The deck's duration, else the sum of slide budgets; None without budgets."""
    earlier: tuple[RunSummary, ...] = ()
    """Earlier runs of the same kind, oldest first (the trend)."""

    @property
    def delta_s(self) -> float | None:
        return None if self.budget_s is None else self.total_s - self.budget_s

    @property
    def status(self) -> SlideStatus:
        return slide_status(self.total_s, self.budget_s)

    def most_over(self, limit: int = 3) -> tuple[SlideReport, ...]:
        """The slides that cost the most time over budget, worst first."""
        over = [s for s in self.slides if s.delta_s is not None and s.status == "over"]
        over.sort(key=lambda s: (-(s.delta_s or 0.0), s.number))
        return tuple(over[:limit])

    @property
    def previous_total_s(self) -> float | None:
        return self.earlier[-1].total_s if self.earlier else None

    @property
    def change_s(self) -> float | None:
        """Total now minus the previous run's total (negative: faster)."""
        previous = self.previous_total_s
        return None if previous is None else self.total_s - previous

    @property
    def trend(self) -> tuple[float, ...]:
        """Totals of the earlier runs then this one, oldest first."""
        return (*(run.total_s for run in self.earlier), self.total_s)


def deck_budget(deck: Deck) -> float | None:
    if deck.meta.duration_s is not None:
        return deck.meta.duration_s
    budgets = [s.budget_s for s in deck.shown if s.budget_s is not None]
    return sum(budgets) if budgets else None


def _per_hash(visits: Iterable[SlideVisit]) -> dict[str, list[SlideVisit]]:
    grouped: dict[str, list[SlideVisit]] = {}
    for visit in visits:
        grouped.setdefault(visit.content_hash, []).append(visit)
    return grouped


def _runs(
    store: Store, deck_path: str, kind: str | None
) -> list[tuple[SessionRecord, list[SlideVisit]]]:
    """The deck's sessions (of a kind) that have timings, oldest first, with their visits."""
    found = []
    for record in sessions(store, deck_path, kind):  # type: ignore[arg-type]
        visits = stored_visits(store, record.id)
        if visits:
            found.append((record, visits))
    return found


def _summary(record: SessionRecord, visits: Sequence[SlideVisit]) -> RunSummary:
    total = round(sum(v.seconds for v in visits), 3)
    return RunSummary(record.id, record.kind, record.label, record.started, record.ended, total)


def build_report(
    deck: Deck,
    *,
    store: Store | None,
    session_id: int | None,
    visits: Sequence[SlideVisit] | None = None,
    history_limit: int = 10,
) -> RehearsalReport:
    """The report of a run: from the store, or from `visits` (a recorder's) when given.

    Pass the recorder's `visits` when the store could not be opened; the
    report then has no trend.
    """
    path = deck_key(deck.path) if deck.path is not None else ""
    record = (
        get_session(store, session_id) if store is not None and session_id is not None else None
    )
    if visits is None:
        visits = (
            stored_visits(store, session_id) if store is not None and session_id is not None else []
        )
    kind = record.kind if record else "rehearsal"
    earlier: list[tuple[SessionRecord, list[SlideVisit]]] = []
    if store is not None and path:
        earlier = [
            (r, v) for r, v in _runs(store, path, kind) if session_id is None or r.id < session_id
        ][-history_limit:]
    mine = _per_hash(visits)
    earlier_by_hash = [_per_hash(v) for _, v in earlier]
    rows = []
    for number, slide in enumerate(deck.shown, start=1):
        own = mine.get(slide.content_hash, [])
        past = [
            sum(v.seconds for v in run[slide.content_hash])
            for run in earlier_by_hash
            if slide.content_hash in run
        ]
        rows.append(
            SlideReport(
                index=slide.index,
                number=number,
                title=slide.title,
                budget_s=slide.budget_s,
                seconds=round(sum(v.seconds for v in own), 3) if own else None,
                visits=len(own),
                steps_seen=max((v.steps_seen for v in own), default=0),
                earlier_median_s=statistics.median(past) if past else None,
            )
        )
    return RehearsalReport(
        deck_path=path,
        title=deck.title,
        session_id=session_id,
        kind=kind,
        started=record.started if record else (visits[0].entered if visits else None),
        slides=tuple(rows),
        total_s=round(sum(v.seconds for v in visits), 3),
        budget_s=deck_budget(deck),
        earlier=tuple(_summary(r, v) for r, v in earlier),
    )


def collect_history(store: Store | None, deck: Deck) -> dict[str, Any]:
    """Every recorded run of the deck (talks and rehearsals), in the `rehearsals --format json` shape."""
    path = deck_key(deck.path) if deck.path is not None else ""
    runs = _runs(store, path, None) if store is not None else []
    run_objects = []
    per_run_hash: list[dict[str, float]] = []
    for record, visits in runs:
        grouped = _per_hash(visits)
        seconds = {key: round(sum(v.seconds for v in group), 3) for key, group in grouped.items()}
        per_run_hash.append(seconds)
        slides = sorted(
            grouped.values(), key=lambda group: (group[0].slide_index, group[0].entered)
        )
        run_objects.append(
            {
                "id": record.id,
                "kind": record.kind,
                "label": record.label,
                "started": record.started,
                "ended": record.ended,
                "total_s": _summary(record, visits).total_s,
                "slides": [
                    {
                        "index": group[-1].slide_index,
                        "title": group[-1].title,
                        "seconds": seconds[group[0].content_hash],
                        "budget_s": group[-1].budget_s,
                    }
                    for group in slides
                ],
            }
        )
    slide_objects = []
    for number, slide in enumerate(deck.shown, start=1):
        times = [run[slide.content_hash] for run in per_run_hash if slide.content_hash in run]
        slide_objects.append(
            {
                "index": slide.index,
                "number": number,
                "title": slide.title,
                "budget_s": slide.budget_s,
                "median_s": round(statistics.median(times), 3) if times else None,
                "last_s": times[-1] if times else None,
                "runs": len(times),
            }
        )
    return {
        "deck": path,
        "duration_s": deck_budget(deck),
        "runs": run_objects,
        "slides": slide_objects,
    }


__all__ = [
    "RehearsalReport",
    "RunSummary",
    "SlideReport",
    "build_report",
    "collect_history",
    "slide_status",
]
