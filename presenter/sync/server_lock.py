"""Who serves the talk link: an exclusive `flock` on a lock file beside the socket.

The kernel drops the lock when its holder dies, so a socket file left by a
killed process is known to be stale the moment the lock is free. See
`presenter.sync` for how the terminals find each other.
"""

from __future__ import annotations

import errno
import fcntl
import logging
import os
from pathlib import Path

from presenter.sync.place import SyncUnavailable, default_runtime_dir, socket_path_for

log = logging.getLogger(__name__)


class ServerLock:
    """The lock whose holder serves; taken without waiting, dropped by `release`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def take(self) -> bool:
        """True if we now hold the lock, False if another process does.

        Raises OSError if the lock file cannot be opened.
        """
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            os.close(fd)
            if error.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                log.warning("talk link lock failed: %s", error)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the flock
            self._fd = None


def link_in_use(deck_path: Path) -> bool:
    """True when another process is on this deck's talk link (a console in a
    second terminal): it holds the lock. Looked at without joining the link."""
    try:
        lock = ServerLock(socket_path_for(deck_path, default_runtime_dir()).with_suffix(".lock"))
        if lock.take():
            lock.release()
            return False
    except (OSError, SyncUnavailable):
        return False
    return True
