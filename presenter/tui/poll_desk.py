"""The terminal's side of the polls: every poll action goes through here to the store.

A `PollDesk` wraps the talk's `VoteStore` and session. It runs the presenter's
poll actions (open, close, reveal, tallies, undo, suggestions, moderation) one
at a time, in the order asked, in one worker thread (a slow disk never stalls
the keyboard), and reads back what was committed as a `PollSnapshot` in the
same thread (presenter/tui/poll_reads.py), after the writes asked before it.

It also knows each poll's state (ready, open, closed) without waiting: the
states are read once when the store is open (`load_states`), then follow
the actions queued here and every snapshot read. The keys use it to decide,
at the moment a key is pressed, whether a digit is a tally or part of a
slide number; `state_of` is None until the states are known, and the app
holds keys meanwhile.

`poll_changed` (a Textual `Signal`) is published with the poll id that
changed (None: any poll may have); the poll views and the moderation queue
subscribe and re-read. Changes written by another process or connection
(the console in a second terminal, the phone vote writer) are noticed by
`check_external()`, which the views call twice a second: it compares
SQLite's `PRAGMA data_version`, a cheap read (`ExternalChangeWatch`, in
presenter/tui/external_changes.py). Without a store (it could not be opened)
polls are shown, nothing is recorded, and every action says why.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

from textual.signal import Signal

from presenter.clock import Clock
from presenter.deck.model import Poll
from presenter.tui.external_changes import ExternalChangeWatch
from presenter.tui.poll_reads import (
    PollDeskError,
    read_pending,
    read_snapshot,
    read_states,
    store_errors,
)
from presenter.tui.widgets.poll_snapshot import PendingSuggestion, PollSnapshot, PollState

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from presenter.polls.ballots import VoteStore
    from presenter.shared.room import SharedRoom
    from presenter.store import Store

StoreSource = Callable[[], "tuple[Store | None, int | None, str | None]"]
"""Returns the talk's (store, session id, problem) as they are now."""

Tell = Callable[[str, str], None]
"""Tells the presenter one sentence: (message, severity)."""

OPENING = "the store is still opening"

PRESENTER_DEVICE = "presenter"
"""The device recorded for suggestions typed at the terminal."""

T = TypeVar("T")

log = logging.getLogger(__name__)


