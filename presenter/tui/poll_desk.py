"""The terminal's side of the polls: every poll action goes through here to the store.

A `PollDesk` wraps the talk's `VoteStore` and session: it opens, closes and
reveals polls, records keyboard tallies and suggestions, and reads back what
was committed as a `PollSnapshot`. It also carries the one entry point the
rest of the program uses to say "something about poll X changed"
(`changed(poll_id)`): the poll view and the moderation queue subscribe to it
and re-read the store. Without a store (it could not be opened) the desk is
`unavailable`: polls are shown, nothing is recorded, and every action says why.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from presenter.clock import Clock
from presenter.deck.model import Poll
from presenter.store import StoreError
from presenter.tui.widgets.poll_snapshot import PendingSuggestion, PollSnapshot, PollState

if TYPE_CHECKING:
    from presenter.polls.ballots import VoteStore

Listener = Callable[[str], None]

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
    ) -> None:
        self.votes = votes
        self.session_id = session_id
        self.clock = clock
        self.problem = problem
        """Why votes are not stored (None when they are)."""
        self._listeners: list[Listener] = []

    @classmethod
    def unavailable(cls, problem: str, *, clock: Clock) -> PollDesk:
        return cls(None, None, clock=clock, problem=problem)

    @property
    def stored(self) -> bool:
        return self.votes is not None and self.session_id is not None

    # -- notifications -------------------------------------------------------

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def changed(self, poll_id: str) -> None:
        """Votes, state or suggestions of `poll_id` changed in the store: re-read it.

        Call on the app's event loop (from another thread:
        `app.call_from_thread(desk.changed, poll_id)`).
        """
        for listener in list(self._listeners):
            listener(poll_id)

    # -- reads ---------------------------------------------------------------

    def snapshot(self, poll: Poll) -> PollSnapshot:
        """What is stored about `poll` in this talk."""
        if self.votes is None or self.session_id is None:
            return PollSnapshot(poll, stored=False)
        from presenter.polls.tally import tally

        with self._errors():
            status = self.votes.state(self.session_id, poll.id)
            result = tally(self.votes, self.session_id, poll)
            approved = self.votes.suggestions(self.session_id, poll.id, "approved")
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
        if self.votes is None or self.session_id is None:
            return []
        found: list[PendingSuggestion] = []
        with self._errors():
            for poll in polls:
                for s in self.votes.suggestions(self.session_id, poll.id, "pending"):
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
        if self.votes is None or self.session_id is None:
            raise PollDeskError(f"Votes are not being stored: {self.problem or 'no store'}.")
        return self.votes, self.session_id

    def _errors(self) -> _Translate:
        return _Translate()


class _Translate:
    """Turns the store's and the ballot rules' errors into `PollDeskError`."""

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: object
    ) -> bool:
        if error is None:
            return False
        from presenter.polls.ballots import BallotRejected, SuggestionRejected

        if isinstance(error, BallotRejected | SuggestionRejected):
            raise PollDeskError(error.reason) from error
        if isinstance(error, StoreError):
            raise PollDeskError(f"Not stored: {error}") from error
        if isinstance(error, sqlite3.Error):
            raise PollDeskError(f"Not stored: {error}") from error
        return False
