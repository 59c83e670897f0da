"""Ballot stuffing: many device identities minted in a burst from one network address.

Anyone with the room code can ask for a fresh device cookie for each vote.
Minting is rate-limited per address (`guards`), but a limit generous enough
for a room behind one NAT address still lets one person mint hundreds. So the
server also remembers, in memory only, which address minted each device and
when (nothing about addresses is ever stored: a vote stays anonymous).

The rule: devices minted from one address within `window_s` seconds of each
other form a burst once there are more than `threshold` of them. The ballots
such devices cast in a poll are reported to the presenter as
"possible stuffing: N ballots from one address in T s" (T: from the first to
the last minting of those devices), again each time N has grown by half.
The presenter decides: a room behind one NAT address looks exactly like
this, so nothing is excluded automatically.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

MAX_DEVICES = 200_000


@dataclass(frozen=True)
class StuffingFlag:
    """Ballots of one poll from devices minted in a burst from one address."""

    poll_id: str
    address: str
    devices: frozenset[str]
    seconds: float

    @property
    def ballots(self) -> int:
        return len(self.devices)

    @property
    def message(self) -> str:
        return (
            f"possible stuffing: {self.ballots} ballots from one address "
            f"in {max(1, round(self.seconds))} s"
        )


@dataclass
class _Burst:
    minted: deque[tuple[float, str]] = field(default_factory=deque)
    """(time, device) of this address's recent mintings, oldest first."""
    bursts: dict[str, float] = field(default_factory=dict)
    """Devices found in a burst, with their minting time."""


class StuffingWatch:
    """Remembers who minted which device; says when a poll's ballots look stuffed."""

    def __init__(
        self, clock: Callable[[], float], *, threshold: int = 30, window_s: float = 60.0
    ) -> None:
        self.threshold = threshold
        self.window_s = window_s
        self._clock = clock
        self._origin: dict[str, tuple[str, float]] = {}
        self._addresses: dict[str, _Burst] = {}
        self._voted: dict[tuple[str, str], set[str]] = {}
        """(poll, address) -> burst devices that have a ballot in the poll."""
        self._reported: dict[tuple[str, str], int] = {}
        self._settled: set[tuple[str, str]] = set()
        """(poll, device) whose ballot the presenter already excluded."""

    def minted(self, device: str, address: str) -> None:
        now = self._clock()
        self._origin[device] = (address, now)
        if len(self._origin) > MAX_DEVICES:
            for old in list(self._origin)[: MAX_DEVICES // 2]:
                del self._origin[old]
        entry = self._addresses.setdefault(address, _Burst())
        entry.minted.append((now, device))
        while entry.minted and now - entry.minted[0][0] > self.window_s:
            entry.minted.popleft()
        if len(entry.minted) > self.threshold:
            for when, each in entry.minted:
                entry.bursts.setdefault(each, when)

    def voted(self, poll_id: str, device: str) -> StuffingFlag | None:
        """A ballot of `device` was stored in `poll_id`: a flag to report, if any."""
        origin = self._origin.get(device)
        if origin is None or (poll_id, device) in self._settled:
            return None
        address = origin[0]
        entry = self._addresses.get(address)
        if entry is None:
            return None
        key = (poll_id, address)
        voters = self._voted.setdefault(key, set())
        voters.add(device)
        # Earlier voters of this address may have joined the burst since they voted.
        flagged = frozenset(d for d in voters if d in entry.bursts)
        if len(flagged) <= self.threshold:
            return None
        reported = self._reported.get(key, 0)
        if reported and len(flagged) < reported * 3 // 2:
            return None
        self._reported[key] = len(flagged)
        return self.flag(poll_id, address)

    def flag(self, poll_id: str, address: str) -> StuffingFlag | None:
        """The poll's current flag for that address (None when it has none)."""
        entry = self._addresses.get(address)
        voters = self._voted.get((poll_id, address), set())
        if entry is None:
            return None
        devices = frozenset(d for d in voters if d in entry.bursts)
        if len(devices) <= self.threshold:
            return None
        times = [entry.bursts[d] for d in devices]
        return StuffingFlag(poll_id, address, devices, max(times) - min(times))

    def flags(self, poll_id: str) -> list[StuffingFlag]:
        """Every current flag of the poll (one per address)."""
        found = (self.flag(poll, address) for poll, address in self._voted if poll == poll_id)
        return [flag for flag in found if flag is not None]

    def settled(self, flag: StuffingFlag) -> None:
        """The presenter excluded these ballots: report only new ones from now on."""
        key = (flag.poll_id, flag.address)
        voters = self._voted.get(key)
        if voters is not None:
            voters.difference_update(flag.devices)
        self._settled.update((flag.poll_id, device) for device in flag.devices)
        self._reported.pop(key, None)
