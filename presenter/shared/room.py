"""A room joining a shared event: link the talk's session, forward its outbox, read the tally.

`SharedRoom.join(store, session_id, target, deck_path)` is all a talk needs;
`close()` sends what waits (for a moment, if the shared store is there) and
stops the forwarder; anything left is sent by the next start, from where the
shared store says this room stopped. `SharedRoom.reading` only reads the
event's tally (the console beside a projected talk).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from presenter.shared import outbox
from presenter.shared.address import SharedTarget
from presenter.shared.forwarder import Forwarder, ForwarderStatus
from presenter.shared.outbox import OutboxRow, link_session
from presenter.shared.tally import SharedTallyReader
from presenter.store import Store

DRAIN_S = 2.0
"""How long a closing room waits for its outbox to reach a reachable shared store."""


class SharedRoom:
    """The talk's link to the shared event: a running forwarder and a tally reader."""

    def __init__(
        self, store: Store, forwarder: Forwarder | None, reader: SharedTallyReader
    ) -> None:
        self.store = store
        self.forwarder = forwarder
        self.reader = reader

    @classmethod
    def reading(cls, store: Store, target: SharedTarget) -> SharedRoom:
        """A view of the event only (the console: the projected talk forwards)."""
        return cls(store, None, SharedTallyReader(target))

    def waiting(self) -> int:
        """Outbox rows of this room not yet known to be in the shared store."""
        if self.forwarder is not None and self.forwarder.status.online:
            return self.forwarder.status.waiting
        with self.store.lock:
            return outbox.waiting(self.store.conn, self.target.event, self.target.room)

    @classmethod
    def join(
        cls,
        store: Store,
        session_id: int,
        target: SharedTarget,
        deck_path: Path,
        *,
        on_status: Callable[[ForwarderStatus], None] | None = None,
        on_forwarded: Callable[[list[OutboxRow]], None] | None = None,
        max_batch: int = 1000,
    ) -> SharedRoom:
        instance = link_session(store, session_id, target.event, target.room)
        forwarder = Forwarder(
            store.connect,
            target,
            instance,
            Path(deck_path).name,
            max_batch=max_batch,
            on_status=on_status,
            on_forwarded=on_forwarded,
        )
        forwarder.start()
        return cls(store, forwarder, SharedTallyReader(target))

    @property
    def target(self) -> SharedTarget:
        return self.reader.target

    def close(self, drain_s: float = DRAIN_S) -> None:
        """Stop forwarding, after sending what waits if the shared store is there.

        Whatever is left stays in the outbox and goes with the room's next start.
        """
        if self.forwarder is not None:
            if self.forwarder.status.online:
                with self.store.lock:
                    last = outbox.last_seq(self.store.conn)
                self.forwarder.wake()
                self.forwarder.wait_forwarded(last, drain_s)
            self.forwarder.stop()
        self.reader.close()
