"""The SQL the rooms run against the shared store: join, apply a batch, read counters.

Every function takes an open psycopg connection in autocommit mode (as
`driver.connect` gives it) and runs one short transaction; none keeps state.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Sequence
from typing import Any, NamedTuple

from presenter.shared.outbox import OutboxRow


class RoomTaken(Exception):
    """The room label is already fed by another local store."""


def join(conn: Any, event: str, room: str, instance: str, deck: str) -> int:
    """Register the room in the event; returns the sequence number already applied.

    The first room names the event's deck; a room presenting another deck, or a
    second machine using a label that is taken, is refused.
    """
    with conn.transaction():
        conn.execute(
            "INSERT INTO presenter.events (event, deck) VALUES (%s, %s) ON CONFLICT DO NOTHING",
            (event, deck),
        )
        conn.execute(
            "INSERT INTO presenter.rooms (event, room, instance) VALUES (%s, %s, %s) "
            "ON CONFLICT DO NOTHING",
            (event, room, instance),
        )
        owner, applied, event_deck = conn.execute(
            "SELECT r.instance, r.applied_seq, e.deck FROM presenter.rooms AS r "
            "JOIN presenter.events AS e USING (event) WHERE r.event = %s AND r.room = %s",
            (event, room),
        ).fetchone()
    if event_deck != deck:
        raise RoomTaken(
            f"the event {event!r} runs another deck ({event_deck}); every room must present "
            "the same deck, or choose another --event"
        )
    if owner != instance:
        raise RoomTaken(
            f"the room {room!r} of event {event!r} is already counted from another machine "
            "or data folder; choose another --room"
        )
    return int(applied)


# The ballots are written only while the room still belongs to this instance,
# so a refused batch changes nothing even though its transaction commits.
_UPSERT = """
INSERT INTO presenter.ballots AS b (event, poll, room, device, version, source, choices)
SELECT %(event)s, u.value->>0, %(room)s, u.value->>1, (u.value->>2)::bigint, u.value->>3,
       (u.value->>4)::jsonb
FROM json_array_elements(%(rows)s::json) AS u
WHERE EXISTS (
    SELECT 1 FROM presenter.rooms
    WHERE event = %(event)s AND room = %(room)s AND instance = %(instance)s
)
ON CONFLICT (event, poll, room, device) DO UPDATE
SET version = excluded.version, source = excluded.source, choices = excluded.choices
WHERE b.version < excluded.version
"""
_PROGRESS = """
UPDATE presenter.rooms SET applied_seq = greatest(applied_seq, %(last_seq)s), updated = now()
WHERE event = %(event)s AND room = %(room)s AND instance = %(instance)s
"""


def apply_batch(
    conn: Any, event: str, room: str, instance: str, rows: Sequence[OutboxRow], last_seq: int
) -> int:
    """Upsert the latest version of each ballot and the room's progress in ONE transaction.

    Returns the number of ballot rows changed (0 for a replay). `conn` is in
    autocommit mode (as `driver.connect` gives it): the transaction goes out in
    one pipeline (BEGIN, both statements, COMMIT), so a batch costs one round
    trip to the server, not four.
    """
    params = {
        "event": event,
        "room": room,
        "instance": instance,
        "last_seq": last_seq,
        # The whole batch as one JSON text: a fraction of the work, on the room's
        # busy machine, of adapting five arrays element by element.
        "rows": json.dumps(
            [[row.poll_id, row.device, row.seq, row.source, row.choices] for row in rows]
        ),
    }
    try:
        # psycopg's transaction() syncs with the server on the way in and out;
        # BEGIN and COMMIT sent in the pipeline cost no round trip of their own.
        with conn.pipeline():
            conn.execute("BEGIN")
            upsert = conn.execute(_UPSERT, params) if rows else None
            progress = conn.execute(_PROGRESS, params)
            conn.execute("COMMIT")
    except BaseException:
        # No transaction may stay open (aborted) on a connection used again.
        with contextlib.suppress(Exception):
            conn.execute("ROLLBACK")
        raise
    if progress.rowcount != 1:
        raise RoomTaken(f"the room {room!r} is no longer registered to this machine")
    return int(upsert.rowcount) if upsert is not None else 0


class RoomCounts(NamedTuple):
    """One room's counters for one poll, as `build_tally` takes them."""

    rows: list[tuple[str, str, int, int]]
    """(option, source, position, ballots)."""
    voters: list[tuple[str, int]]
    """(source, voters)."""


def read_counts(conn: Any, event: str, poll_id: str) -> tuple[list[str], dict[str, RoomCounts]]:
    """Every room of the event (in joining order) and each room's counters for the poll."""
    with conn.transaction():
        rooms = [
            str(row[0])
            for row in conn.execute(
                "SELECT room FROM presenter.rooms WHERE event = %s ORDER BY joined, room",
                (event,),
            )
        ]
        counts: dict[str, RoomCounts] = {room: RoomCounts([], []) for room in rooms}
        for room, option, source, position, ballots in conn.execute(
            "SELECT room, option, source, position, ballots FROM presenter.counts "
            "WHERE event = %s AND poll = %s AND ballots <> 0",
            (event, poll_id),
        ):
            counts.setdefault(room, RoomCounts([], [])).rows.append(
                (option, source, int(position), int(ballots))
            )
        for room, source, voters in conn.execute(
            "SELECT room, source, voters FROM presenter.voters "
            "WHERE event = %s AND poll = %s AND voters <> 0",
            (event, poll_id),
        ):
            counts.setdefault(room, RoomCounts([], [])).voters.append((source, int(voters)))
    return rooms, counts


_RECOUNT = """
SELECT b.room, e.option, b.source, e.ord - 1, count(*)
FROM presenter.ballots AS b
CROSS JOIN LATERAL jsonb_array_elements_text(b.choices) WITH ORDINALITY AS e(option, ord)
WHERE b.event = %s AND b.poll = %s
GROUP BY 1, 2, 3, 4
"""


def recount(conn: Any, event: str, poll_id: str) -> dict[str, RoomCounts]:
    """The same figures as `read_counts`, counted afresh from the ballots (for checks)."""
    counts: dict[str, RoomCounts] = {}
    with conn.transaction():
        for room, option, source, position, ballots in conn.execute(_RECOUNT, (event, poll_id)):
            counts.setdefault(room, RoomCounts([], [])).rows.append(
                (option, source, int(position), int(ballots))
            )
        for room, source, voters in conn.execute(
            "SELECT room, source, count(*) FROM presenter.ballots "
            "WHERE event = %s AND poll = %s AND choices IS NOT NULL GROUP BY 1, 2",
            (event, poll_id),
        ):
            counts.setdefault(room, RoomCounts([], [])).voters.append((source, int(voters)))
    return counts
