"""A phone's submission is stored once, however often the phone sends it.

A phone that does not hear back sends the same submission again (same device,
same submission id). The retry waits for the first attempt's outcome instead
of storing the text a second time. Remembered in memory, for the latest
`limit` submissions: a retry that reaches a restarted server is not recognised
(see docs/audience.md).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

Key = tuple[str, str]
"""(device, submission id)."""


class OncePerSubmission(Generic[T]):
    """The running or finished attempt of each recent submission."""

    def __init__(self, limit: int = 10_000) -> None:
        self._limit = limit
        self._attempts: dict[Key, asyncio.Future[T]] = {}

    def attempt(
        self, key: Key, start: Callable[[], asyncio.Future[T]]
    ) -> tuple[asyncio.Future[T], bool]:
        """The attempt for `key` (started by `start()` if there is none yet) and
        whether this call started it."""
        attempt = self._attempts.get(key)
        if attempt is not None:
            return attempt, False
        attempt = self._attempts[key] = start()
        if len(self._attempts) > self._limit:
            for old in list(self._attempts)[: self._limit // 2]:
                del self._attempts[old]
        return attempt, True

    def forget(self, key: Key) -> None:
        """The attempt failed: the phone's next try stores it afresh."""
        self._attempts.pop(key, None)
