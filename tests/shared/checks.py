"""What every shared-tally test checks at its end: 0 lost, 0 doubled, counters = recount."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from presenter.shared import remote


def local_ballots(db: Path, event: str, room: str) -> dict[tuple[str, str], list[str]]:
    """(poll, device) -> choices of every counted ballot a room holds for the event."""
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT b.poll_id, b.device, b.choices FROM ballots AS b "
            "JOIN shared_links AS l ON l.session_id = b.session_id "
            "WHERE l.event = ? AND l.room = ? AND b.excluded_at IS NULL",
            (event, room),
        ).fetchall()
    finally:
        conn.close()
    return {(poll, device): json.loads(choices) for poll, device, choices in rows}


def shared_ballots(pg: Any, event: str, room: str) -> dict[tuple[str, str], list[str]]:
    rows = pg.execute(
        "SELECT poll, device, choices FROM presenter.ballots "
        "WHERE event = %s AND room = %s AND choices IS NOT NULL",
        (event, room),
    ).fetchall()
    return {(poll, device): list(choices) for poll, device, choices in rows}


def assert_counters_match_recount(pg: Any, event: str) -> None:
    polls = [
        row[0]
        for row in pg.execute(
            "SELECT DISTINCT poll FROM presenter.ballots WHERE event = %s", (event,)
        )
    ]
    for poll in polls:
        _, counted = remote.read_counts(pg, event, poll)
        recounted = remote.recount(pg, event, poll)
        for room in set(counted) | set(recounted):
            kept = counted.get(room, remote.RoomCounts([], []))
            fresh = recounted.get(room, remote.RoomCounts([], []))
            assert sorted(kept.rows) == sorted(fresh.rows), (poll, room)
            assert sorted(kept.voters) == sorted(fresh.voters), (poll, room)


def assert_room_forwarded(pg: Any, db: Path, event: str, room: str) -> int:
    """The shared store holds exactly the room's ballots (none lost, none doubled)."""
    local = local_ballots(db, event, room)
    shared = shared_ballots(pg, event, room)
    assert set(shared) - set(local) == set(), "doubled or resurrected ballots"
    assert set(local) - set(shared) == set(), "lost ballots"
    assert shared == local
    return len(local)
