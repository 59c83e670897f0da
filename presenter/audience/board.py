"""Which poll the room sees, read from the store, and who is listening for changes.

Opening and closing happen only in the terminal; the state lives in the store.
The board re-reads the talk's poll states when told something changed (and
every second, so a change made by another terminal is seen too), picks the
poll the phones should show (the open poll opened last), and calls
`on_change` (which wakes every phone's event stream) when that changes. It
never caches votes or results.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from presenter.deck.model import Deck, Poll
from presenter.polls.states import PollStatus

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BoardState:
    """What the phones should show: `poll` None means "no poll is open"."""

    poll: Poll | None
    version: int

    @property
    def poll_id(self) -> str:
        return self.poll.id if self.poll else ""


class PollBoard:
    """The open poll, as the store says."""

    def __init__(
        self,
        deck: Deck,
        read_states: Callable[[], dict[str, PollStatus]],
        on_change: Callable[[], None] = lambda: None,
    ) -> None:
        self._polls = {poll.id: poll for poll in deck.polls}
        self._read_states = read_states
        self._on_change = on_change
        self._state = BoardState(None, 0)
        self.problem: str | None = None
        """Why the last read failed (shown nowhere sensitive; the store's own sentence)."""

    def set_deck(self, deck: Deck) -> None:
        self._polls = {poll.id: poll for poll in deck.polls}
        current = self._state.poll
        if current is not None:  # keep showing it, as the deck now words it
            self._state = BoardState(self._polls.get(current.id), self._state.version + 1)
            self._on_change()
        self.refresh()

    @property
    def state(self) -> BoardState:
        return self._state

    @property
    def open_poll(self) -> Poll | None:
        return self._state.poll

    def poll(self, poll_id: str) -> Poll | None:
        return self._polls.get(poll_id)

    def refresh(self) -> bool:
        """Re-read the poll states; True (and listeners woken) when the open poll changed."""
        try:
            statuses = self._read_states()
        except Exception as error:  # the store is unreadable: keep showing what we had
            if self.problem is None:  # logged once, not every second while it lasts
                log.error("the poll board could not read the poll states", exc_info=error)
            self.problem = str(error)
            return False
        self.problem = None
        open_polls = [
            (status.opened_at or "", poll_id)
            for poll_id, status in statuses.items()
            if status.is_open and poll_id in self._polls
        ]
        poll = self._polls[max(open_polls)[1]] if open_polls else None
        if poll is self._state.poll:
            return False
        self._state = BoardState(poll, self._state.version + 1)
        self._on_change()
        return True
