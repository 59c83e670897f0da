"""The vote server: an aiohttp application the presenting app runs in its own event loop.

`make_app(audience)` builds the `web.Application` around an `Audience` (what
the handlers share, `presenter.audience.state`); `AudienceServer` starts and
stops it on a TCP port and says where phones find it (URL, room code, QR
lines). The routes are in `presenter.audience.routes` and `joining`.

At start-up the server raises its open-file limit (`capacity`), caps the
event streams from it, and closes idle keep-alive connections after
`KEEPALIVE_TIMEOUT_S`, so a room of thousands of open pages can still vote.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aiohttp import web

from presenter.audience import routes
from presenter.audience.capacity import KEEPALIVE_TIMEOUT_S, raise_open_file_limit
from presenter.audience.qr import qr_lines
from presenter.audience.responses import render_error
from presenter.audience.room import base_url, join_url, lan_address
from presenter.audience.security import MAX_BODY_BYTES, add_security_headers, error_middleware
from presenter.audience.state import AUDIENCE, Audience, AudienceEvents
from presenter.audience.wire import AudienceRunner
from presenter.deck.model import Deck
from presenter.options import DEFAULT_AUDIENCE_PORT
from presenter.store import Store

log = logging.getLogger(__name__)
__all__ = ["Audience", "AudienceError", "AudienceEvents", "AudienceServer", "make_app"]


class AudienceError(Exception):
    """The server cannot start; the message is one sentence for the presenter."""


def make_app(audience: Audience) -> web.Application:
    """The vote server's application (tests drive it with aiohttp's test client)."""
    app = web.Application(
        client_max_size=MAX_BODY_BYTES,
        middlewares=[
            error_middleware(render_error, audience.report),
            routes.limit_middleware,
        ],
        handler_args={"max_field_size": 8190, "max_line_size": 8190},
    )
    app[AUDIENCE] = audience
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

    def __init__(
        self,
        audience: Audience,
        *,
        own_thread: bool = True,
        keepalive_timeout: float = KEEPALIVE_TIMEOUT_S,
    ) -> None:
        self.audience = audience
        self.own_thread = own_thread
        self.keepalive_timeout = keepalive_timeout
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
        limit = raise_open_file_limit()
        if self.audience.max_streams is None:
            self.audience.streams.cap = limit.streams
        runner = AudienceRunner(
            make_app(self.audience),
            access_log=None,
            shutdown_timeout=2.0,
            keepalive_timeout=self.keepalive_timeout,
            max_field_size=8190,
            max_line_size=8190,
        )
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

    async def exclude_flagged(self, poll_id: str) -> int:
        """Exclude the ballots flagged as possible stuffing in the poll; how many were."""
        loop = self._loop
        if loop is None or not self.own_thread:
            return await self.audience.exclude_flagged(poll_id)
        return await asyncio.wrap_future(
            asyncio.run_coroutine_threadsafe(self.audience.exclude_flagged(poll_id), loop)
        )

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
        stuffing_suspected=hop(events.stuffing_suspected),
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
