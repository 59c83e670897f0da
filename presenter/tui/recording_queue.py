"""The talk's recording jobs: written in the order asked, off the key path.

Opening the store, recording a slide visit, keeping the timer and the position
with the session: each is a job queued on the event loop and run later, in
order, in one worker thread ("timings"), so a slow disk never delays a slide.
Jobs are handed to the thread once the frame of the key press that made them
is out (see `presenter/tui/after_frame.py`).

A job that records a moment is stamped when it is queued (`StampedClock`), so
that a slow disk delays the writes, never the recorded times.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from presenter.clock import Clock
from presenter.tui.after_frame import AFTER_FRAME_S

if TYPE_CHECKING:
    from textual.message_pump import MessagePump

T = TypeVar("T")


class StampedClock:
    """The recorder's clock: the time each event happened, not when the thread got to it."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._stamp: tuple[float, datetime] | None = None

    def stamped(self, job: Callable[[], Any]) -> Callable[[], None]:
        """`job`, to run later as if now: while it runs, this clock reads the time of this call."""
        stamp = self.clock.monotonic(), self.clock.wall()

        def replay() -> None:
            self._stamp = stamp
            try:
                job()
            finally:
                self._stamp = None

        return replay

    def monotonic(self) -> float:
        return self._stamp[0] if self._stamp else self.clock.monotonic()

    def wall(self) -> datetime:
        return self._stamp[1] if self._stamp else self.clock.wall()


class RecordingQueue:
    """Jobs run one at a time, in the order submitted, in one worker thread.

    `owner` runs the hand-over timer; a job's failure goes to `on_failure`, on
    the event loop, and the jobs after it still run.
    """

    def __init__(self, owner: MessagePump, on_failure: Callable[[BaseException], None]) -> None:
        self._owner = owner
        self._on_failure = on_failure
        self._executor: ThreadPoolExecutor | None = None
        self._queued: list[Callable[[], Any]] = []
        self._pending: list[asyncio.Future[Any]] = []

    def submit(self, job: Callable[[], Any]) -> None:
        """Queue `job`; it goes to the thread once the current frame is out."""
        self._queued.append(job)
        if len(self._queued) == 1:
            self._owner.set_timer(AFTER_FRAME_S, self.write_queued)

    def write_queued(self) -> None:
        """Hand every queued job to the thread now, not after the frame."""
        jobs, self._queued = self._queued, []
        if jobs and self._executor is None:
            self._executor = ThreadPoolExecutor(1, thread_name_prefix="timings")
        loop = asyncio.get_running_loop()
        for job in jobs:
            future = loop.run_in_executor(self._executor, job)
            future.add_done_callback(self._job_done)
            self._pending.append(future)

    async def settled(self) -> None:
        """Wait until every job queued so far is done."""
        self.write_queued()
        # Every waiter waits for the jobs in flight (finished ones leave
        # `_pending` in `_job_done`); jobs queued meanwhile are waited for too.
        while self._pending:
            # `wait`, not `gather`: a waiter cancelled (a worker ended as the
            # app closes) must not cancel the recordings it waits for.
            await asyncio.wait(list(self._pending))

    async def run(self, job: Callable[[], T]) -> T:
        """Run `job` in the thread after every job queued so far, and return its result
        (here, at once, when no job ever needed the thread)."""
        self.write_queued()
        if self._executor is None:
            return job()
        return await asyncio.get_running_loop().run_in_executor(self._executor, job)

    def close(self) -> None:
        """Wait for the jobs handed over and end the thread."""
        if self._executor is not None:
            self._executor.shutdown(wait=True)

    def _job_done(self, future: asyncio.Future[Any]) -> None:
        with contextlib.suppress(ValueError):
            self._pending.remove(future)
        if future.cancelled():
            return
        error = future.exception()
        if error is not None:
            self._on_failure(error)
