"""Sessions: one row per talk or rehearsal of a deck, the key every vote and timing hangs on.

A deck is identified by its absolute path. A session whose `ended` is NULL was
interrupted (a crash, a closed window, a kill); one the presenter ended has
its end time. Which session a new start continues is decided by
`resume_or_start`: the last one with `resume=True` (ended or not, reopened),
else a new one. Asking the presenter about an interrupted talk happens before
that, in `presenter.resume`.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Literal

from presenter.clock import Clock
from presenter.deck.position import Position
from presenter.rehearsal.pacing import TimerState
from presenter.store import Store, StoreError, timestamp

SessionKind = Literal["talk", "rehearsal"]
SESSION_KINDS: tuple[SessionKind, ...] = ("talk", "rehearsal")

_COLUMNS = "id, deck_path, kind, label, started, ended, position_slide, position_step, timer"


@dataclass(frozen=True)
class SessionRecord:
    """A talk or a rehearsal of one deck; times are ISO-8601 UTC strings."""

    id: int
    deck_path: str
    kind: SessionKind
    label: str | None
    started: str
    ended: str | None
    position: Position | None = None
    """Where the talk last moved to (shown slide, step); None before its first move."""
    timer: TimerState | None = None
    """The talk timer as last saved; None before it was first saved."""

    @property
    def interrupted(self) -> bool:
        return self.ended is None


def deck_key(deck_path: Path | str) -> str:
    """The identity of a deck, in the store and on the link: its absolute path, symlinks resolved.

    The one rule for "is this the same deck": a deck opened through a symlink, a
    relative path or `~` is the deck it points to.
    """
    return str(Path(deck_path).expanduser().resolve())


def _record(row: tuple) -> SessionRecord:  # type: ignore[type-arg]
    position = None if row[6] is None else Position(int(row[6]), int(row[7] or 0))
    return SessionRecord(
        int(row[0]), row[1], row[2], row[3], row[4], row[5], position, _timer(row[8])
    )


def _timer(text: str | None) -> TimerState | None:
    if not text:
        return None
    try:
        data = json.loads(text)
        entered = data.get("entered_s")
        return TimerState(
            bool(data["running"]),
            float(data["elapsed_s"]),
            float(data["at"]),
            float(data.get("origin_s", 0.0)),
            None if entered is None else float(entered),
        )
    except (ValueError, KeyError, TypeError):
        return None  # a damaged value: the resumed clock starts from ready


def save_timer(store: Store, session_id: int, state: TimerState) -> None:
    """Keep the talk timer with the session (committed before it returns)."""
    with store.transaction() as conn:
        conn.execute("UPDATE sessions SET timer = ? WHERE id = ?", (_timer_text(state), session_id))


def _timer_text(state: TimerState | None) -> str | None:
    return None if state is None else json.dumps(asdict(state))


def save_position(store: Store, session_id: int, position: Position) -> None:
    """Keep where the talk is (slide visits keep it too, as a slide is left)."""
    with store.transaction() as conn:
        conn.execute(
            "UPDATE sessions SET position_slide = ?, position_step = ? WHERE id = ?",
            (position.slide, position.step, session_id),
        )


def resumed_timer(record: SessionRecord, now: datetime) -> TimerState | None:
    """The timer a resumed session goes on with, as of `now`.

    A talk the presenter ended stops its clock at its end time; an interrupted
    one counts the time it was down if its clock was running (the room waited
    through it)."""
    state = record.timer
    if state is None:
        return None
    until = datetime.fromisoformat(record.ended) if record.ended else now
    elapsed = state.elapsed_at(until.timestamp())
    return replace(state, elapsed_s=elapsed, at=now.timestamp())


def _check_kind(kind: str) -> None:
    if kind not in SESSION_KINDS:
        raise ValueError(f"a session is a talk or a rehearsal, not {kind!r}")


def start_session(
    store: Store,
    deck_path: Path | str,
    kind: SessionKind,
    *,
    clock: Clock,
    label: str | None = None,
) -> SessionRecord:
    """Begin a new session of the deck (committed before it returns)."""
    _check_kind(kind)
    with store.transaction() as conn:
        row = conn.execute(
            f"INSERT INTO sessions (deck_path, kind, label, started) VALUES (?, ?, ?, ?) "
            f"RETURNING {_COLUMNS}",
            (deck_key(deck_path), kind, label, timestamp(clock.wall())),
        ).fetchone()
    return _record(row)


def latest_session(
    store: Store, deck_path: Path | str, kind: SessionKind | None = None
) -> SessionRecord | None:
    """The most recent session of the deck (of that kind, if given)."""
    found = sessions(store, deck_path, kind)
    return found[-1] if found else None


def resume_or_start(
    store: Store,
    deck_path: Path | str,
    kind: SessionKind,
    *,
    clock: Clock,
    new_session: bool = False,
    resume: bool = False,
    label: str | None = None,
) -> tuple[SessionRecord, bool]:
    """With `resume`, reopen the deck's last session of this kind, ended or
    interrupted; else (or when there is none) start one. True when resumed.

    Only the latest session of the deck and kind is a candidate: once a later
    session exists, an older one stays as it is (a record of what happened).
    """
    _check_kind(kind)
    if resume and not new_session:
        last = latest_session(store, deck_path, kind)
        if last is not None:
            # Reopened, its clock goes on from where it stopped at the end.
            timer = resumed_timer(last, clock.wall())
            with store.transaction() as conn:
                conn.execute(
                    "UPDATE sessions SET ended = NULL, label = COALESCE(?, label), "
                    "timer = COALESCE(?, timer) WHERE id = ?",
                    (label, _timer_text(timer), last.id),
                )
            return replace(last, ended=None, label=label or last.label, timer=timer), True
    return start_session(store, deck_path, kind, clock=clock, label=label), False


def end_session(store: Store, session_id: int, *, clock: Clock) -> None:
    """Mark the session finished (a no-op when it already is)."""
    with store.transaction() as conn:
        conn.execute(
            "UPDATE sessions SET ended = ? WHERE id = ? AND ended IS NULL",
            (timestamp(clock.wall()), session_id),
        )


def get_session(store: Store, session_id: int) -> SessionRecord | None:
    rows = store.read(f"SELECT {_COLUMNS} FROM sessions WHERE id = ?", (session_id,))
    return _record(rows[0]) if rows else None


def sessions(
    store: Store, deck_path: Path | str | None, kind: SessionKind | None = None
) -> list[SessionRecord]:
    """The deck's sessions, oldest first (every deck's when `deck_path` is None)."""
    clauses: list[str] = []
    params: list[object] = []
    if deck_path is not None:
        clauses.append("deck_path = ?")
        params.append(deck_key(deck_path))
    if kind is not None:
        _check_kind(kind)
        clauses.append("kind = ?")
        params.append(kind)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = store.read(f"SELECT {_COLUMNS} FROM sessions {where} ORDER BY id", tuple(params))
    return [_record(row) for row in rows]


__all__ = [
    "SESSION_KINDS",
    "SessionKind",
    "SessionRecord",
    "StoreError",
    "deck_key",
    "end_session",
    "get_session",
    "latest_session",
    "resume_or_start",
    "resumed_timer",
    "save_position",
    "save_timer",
    "sessions",
    "start_session",
]
