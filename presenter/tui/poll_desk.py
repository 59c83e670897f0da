"""The terminal's side of the polls: every poll action goes through here to the store.

A `PollDesk` wraps the talk's `VoteStore` and session: it opens, closes and
reveals polls, records keyboard tallies and suggestions, and reads back what
was committed as a `PollSnapshot`. It also carries the one entry point the
rest of the program uses to say "something about poll X changed"
(`changed(poll_id)`): the poll view and the moderation queue subscribe to it
and re-read the store.

The app's desk follows the talk (`PollDesk.following(app)`): the store and
session are opened by the talk off the key path, and the desk picks them up
when they are there. Changes written by another process or connection (the
console in a second terminal, the phone vote writer) are noticed by
`check_external()`, which the views call twice a second: it compares SQLite's
`PRAGMA data_version`, a cheap read. Without a store (it could not be opened)
polls are shown, nothing is recorded, and every action says why.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from presenter.clock import Clock
from presenter.deck.model import Poll
from presenter.store import StoreError
from presenter.tui.widgets.poll_snapshot import PendingSuggestion, PollSnapshot, PollState

if TYPE_CHECKING:
    from presenter.polls.ballots import VoteStore
    from presenter.shared.room import SharedRoom
    from presenter.store import Store

Listener = Callable[["str | None"], None]
"""Called with the poll id that changed, or None for "any poll may have changed"."""

StoreSource = Callable[[], "tuple[Store | None, int | None, str | None]"]
"""Returns the talk's (store, session id, problem) as they are now."""

OPENING = "the store is still opening"

PRESENTER_DEVICE = "presenter"
"""The device recorded for suggestions typed at the terminal."""


class PollDeskError(Exception):
    """A poll action that could not be done; the message is one sentence for the presenter."""


