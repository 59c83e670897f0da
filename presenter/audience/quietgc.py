"""Full garbage collections wait for a quiet moment while the room votes.

A full (oldest-generation) collection walks every object of the process: with
the terminal app and a room of open phone connections that takes tens of
milliseconds, during which no key is handled and no vote is answered. While
the server runs, the oldest generation is collected only when no request came
for `quiet_s` seconds (or at the latest every `max_wait_s`, ten minutes, so
memory held by cycles stays bounded: with a hall of open pages a full
collection takes long enough to be felt, so it must not come every minute
while the room votes); the young generations are collected as usual. The
previous thresholds come back when the server stops.

What survives a full collection is then frozen (`gc.freeze()`, as the app
does after its first frame): the next full collection walks only what came
since, so a hall of open pages is walked once, in a quiet moment, not again
each time. The price: a reference cycle among frozen objects that later
becomes garbage is freed only when the process ends (objects without cycles
are freed as usual).
"""

from __future__ import annotations

import gc

NEVER = 1_000_000_000


class QuietCollection:
    """Defers full collections to quiet moments; `tick()` once a second."""

    def __init__(self, *, quiet_s: float = 2.0, max_wait_s: float = 600.0) -> None:
        self.quiet_s = quiet_s
        self.max_wait_s = max_wait_s
        self._saved: tuple[int, ...] | None = None
        self._last_full = 0.0
        self.full_collections = 0

    def start(self, now: float) -> None:
        if self._saved is None and gc.isenabled():
            self._saved = gc.get_threshold()
            young, middle = self._saved[0], self._saved[1] if len(self._saved) > 1 else 10
            gc.set_threshold(young, middle, NEVER)
        self._last_full = now

    def tick(self, now: float, last_request: float) -> None:
        if self._saved is None:
            return
        quiet = now - last_request >= self.quiet_s
        overdue = now - self._last_full >= self.max_wait_s
        if (quiet and gc.get_count()[2] > 0) or overdue:
            gc.collect()
            gc.freeze()
            self.full_collections += 1
            self._last_full = now

    def stop(self) -> None:
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None
