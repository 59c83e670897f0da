"""How many phones the server can hold: open files, event streams, idle connections.

Each phone with the page open holds a socket for its event stream, and another
while it votes; each socket is a file descriptor. Shells start programs with a
small soft limit (1024 on most Linux, 256 on macOS) under a much larger hard
limit, so at start-up the vote server raises its soft `RLIMIT_NOFILE` to the
hard limit (a process may do that without privileges) and logs both.

From the limit it then derives the cap on event streams: half of what is left
after a reserve for the store, the terminal and the log, so that every phone
holding a stream still finds a descriptor to vote with.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

try:
    import resource
except ImportError:  # pragma: no cover - Windows has no RLIMIT_NOFILE
    resource = None  # type: ignore[assignment]

RESERVED_FILES = 256
"""Descriptors kept for everything but phones (store, log, terminal, threads)."""
MAX_STREAMS = 10_000
KEEPALIVE_TIMEOUT_S = 15.0
"""An idle keep-alive connection is closed after this long (a phone reconnects at once)."""

log = logging.getLogger("presenter.audience")


@dataclass(frozen=True)
class FileLimit:
    before: int
    after: int
    hard: int

    @property
    def streams(self) -> int:
        """The event streams this limit can hold, leaving a socket to vote for each."""
        return max(16, min(MAX_STREAMS, (self.after - RESERVED_FILES) // 2))


def raise_open_file_limit() -> FileLimit:
    """Raise the soft RLIMIT_NOFILE to the hard limit; log what it was and is."""
    if resource is None:  # pragma: no cover
        return FileLimit(1024, 1024, 1024)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = hard if hard != resource.RLIM_INFINITY else max(soft, 1 << 20)
    after = soft
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            after = target
        except (ValueError, OSError) as error:
            log.info("vote server: cannot raise the open-file limit from %d: %s", soft, error)
    limit = FileLimit(soft, after, hard)
    log.info(
        "vote server: open-file limit %d (was %d, hard limit %d): up to %d live pages",
        limit.after,
        limit.before,
        limit.hard,
        limit.streams,
    )
    return limit
