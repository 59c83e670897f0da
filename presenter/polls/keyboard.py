"""The SQL of show-of-hands tallies: each key press is a keyboard ballot, each change a logged action.

`VoteStore` calls these inside its transaction. The action log
(`keyboard_actions`) is a stack per poll and session: undo pops the last add
(deleting its ballot) or the last remove (putting the ballot back as it was).
"""

from __future__ import annotations

import sqlite3


def log_action(
    conn: sqlite3.Connection,
    session_id: int,
    poll_id: str,
    action: str,
    option_id: str,
    device: str,
    choices: str,
    cast_at: str,
) -> None:
    conn.execute(
        "INSERT INTO keyboard_actions "
        "(session_id, poll_id, action, option_id, device, choices, cast_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (session_id, poll_id, action, option_id, device, choices, cast_at),
    )


def remove_latest(
    conn: sqlite3.Connection, session_id: int, poll_id: str, option_id: str, choices: str
) -> bool:
    """Delete the latest keyboard ballot with exactly these choices, logging it; False if none."""
    row = conn.execute(
        "SELECT id, device, choices, cast_at FROM ballots "
        "WHERE session_id = ? AND poll_id = ? AND source = 'keyboard' AND choices = ? "
        "ORDER BY id DESC LIMIT 1",
        (session_id, poll_id, choices),
    ).fetchone()
    if row is None:
        return False
    conn.execute("DELETE FROM ballots WHERE id = ?", (row[0],))
    log_action(conn, session_id, poll_id, "remove", option_id, row[1], row[2], row[3])
    return True


def undo_last(conn: sqlite3.Connection, session_id: int, poll_id: str) -> bool:
    """Revert the last logged add or remove; False when the log is empty."""
    action = conn.execute(
        "SELECT id, action, device, choices, cast_at FROM keyboard_actions "
        "WHERE session_id = ? AND poll_id = ? ORDER BY id DESC LIMIT 1",
        (session_id, poll_id),
    ).fetchone()
    if action is None:
        return False
    action_id, kind, device, choices, cast_at = action
    if kind == "add":
        conn.execute(
            "DELETE FROM ballots WHERE session_id = ? AND poll_id = ? AND device = ?",
            (session_id, poll_id, device),
        )
    else:
        conn.execute(
            "INSERT OR IGNORE INTO ballots (session_id, poll_id, device, source, choices, cast_at) "
            "VALUES (?, ?, ?, 'keyboard', ?, ?)",
            (session_id, poll_id, device, choices, cast_at),
        )
    conn.execute("DELETE FROM keyboard_actions WHERE id = ?", (action_id,))
    return True
