"""Votes, durably: every ballot is one row, stored in a committed transaction before it counts.

`VoteStore` is the one door to the poll tables. Rules it enforces (in the
database where it can, not only in the page that sends the vote):

- one ballot per device per poll and session (a UNIQUE constraint); a device
  that votes again while the poll is open *replaces* its ballot;
- a repeated `submission_id` (a retry, a double tap) is a no-op, reported as a
  duplicate with the ballot it first made;
- a ballot is refused unless the poll is open, its options exist, and the
  number of picks fits the kind (single: 1; multi: 1 to `max`; rank: 1 to all
  options: the store accepts a partial ranking, as a keyboard vote on a rank
  poll is one; the phone form always sends a full one; the checks themselves
  live in `presenter.polls.validation`);
- a keyboard tally is a ballot too (source "keyboard", a fresh synthetic
  device per key press), so tallies always come from stored rows;
- a repeated `submission_id` is recognised even after the poll closed: the
  retry of a stored ballot is told it is stored, never "closed";
- the presenter may *exclude* ballots (possible stuffing): they stay stored,
  with when and why, and no longer count (`exclude`).

`cast_many` stores a batch in ONE transaction (group commit for the phone
server's writer thread); a refused ballot does not undo the others, because
everything is checked before anything is written.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from presenter.clock import Clock
from presenter.deck.model import Poll
from presenter.polls import keyboard as _keyboard
from presenter.polls import states as _states
from presenter.polls import suggestions as _suggestions
from presenter.polls.states import PollStatus, poll_id_of
from presenter.polls.suggestions import (
    MAX_DEVICE_CHARS,
    Suggestion,
    SuggestionRejected,
    clean_suggestion,
)
from presenter.polls.tally import ExcludedBallot, Tally, excluded_ballots, tally
from presenter.polls.validation import (
    Ballot,
    BallotRejected,
    not_open_rejection,
    validate_ballot,
)
from presenter.store import DB_NAME, Store, transaction
from presenter.store import timestamp as _timestamp

KEYBOARD_DEVICE_PREFIX = "keyboard:"


@dataclass(frozen=True)
class CastResult:
    """A stored ballot: `replaced` when the device had voted before, `duplicate` for a retry."""

    ballot_id: int
    replaced: bool = False
    duplicate: bool = False


def encode_choices(choices: Sequence[str]) -> str:
    """The stored form of a ballot's choices: a compact JSON array (compared as text)."""
    return json.dumps(list(choices), separators=(",", ":"), ensure_ascii=False)


