"""What the vote handlers share for one talk: `Audience`, and how it tells the terminal.

`Audience` holds the deck, the talk session, the room key, the poll board, the
ballot writer, the limits and guards, the open event streams, and the
callbacks (`AudienceEvents`) through which the terminal hears what happened.
The routes (`presenter.audience.routes`) read it from the application under
`AUDIENCE`; the server (`presenter.audience.server`) builds and runs both.

Ballot notifications are coalesced (at most one per poll every
`notify_interval` seconds) so a room voting at once never floods the screen
with redraws.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, Protocol

from aiohttp import web

from presenter.audience.board import PollBoard
from presenter.audience.capacity import MAX_STREAMS
from presenter.audience.guards import JoinLockout
from presenter.audience.quietgc import QuietCollection
from presenter.audience.retries import OncePerSubmission
from presenter.audience.room import RoomKey, room_file
from presenter.audience.security import RateLimiter, RateLimits
from presenter.audience.streams import EventStreams
from presenter.audience.stuffing import StuffingFlag, StuffingWatch
from presenter.clock import Clock, SystemClock
from presenter.deck.model import Deck, Poll
from presenter.polls.ballots import Suggestion, VoteStore
from presenter.polls.writer import GroupCommitWriter
from presenter.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AudienceEvents:
    """How the server tells the terminal what happened (each called on the event loop)."""

    votes_changed: Callable[[str], None] | None = None
    """Ballots of this poll id were stored (coalesced)."""
    suggestion_arrived: Callable[[Suggestion], None] | None = None
    """A phone's suggestion was stored, pending moderation."""
    problem: Callable[[str], None] | None = None
    """Something went wrong that the presenter should know (one sentence)."""
    stuffing_suspected: Callable[[StuffingFlag], None] | None = None
    """Ballots from devices minted in a burst from one address (see `stuffing`)."""


class BallotWriter(Protocol):
    """What the handlers need of the writer (`GroupCommitWriter`)."""

    def start(self) -> None: ...

    def close(self, timeout: float | None = ...) -> None: ...

    def submit(self, session_id: int, poll: Poll, ballot: Any) -> Future[Any]: ...

    def run(self, fn: Callable[[Any], Any]) -> Future[Any]: ...


AUDIENCE: web.AppKey[Any] = web.AppKey("audience")


def audience_of(request: web.Request) -> Audience:
    return request.app[AUDIENCE]  # type: ignore[no-any-return]


