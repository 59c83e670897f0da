"""Benchmark of the vote store: group-committed ballots per second, and tally time.

Run: python3 tests/benchmarks/bench_store.py

Every verdict is a ratio against a baseline measured in the same run, or a
count; rates and times are printed for information.

- `VoteStore.cast_many` in batches of 20 (what the phone writer does under
  load) against bare INSERTs of the same rows with executemany, one transaction
  per batch, same file settings (WAL, synchronous=FULL), no validation, no
  uniqueness or idempotency checks (measured before and after, averaged): at
  least RATE_RATIO_TARGET of the bare rate.
- `tally` of a single-choice poll with 20,000 stored ballots (the poll screen
  refreshes from it while votes arrive) against the plainest count of the same
  rows (`GROUP BY choices`): at most TALLY_RATIO_TARGET of its time; and it must
  count every ballot (a count).
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from presenter.clock import SystemClock  # noqa: E402
from presenter.deck.model import Poll, PollOption  # noqa: E402
from presenter.polls.ballots import VoteStore  # noqa: E402
from presenter.polls.tally import tally  # noqa: E402
from presenter.polls.validation import Ballot  # noqa: E402
from presenter.session import start_session  # noqa: E402
from presenter.store import Store  # noqa: E402

BATCH = 20
BALLOTS = 20_000
RATE_RATIO_TARGET = 0.25
TALLY_RATIO_TARGET = 2.0

POLL = Poll("bench", "Which?", tuple(PollOption(c, c.upper()) for c in "abcdefg"))


def baseline(folder: Path) -> float:
    folder.mkdir()
    conn = sqlite3.connect(folder / "baseline.sqlite3", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE ballots (device TEXT, choices TEXT, submission TEXT, at TEXT)")
    started = time.perf_counter()
    for first in range(0, BALLOTS, BATCH):
        rows = [
            (f"dev-{i}", f'["{"abcdefg"[i % 7]}"]', f"sub-{i}", "now")
            for i in range(first, first + BATCH)
        ]
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT INTO ballots VALUES (?, ?, ?, ?)", rows)
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return BALLOTS / elapsed


def median_ms(function: Callable[[], object], runs: int = 20) -> float:
    times = []
    for _ in range(runs):
        begin = time.perf_counter()
        function()
        times.append((time.perf_counter() - begin) * 1000)
    return statistics.median(times)


def measured(folder: Path) -> tuple[float, float, float, int]:
    clock = SystemClock()
    store = Store.open(folder / "store")
    session_id = start_session(store, folder / "deck.md", "talk", clock=clock).id
    VoteStore(store).open_poll(session_id, POLL, clock=clock)
    conn = store.connect()
    writer = VoteStore.on_connection(conn, store.path)
    started = time.perf_counter()
    for first in range(0, BALLOTS, BATCH):
        items = [
            (session_id, POLL, Ballot(f"dev-{i}", "phone", ("abcdefg"[i % 7],), f"sub-{i}"))
            for i in range(first, first + BATCH)
        ]
        writer.cast_many(items, clock=clock)
    elapsed = time.perf_counter() - started
    plain = "SELECT choices, count(*) FROM ballots WHERE session_id = ? AND poll_id = ? GROUP BY choices"
    plain_ms = median_ms(lambda: conn.execute(plain, (session_id, POLL.id)).fetchall())
    tally_ms = median_ms(lambda: tally(store, session_id, POLL))
    voters = tally(store, session_id, POLL).voters
    conn.close()
    store.close()
    return BALLOTS / elapsed, tally_ms, plain_ms, voters


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        before = baseline(folder / "before")
        rate, tally_ms, plain_ms, voters = measured(folder)
        after = baseline(folder / "after")
    base = (before + after) / 2
    rate_ratio = rate / base
    tally_ratio = tally_ms / plain_ms
    print(f"baseline: bare executemany, batches of {BATCH}: {before:,.0f} and {after:,.0f} rows/s")
    print(f"cast_many, batches of {BATCH}: {rate:,.0f} ballots/s")
    print(f"plain GROUP BY of {BALLOTS:,} ballots: median {plain_ms:.1f} ms")
    print(f"tally of {voters:,} ballots: median {tally_ms:.1f} ms")
    verdicts = [
        (
            "cast_many / bare inserts",
            rate_ratio,
            f">= {RATE_RATIO_TARGET}x",
            rate_ratio >= RATE_RATIO_TARGET,
        ),
        (
            "tally / plain GROUP BY",
            tally_ratio,
            f"<= {TALLY_RATIO_TARGET}x",
            tally_ratio <= TALLY_RATIO_TARGET,
        ),
        ("ballots the tally missed", BALLOTS - voters, "0", voters == BALLOTS),
    ]
    print()
    for name, value, target, ok in verdicts:
        print(f"  {name:<28} {value:>8.2f}  target {target:<8} {'PASS' if ok else 'FAIL'}")
    return 0 if all(ok for *_, ok in verdicts) else 1


if __name__ == "__main__":
    raise SystemExit(main())