class PollDesk:
    """Poll actions and reads for one talk session."""

    def __init__(
        self,
        votes: VoteStore | None,
        session_id: int | None,
        *,
        clock: Clock,
        problem: str | None = None,
        source: StoreSource | None = None,
    ) -> None:
        self._votes = votes
        self._session_id = session_id
        self.clock = clock
        self._problem = problem
        self._source = source
        self._source_store: Store | None = None
        self._listeners: list[Listener] = []
        self._seen: tuple[Any, ...] | None = None
        self._problem_told = False
        self._data_version: int | None = None
        self.shared_room: Callable[[], SharedRoom | None] = lambda: None
        """The talk's shared event, once open: snapshots then count the whole event."""
        self.shares = False
        """True when the talk counts into a shared event (`--store`), open yet or not."""

    @classmethod
    def unavailable(cls, problem: str, *, clock: Clock) -> PollDesk:
        return cls(None, None, clock=clock, problem=problem)

    @classmethod
    def following(cls, app: object) -> PollDesk:
        """A desk on the store and session of `app.talk`, whenever the talk has them."""
        clock: Clock = app.clock  # type: ignore[attr-defined]

        def source() -> tuple[Store | None, int | None, str | None]:
            talk = getattr(app, "talk", None)
            if talk is None:
                return None, None, "this view has no talk session"
            session, store = talk.session, talk.store
            if session is None and store is not None and talk.store_problem is None:
                # The console joins the projected talk's session; there was none to join.
                return store, None, "no talk of this deck is running (start `presenter DECK`)"
            return store, session.id if session is not None else None, talk.store_problem

        def shared_room() -> SharedRoom | None:
            talk = getattr(app, "talk", None)
            return talk.shared.room if talk is not None else None

        desk = cls(None, None, clock=clock, source=source)
        desk.shared_room = shared_room
        desk.shares = getattr(getattr(app, "options", None), "shared", None) is not None
        return desk

    def _resolve(self) -> None:
        if self._source is None:
            return
        store, session_id, problem = self._source()
        if store is not self._source_store:
            from presenter.polls.ballots import VoteStore

            self._source_store = store
            self._votes = VoteStore(store) if store is not None else None
        # The talk sets its store before its session: only both make a desk that stores.
        self._session_id = session_id
        self._problem = (
            problem if store is not None and session_id is not None else (problem or OPENING)
        )

    @property
    def votes(self) -> VoteStore | None:
        self._resolve()
        return self._votes

    @property
    def session_id(self) -> int | None:
        self._resolve()
        return self._session_id

    @property
    def problem(self) -> str | None:
        """Why votes are not stored (None when they are)."""
        self._resolve()
        return self._problem

    @property
    def stored(self) -> bool:
        self._resolve()
        return self._votes is not None and self._session_id is not None

    def problem_to_tell(self) -> str | None:
        """The "votes are not being stored" message, the first time it is asked for only."""
        if self._problem_told or self.stored or self.opening:
            return None
        self._problem_told = True
        return f"Votes are not being stored: {self.problem or 'no store'}."

    @property
    def opening(self) -> bool:
        """True while the talk is still opening its store (not a failure)."""
        return not self.stored and self.problem == OPENING

    # -- notifications -------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def changed(self, poll_id: str | None = None) -> None:
        """Votes, state or suggestions of `poll_id` (None: of any poll) changed: re-read.

        The one entry point for news from elsewhere in the process, such as
        the phone vote server after a commit. Call it on the app's event loop
        (from another thread: `app.call_from_thread(desk.changed, poll_id)`).
        """
        for listener in list(self._listeners):
            listener(poll_id)

    def check_external(self) -> None:
        """Re-read every poll view if the store changed under us (another connection
        committed) or became available; cheap, and never waits for a busy store."""
        votes, session_id, problem = self.votes, self.session_id, self.problem
        seen = (id(votes), session_id, problem)
        if seen != self._seen:
            self._seen = seen
            self._data_version = None
            self.changed(None)
        if votes is None:
            return
        if not votes.lock.acquire(blocking=False):
            return
        try:
            version = int(votes.conn.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error:
            return
        finally:
            votes.lock.release()
        if self._data_version is not None and version != self._data_version:
            self.changed(None)
        self._data_version = version

    # -- reads ---------------------------------------------------------------

    def snapshot(self, poll: Poll) -> PollSnapshot:
        """What is stored about `poll` in this talk."""
        votes, session_id = self.votes, self.session_id
        if votes is None or session_id is None:
            return PollSnapshot(poll, stored=self.opening)
        from presenter.polls.tally import tally

        with self._errors():
            status = votes.state(session_id, poll.id)
            result = tally(votes, session_id, poll)
            shared = self.shared_room()
            event = shared.reader.combine(poll, result) if shared is not None else None
            result = event.total if event is not None else result
            approved = votes.suggestions(session_id, poll.id, "approved")
        state: PollState = status.state  # type: ignore[assignment]
        return PollSnapshot(
            poll,
            state=state,
            revealed=bool(status.revealed),
            voters=result.voters,
            counts=dict(result.counts),
            approved=tuple(s.text for s in approved),
        )

    def pending(self, polls: Iterable[Poll]) -> list[PendingSuggestion]:
        """Suggestions waiting for moderation, oldest first, over `polls`."""
        votes, session_id = self.votes, self.session_id
        if votes is None or session_id is None:
            return []
        found: list[PendingSuggestion] = []
        with self._errors():
            for poll in polls:
                for s in votes.suggestions(session_id, poll.id, "pending"):
                    found.append(PendingSuggestion(s.id, poll.id, s.text))
        found.sort(key=lambda p: p.id)
        return found

    # -- writes --------------------------------------------------------------

    def open(self, poll: Poll) -> None:
        votes, session = self._need()
        with self._errors():
            votes.open_poll(session, poll, clock=self.clock)

    def close(self, poll: Poll) -> None:
        votes, session = self._need()
        with self._errors():
            votes.close_poll(session, poll, clock=self.clock)

    def reveal(self, poll: Poll) -> None:
        votes, session = self._need()
        with self._errors():
            votes.reveal(session, poll, clock=self.clock)

    def add_vote(self, poll: Poll, option_id: str) -> None:
        votes, session = self._need()
        with self._errors():
            votes.add_keyboard_vote(session, poll, option_id, clock=self.clock)

    def remove_vote(self, poll: Poll, option_id: str) -> bool:
        votes, session = self._need()
        with self._errors():
            return votes.remove_keyboard_vote(session, poll, option_id)

    def undo(self, poll: Poll) -> bool:
        votes, session = self._need()
        with self._errors():
            return votes.undo_keyboard(session, poll.id)

    def suggest(self, poll: Poll, text: str) -> None:
        votes, session = self._need()
        with self._errors():
            votes.suggest(session, poll, text, PRESENTER_DEVICE, clock=self.clock)

    def moderate(self, suggestion_id: int, status: str) -> None:
        votes, _session = self._need()
        with self._errors():
            votes.moderate(suggestion_id, status, clock=self.clock)

    # -- helpers -------------------------------------------------------------

    def _need(self) -> tuple[VoteStore, int]:
        votes, session_id = self.votes, self.session_id
        if votes is None or session_id is None:
            if self.opening:
                raise PollDeskError("The vote store is still opening; try again in a moment.")
            raise PollDeskError(f"Votes are not being stored: {self.problem or 'no store'}.")
        return votes, session_id

    @staticmethod
    @contextmanager
    def _errors() -> Iterator[None]:
        """Turns the store's and the ballot rules' errors into `PollDeskError`."""
        from presenter.polls.errors import Rejected

        try:
            yield
        except Rejected as error:
            raise PollDeskError(error.reason) from error
        except (StoreError, sqlite3.Error) as error:
            raise PollDeskError(f"Not stored: {error}") from error
