"""`presenter results DECK`: the polls of a deck's talks, from the store, as table/csv/json/md.

Which sessions:

- default: the deck's latest talk;
- `--session ID`: that session (a talk or a rehearsal of this deck);
- `--all`: every talk of this deck, and every talk of *another* deck that ran a
  poll with one of this deck's poll ids (so the full and the lightning version
  of a briefing compare side by side). Each session names its deck. Polls are
  described (question, options) by this deck, so the columns line up.

Every poll of the deck is listed for each session, in deck order, "ready" with
no voters when it was never opened; sessions of other decks list only the
polls they ran. The JSON shape is the contract of the issue; extra keys
(`deck`, `kind`, `opened_at`, `closed_at`, `revealed`, `voters_by_source`,
per-option `by_source`, suggestion `created`, and with `--include-rejected`
each poll's `excluded_ballots`) only add to it. Excluded ballots (possible
stuffing) never count; `--include-rejected` lists them.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, TextIO

from presenter.deck.model import Deck, Poll
from presenter.exporting import (
    EXIT_ERROR,
    EXIT_OK,
    load_deck_for_report,
    open_existing_store,
)
from presenter.polls import states as _states
from presenter.polls import suggestions as _suggestions
from presenter.polls.tally import Tally, excluded_ballots, tally
from presenter.session import SessionRecord, deck_key, get_session, sessions
from presenter.store import Store, StoreError

FORMATS = ("table", "csv", "json", "md")


def option_results(poll: Poll, counted: Tally) -> list[dict[str, Any]]:
    """Each option of the poll with its votes (ranks, per source), as the results list them."""
    options: list[dict[str, Any]] = []
    for option in poll.options:
        entry: dict[str, Any] = {
            "id": option.id,
            "label": option.label,
            "votes": counted.counts.get(option.id, 0),
        }
        if counted.ranks is not None:
            entry["ranks"] = list(counted.ranks.get(option.id, ()))
        entry["by_source"] = {
            source: per_option.get(option.id, 0)
            for source, per_option in counted.counts_by_source.items()
        }
        options.append(entry)
    return options


def _poll_result(
    store: Store, record: SessionRecord, poll: Poll, include_rejected: bool
) -> dict[str, Any]:
    status = _states.read_status(store.conn, record.id, poll.id)
    counted = tally(store, record.id, poll)
    options = option_results(poll, counted)
    wanted = None if include_rejected else "approved"
    with store.lock:
        found = _suggestions.select(store.conn, record.id, poll.id, wanted)
        excluded = excluded_ballots(store.conn, record.id, poll.id) if include_rejected else []
    extra: dict[str, Any] = {}
    if include_rejected:
        extra["excluded_ballots"] = [
            {
                "choices": list(b.choices),
                "source": b.source,
                "cast_at": b.cast_at,
                "excluded_at": b.excluded_at,
                "reason": b.reason,
            }
            for b in excluded
        ]
    return {
        "id": poll.id,
        "question": poll.question,
        "kind": poll.kind,
        "state": status.state,
        "revealed": status.revealed,
        "opened_at": status.opened_at,
        "closed_at": status.closed_at,
        "voters": counted.voters,
        "voters_by_source": dict(counted.voters_by_source),
        "options": options,
        "suggestions": [{"text": s.text, "status": s.status, "created": s.created} for s in found],
        **extra,
    }


def _session_result(
    store: Store, record: SessionRecord, polls: tuple[Poll, ...], include_rejected: bool
) -> dict[str, Any]:
    return {
        "id": record.id,
        "label": record.label,
        "kind": record.kind,
        "deck": record.deck_path,
        "started": record.started,
        "ended": record.ended,
        "polls": [_poll_result(store, record, poll, include_rejected) for poll in polls],
    }


def _related_sessions(store: Store, deck: Deck) -> list[SessionRecord]:
    """Talks of other decks that ran one of this deck's polls."""
    ids = [poll.id for poll in deck.polls]
    if not ids:
        return []
    marks = ", ".join("?" * len(ids))
    rows = store.read(
        f"SELECT DISTINCT s.id FROM sessions AS s JOIN poll_states AS p ON p.session_id = s.id "
        f"WHERE s.kind = 'talk' AND s.deck_path != ? AND p.poll_id IN ({marks}) ORDER BY s.id",
        (deck_key(deck.path or ""), *ids),
    )
    found = [get_session(store, int(row[0])) for row in rows]
    return [record for record in found if record is not None]


def collect_results(
    store: Store,
    deck: Deck,
    *,
    session: int | None = None,
    all_sessions: bool = False,
    include_rejected: bool = False,
) -> dict[str, Any]:
    """The results object (the JSON shape); raises LookupError for an unknown session."""
    path = deck.path or Path("deck.md")
    if session is not None:
        record = get_session(store, session)
        if record is None or record.deck_path != deck_key(path):
            raise LookupError(f"there is no session {session} of {path}")
        chosen = [record]
    else:
        talks = sessions(store, path, "talk")
        if all_sessions:
            chosen = sorted(talks + _related_sessions(store, deck), key=lambda r: r.id)
        else:
            chosen = talks[-1:]
    results = []
    own = deck_key(path)
    for record in chosen:
        polls = deck.polls
        if record.deck_path != own:
            ran = _states.read_statuses(store.conn, record.id)
            polls = tuple(poll for poll in deck.polls if poll.id in ran)
        results.append(_session_result(store, record, polls, include_rejected))
    return {"deck": own, "sessions": results}


def run_results(
    path: Path,
    *,
    session: int | None,
    all_sessions: bool,
    fmt: str,
    include_rejected: bool,
    data_dir: Path | None,
    out: TextIO,
    err: TextIO | None = None,
) -> int:
    """The `presenter results` command; returns the exit code."""
    from presenter.polls.results_format import render

    err = err or sys.stderr
    if fmt not in FORMATS:
        err.write(f"presenter results: unknown format {fmt!r} (choose {', '.join(FORMATS)})\n")
        return EXIT_ERROR
    deck = load_deck_for_report(path, err, "results")
    if isinstance(deck, int):
        return deck
    opened = open_existing_store(data_dir, err, "results")
    if isinstance(opened, int):
        return opened
    if opened is None:
        if session is not None:
            err.write(
                f"presenter results: there is no session {session}: nothing is recorded yet\n"
            )
            return EXIT_ERROR
        data = {"deck": deck_key(path), "sessions": []}
    else:
        try:
            data = collect_results(
                opened,
                deck,
                session=session,
                all_sessions=all_sessions,
                include_rejected=include_rejected,
            )
        except LookupError as error:
            err.write(f"presenter results: {error}; `presenter results {path} --all` lists them\n")
            return EXIT_ERROR
        except StoreError as error:
            err.write(f"presenter results: {error}\n")
            return EXIT_ERROR
        finally:
            opened.close()
    if not data["sessions"]:
        message = f"No talk of {path} has been recorded yet: present it with `presenter {path}`."
        if fmt in ("table", "md"):
            out.write(message + "\n")
            return EXIT_OK
        err.write(message + "\n")
    out.write(render(data, deck, fmt, all_sessions=all_sessions))
    return EXIT_OK
