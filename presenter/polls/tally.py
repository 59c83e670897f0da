"""Tallies, always computed by SQL from the stored ballots (never kept in memory).

- `single`: each ballot counts one for its option.
- `multi`: each option a ballot picks counts one (so counts may add up to more
  than the number of voters).
- `rank` (Borda count): with n options, the option ranked at position p
  (0-based) on a ballot scores n - 1 - p points; options a ballot leaves
  unranked score nothing. So a full ranking gives n-1, n-2, ..., 0, and a
  keyboard vote (a one-option ballot) gives its option n - 1 points. `ranks`
  gives, per option, how many ballots put it at each position (a tuple of n
  counts: first place, second place, ...).

Ballots naming an option the poll no longer has (the deck was edited) still
count as voters but add to no option. Ballots the presenter excluded (possible
stuffing) do not count at all; `excluded_ballots` lists them.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from presenter.deck.model import Poll


def _empty() -> Mapping[str, Any]:
    return MappingProxyType({})


def leading_options(counts: Mapping[str, float]) -> tuple[str, ...]:
    """The option ids with the highest count, in order (ties: all); none before any vote."""
    best = max(counts.values(), default=0)
    if best <= 0:
        return ()
    return tuple(option for option, value in counts.items() if value == best)


def option_share(kind: str, value: float, *, voters: int, points: float) -> float:
    """An option's share in [0, 1]; the one rule for every view of a poll's results.

    single/multi: `value` (its votes) over the voters, since a multi ballot may
    pick several options; rank: `value` (its Borda points) over all `points` given.
    """
    base = points if kind == "rank" else voters
    return value / base if base else 0.0


@dataclass(frozen=True)
class Tally:
    """The count of one poll in one session."""

    poll_id: str
    kind: str
    voters: int
    counts: Mapping[str, float]
    """Per option id, in the poll's option order: votes, or the Borda score for `rank`."""
    ranks: Mapping[str, tuple[int, ...]] | None = None
    """`rank` only: per option id, the number of ballots placing it 1st, 2nd, ..."""
    voters_by_source: Mapping[str, int] = field(default_factory=_empty)
    """Voters per source ("keyboard", "phone")."""
    counts_by_source: Mapping[str, Mapping[str, float]] = field(default_factory=_empty)
    """Per source, per option: the same measure as `counts`."""

    @property
    def total(self) -> float:
        return sum(self.counts.values())

    def share(self, option_id: str) -> float:
        """The option's bar length in [0, 1].

        single/multi: the fraction of voters who picked it; rank: its fraction
        of all Borda points given.
        """
        return option_share(
            self.kind, self.counts.get(option_id, 0), voters=self.voters, points=self.total
        )

    @property
    def leaders(self) -> tuple[str, ...]:
        """The option ids with the highest count (ties included); none before any vote."""
        return leading_options(self.counts)


def _connection(source: object) -> tuple[sqlite3.Connection, Any]:
    """The connection (and lock, if any) behind a VoteStore, a Store or a bare connection."""
    if isinstance(source, sqlite3.Connection):
        return source, None
    conn = getattr(source, "conn", None)
    if isinstance(conn, sqlite3.Connection):
        return conn, getattr(source, "lock", None)
    raise TypeError(f"cannot tally from {type(source).__name__}")


_BY_OPTION = """
SELECT j.value, b.source, j.key, count(*)
FROM ballots AS b, json_each(b.choices) AS j
WHERE b.session_id = ? AND b.poll_id = ? AND b.excluded_at IS NULL
GROUP BY j.value, b.source, j.key
"""
_VOTERS = """
SELECT source, count(*) FROM ballots
WHERE session_id = ? AND poll_id = ? AND excluded_at IS NULL GROUP BY source
"""


@dataclass(frozen=True)
class ExcludedBallot:
    """A ballot kept in the store but not counted."""

    choices: tuple[str, ...]
    source: str
    cast_at: str
    excluded_at: str
    reason: str


def excluded_ballots(
    conn: sqlite3.Connection, session_id: int, poll_id: str
) -> list[ExcludedBallot]:
    rows = conn.execute(
        "SELECT choices, source, cast_at, excluded_at, coalesce(excluded_reason, '') FROM ballots "
        "WHERE session_id = ? AND poll_id = ? AND excluded_at IS NOT NULL ORDER BY excluded_at, id",
        (session_id, poll_id),
    ).fetchall()
    return [
        ExcludedBallot(tuple(json.loads(row[0])), row[1], row[2], row[3], row[4]) for row in rows
    ]


def tally(source: object, session_id: int, poll: Poll) -> Tally:
    """Count the poll's stored ballots in this session (`source`: VoteStore, Store or connection)."""
    conn, lock = _connection(source)
    params = (session_id, poll.id)
    if lock is not None:
        with lock:
            rows = conn.execute(_BY_OPTION, params).fetchall()
            voter_rows = conn.execute(_VOTERS, params).fetchall()
    else:
        rows = conn.execute(_BY_OPTION, params).fetchall()
        voter_rows = conn.execute(_VOTERS, params).fetchall()
    return build_tally(poll, rows, voter_rows)


def build_tally(
    poll: Poll,
    rows: list[tuple[str, str, int, int]],
    voter_rows: list[tuple[str, int]],
) -> Tally:
    """Fold grouped rows (option, source, position, ballots) into a Tally."""
    option_ids = [option.id for option in poll.options]
    n = len(option_ids)
    is_rank = poll.kind == "rank"
    counts: dict[str, float] = dict.fromkeys(option_ids, 0)
    by_source: dict[str, dict[str, float]] = {}
    ranks: dict[str, list[int]] = {option: [0] * n for option in option_ids}
    for option, source, position, ballots in rows:
        if option not in counts:
            continue
        points = (n - 1 - int(position)) * ballots if is_rank else ballots
        counts[option] += points
        per_source = by_source.setdefault(source, dict.fromkeys(option_ids, 0))
        per_source[option] += points
        if 0 <= int(position) < n:
            ranks[option][int(position)] += ballots
    voters_by_source = {source: int(number) for source, number in voter_rows}
    return Tally(
        poll_id=poll.id,
        kind=poll.kind,
        voters=sum(voters_by_source.values()),
        counts=MappingProxyType(counts),
        ranks=MappingProxyType({k: tuple(v) for k, v in ranks.items()}) if is_rank else None,
        voters_by_source=MappingProxyType(voters_by_source),
        counts_by_source=MappingProxyType(
            {k: MappingProxyType(v) for k, v in sorted(by_source.items())}
        ),
    )


__all__ = ["ExcludedBallot", "Tally", "build_tally", "excluded_ballots", "tally"]
