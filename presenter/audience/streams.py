"""The waiting page's live event streams, capped so a full room never runs out of sockets.

Every phone with the page open holds one `/events` stream (one socket, one
file descriptor). `EventStreams` keeps them in the order they opened. When a
new one would pass the cap, the oldest stream that is idle (not in the middle
of a write) is told `bye` and closed: its page falls back to asking `/me` every
few seconds (`static/app.js`), which costs a socket only while it asks. So
votes always find a free socket, however many pages are open.

`wake_all()` is called when the open poll changes: every stream sends the new
poll id at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable

from aiohttp import web

POLL_AFTER_DROP_S = 5
"""How often a page whose stream was dropped asks `/me` instead."""


class Stream:
    """One open event stream: woken on a change, told to leave when dropped."""

    __slots__ = ("_wake", "dropped", "writing")

    def __init__(self) -> None:
        self.dropped = False
        self.writing = False
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    async def wait(self, timeout: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout)
        self._wake.clear()


class EventStreams:
    """The open streams, oldest first, at most `cap` of them."""

    def __init__(self, cap: int) -> None:
        self.cap = max(1, cap)
        self._open: dict[Stream, None] = {}
        self.dropped = 0
        """How many streams were dropped to make room (for the log and the benchmark)."""

    def __len__(self) -> int:
        return len(self._open)

    def open(self) -> Stream:
        while len(self._open) >= self.cap:
            oldest = next((s for s in self._open if not s.writing), None)
            if oldest is None:
                oldest = next(iter(self._open))
            self.drop(oldest)
        stream = Stream()
        self._open[stream] = None
        return stream

    def drop(self, stream: Stream) -> None:
        if self._open.pop(stream, False) is None:
            stream.dropped = True
            self.dropped += 1
            stream.wake()

    def close(self, stream: Stream) -> None:
        self._open.pop(stream, None)

    def wake_all(self) -> None:
        for stream in self._open:
            stream.wake()


def poll_event(poll_id: str) -> bytes:
    return b"event: poll\ndata: " + json.dumps({"poll": poll_id or None}).encode() + b"\n\n"


BYE = b"event: bye\ndata: " + json.dumps({"poll_every_s": POLL_AFTER_DROP_S}).encode() + b"\n\n"


async def serve_stream(
    request: web.Request,
    streams: EventStreams,
    current: Callable[[], tuple[int, str]],
    stopping: asyncio.Event,
    heartbeat_s: float,
) -> web.StreamResponse:
    """Send `poll` events (the open poll's id) until the phone leaves or is dropped.

    `current()` gives the board's (version, open poll id).
    """
    response = web.StreamResponse(
        headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
    )
    stream = streams.open()
    try:
        await response.prepare(request)
        version, poll_id = current()
        await response.write(b"retry: 3000\n\n" + poll_event(poll_id))
        while not stopping.is_set():
            await stream.wait(heartbeat_s)
            if stopping.is_set():
                break
            if stream.dropped:
                await response.write(BYE)
                break
            stream.writing = True
            new_version, new_poll = current()
            if new_version != version:
                version, poll_id = new_version, new_poll
                await response.write(poll_event(poll_id))
            else:
                await response.write(b": still here\n\n")
            stream.writing = False
    except (ConnectionResetError, ConnectionError):
        pass
    finally:
        streams.close(stream)
    if stream.dropped:
        response.force_close()  # give the socket back now, not after a keep-alive wait
    return response
