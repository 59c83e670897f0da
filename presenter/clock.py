"""Clocks: the one source of time for timing code, injectable so tests never wait.

`monotonic()` measures durations (slide visits, talk timers); `wall()` stamps
records and shows the time of day. Both come from the same object so a test
can move them together.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """What timing code needs to know about time."""

    def monotonic(self) -> float:
        """Seconds on a clock that never goes backwards."""
        ...

    def wall(self) -> datetime:
        """The current time of day, timezone-aware (UTC)."""
        ...


class SystemClock:
    """The real clock."""

    def monotonic(self) -> float:
        return time.monotonic()

    def wall(self) -> datetime:
        return datetime.now(UTC)


class FakeClock:
    """A clock that moves only when told to: `advance(seconds)`."""

    def __init__(self, start: datetime | None = None) -> None:
        self._start_wall = start or datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
        self._elapsed = 0.0

    def monotonic(self) -> float:
        return self._elapsed

    def wall(self) -> datetime:
        return self._start_wall + timedelta(seconds=self._elapsed)

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a clock does not go backwards")
        self._elapsed += seconds