class VoteStore:
    """Poll states, ballots, keyboard tallies and suggestions on one SQLite connection.

    `VoteStore(store)` shares the store's connection (and its lock);
    `VoteStore.on_connection(conn)` works on a dedicated connection, such as
    the vote writer thread's own `store.connect()`.
    """

    def __init__(self, store: Store) -> None:
        self.conn: sqlite3.Connection = store.conn
        self.path: Path = store.path
        self.lock = store.lock

    @classmethod
    def on_connection(cls, conn: sqlite3.Connection, path: Path | None = None) -> VoteStore:
        self = cls.__new__(cls)
        self.conn = conn
        self.path = path or Path(DB_NAME)
        self.lock = threading.RLock()
        return self

    # -- poll lifecycle ---------------------------------------------------------

    def state(self, session_id: int, poll_id: Poll | str) -> PollStatus:
        with self.lock:
            return _states.read_status(self.conn, session_id, poll_id_of(poll_id))

    def states(self, session_id: int) -> dict[str, PollStatus]:
        """Every poll of the session that was ever opened or revealed, by poll id."""
        with self.lock:
            return _states.read_statuses(self.conn, session_id)

    def open_poll(self, session_id: int, poll: Poll, *, clock: Clock) -> PollStatus:
        """Open (or re-open) the poll; the first opening time is kept."""
        with self.lock, transaction(self.conn, self.path) as conn:
            _states.write_open(conn, session_id, poll.id, _timestamp(clock.wall()))
            return _states.read_status(conn, session_id, poll.id)

    def close_poll(self, session_id: int, poll: Poll | str, *, clock: Clock) -> PollStatus:
        """Close the poll if it is open; later ballots are refused."""
        with self.lock, transaction(self.conn, self.path) as conn:
            _states.write_close(conn, session_id, poll_id_of(poll), _timestamp(clock.wall()))
            return _states.read_status(conn, session_id, poll_id_of(poll))

    def reveal(
        self, session_id: int, poll: Poll | str, *, clock: Clock | None = None
    ) -> PollStatus:
        """Let the room see the split of an `after-close` poll."""
        with self.lock, transaction(self.conn, self.path) as conn:
            _states.write_reveal(conn, session_id, poll_id_of(poll))
            return _states.read_status(conn, session_id, poll_id_of(poll))

    def hide(self, session_id: int, poll: Poll | str) -> PollStatus:
        """Undo a reveal."""
        with self.lock, transaction(self.conn, self.path) as conn:
            _states.write_hide(conn, session_id, poll_id_of(poll))
            return _states.read_status(conn, session_id, poll_id_of(poll))

    # -- ballots ----------------------------------------------------------------

    def cast(self, session_id: int, poll: Poll, ballot: Ballot, *, clock: Clock) -> CastResult:
        """Store one ballot in its own transaction; raises `BallotRejected`."""
        outcome = self.cast_many([(session_id, poll, ballot)], clock=clock)[0]
        if isinstance(outcome, BallotRejected):
            raise outcome
        return outcome

    def cast_many(
        self, items: Sequence[tuple[int, Poll, Ballot]], *, clock: Clock
    ) -> list[CastResult | BallotRejected]:
        """Store a batch in ONE transaction; one outcome per item, in order.

        Every check happens before the item's rows are written, so a refused
        ballot leaves no trace and never undoes the others. When the
        transaction itself fails (disk full), `StoreError` is raised and
        nothing of the batch is stored.
        """
        if not items:
            return []
        now = _timestamp(clock.wall())
        outcomes: list[CastResult | BallotRejected] = []
        with self.lock, transaction(self.conn, self.path) as conn:
            status_cache: dict[tuple[int, str], PollStatus] = {}
            for session_id, poll, ballot in items:
                try:
                    choices = validate_ballot(poll, ballot)
                    key = (session_id, poll.id)
                    status = status_cache.get(key)
                    if status is None:
                        status = _states.read_status(conn, session_id, poll.id)
                        status_cache[key] = status
                    stored = self._stored_submission(conn, session_id, poll.id, ballot)
                    if stored is not None:
                        outcomes.append(stored)
                        continue
                    if not status.is_open:
                        raise not_open_rejection(status)
                    outcomes.append(self._write(conn, session_id, poll.id, ballot, choices, now))
                except BallotRejected as rejected:
                    outcomes.append(rejected)
        return outcomes

    @staticmethod
    def _stored_submission(
        conn: sqlite3.Connection, session_id: int, poll_id: str, ballot: Ballot
    ) -> CastResult | None:
        """The ballot a repeated submission id already made (a retry), else None."""
        if ballot.submission_id is None:
            return None
        seen = conn.execute(
            "SELECT ballot_id, session_id, poll_id, device FROM submissions "
            "WHERE submission_id = ?",
            (ballot.submission_id,),
        ).fetchone()
        if seen is None:
            return None
        if (seen[1], seen[2], seen[3]) != (session_id, poll_id, ballot.device):
            raise BallotRejected("The submission id was already used.", "bad-submission")
        return CastResult(int(seen[0]), replaced=False, duplicate=True)

    @staticmethod
    def _write(
        conn: sqlite3.Connection,
        session_id: int,
        poll_id: str,
        ballot: Ballot,
        choices: tuple[str, ...],
        now: str,
    ) -> CastResult:
        """Insert or replace the device's ballot (a repeated submission was ruled out)."""
        submission = ballot.submission_id
        encoded = encode_choices(choices)
        previous = conn.execute(
            "SELECT id FROM ballots WHERE session_id = ? AND poll_id = ? AND device = ?",
            (session_id, poll_id, ballot.device),
        ).fetchone()
        if previous is not None:
            ballot_id = int(previous[0])
            conn.execute(
                "UPDATE ballots SET source = ?, choices = ?, submission_id = ?, cast_at = ? "
                "WHERE id = ?",
                (ballot.source, encoded, submission, now, ballot_id),
            )
        else:
            cursor = conn.execute(
                "INSERT INTO ballots "
                "(session_id, poll_id, device, source, choices, submission_id, cast_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (session_id, poll_id, ballot.device, ballot.source, encoded, submission, now),
            )
            ballot_id = int(cursor.lastrowid or 0)
        if submission is not None:
            conn.execute(
                "INSERT INTO submissions (submission_id, ballot_id, session_id, poll_id, device) "
                "VALUES (?, ?, ?, ?, ?)",
                (submission, ballot_id, session_id, poll_id, ballot.device),
            )
        return CastResult(ballot_id, replaced=previous is not None, duplicate=False)

    def ballot_of(
        self, session_id: int, poll_id: Poll | str, device: str
    ) -> tuple[str, ...] | None:
        """The choices a device's stored ballot holds, if any (to show a phone its vote)."""
        with self.lock:
            row = self.conn.execute(
                "SELECT choices FROM ballots WHERE session_id = ? AND poll_id = ? AND device = ?",
                (session_id, poll_id_of(poll_id), device),
            ).fetchone()
        return tuple(json.loads(row[0])) if row else None

    def exclude(
        self,
        session_id: int,
        poll_id: Poll | str,
        devices: Sequence[str],
        reason: str,
        *,
        clock: Clock,
    ) -> int:
        """Exclude these devices' ballots of the poll from its tally; how many were.

        The rows stay, marked with when and why (`results --include-rejected`
        lists them); a ballot already excluded keeps its first reason.
        """
        pid = poll_id_of(poll_id)
        now = _timestamp(clock.wall())
        excluded = 0
        with self.lock, transaction(self.conn, self.path) as conn:
            for device in devices:
                cursor = conn.execute(
                    "UPDATE ballots SET excluded_at = ?, excluded_reason = ? "
                    "WHERE session_id = ? AND poll_id = ? AND device = ? AND excluded_at IS NULL",
                    (now, reason, session_id, pid, device),
                )
                excluded += cursor.rowcount
        return excluded

    def excluded(self, session_id: int, poll_id: Poll | str) -> list[ExcludedBallot]:
        """The poll's excluded ballots, oldest exclusion first."""
        with self.lock:
            return excluded_ballots(self.conn, session_id, poll_id_of(poll_id))

    def tally(self, session_id: int, poll: Poll) -> Tally:
        """The poll's count in this session, from the stored ballots."""
        return tally(self, session_id, poll)

    def voters(self, session_id: int, poll_id: Poll | str) -> int:
        with self.lock:
            row = self.conn.execute(
                "SELECT count(*) FROM ballots "
                "WHERE session_id = ? AND poll_id = ? AND excluded_at IS NULL",
                (session_id, poll_id_of(poll_id)),
            ).fetchone()
        return int(row[0])

    # -- keyboard tallies (show of hands) ---------------------------------------

    def add_keyboard_vote(
        self, session_id: int, poll: Poll, option_id: str, *, clock: Clock
    ) -> CastResult:
        """One more hand for the option: a stored keyboard ballot, undoable with `undo_keyboard`."""
        device = f"{KEYBOARD_DEVICE_PREFIX}{uuid.uuid4().hex}"
        ballot = Ballot(device, "keyboard", (option_id,))
        choices = validate_ballot(poll, ballot)
        now = _timestamp(clock.wall())
        with self.lock, transaction(self.conn, self.path) as conn:
            status = _states.read_status(conn, session_id, poll.id)
            if not status.is_open:
                raise not_open_rejection(status)
            result = self._write(conn, session_id, poll.id, ballot, choices, now)
            _keyboard.log_action(
                conn, session_id, poll.id, "add", option_id, device, encode_choices(choices), now
            )
        return result

    def remove_keyboard_vote(
        self, session_id: int, poll: Poll, option_id: str, *, clock: Clock | None = None
    ) -> bool:
        """Take back the latest keyboard vote for the option; False when it has none."""
        if poll.option(option_id) is None:
            raise BallotRejected("That option is not part of this poll.", "unknown-option")
        with self.lock, transaction(self.conn, self.path) as conn:
            status = _states.read_status(conn, session_id, poll.id)
            if not status.is_open:
                raise not_open_rejection(status)
            return _keyboard.remove_latest(
                conn, session_id, poll.id, option_id, encode_choices((option_id,))
            )

    def undo_keyboard(self, session_id: int, poll_id: Poll | str) -> bool:
        """Revert the last keyboard add or remove on this poll; False when there is none."""
        pid = poll_id_of(poll_id)
        with self.lock, transaction(self.conn, self.path) as conn:
            status = _states.read_status(conn, session_id, pid)
            if not status.is_open:
                raise not_open_rejection(status)
            return _keyboard.undo_last(conn, session_id, pid)

    # -- suggestions ------------------------------------------------------------

    def suggest(
        self,
        session_id: int,
        poll_id: Poll | str,
        text: object,
        device: str,
        *,
        clock: Clock,
        require_open: bool = False,
    ) -> Suggestion:
        """Store a cleaned suggestion as pending; raises `SuggestionRejected`.

        Given a `Poll` without `suggestions: true`, it is refused. With
        `require_open` (the phone path), it is refused unless the poll is open.
        """
        if isinstance(poll_id, Poll) and not poll_id.suggestions:
            raise SuggestionRejected("This poll does not take suggestions.", "not-allowed")
        if not isinstance(device, str) or not device or len(device) > MAX_DEVICE_CHARS:
            raise SuggestionRejected("The device is not recognised.", "bad-device")
        cleaned = clean_suggestion(text)
        pid = poll_id_of(poll_id)
        with self.lock, transaction(self.conn, self.path) as conn:
            if require_open and not _states.read_status(conn, session_id, pid).is_open:
                raise SuggestionRejected("This poll is not open.", "not-open")
            return _suggestions.insert(
                conn, session_id, pid, cleaned, device, _timestamp(clock.wall())
            )

    def moderate(
        self, suggestion_id: int, status: str, *, clock: Clock | None = None
    ) -> Suggestion | None:
        """Approve, reject (or send back to pending) a suggestion; None when there is no such id."""
        now = _timestamp(clock.wall()) if clock is not None else None
        with self.lock, transaction(self.conn, self.path) as conn:
            return _suggestions.set_status(conn, suggestion_id, status, now)

    def suggestions(
        self,
        session_id: int,
        poll_id: Poll | str | None = None,
        status: str | tuple[str, ...] | None = None,
    ) -> list[Suggestion]:
        """The session's suggestions (of one poll, of some statuses), oldest first."""
        with self.lock:
            return _suggestions.select(
                self.conn, session_id, None if poll_id is None else poll_id_of(poll_id), status
            )


__all__ = [
    "CastResult",
    "ExcludedBallot",
    "PollStatus",
    "Suggestion",
    "SuggestionRejected",
    "VoteStore",
    "clean_suggestion",
    "encode_choices",
]
