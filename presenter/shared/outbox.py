"""The room's side of the shared tally: links, the outbox and how far it was forwarded.

The outbox rows themselves are written by triggers on `ballots` in the very
transaction that changes a ballot, for every session linked to an event; the
triggers are created with the first link, so a store that never joins an
event writes its ballots exactly as before. This module links a session, reads the
outbox in sequence order, and keeps a local note of what was forwarded (the
authority is the shared store's `rooms.applied_seq`; the note only feeds the
"N ballots waiting" figure while the shared store is away).
"""

from __future__ import annotations

import sqlite3
import uuid
from typing import NamedTuple

from presenter.store import BUSY_TIMEOUT_MS, Store, StoreError, transaction

# Every change to a ballot of a linked session (cast, replacement, keyboard
# removal, undo, exclusion as possible stuffing) writes an outbox row in the
# same transaction, by trigger, so no write path can forget it. An excluded
# ballot travels as a removal: it no longer counts anywhere. `seq` never
# repeats: it is the version the shared store compares, so an older replay
# never overwrites a newer ballot.
_ROW = "(session_id, poll_id, device, source, choices)"
OUTBOX_TRIGGERS = (
    f"""CREATE TRIGGER IF NOT EXISTS outbox_ballot_insert AFTER INSERT ON ballots
    WHEN EXISTS (SELECT 1 FROM shared_links WHERE session_id = NEW.session_id)
    BEGIN
        INSERT INTO outbox {_ROW}
        VALUES (NEW.session_id, NEW.poll_id, NEW.device, NEW.source, NEW.choices);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS outbox_ballot_update
    AFTER UPDATE OF choices, source, excluded_at ON ballots
    WHEN EXISTS (SELECT 1 FROM shared_links WHERE session_id = NEW.session_id)
    BEGIN
        INSERT INTO outbox {_ROW}
        VALUES (NEW.session_id, NEW.poll_id, NEW.device, NEW.source,
                CASE WHEN NEW.excluded_at IS NULL THEN NEW.choices END);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS outbox_ballot_delete AFTER DELETE ON ballots
    WHEN EXISTS (SELECT 1 FROM shared_links WHERE session_id = OLD.session_id)
    BEGIN
        INSERT INTO outbox {_ROW}
        VALUES (OLD.session_id, OLD.poll_id, OLD.device, OLD.source, NULL);
    END""",
)


class OutboxRow(NamedTuple):
    seq: int
    poll_id: str
    device: str
    source: str
    choices: str | None
    """The ballot's JSON choices, or None: the ballot was removed."""


def link_session(store: Store, session_id: int, event: str, room: str) -> str:
    """Count this session's ballots into (event, room) from now on; returns the room's instance.

    The instance names this local store: a room label is fed by one store only,
    because its outbox sequence numbers are the versions the shared store compares.
    """
    with store.transaction() as conn:
        for statement in OUTBOX_TRIGGERS:
            conn.execute(statement)
        conn.execute(
            "INSERT INTO shared_links (session_id, event, room) VALUES (?, ?, ?) "
            "ON CONFLICT (session_id) DO UPDATE SET event = excluded.event, room = excluded.room",
            (session_id, event, room),
        )
        conn.execute(
            "INSERT OR IGNORE INTO shared_rooms (event, room, instance) VALUES (?, ?, ?)",
            (event, room, uuid.uuid4().hex),
        )
        row = conn.execute(
            "SELECT instance FROM shared_rooms WHERE event = ? AND room = ?", (event, room)
        ).fetchone()
    return str(row[0])


_READ = """
SELECT o.seq, o.poll_id, o.device, o.source, o.choices
FROM outbox AS o JOIN shared_links AS l ON l.session_id = o.session_id
WHERE l.event = ? AND l.room = ? AND o.seq > ?
ORDER BY o.seq
LIMIT ?
"""


def read_after(
    conn: sqlite3.Connection, event: str, room: str, after: int, limit: int
) -> list[OutboxRow]:
    """Up to `limit` outbox rows of (event, room) with a sequence number above `after`."""
    return [OutboxRow(*row) for row in conn.execute(_READ, (event, room, after, limit))]


def waiting(conn: sqlite3.Connection, event: str, room: str, after: int | None = None) -> int:
    """How many outbox rows are not yet known to be in the shared store."""
    if after is None:
        after = forwarded(conn, event, room)
    row = conn.execute(
        "SELECT count(*) FROM outbox AS o JOIN shared_links AS l ON l.session_id = o.session_id "
        "WHERE l.event = ? AND l.room = ? AND o.seq > ?",
        (event, room, after),
    ).fetchone()
    return int(row[0])


def last_seq(conn: sqlite3.Connection) -> int:
    """The newest outbox sequence number (0 for an empty outbox)."""
    return int(conn.execute("SELECT coalesce(max(seq), 0) FROM outbox").fetchone()[0])


def forwarded(conn: sqlite3.Connection, event: str, room: str) -> int:
    row = conn.execute(
        "SELECT forwarded_seq FROM shared_rooms WHERE event = ? AND room = ?", (event, room)
    ).fetchone()
    return int(row[0]) if row else 0


def note_forwarded(conn: sqlite3.Connection, event: str, room: str, seq: int) -> None:
    """Remember (after the shared store committed) that everything up to `seq` is there."""
    with transaction(conn):
        conn.execute(
            "UPDATE shared_rooms SET forwarded_seq = max(forwarded_seq, ?) "
            "WHERE event = ? AND room = ?",
            (seq, event, room),
        )


def try_note_forwarded(conn: sqlite3.Connection, event: str, room: str, seq: int) -> bool:
    """`note_forwarded`, unless the store is busy writing ballots: then False at once.

    Waiting for the write lock would stall forwarding behind a burst of
    ballots (SQLite's busy handler sleeps longer each time it finds the lock
    taken); the note can wait for a quieter moment.
    """
    conn.execute("PRAGMA busy_timeout = 0")
    try:
        note_forwarded(conn, event, room, seq)
    except StoreError:
        return False
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return True


def latest_versions(rows: list[OutboxRow]) -> list[OutboxRow]:
    """The last row per (poll, device): one upsert cannot touch a ballot twice."""
    latest: dict[tuple[str, str], OutboxRow] = {}
    for row in rows:
        latest[(row.poll_id, row.device)] = row
    return sorted(latest.values(), key=lambda row: row.seq)
