"""The vote server: an aiohttp application the presenting app runs in its own event loop.

`Audience` holds what the handlers share (deck, talk session, room key, poll
board, ballot writer, limits, the callbacks that tell the terminal what
happened); `make_app(audience)` builds the `web.Application`;
`AudienceServer` starts and stops it on a TCP port and says where phones find
it (URL, room code, QR lines). The routes are in `presenter.audience.routes`.

The terminal is told about new ballots and suggestions only through the
callables in `AudienceEvents`, called on the event loop; ballot notifications
are coalesced (at most one per poll every `notify_interval` seconds) so a room
voting at once never floods the screen with redraws.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

from presenter.audience import routes
from presenter.audience.board import PollBoard
from presenter.audience.qr import qr_lines
from presenter.audience.quietgc import QuietCollection
from presenter.audience.retries import OncePerSubmission
from presenter.audience.room import RoomKey, base_url, join_url, lan_address, room_file
from presenter.audience.security import (
    MAX_BODY_BYTES,
    RateLimiter,
    RateLimits,
    add_security_headers,
    error_middleware,
)
from presenter.clock import Clock, SystemClock
from presenter.deck.model import Deck, Poll
from presenter.options import DEFAULT_AUDIENCE_PORT
from presenter.polls.ballots import CastResult, Suggestion, VoteStore
from presenter.polls.writer import GroupCommitWriter
from presenter.store import Store

log = logging.getLogger(__name__)


class AudienceError(Exception):
    """The server cannot start; the message is one sentence for the presenter."""


@dataclass(frozen=True)
class AudienceEvents:
    """How the server tells the terminal what happened (each called on the event loop)."""

    votes_changed: Callable[[str], None] | None = None
    """Ballots of this poll id were stored (coalesced)."""
    suggestion_arrived: Callable[[Suggestion], None] | None = None
    """A phone's suggestion was stored, pending moderation."""
    problem: Callable[[str], None] | None = None
    """Something went wrong that the presenter should know (one sentence)."""


