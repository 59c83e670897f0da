"""Free-text suggestions from the room: cleaned, capped, and held until moderated.

Text is stored as sent (after cleaning), never interpreted: markup such as
`[bold]` or `<script>` is kept literally and escaped by whatever shows it.
Cleaning is the project's one rule for outside text (`presenter.outside_text`):
escape sequences, control characters, bidirectional overrides, surrogates,
non-characters and unassigned code points are stripped; here a tab also
becomes a space and runs of blank lines shrink to one. A suggestion is refused
when nothing is left, or more than 280 characters are.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from typing import Literal

from presenter.outside_text import clean_text
from presenter.polls.errors import Rejected

SuggestionStatus = Literal["pending", "approved", "rejected"]
STATUSES: tuple[SuggestionStatus, ...] = ("pending", "approved", "rejected")
MAX_SUGGESTION_CHARS = 280
MAX_DEVICE_CHARS = 200


class SuggestionRejected(Rejected):
    """A suggestion that cannot be accepted; `reason` is one sentence for the sender."""


@dataclass(frozen=True)
class Suggestion:
    """One suggestion; `created` is an ISO-8601 UTC string."""

    id: int
    text: str
    status: SuggestionStatus
    device: str
    created: str
    poll_id: str = ""
    session_id: int = 0


def clean_suggestion(text: object) -> str:
    """The text to store, or `SuggestionRejected` (not text, empty, longer than 280)."""
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError:
            raise SuggestionRejected(
                "The suggestion is not valid UTF-8 text.", "encoding"
            ) from None
    if not isinstance(text, str):
        raise SuggestionRejected("A suggestion must be text.", "type")
    text = unicodedata.normalize("NFC", clean_text(text).replace("\t", " ")).strip()
    # Collapse runs of blank lines so one suggestion cannot push others off the screen.
    text = re.sub(r"\n{3,}", "\n\n", text)
    if not text:
        raise SuggestionRejected("The suggestion is empty.", "empty")
    if len(text) > MAX_SUGGESTION_CHARS:
        raise SuggestionRejected(
            f"The suggestion is {len(text)} characters long; the limit is {MAX_SUGGESTION_CHARS}.",
            "too-long",
        )
    return text


_COLUMNS = "id, text, status, device, created, poll_id, session_id"


def _record(row: tuple) -> Suggestion:  # type: ignore[type-arg]
    return Suggestion(int(row[0]), row[1], row[2], row[3], row[4], row[5], int(row[6]))


def insert(
    conn: sqlite3.Connection, session_id: int, poll_id: str, text: str, device: str, now: str
) -> Suggestion:
    row = conn.execute(
        f"INSERT INTO suggestions (session_id, poll_id, device, text, created) "
        f"VALUES (?, ?, ?, ?, ?) RETURNING {_COLUMNS}",
        (session_id, poll_id, device, text, now),
    ).fetchone()
    return _record(row)


def set_status(
    conn: sqlite3.Connection, suggestion_id: int, status: str, now: str | None
) -> Suggestion | None:
    if status not in STATUSES:
        raise ValueError(f"a suggestion is pending, approved or rejected, not {status!r}")
    row = conn.execute(
        f"UPDATE suggestions SET status = ?, moderated_at = ? WHERE id = ? RETURNING {_COLUMNS}",
        (status, now, suggestion_id),
    ).fetchone()
    return _record(row) if row else None


def select(
    conn: sqlite3.Connection,
    session_id: int,
    poll_id: str | None = None,
    status: str | tuple[str, ...] | None = None,
) -> list[Suggestion]:
    clauses = ["session_id = ?"]
    params: list[object] = [session_id]
    if poll_id is not None:
        clauses.append("poll_id = ?")
        params.append(poll_id)
    if status is not None:
        wanted = (status,) if isinstance(status, str) else tuple(status)
        clauses.append(f"status IN ({', '.join('?' * len(wanted))})")
        params.extend(wanted)
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM suggestions WHERE {' AND '.join(clauses)} ORDER BY id",
        params,
    ).fetchall()
    return [_record(row) for row in rows]
