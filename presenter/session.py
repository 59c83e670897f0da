"""Sessions: one row per talk or rehearsal of a deck, the key every vote and timing hangs on.

A deck is identified by its absolute path. A session whose `ended` is NULL was
interrupted (the process was killed); starting the same deck again resumes it
unless asked for a new one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from presenter.clock import Clock
from presenter.deck.position import Position
from presenter.store import Store, StoreError, timestamp

SessionKind = Literal["talk", "rehearsal"]
SESSION_KINDS: tuple[SessionKind, ...] = ("talk", "rehearsal")

_COLUMNS = "id, deck_path, kind, label, started, ended, position_slide, position_step"


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
    return SessionRecord(int(row[0]), row[1], row[2], row[3], row[4], row[5], position)


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
    label: str | None = None,
) -> tuple[SessionRecord, bool]:
    """Resume the deck's interrupted session of this kind, else start one; True when resumed.

    Only the latest session of the deck and kind is a candidate: once a later
    session exists, an older interrupted one stays as it is (a record of what
    happened), and is never resumed weeks later.
    """
    _check_kind(kind)
    if not new_session:
        last = latest_session(store, deck_path, kind)
        if last is not None and last.ended is None:
            if label is not None and label != last.label:
                with store.transaction() as conn:
                    conn.execute("UPDATE sessions SET label = ? WHERE id = ?", (label, last.id))
                last = replace(last, label=label)
            return last, True
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
    "sessions",
    "start_session",
]
