"""Group commit: one writer thread that stores many ballots in one transaction.

With `synchronous=FULL`, each commit waits for the disk; a room of phones
voting at once would queue behind hundreds of those waits. The writer takes
ballots from a queue, gathers what arrives within a few milliseconds (or while
the previous commit was on disk), stores them with `VoteStore.cast_many` in ONE
transaction, and only then resolves each ballot's `concurrent.futures.Future`:
a result means the ballot is on disk, an exception (`BallotRejected`,
`StoreError`) means it is not. Nothing is acknowledged before its commit.

The thread has its own SQLite connection (the factory it is given runs in the
thread). Other writes that should not race the ballots (a phone's suggestion)
go through `run(fn)`, executed on the same thread in the order submitted:
ballots queued before a call are committed before it runs, ballots queued
after it wait for it.
Pure Python: no aiohttp, no Textual.
"""

from __future__ import annotations

import contextlib
import queue
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, InvalidStateError
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from presenter.clock import Clock
from presenter.deck.model import Poll

T = TypeVar("T")


class BallotSink(Protocol):
    """What the writer needs of the vote store (`VoteStore` provides it)."""

    def cast_many(self, items: Sequence[tuple[int, Poll, Any]], *, clock: Clock) -> list[Any]: ...


class WriterClosed(RuntimeError):
    """The writer has stopped; nothing more is stored."""


@dataclass(frozen=True)
class _Cast:
    session_id: int
    poll: Poll
    ballot: Any
    future: Future[Any]


@dataclass(frozen=True)
class _Call(Generic[T]):
    fn: Callable[[Any], T]
    future: Future[T]


_STOP = object()


@dataclass
class WriterStats:
    batches: int = 0
    ballots: int = 0
    largest_batch: int = 0


class GroupCommitWriter:
    """The dedicated ballot writer. `start()`, then `submit()` from any thread, `close()`."""

    def __init__(
        self,
        open_sink: Callable[[], BallotSink],
        *,
        clock: Clock,
        window_s: float = 0.002,
        max_batch: int = 1000,
        name: str = "ballot-writer",
    ) -> None:
        self._open_sink = open_sink
        self._clock = clock
        self._window_s = window_s
        self._max_batch = max_batch
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._main, name=name, daemon=True)
        self._closed = False
        self._lock = threading.Lock()
        self.stats = WriterStats()

    def start(self) -> None:
        self._thread.start()

    def submit(self, session_id: int, poll: Poll, ballot: Any) -> Future[Any]:
        """Queue a ballot; its future resolves once the ballot's transaction committed."""
        future: Future[Any] = Future()
        self._put(_Cast(session_id, poll, ballot, future), future)
        return future

    def run(self, fn: Callable[[Any], T]) -> Future[T]:
        """Run `fn(sink)` on the writer thread, after the ballots queued before it."""
        future: Future[T] = Future()
        self._put(_Call(fn, future), future)
        return future

    def _put(self, item: object, future: Future[Any]) -> None:
        with self._lock:
            if self._closed:
                future.set_exception(WriterClosed("the vote writer has stopped"))
                return
            self._queue.put(item)

    def close(self, timeout: float | None = 10.0) -> None:
        """Store what is queued, then stop the thread (safe to call twice)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._queue.put(_STOP)
        if self._thread.is_alive():
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    # -- the writer thread --------------------------------------------------

    def _main(self) -> None:
        try:
            sink = self._open_sink()
        except Exception as error:
            self._fail_forever(error)
            return
        try:
            stopping = False
            while not stopping:
                batch, stopping = self._gather()
                if batch:
                    self._process(sink, batch)
        finally:
            close = getattr(sink, "close", None)
            if callable(close):
                with contextlib.suppress(Exception):
                    close()

    def _gather(self) -> tuple[list[object], bool]:
        first = self._queue.get()
        if first is _STOP:
            return [], True
        batch = [first]
        deadline = time.monotonic() + self._window_s
        while len(batch) < self._max_batch:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                try:
                    item = self._queue.get(timeout=remaining)
                except queue.Empty:
                    break
            if item is _STOP:
                return batch, True
            batch.append(item)
        return batch, False

    def _process(self, sink: BallotSink, batch: list[object]) -> None:
        """Handle the batch in submission order: each run of ballots between two
        calls is one transaction, and a call runs after the ballots queued before it
        are stored and before those queued after it."""
        casts: list[_Cast] = []
        for item in batch:
            if isinstance(item, _Cast):
                casts.append(item)
                continue
            if casts:
                self._store(sink, casts)
                casts = []
            if isinstance(item, _Call):
                self._call(sink, item)
        if casts:
            self._store(sink, casts)

    def _store(self, sink: BallotSink, casts: list[_Cast]) -> None:
        try:
            results = sink.cast_many(
                [(c.session_id, c.poll, c.ballot) for c in casts], clock=self._clock
            )
            if len(results) != len(casts):
                raise RuntimeError("the store answered a different number of ballots")
        except Exception as error:
            for cast in casts:
                _settle(cast.future, error=error)
            return
        self.stats.batches += 1
        self.stats.ballots += len(casts)
        self.stats.largest_batch = max(self.stats.largest_batch, len(casts))
        for cast, result in zip(casts, results, strict=True):
            if isinstance(result, BaseException):
                _settle(cast.future, error=result)
            else:
                _settle(cast.future, result=result)

    def _call(self, sink: BallotSink, call: _Call[Any]) -> None:
        try:
            value = call.fn(sink)
        except Exception as error:
            _settle(call.future, error=error)
        else:
            _settle(call.future, result=value)

    def _fail_forever(self, error: Exception) -> None:
        """The store could not be opened: refuse every ballot with that error."""
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            if isinstance(item, _Cast | _Call):
                _settle(item.future, error=error)


def _settle(future: Future[Any], *, result: Any = None, error: BaseException | None = None) -> None:
    # A future whose waiter went away (the phone hung up) was cancelled: the
    # ballot is stored all the same, there is just nobody left to tell.
    with contextlib.suppress(InvalidStateError):
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)
