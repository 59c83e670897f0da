"""The forwarder: a thread that sends the room's outbox to the shared store in batches.

Each batch (up to `max_batch` outbox rows, about 1,000, gathered for at most
`BATCH_GAP_S`) is one PostgreSQL transaction, sent in one round trip: the
latest version of each ballot, upserted so that only a newer version replaces
an older one, and the room's progress. After a failure (the server stopped,
the connection dropped, even between COMMIT and its answer) the forwarder
reconnects, reads the progress the server holds, and resumes from there;
resending what may already be there changes nothing.

Voting never waits for it: ballots are acknowledged after the local commit.
`status` says whether the shared store is reachable and how many outbox rows
wait; `on_status` is called from the thread when that changes.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from presenter.shared import outbox, remote, schema
from presenter.shared.address import SharedTarget
from presenter.shared.driver import SharedStoreError, connect, describe, driver_errors

log = logging.getLogger(__name__)

POLL_S = 0.02
"""How often an idle forwarder looks for new outbox rows."""
BATCH_GAP_S = 0.05
"""After a batch that was not full, how long ballots gather before the next one.

During a burst, fewer and larger transactions leave the room's processor to
acknowledging ballots: on two cores shared by five rooms, forwarding at once
after every commit doubled the phones' ack p99 (tests/benchmarks/bench_shared.py).
A full batch means a backlog: the next one goes at once.
"""
NOTE_EVERY_S = 1.0
"""How often, at most, the local note of what was forwarded is written."""
RETRY_S = (0.1, 0.25, 0.5, 1.0)
"""Waits between attempts to reach an unreachable shared store (the last one repeats)."""


@dataclass(frozen=True)
class ForwarderStatus:
    """What the console shows: online or not, rows waiting, the last problem (one sentence)."""

    online: bool = False
    waiting: int = 0
    forwarded_seq: int = 0
    problem: str | None = None
    refused: bool = False
    """The shared store refused this room for good (another deck, a label taken)."""


class Forwarder:
    """`start()`, then it runs until `stop()`; `status` at any time, from any thread."""

    def __init__(
        self,
        open_local: Callable[[], sqlite3.Connection],
        target: SharedTarget,
        instance: str,
        deck: str,
        *,
        max_batch: int = 1000,
        on_status: Callable[[ForwarderStatus], None] | None = None,
        on_forwarded: Callable[[list[outbox.OutboxRow]], None] | None = None,
    ) -> None:
        self.target = target
        self._open_local = open_local
        self._instance = instance
        self._deck = deck
        self._max_batch = max_batch
        self._on_status = on_status
        self._on_forwarded = on_forwarded
        """Called with each batch once the shared store committed it (measurements)."""
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._main, name="shared-forwarder", daemon=True)
        self.status = ForwarderStatus()
        self._changed = threading.Condition()
        self.batches = 0
        self.changed = 0
        self._noted_seq = 0
        self._noted_at = 0.0

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        """Look at the outbox now rather than at the next poll."""
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def wait_status(self, test: Callable[[ForwarderStatus], bool], timeout: float) -> bool:
        """Block until `test(status)` holds (False: not in time, or the thread ended)."""
        with self._changed:
            self._changed.wait_for(lambda: test(self.status) or not self.running, timeout)
        return test(self.status)

    def wait_forwarded(self, seq: int, timeout: float) -> bool:
        """Block until everything up to `seq` is in the shared store (False: not in time)."""
        return self.wait_status(lambda status: status.forwarded_seq >= seq, timeout)

    # -- the thread ---------------------------------------------------------

    def _set_status(self, **changes: Any) -> None:
        new = replace(self.status, **changes)
        if new == self.status:
            return
        self.status = new
        with self._changed:
            self._changed.notify_all()
        if self._on_status is not None:
            try:
                self._on_status(new)
            except Exception:  # the listener's failure must not stop forwarding
                log.exception("shared tally status listener failed")

    def _main(self) -> None:
        try:
            local = self._open_local()
        except Exception as error:
            self._set_status(online=False, problem=f"cannot read the outbox: {error}")
            log.exception("shared tally forwarder cannot open the local store")
            return
        try:
            self._run(local)
        finally:
            with contextlib.suppress(Exception):
                local.close()
            with self._changed:
                self._changed.notify_all()  # waiters learn that the thread is gone

    def _note(self, local: Any, applied: int) -> None:
        """Keep the local note of what was forwarded, at most once every NOTE_EVERY_S.

        The note only feeds "N waiting" after a restart with the shared store
        away (the shared store's own record is the authority), so it never
        waits for the write lock: behind a burst of ballots, that wait would
        hold up forwarding for as long as the burst lasts.
        """
        if applied <= self._noted_seq or time.monotonic() < self._noted_at + NOTE_EVERY_S:
            return
        self._noted_at = time.monotonic()
        if outbox.try_note_forwarded(local, self.target.event, self.target.room, applied):
            self._noted_seq = applied

    def _run(self, local: Any) -> None:
        event, room = self.target.event, self.target.room
        failures = 0
        pg: Any = None
        applied = self._noted_seq = outbox.forwarded(local, event, room)
        transient = driver_errors()
        while not self._stop.is_set():
            try:
                if pg is None:
                    pg = connect(self.target.url, application_name=f"presenter {room}")
                    schema.migrate(pg)
                    applied = remote.join(pg, event, room, self._instance, self._deck)
                    self._note(local, applied)
                    self._set_status(online=True, problem=None, forwarded_seq=applied)
                    failures = 0
                rows = outbox.read_after(local, event, room, applied, self._max_batch)
                if not rows:
                    self._note(local, applied)
                    self._set_status(waiting=0)
                    self._wake.wait(POLL_S)
                    self._wake.clear()
                    continue
                last = rows[-1].seq
                self.changed += remote.apply_batch(
                    pg, event, room, self._instance, outbox.latest_versions(rows), last
                )
                self.batches += 1
                if self._on_forwarded is not None:
                    self._on_forwarded(rows)
                applied = last
                self._note(local, applied)
                waiting = 0
                if len(rows) >= self._max_batch:
                    waiting = outbox.waiting(local, event, room, applied)
                self._set_status(forwarded_seq=applied, waiting=waiting)
                if len(rows) < self._max_batch:
                    self._stop.wait(BATCH_GAP_S)
            except (remote.RoomTaken, schema.SchemaTooNew) as refusal:
                self._set_status(online=False, problem=str(refusal), refused=True)
                log.error("shared tally refused: %s", refusal)
                break
            except transient as error:
                if pg is not None:
                    with contextlib.suppress(Exception):
                        pg.close()
                    pg = None
                message = str(error) if isinstance(error, SharedStoreError) else None
                message = message or describe(error, self.target.url)
                if self.status.online or failures == 0:
                    log.warning("shared tally offline: %s", message)
                self._set_status(
                    online=False,
                    problem=message,
                    waiting=outbox.waiting(local, event, room, applied),
                )
                self._stop.wait(RETRY_S[min(failures, len(RETRY_S) - 1)])
                failures += 1
        if applied > self._noted_seq:  # forwarding stops: now the note may wait its turn
            with contextlib.suppress(Exception):
                outbox.note_forwarded(local, event, room, applied)
        if pg is not None:
            with contextlib.suppress(Exception):
                pg.close()
