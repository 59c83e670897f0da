"""Noticing, cheaply, what other connections committed to the talk's store.

The console in a second terminal and the phone vote writer commit votes and
poll states through their own SQLite connections. SQLite's
`PRAGMA data_version` changes when another connection commits; reading it is
cheap, and it is read only when the store's lock is free, so a check never
waits for a busy store. `PollDesk.check_external` asks here.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from presenter.polls.ballots import VoteStore


class ExternalChangeWatch:
    """Says when the poll views should re-read: another connection committed, or the
    store, the session or the reason votes are not stored is not the one seen last."""

    def __init__(self) -> None:
        self._seen: tuple[Any, ...] | None = None
        self._data_version: int | None = None

    def changed(self, votes: VoteStore | None, session_id: int | None, problem: str | None) -> bool:
        """True when what the views show may be out of date since the last call."""
        seen = (id(votes), session_id, problem)
        fresh = seen != self._seen
        if fresh:
            self._seen = seen
            self._data_version = None
        if votes is None:
            return fresh
        if not votes.lock.acquire(blocking=False):
            return fresh
        try:
            version = int(votes.conn.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error:
            return fresh
        finally:
            votes.lock.release()
        committed = self._data_version is not None and version != self._data_version
        self._data_version = version
        return fresh or committed
