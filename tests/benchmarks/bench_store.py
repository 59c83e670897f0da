"""Benchmark of the vote store: group-committed ballots per second, and tally time.

Run: python3 tests/benchmarks/bench_store.py

Baseline (measured in the same run, same file settings: WAL, synchronous=FULL):
bare INSERTs of the same rows with executemany, one transaction per batch, no
validation, no uniqueness or idempotency checks. Targets:

- `VoteStore.cast_many` in batches of 20 (what the phone writer does under
  load) stores at least 2,000 ballots/s (and reports its ratio to the baseline);
- `tally` of a single-choice poll with 20,000 stored ballots takes under 50 ms
  (the poll screen refreshes from it while votes arrive).
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from presenter.clock import SystemClock  # noqa: E402
from presenter.deck.model import Poll, PollOption  # noqa: E402
from presenter.polls.ballots import Ballot, VoteStore  # noqa: E402
from presenter.polls.tally import tally  # noqa: E402
from presenter.session import start_session  # noqa: E402
from presenter.store import Store  # noqa: E402

BATCH = 20
BALLOTS = 20_000
TARGET_RATE = 2_000
TARGET_TALLY_MS = 50.0

POLL = Poll("bench", "Which?", tuple(PollOption(c, c.upper()) for c in "abcdefg"))


def baseline(folder: Path) -> float:
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


def measured(folder: Path) -> tuple[float, float, int]:
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
    runs = []
    for _ in range(20):
        begin = time.perf_counter()
        counted = tally(store, session_id, POLL)
        runs.append((time.perf_counter() - begin) * 1000)
    conn.close()
    store.close()
    return BALLOTS / elapsed, sorted(runs)[len(runs) // 2], counted.voters


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base = baseline(folder)
        rate, tally_ms, voters = measured(folder)
    ok_rate = rate >= TARGET_RATE
    ok_tally = tally_ms <= TARGET_TALLY_MS and voters == BALLOTS
    print(f"baseline: bare executemany, batches of {BATCH}: {base:,.0f} rows/s")
    print(
        f"cast_many, batches of {BATCH}: {rate:,.0f} ballots/s "
        f"(ratio to baseline {rate / base:.2f}; target >= {TARGET_RATE:,}) "
        f"{'PASS' if ok_rate else 'FAIL'}"
    )
    print(
        f"tally of {voters:,} ballots: median {tally_ms:.1f} ms "
        f"(target <= {TARGET_TALLY_MS:.0f} ms) {'PASS' if ok_tally else 'FAIL'}"
    )
    return 0 if ok_rate and ok_tally else 1


if __name__ == "__main__":
    raise SystemExit(main())