@dataclass
class Audience:
    """Everything the vote handlers share for one talk."""

    deck: Deck
    store: Store
    session_id: int
    clock: Clock = field(default_factory=SystemClock)
    events: AudienceEvents = field(default_factory=AudienceEvents)
    limits: RateLimits = field(default_factory=RateLimits.from_environment)
    room: RoomKey | None = None
    writer: BallotWriter | None = None
    """None: a `GroupCommitWriter` on its own connection to the store."""
    writer_window_s: float = 0.002
    notify_interval: float = 0.1
    board_interval: float = 1.0
    heartbeat_s: float = 20.0
    max_streams: int | None = None
    """None: derived from the open-file limit when the server starts."""

    def __post_init__(self) -> None:
        if self.room is None:
            self.room = RoomKey.load_or_create(room_file(self.store.path.parent, self.session_id))
        # Reads (the open poll, a phone's own ballot) go through a connection of
        # their own, so they never wait for the terminal's lock on the store.
        self.votes = VoteStore.on_connection(self.store.connect(), self.store.path)
        self.streams = EventStreams(self.max_streams or MAX_STREAMS)
        self.board = PollBoard(
            self.deck, lambda: self.votes.states(self.session_id), self.streams.wake_all
        )
        if self.writer is None:
            path = self.store.path
            self.writer = GroupCommitWriter(
                lambda: VoteStore.on_connection(self.store.connect(), path),
                clock=self.clock,
                window_s=self.writer_window_s,
            )
        monotonic = self.clock.monotonic
        self.address_limiter = RateLimiter(self.limits.per_address, monotonic)
        self.device_limiter = RateLimiter(self.limits.per_device, monotonic)
        self.minting = RateLimiter(self.limits.device_minting, monotonic)
        self.lockout = JoinLockout(self.limits.lockout, monotonic)
        self.stuffing = StuffingWatch(
            monotonic,
            threshold=self.limits.burst_devices,
            window_s=self.limits.burst_window_s,
        )
        self.heading = self.deck.title
        self.last_request = 0.0
        """`time.monotonic()` of the latest request (full collections wait for quiet)."""
        self.collection = QuietCollection()
        self.stopping = asyncio.Event()
        self._pending_polls: set[str] = set()
        self._notify_handle: asyncio.TimerHandle | None = None
        self.suggestions: OncePerSubmission[Suggestion] = OncePerSubmission()

    @property
    def key(self) -> RoomKey:
        assert self.room is not None
        return self.room

    @property
    def ballot_writer(self) -> BallotWriter:
        assert self.writer is not None
        return self.writer

    # -- telling the terminal ----------------------------------------------------

    def ballots_stored(self, poll_id: str) -> None:
        """Coalesce "votes changed" notices: one per poll per `notify_interval`."""
        if self.events.votes_changed is None:
            return
        self._pending_polls.add(poll_id)
        if self._notify_handle is None:
            loop = asyncio.get_running_loop()
            self._notify_handle = loop.call_later(self.notify_interval, self._flush_notices)

    def _flush_notices(self) -> None:
        self._notify_handle = None
        pending, self._pending_polls = self._pending_polls, set()
        for poll_id in sorted(pending):
            self._call(self.events.votes_changed, poll_id)

    def suggestion_stored(self, suggestion: Suggestion) -> None:
        self._call(self.events.suggestion_arrived, suggestion)

    def new_ballot(self, poll_id: str, device: str) -> None:
        """A device's first ballot in a poll was stored: is it part of a burst?"""
        flag = self.stuffing.voted(poll_id, device)
        if flag is not None:
            # info, not warning: with no log file set up, a warning would reach the terminal
            log.info("vote server: %s", flag.message)
            self._call(self.events.stuffing_suspected, flag)

    def report(self, error: BaseException) -> None:
        log.error("the vote server failed to answer a request", exc_info=error)
        self._call(self.events.problem, f"Vote server: {type(error).__name__}: {error}")

    def _call(self, callback: Callable[[Any], None] | None, value: Any) -> None:
        if callback is None:
            return
        try:
            callback(value)
        except Exception as error:  # the terminal's problem must not break a vote
            log.error("telling the terminal failed", exc_info=error)

    # -- what the presenter decides ----------------------------------------------

    async def exclude_flagged(self, poll_id: str) -> int:
        """Exclude the ballots of every current stuffing flag of the poll; how many were."""
        flags = self.stuffing.flags(poll_id)
        excluded = 0
        for flag in flags:
            exclude = functools.partial(
                VoteStore.exclude,
                session_id=self.session_id,
                poll_id=poll_id,
                devices=tuple(sorted(flag.devices)),
                reason=flag.message,
                clock=self.clock,
            )
            excluded += await asyncio.wrap_future(self.ballot_writer.run(exclude))
            self.stuffing.settled(flag)
        if excluded:
            self.ballots_stored(poll_id)
        return excluded

    # -- lifecycle (driven by the application's signals) -----------------------

    async def startup(self) -> None:
        self.ballot_writer.start()
        self.board.refresh()
        self.collection.start(time.monotonic())
        self._board_task = asyncio.get_running_loop().create_task(self._watch_board())

    async def _watch_board(self) -> None:
        failing = False
        while not self.stopping.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), self.board_interval)
            try:
                self.board.refresh()
                self.collection.tick(time.monotonic(), self.last_request)
            except Exception as error:
                # Phones keep the last board; the next round tries again.
                log.error("the vote board could not be refreshed", exc_info=error)
                if not failing:
                    self._call(
                        self.events.problem,
                        "The phones' poll board could not be refreshed; "
                        "details are in the log file.",
                    )
                failing = True
            else:
                failing = False

    async def shutdown(self) -> None:
        self.stopping.set()
        self.streams.wake_all()

    async def cleanup(self) -> None:
        self.collection.stop()
        task = getattr(self, "_board_task", None)
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._notify_handle is not None:
            self._notify_handle.cancel()
            self._flush_notices()
        await asyncio.to_thread(self.ballot_writer.close)
        with contextlib.suppress(Exception):
            self.votes.conn.close()

    def set_deck(self, deck: Deck) -> None:
        """The deck was reloaded: phones see its polls as they are now."""
        self.deck = deck
        self.heading = deck.title
        self.board.set_deck(deck)
