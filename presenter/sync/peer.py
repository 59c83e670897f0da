"""One connection on the talk link: sending to a peer and reading what it says.

A `Peer` queues encoded lines and drops a peer that stops reading; `read_message`
reads the next line as a message, within a deadline, unless the link closes first.
See `presenter.sync` for the protocol.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from presenter.sync.protocol import ProtocolError, decode, encode

MAX_PENDING_WRITE = 64 * 1024
"""A peer that lets this much of our output pile up unread is dropped."""


class PeerGone(Exception):
    """The peer or this link went away."""


@dataclass(eq=False)
class Peer:
    """The other end of one connection: its writer, whether it serves, its role."""

    writer: asyncio.StreamWriter
    is_server: bool
    role: str = "?"

    def send(self, message: dict[str, Any]) -> bool:
        """Queue a line; False (and the peer is closed) if it stopped reading long ago."""
        if self.writer.is_closing():
            return False
        transport = self.writer.transport
        if transport.get_write_buffer_size() > MAX_PENDING_WRITE:
            self.writer.close()
            return False
        self.writer.write(encode(message))
        return True


async def read_message(
    reader: asyncio.StreamReader, closing: asyncio.Task[Any], timeout: float | None
) -> dict[str, Any]:
    """The next message from `reader`.

    Raises `PeerGone` if the stream ends or `closing` finishes first,
    `TimeoutError` after `timeout` seconds, `ProtocolError` for a bad line.
    """
    read = asyncio.ensure_future(reader.readline())
    done, _ = await asyncio.wait({read, closing}, timeout=timeout, return_when="FIRST_COMPLETED")
    if read not in done:
        read.cancel()
        if closing in done:
            raise PeerGone
        raise TimeoutError
    try:
        line = read.result()
    except ValueError:  # the StreamReader's limit: a line longer than MAX_LINE
        raise ProtocolError("line too long") from None
    except asyncio.IncompleteReadError:
        raise PeerGone from None
    if not line:
        raise PeerGone
    if not line.endswith(b"\n"):
        raise PeerGone  # the stream ended mid-line
    return decode(line)