class PollDesk:
    """Poll actions and reads for one talk session (see the module docstring)."""

    def __init__(
        self,
        owner: DOMNode,
        votes: VoteStore | None,
        session_id: int | None,
        *,
        clock: Clock,
        problem: str | None = None,
        source: StoreSource | None = None,
        tell: Tell | None = None,
    ) -> None:
        self._votes = votes
        self._session_id = session_id
        self.clock = clock
        self._problem = problem
        self._source = source
        self._source_store: Store | None = None
        self._tell = tell
        self.poll_changed: Signal[str | None] = Signal(owner, "poll-changed")
        """Published with the id of a poll whose votes, state or suggestions changed
        (None: any poll may have changed)."""
        self._external = ExternalChangeWatch()
        self._problem_told = False
        self._executor: ThreadPoolExecutor | None = None
        self._states: dict[str, PollState] | None = None
        self._asked = 0
        self._tasks: set[asyncio.Future[None]] = set()
        """How many actions were queued; a read taken before the latest one does
        not overwrite the states those actions will leave."""
        self.shared_room: Callable[[], SharedRoom | None] = lambda: None
        """The talk's shared event, once open: snapshots then count the whole event."""
        self.shares = False
        """True when the talk counts into a shared event (`--store`), open yet or not."""

    @classmethod
    def following(
        cls, owner: DOMNode, source: StoreSource, *, clock: Clock, tell: Tell | None = None
    ) -> PollDesk:
        """A desk on whatever store and session `source` returns at each use."""
        return cls(owner, None, None, clock=clock, source=source, tell=tell)

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

    # -- the states the keys decide on ----------------------------------------

    async def load_states(self) -> None:
        """Read every poll's state once the store is open (or known to be missing)."""
        states = await self._in_thread(self._read_states)
        self._states = {**states, **(self._states or {})}

    def _read_states(self) -> dict[str, PollState]:
        votes, session_id = self.votes, self.session_id
        if votes is None or session_id is None:
            return {}
        try:
            return read_states(votes, session_id)
        except PollDeskError:
            return {}

    def state_of(self, poll: Poll) -> PollState | None:
        """The poll's state as the actions queued so far leave it; None until known."""
        if self._states is None:
            return None
        return self._states.get(poll.id, "ready")

    # -- notifications -------------------------------------------------------

    def changed(self, poll_id: str | None = None) -> None:
        """Votes, state or suggestions of `poll_id` (None: of any poll) changed: re-read.

        The one entry point for news from elsewhere in the process, such as
        the phone vote server after a commit. Call it on the app's event loop
        (from another thread: `app.call_from_thread(desk.changed, poll_id)`).
        """
        self.poll_changed.publish(poll_id)

    def check_external(self) -> None:
        """Re-read every poll view if the store changed under us (another connection
        committed) or became available; cheap, and never waits for a busy store."""
        if self._external.changed(self.votes, self.session_id, self.problem):
            self.changed(None)

    # -- reads ---------------------------------------------------------------

    async def read(self, poll: Poll) -> PollSnapshot:
        """The poll as stored, read after every action queued before this call."""
        asked = self._asked
        snapshot = await self._in_thread(self.snapshot, poll)
        if snapshot.stored and asked == self._asked and self._states is not None:
            self._states[poll.id] = snapshot.state
        return snapshot

    async def read_pending(self, polls: Iterable[Poll]) -> list[PendingSuggestion]:
        """`pending`, read after every action queued before this call."""
        polls = tuple(polls)
        return await self._in_thread(self.pending, polls)

    def snapshot(self, poll: Poll) -> PollSnapshot:
        """What is stored about `poll` in this talk."""
        votes, session_id = self.votes, self.session_id
        if votes is None or session_id is None:
            return PollSnapshot(poll, stored=self.opening)
        return read_snapshot(votes, session_id, poll, self.shared_room())

    def pending(self, polls: Iterable[Poll]) -> list[PendingSuggestion]:
        """Suggestions waiting for moderation, oldest first, over `polls`."""
        votes, session_id = self.votes, self.session_id
        if votes is None or session_id is None:
            return []
        return read_pending(votes, session_id, polls)

    # -- the presenter's actions, queued in key order ----------------------------

    def open_poll(self, poll: Poll) -> asyncio.Future[None]:
        """Open (or re-open) the poll; "already open" is a notice, not an error."""
        was = self.state_of(poll)

        def job() -> str | None:
            votes, session = self._need()
            if self._stored_state(poll) == "open":
                return "The poll is already open."
            with store_errors():
                votes.open_poll(session, poll, clock=self.clock)
            return None

        return self._ask(poll, job, "open" if was is not None else None)

    def close_poll(self, poll: Poll) -> asyncio.Future[None]:
        was = self.state_of(poll)

        def job() -> str | None:
            votes, session = self._need()
            if self._stored_state(poll) != "open":
                return "The poll is not open."
            with store_errors():
                votes.close_poll(session, poll, clock=self.clock)
            return None

        return self._ask(poll, job, "closed" if was == "open" else None)

    def reveal_poll(self, poll: Poll) -> asyncio.Future[None]:
        def job() -> str | None:
            if poll.results != "after-close":
                return "This poll shows its results live; there is nothing to reveal."
            votes, session = self._need()
            with store_errors():
                status = votes.state(session, poll.id)
                if status.revealed:
                    return "The results are already shown."
                if status.state != "closed":
                    return "Close the poll first (c), then reveal its results."
                votes.reveal(session, poll, clock=self.clock)
            return None

        return self._ask(poll, job)

    def tally(self, poll: Poll, number: int, *, remove: bool = False) -> asyncio.Future[None]:
        """Add (or remove) one keyboard vote for option `number` (1-based)."""
        option = poll.options[number - 1].id if 1 <= number <= len(poll.options) else None

        def job() -> str | None:
            if option is None:
                return f"This poll has no option {number}."
            votes, session = self._need()
            if self._stored_state(poll) != "open":
                return "The poll is not open: Enter opens it."
            with store_errors():
                if not remove:
                    votes.add_keyboard_vote(session, poll, option, clock=self.clock)
                elif not votes.remove_keyboard_vote(session, poll, option):
                    return f"Option {number} has no keyboard vote to remove."
            return None

        return self._ask(poll, job)

    def undo_tally(self, poll: Poll) -> asyncio.Future[None]:
        def job() -> str | None:
            votes, session = self._need()
            with store_errors():
                undone = votes.undo_keyboard(session, poll.id)
            return None if undone else "There is no keyboard tally to undo."

        return self._ask(poll, job)

    def add_suggestion(self, poll: Poll, text: str) -> asyncio.Future[None]:
        def job() -> str | None:
            votes, session = self._need()
            with store_errors():
                votes.suggest(session, poll, text, PRESENTER_DEVICE, clock=self.clock)
            return "Suggestion added: it waits for approval in the presenter console."

        return self._ask(poll, job)

    def decide(self, suggestion: PendingSuggestion, status: str) -> asyncio.Future[None]:
        """Approve or reject a waiting suggestion."""

        def job() -> str | None:
            self.moderate(suggestion.id, status)
            return None

        return self._ask(suggestion.poll_id, job)

    def _stored_state(self, poll: Poll) -> str:
        votes, session = self._need()
        with store_errors():
            return votes.state(session, poll.id).state

    def _ask(
        self, poll: Poll | str, job: Callable[[], str | None], expect: PollState | None = None
    ) -> asyncio.Future[None]:
        """Queue `job`; its notice or error goes to the presenter, then every view re-reads."""
        poll_id = poll if isinstance(poll, str) else poll.id
        self._asked += 1
        if expect is not None and self._states is not None:
            self._states[poll_id] = expect
        written = self._in_thread(job)  # queued now, in key order

        async def run() -> None:
            try:
                notice = await written
            except PollDeskError as error:
                self.tell_presenter(str(error), "error")
            except Exception as error:  # a failure here must never end the talk
                log.error("background job failed: recording a poll action", exc_info=error)
                self.tell_presenter(
                    "Recording a poll action failed; the talk goes on. "
                    "Details are in the log file.",
                    "warning",
                )
            else:
                if notice:
                    self.tell_presenter(notice, "information")
            self.changed(poll_id)

        task = asyncio.ensure_future(run())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    def tell_presenter(self, message: str, severity: str) -> None:
        if self._tell is not None:
            self._tell(message, severity)

    def _in_thread(self, job: Callable[..., T], *args: Any) -> asyncio.Future[T]:
        """Queue `job` for the desk's one thread: reads and writes run in the order asked."""
        if self._executor is None:
            self._executor = ThreadPoolExecutor(1, thread_name_prefix="polls")
        return asyncio.get_running_loop().run_in_executor(self._executor, job, *args)

    async def settled(self) -> None:
        """Wait until every action queued so far is written and announced."""
        while self._tasks:
            # `wait`, not `gather`: cancelling a waiter must not cancel the votes.
            await asyncio.wait(list(self._tasks))

    def close_thread(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None

    # -- helpers -------------------------------------------------------------

    def moderate(self, suggestion_id: int, status: str) -> None:
        votes, _session = self._need()
        with store_errors():
            votes.moderate(suggestion_id, status, clock=self.clock)

    def _need(self) -> tuple[VoteStore, int]:
        votes, session_id = self.votes, self.session_id
        if votes is None or session_id is None:
            raise PollDeskError(f"Votes are not being stored: {self.problem or 'no store'}.")
        return votes, session_id
