"""Reading the polls of one talk session from the vote store, for the poll widgets.

Plain functions on a `VoteStore` and a session id, run in the poll desk's
thread (presenter/tui/poll_desk.py). `store_errors()` turns the store's and
the ballot rules' errors into `PollDeskError`, one sentence for the presenter.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from presenter.deck.model import Poll
from presenter.store import StoreError
from presenter.tui.widgets.poll_snapshot import PendingSuggestion, PollSnapshot, PollState

if TYPE_CHECKING:
    from presenter.polls.ballots import VoteStore
    from presenter.shared.room import SharedRoom


class PollDeskError(Exception):
    """A poll action that could not be done; the message is one sentence for the presenter."""


@contextmanager
def store_errors() -> Iterator[None]:
    """Turns the store's and the ballot rules' errors into `PollDeskError`."""
    from presenter.polls.errors import Rejected

    try:
        yield
    except Rejected as error:
        raise PollDeskError(error.reason) from error
    except (StoreError, sqlite3.Error) as error:
        raise PollDeskError(f"Not stored: {error}") from error


def read_snapshot(
    votes: VoteStore, session_id: int, poll: Poll, shared: SharedRoom | None = None
) -> PollSnapshot:
    """What is stored about `poll` in this session; with `shared`, the counts are
    the whole event's (this room's plus the other rooms')."""
    from presenter.polls.tally import tally

    with store_errors():
        status = votes.state(session_id, poll.id)
        result = tally(votes, session_id, poll)
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


def read_pending(
    votes: VoteStore, session_id: int, polls: Iterable[Poll]
) -> list[PendingSuggestion]:
    """Suggestions waiting for moderation, oldest first, over `polls`."""
    found: list[PendingSuggestion] = []
    with store_errors():
        for poll in polls:
            for s in votes.suggestions(session_id, poll.id, "pending"):
                found.append(PendingSuggestion(s.id, poll.id, s.text))
    found.sort(key=lambda p: p.id)
    return found


def read_states(votes: VoteStore, session_id: int) -> dict[str, PollState]:
    """Every poll's state in the session (polls never opened are absent: ready)."""
    with store_errors():
        statuses = votes.states(session_id)
    return {poll_id: status.state for poll_id, status in statuses.items()}  # type: ignore[misc]
