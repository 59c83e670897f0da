"""Who may join, and how fast: network addresses, wrong-code lock-outs, device minting.

- `address_key`: what the limits count per "network address". An IPv4 address
  is itself; an IPv6 address counts with its whole /64 (one home or one phone
  network holds a /64, so counting single IPv6 addresses would give a guesser
  billions of them).
- `JoinLockout`: after `wrong_allowed` wrong room codes from one address, that
  address may not join at all (the right code included) for `first_s`
  seconds; each further lock-out doubles, up to `longest_s`. A guesser
  therefore tries at most `wrong_allowed` codes per lock-out.
- New device identities (cookies) are rate-limited per address with a token
  bucket (`RateLimits.device_minting`), sized for a whole room behind one NAT
  address.

Memory is bounded: each table forgets its oldest entries beyond `MAX_KEYS`.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Callable
from dataclasses import dataclass

MAX_KEYS = 50_000


@functools.lru_cache(maxsize=4096)
def address_key(remote: str | None) -> str:
    """The key per-address limits count under: IPv4 as is, IPv6 by its /64."""
    if not remote:
        return "?"
    try:
        address = ipaddress.ip_address(remote)
    except ValueError:
        return remote
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


@dataclass(frozen=True)
class LockoutRule:
    """Wrong codes allowed before a lock-out, and how long lock-outs last."""

    wrong_allowed: int = 10
    first_s: float = 30.0
    longest_s: float = 3600.0

    def length(self, lockouts_before: int) -> float:
        return min(self.longest_s, self.first_s * 2 ** min(lockouts_before, 30))


@dataclass
class _Record:
    wrong: int = 0
    lockouts: int = 0
    until: float = 0.0


class JoinLockout:
    """Wrong room codes per address, and the lock-outs they earned."""

    def __init__(self, rule: LockoutRule, clock: Callable[[], float]) -> None:
        self.rule = rule
        self._clock = clock
        self._records: dict[str, _Record] = {}

    def locked_for(self, key: str) -> float:
        """Seconds this address must still wait before joining (0: it may join)."""
        record = self._records.get(key)
        if record is None:
            return 0.0
        return max(0.0, record.until - self._clock())

    def wrong(self, key: str) -> float:
        """Count a wrong code; the length of the lock-out it started, else 0."""
        record = self._records.get(key)
        if record is None:
            record = self._records[key] = _Record()
            if len(self._records) > MAX_KEYS:
                for old in list(self._records)[: MAX_KEYS // 2]:
                    del self._records[old]
        record.wrong += 1
        if record.wrong < self.rule.wrong_allowed:
            return 0.0
        length = self.rule.length(record.lockouts)
        record.lockouts += 1
        record.wrong = 0
        record.until = self._clock() + length
        return length