class _NullWriter:
    """Answers at once without storing: the benchmark's baseline, never the real server."""

    def start(self) -> None: ...

    def close(self, timeout: float | None = None) -> None: ...

    def submit(self, session_id: int, poll: Poll, ballot: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_result(CastResult(0))
        return future

    def run(self, fn: Callable[[Any], Any]) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_exception(RuntimeError("not stored in baseline mode"))
        return future


@dataclass
class Audience:
    """Everything the vote handlers share for one talk."""

    deck: Deck
    store: Store
    session_id: int
    clock: Clock = field(default_factory=SystemClock)
    events: AudienceEvents = field(default_factory=AudienceEvents)
    limits: RateLimits = field(default_factory=RateLimits)
    room: RoomKey | None = None
    store_votes: bool = True
    """False only for the benchmark's baseline: answer without storing."""
    writer_window_s: float = 0.002
    notify_interval: float = 0.1
    board_interval: float = 1.0
    heartbeat_s: float = 20.0

    def __post_init__(self) -> None:
        if self.room is None:
            self.room = RoomKey.load_or_create(room_file(self.store.path.parent, self.session_id))
        # Reads (the open poll, a phone's own ballot) go through a connection of
        # their own, so they never wait for the terminal's lock on the store.
        self.votes = VoteStore.on_connection(self.store.connect(), self.store.path)
        self.board = PollBoard(self.deck, lambda: self.votes.states(self.session_id))
        self.writer: GroupCommitWriter | _NullWriter
        if self.store_votes:
            path = self.store.path
            self.writer = GroupCommitWriter(
                lambda: VoteStore.on_connection(self.store.connect(), path),
                clock=self.clock,
                window_s=self.writer_window_s,
            )
        else:
            self.writer = _NullWriter()
        monotonic = self.clock.monotonic
        self.address_limiter = RateLimiter(self.limits.per_address, monotonic)
        self.device_limiter = RateLimiter(self.limits.per_device, monotonic)
        self.join_limiter = RateLimiter(self.limits.failed_joins, monotonic)
        self.heading = self.deck.title
        self.streams = 0
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

    # -- lifecycle (driven by the application's signals) -----------------------

    async def startup(self) -> None:
        self.writer.start()
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
        self.board.wake_all()

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
        await asyncio.to_thread(self.writer.close)
        with contextlib.suppress(Exception):
            self.votes.conn.close()

    def set_deck(self, deck: Deck) -> None:
        """The deck was reloaded: phones see its polls as they are now."""
        self.deck = deck
        self.heading = deck.title
        self.board.set_deck(deck)


def make_app(audience: Audience) -> web.Application:
    """The vote server's application (tests drive it with aiohttp's test client)."""
    app = web.Application(
        client_max_size=MAX_BODY_BYTES,
        middlewares=[
            error_middleware(routes.render_error, audience.report),
            routes.limit_middleware,
        ],
        handler_args={"max_field_size": 8190, "max_line_size": 8190},
    )
    app[routes.AUDIENCE] = audience
    app.on_response_prepare.append(add_security_headers)
    routes.add_routes(app)

    async def on_startup(_app: web.Application) -> None:
        await audience.startup()

    async def on_shutdown(_app: web.Application) -> None:
        await audience.shutdown()

    async def on_cleanup(_app: web.Application) -> None:
        await audience.cleanup()

    app.on_startup.append(on_startup)
    app.on_shutdown.append(on_shutdown)
    app.on_cleanup.append(on_cleanup)
    return app


class AudienceServer:
    """The vote server of one talk, started from the caller's asyncio loop.

    By default it runs on its own thread with its own event loop, so a room
    voting at once never delays the terminal's keys: the terminal's loop only
    receives the (coalesced) notices, scheduled onto it thread-safely. With
    `own_thread=False` it runs in the caller's loop.

    >>> server = AudienceServer(Audience(deck, store, session_id, events=...))
    >>> await server.start("", 8765)   # all interfaces
    >>> server.url, server.room_code, server.qr_lines()
    >>> server.poll_state_changed()    # after the terminal opened or closed a poll
    >>> await server.stop()
    """

    def __init__(self, audience: Audience, *, own_thread: bool = True) -> None:
        self.audience = audience
        self.own_thread = own_thread
        self._runner: web.AppRunner | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self.host = ""
        self.port = 0

    @property
    def room_code(self) -> str:
        return self.audience.key.code

    @property
    def running(self) -> bool:
        return self._runner is not None

    async def start(self, host: str = "", port: int = DEFAULT_AUDIENCE_PORT) -> None:
        """Listen on `host` ("" = all interfaces) and `port` (0 = any free port)."""
        _quiet_logs()
        if not self.own_thread:
            self._loop = asyncio.get_running_loop()
            await self._listen(host, port)
            return
        self.audience.events = _on_loop(self.audience.events, asyncio.get_running_loop())
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="vote-server", daemon=True)
        thread.start()
        try:
            await asyncio.wrap_future(
                asyncio.run_coroutine_threadsafe(self._listen(host, port), loop)
            )
        except BaseException:
            loop.call_soon_threadsafe(loop.stop)
            await asyncio.to_thread(thread.join, 5)
            loop.close()
            raise
        self._loop, self._thread = loop, thread

    async def _listen(self, host: str, port: int) -> None:
        runner = web.AppRunner(make_app(self.audience), access_log=None, shutdown_timeout=2.0)
        await runner.setup()
        site = web.TCPSite(runner, host or None, port, backlog=2048)
        try:
            await site.start()
        except OSError as error:
            await runner.cleanup()
            raise AudienceError(_bind_problem(error, host, port)) from error
        self._runner = runner
        self.host = host
        sockets = list(runner.addresses or [])
        self.port = int(sockets[0][1]) if sockets else port

    @property
    def url(self) -> str:
        """The address to type on a phone on the same network (`http://IP:PORT`)."""
        return base_url(lan_address(self.host), self.port)

    @property
    def join_url(self) -> str:
        """The URL in the QR code: opening it joins the room with the code."""
        return join_url(self.url, self.room_code)

    def qr_lines(self) -> list[str]:
        return qr_lines(self.join_url)

    def set_deck(self, deck: Deck) -> None:
        """The deck was reloaded (safe from the caller's thread)."""
        self._on_server(self.audience.set_deck, deck)

    def poll_state_changed(self) -> None:
        """The terminal opened, closed or revealed a poll: show the phones at once."""
        self._on_server(self.audience.board.refresh)

    def _on_server(self, fn: Callable[..., Any], *args: Any) -> None:
        loop = self._loop
        if loop is None or not self.own_thread:
            fn(*args)
        elif not loop.is_closed():
            loop.call_soon_threadsafe(fn, *args)

    async def stop(self) -> None:
        runner, self._runner = self._runner, None
        loop, thread = self._loop, self._thread
        self._loop = self._thread = None
        if runner is not None:
            if loop is not None and thread is not None:
                await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(runner.cleanup(), loop))
            else:
                await runner.cleanup()
        if loop is not None and thread is not None:
            loop.call_soon_threadsafe(loop.stop)
            await asyncio.to_thread(thread.join, 5)
            loop.close()


def _on_loop(events: AudienceEvents, loop: asyncio.AbstractEventLoop) -> AudienceEvents:
    """The same callbacks, each scheduled on `loop` (the terminal's) from the server's thread."""

    def hop(callback: Callable[[Any], None] | None) -> Callable[[Any], None] | None:
        if callback is None:
            return None

        def scheduled(value: Any) -> None:
            if not loop.is_closed():
                loop.call_soon_threadsafe(callback, value)

        return scheduled

    return AudienceEvents(
        votes_changed=hop(events.votes_changed),
        suggestion_arrived=hop(events.suggestion_arrived),
        problem=hop(events.problem),
    )


def _bind_problem(error: OSError, host: str, port: int) -> str:
    where = f"{host or 'all interfaces'} port {port}"
    if error.errno == errno.EADDRINUSE:
        return f"Port {port} is already in use; start with --audience {port + 1} (or another port)."
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"Not allowed to listen on {where}; use a port above 1024, e.g. --audience 8765."
    if error.errno == errno.EADDRNOTAVAIL:
        return f"{host} is not an address of this computer; use --audience PORT for all interfaces."
    return f"Cannot listen on {where}: {error.strerror or error}."


def _quiet_logs() -> None:
    """aiohttp logs through `logging`, which goes to the log file (`presenter.logs`),
    never the screen; one line per request would only bury the failures there."""
    access = logging.getLogger("aiohttp.access")
    if not access.handlers:
        access.addHandler(logging.NullHandler())
    access.propagate = False


def data_dir_of(store: Store) -> Path:
    return store.path.parent
