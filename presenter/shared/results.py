"""`presenter results DECK --store URL --event NAME`: an event's polls, a column per room and a total.

`presenter export DECK --store URL --event NAME` prints the same results in a handout.

The figures are the shared store's per-room counters (what every room's poll
view showed); the output is the same results object as a local `presenter
results`, with one "session" per room plus a "total" one, rendered side by
side in every format (table, csv, json, md).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, TextIO

from presenter.deck.model import Deck, Poll
from presenter.exporting import EXIT_ERROR, EXIT_OK, load_deck_for_report
from presenter.polls.results import option_results
from presenter.polls.tally import Tally
from presenter.shared import remote
from presenter.shared.address import AddressError, check_label, check_url
from presenter.shared.driver import SharedStoreError, connect, describe, driver_errors
from presenter.shared.tally import merge_tallies, room_tallies
from presenter.store import timestamp

TOTAL = "total"


def _poll_entry(poll: Poll, counted: Tally) -> dict[str, Any]:
    options = option_results(poll, counted)
    return {
        "id": poll.id,
        "question": poll.question,
        "kind": poll.kind,
        "state": "shared",
        "revealed": False,
        "opened_at": None,
        "closed_at": None,
        "voters": counted.voters,
        "voters_by_source": dict(counted.voters_by_source),
        "options": options,
        "suggestions": [],
    }


def collect_shared_results(conn: Any, deck: Deck, event: str) -> dict[str, Any]:
    """The results object of an event: one session per room (joining order) and the total."""
    with conn.transaction():
        rooms = conn.execute(
            "SELECT room, joined FROM presenter.rooms WHERE event = %s ORDER BY joined, room",
            (event,),
        ).fetchall()
    per_poll = {}
    for poll in deck.polls:
        _, counts = remote.read_counts(conn, event, poll.id)
        per_poll[poll.id] = room_tallies(poll, counts)
    started = {str(room): timestamp(joined) for room, joined in rooms}
    sessions = []
    for room in [*started, TOTAL]:
        polls = []
        for poll in deck.polls:
            tallies = per_poll[poll.id]
            if room == TOTAL:
                counted = merge_tallies(poll, list(tallies.values()))
            else:
                counted = merge_tallies(poll, [tallies[room]] if room in tallies else [])
            polls.append(_poll_entry(poll, counted))
        sessions.append(
            {
                "id": room,
                "label": room,
                "kind": "talk",
                "deck": str(deck.path or ""),
                "started": started.get(room, min(started.values(), default=None)),
                "ended": None,
                "polls": polls,
            }
        )
    return {"deck": str(deck.path or ""), "event": event, "sessions": sessions}


class SharedResultsError(Exception):
    """Why an event's results cannot be read, in one sentence (never the password)."""


def load_shared_results(deck: Deck, url: str, event: str) -> dict[str, Any]:
    """The event's results object (`collect_shared_results`); raises `SharedResultsError`."""
    try:
        url = check_url(url)
        event = check_label(event, "the event name")
        conn = connect(url, application_name="presenter results")
    except (AddressError, SharedStoreError) as error:
        raise SharedResultsError(str(error)) from None
    try:
        if conn.execute("SELECT to_regclass('presenter.rooms')").fetchone()[0] is None:
            data: dict[str, Any] = {"sessions": []}
        else:
            data = collect_shared_results(conn, deck, event)
    except driver_errors() as error:
        raise SharedResultsError(describe(error, url)) from None
    finally:
        conn.close()
    if len(data["sessions"]) <= 1:
        raise SharedResultsError(f"no room has joined the event {event!r} yet")
    return data


def run_shared_results(
    path: Path, *, url: str, event: str, fmt: str, out: TextIO, err: TextIO | None = None
) -> int:
    """The `presenter results --store` command; returns the exit code."""
    from presenter.polls.results_format import render

    err = err or sys.stderr
    deck = load_deck_for_report(path, err, "results")
    if isinstance(deck, int):
        return deck
    try:
        data = load_shared_results(deck, url, event)
    except SharedResultsError as error:
        err.write(f"presenter results: {error}\n")
        return EXIT_ERROR
    out.write(render(data, deck, fmt, all_sessions=True))
    return EXIT_OK
