"""The life of a poll within one session: ready -> open -> closed (and re-opened), revealed.

Stored per (session, poll id) in `poll_states`. Results describe a poll by the
deck (its question and options), so nothing of the poll itself is stored here;
the table's `question`, `kind` and `options` columns (schema 1) are left empty.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Literal

from presenter.deck.model import Poll

PollState = Literal["ready", "open", "closed"]


@dataclass(frozen=True)
class PollStatus:
    """Where a poll stands in a session; times are ISO-8601 UTC strings."""

    state: PollState = "ready"
    revealed: bool = False
    opened_at: str | None = None
    closed_at: str | None = None

    @property
    def is_open(self) -> bool:
        return self.state == "open"

    def results_visible(self, poll: Poll) -> bool:
        """May the split of votes be shown to the room? (`after-close` waits for the reveal.)"""
        return results_visible(poll, revealed=self.revealed)


def results_visible(poll: Poll, *, revealed: bool) -> bool:
    """The one rule: a `live` poll shows its split; an `after-close` one once revealed."""
    return poll.results == "live" or revealed


READY = PollStatus()


def poll_id_of(poll: Poll | str) -> str:
    return poll if isinstance(poll, str) else poll.id


def read_status(conn: sqlite3.Connection, session_id: int, poll_id: str) -> PollStatus:
    row = conn.execute(
        "SELECT state, revealed, opened_at, closed_at FROM poll_states "
        "WHERE session_id = ? AND poll_id = ?",
        (session_id, poll_id),
    ).fetchone()
    if row is None:
        return READY
    return PollStatus(row[0], bool(row[1]), row[2], row[3])


def read_statuses(conn: sqlite3.Connection, session_id: int) -> dict[str, PollStatus]:
    rows = conn.execute(
        "SELECT poll_id, state, revealed, opened_at, closed_at FROM poll_states "
        "WHERE session_id = ? ORDER BY rowid",
        (session_id,),
    ).fetchall()
    return {row[0]: PollStatus(row[1], bool(row[2]), row[3], row[4]) for row in rows}


def write_open(conn: sqlite3.Connection, session_id: int, poll_id: str, now: str) -> None:
    """Open (or re-open) the poll: the first opening time is kept, the close is cleared."""
    conn.execute(
        "INSERT INTO poll_states (session_id, poll_id, state, opened_at) "
        "VALUES (?, ?, 'open', ?) "
        "ON CONFLICT (session_id, poll_id) DO UPDATE SET state = 'open', "
        "opened_at = COALESCE(opened_at, excluded.opened_at), closed_at = NULL",
        (session_id, poll_id, now),
    )


def write_close(conn: sqlite3.Connection, session_id: int, poll_id: str, now: str) -> None:
    """Close an open poll (closing a poll that is not open changes nothing)."""
    conn.execute(
        "UPDATE poll_states SET state = 'closed', closed_at = ? "
        "WHERE session_id = ? AND poll_id = ? AND state = 'open'",
        (now, session_id, poll_id),
    )


def write_reveal(conn: sqlite3.Connection, session_id: int, poll_id: str) -> None:
    conn.execute(
        "INSERT INTO poll_states (session_id, poll_id, state, revealed) VALUES (?, ?, 'ready', 1) "
        "ON CONFLICT (session_id, poll_id) DO UPDATE SET revealed = 1",
        (session_id, poll_id),
    )


def write_hide(conn: sqlite3.Connection, session_id: int, poll_id: str) -> None:
    conn.execute(
        "UPDATE poll_states SET revealed = 0 WHERE session_id = ? AND poll_id = ?",
        (session_id, poll_id),
    )
