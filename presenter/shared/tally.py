"""The event's tally: this room's own count plus the other rooms' counters.

The room's own figures come from its local store (always current, even when
the shared store is away); the other rooms' come from the per-room counters
the shared store keeps. `SharedTallyReader` reads them on one connection of
its own; the caller decides how often (the poll view: at most 10 times a
second, only while a poll is on screen).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from presenter.deck.model import Poll
from presenter.polls.tally import Tally, build_tally
from presenter.shared import remote
from presenter.shared.address import SharedTarget
from presenter.shared.driver import connect, driver_errors

MIN_INTERVAL_S = 0.1
"""At most 10 reads a second of the other rooms' counters, per poll."""


def merge_tallies(poll: Poll, tallies: list[Tally]) -> Tally:
    """One tally adding up several (rooms) of the same poll."""
    option_ids = [option.id for option in poll.options]
    counts = dict.fromkeys(option_ids, 0.0)
    voters: dict[str, int] = {}
    by_source: dict[str, dict[str, float]] = {}
    ranks = {option: [0] * len(option_ids) for option in option_ids}
    for part in tallies:
        for option, value in part.counts.items():
            if option in counts:
                counts[option] += value
        for source, number in part.voters_by_source.items():
            voters[source] = voters.get(source, 0) + number
        for source, per_option in part.counts_by_source.items():
            mine = by_source.setdefault(source, dict.fromkeys(option_ids, 0.0))
            for option, value in per_option.items():
                if option in mine:
                    mine[option] += value
        for option, places in (part.ranks or {}).items():
            if option in ranks:
                for index, number in enumerate(places[: len(option_ids)]):
                    ranks[option][index] += number
    return Tally(
        poll_id=poll.id,
        kind=poll.kind,
        voters=sum(voters.values()),
        counts=MappingProxyType(counts),
        ranks=(
            MappingProxyType({k: tuple(v) for k, v in ranks.items()})
            if poll.kind == "rank"
            else None
        ),
        voters_by_source=MappingProxyType(voters),
        counts_by_source=MappingProxyType(
            {k: MappingProxyType(v) for k, v in sorted(by_source.items())}
        ),
    )


@dataclass(frozen=True)
class SharedTally:
    """The event's count of one poll: the total and each room's part (own room first)."""

    total: Tally
    rooms: Mapping[str, Tally]
    own_room: str

    @property
    def room_count(self) -> int:
        return len(self.rooms)


def room_tallies(poll: Poll, counts: Mapping[str, remote.RoomCounts]) -> dict[str, Tally]:
    return {room: build_tally(poll, part.rows, part.voters) for room, part in counts.items()}


class SharedTallyReader:
    """Reads the other rooms' counters into a cache; `combine` adds this room's own count.

    `refresh(poll)` does the one query (the caller paces it); `combine` never
    touches the network, so the poll view can ask it on every local change.
    While the shared store is away, `combine` answers from the last read.
    """

    def __init__(self, target: SharedTarget, *, min_interval_s: float = MIN_INTERVAL_S) -> None:
        self.target = target
        self._conn: Any = None
        self._cache: dict[str, tuple[list[str], dict[str, Tally]]] = {}
        self._read_at: dict[str, float] = {}
        self._min_interval_s = min_interval_s
        self._lock = threading.Lock()
        self.online = False

    def refresh(self, poll: Poll) -> bool:
        """Read the event's rooms and counters for `poll`; True when they changed.

        However many views ask, the shared store is read at most once per
        `min_interval_s` per poll, and one read at a time (others return False).
        """
        if not self._lock.acquire(blocking=False):
            return False
        try:
            now = time.monotonic()
            if now - self._read_at.get(poll.id, -1e9) < self._min_interval_s:
                return False
            self._read_at[poll.id] = now
            return self._refresh(poll)
        finally:
            self._lock.release()

    def _refresh(self, poll: Poll) -> bool:
        transient = driver_errors()
        try:
            if self._conn is None:
                self._conn = connect(self.target.url, application_name="presenter tally")
            rooms, counts = remote.read_counts(self._conn, self.target.event, poll.id)
        except transient:
            self.close()
            self.online = False
            return False
        self.online = True
        fresh = (rooms, room_tallies(poll, counts))
        changed = self._cache.get(poll.id) != fresh
        self._cache[poll.id] = fresh
        return changed

    def combine(self, poll: Poll, local: Tally) -> SharedTally | None:
        """The event's tally from the last read plus `local`; None before any read."""
        cached = self._cache.get(poll.id)
        if cached is None:
            return None
        rooms, tallies = cached
        own = self.target.room
        parts = {own: local}
        for room in [*rooms, *tallies]:
            if room != own:
                parts.setdefault(room, tallies.get(room) or build_tally(poll, [], []))
        return SharedTally(merge_tallies(poll, list(parts.values())), MappingProxyType(parts), own)

    def read(self, poll: Poll, local: Tally) -> SharedTally | None:
        """`refresh` then `combine`: None while the shared store is away."""
        self.refresh(poll)
        return self.combine(poll, local) if self.online else None

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.close()
            self._conn = None
