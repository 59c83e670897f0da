"""Benchmark of the shared tally: 5 rooms x 1,000 phones counting into one PostgreSQL event.

Run: python3 tests/benchmarks/bench_shared.py [--rooms 5] [--phones 1000]

Each room is its own process (tests/shared/room_process.py): its store, the
phone server's group-commit writer, and (with a shared store) the forwarder.
Every phone casts one ballot at once, in every room together once all rooms
are up and linked (the burst of a poll opening in all rooms), with
keyboard hands, removals and undos mixed in. A throwaway PostgreSQL cluster
is started for the run. Phases, measured in the same run:

1. SQLite only (no --store): the baseline ack p99;
2. shared store on loopback: ack p99 (target: at most 2x the baseline),
   forward lag p99 (local ack to committed in PostgreSQL, target < 250 ms),
   0 lost and 0 doubled, counters equal to a recount;
3. the same through a proxy adding 20 ms of round trip: ack p99 within 1.5x
   of phase 2;
4. visibility: a ballot cast in one room is seen by another room's tally
   reader, polling 10 times a second as the poll view does (target < 1 s).

The cluster commits durably (fsync on, as a real server). Phones are
simulated at the store's door (the writer the phone server uses),
not through HTTP: the audience benchmark covers the phone path.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "shared"))

import psycopg  # noqa: E402
from checks import assert_counters_match_recount, assert_room_forwarded  # noqa: E402
from pgproxy import LoopbackProxy  # noqa: E402
from pgserver import PgServer  # noqa: E402
from room_process import POLL  # noqa: E402
from rooms import RoomProcess  # noqa: E402

from presenter.clock import SystemClock  # noqa: E402
from presenter.polls.ballots import VoteStore  # noqa: E402
from presenter.polls.validation import Ballot  # noqa: E402
from presenter.session import start_session  # noqa: E402
from presenter.shared.address import SharedTarget  # noqa: E402
from presenter.shared.room import SharedRoom  # noqa: E402
from presenter.shared.tally import SharedTallyReader  # noqa: E402
from presenter.store import Store  # noqa: E402


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98] if len(values) > 1 else (values or [0.0])[0]


def run_rooms(
    pg: PgServer, root: Path, url: str, event: str, rooms: int, phones: int, *extra: str
) -> tuple[list[float], list[float], int]:
    procs = [
        RoomProcess(
            root / f"{event}-{i}",
            url,
            event,
            f"room-{i}",
            pg.env,
            "--phones",
            str(phones),
            "--seed",
            str(i),
            "--start-on-stdin",
            *extra,
        )
        for i in range(rooms)
    ]
    acks: list[float] = []
    lags: list[float] = []
    errors = 0
    try:
        # Every room is up (and linked) before the poll opens in all of them at once.
        for proc in procs:
            proc.expect(lambda line: "ready" in line, 120)
        for proc in procs:
            proc.tell("go")
        for proc in procs:
            done = proc.expect(lambda line: "acked" in line, 300)
            acks += done["ack_ms"]
            errors += done["errors"]
            if "--no-shared" not in extra:
                lags += proc.expect(lambda line: "forwarded" in line, 300)["lag_ms"]
            assert proc.proc.wait(60) == 0
    finally:
        for proc in procs:
            proc.kill()
    if "--no-shared" not in extra:
        with psycopg.connect(pg.url, autocommit=True) as conn:
            for proc in procs:
                assert_room_forwarded(conn, proc.db, event, proc.room)
            assert_counters_match_recount(conn, event)
    return acks, lags, errors


def visibility(pg: PgServer, root: Path, probes: int = 20) -> list[float]:
    """Seconds from a local ack in one room to its sight in another room's reader."""
    clock = SystemClock()
    seen: list[float] = []
    with Store.open(root / "probe") as store:
        session_id = start_session(store, Path("deck.md"), "talk", clock=clock).id
        votes = VoteStore(store)
        votes.open_poll(session_id, POLL, clock=clock)
        room = SharedRoom.join(
            store, session_id, SharedTarget(pg.url, "visible", "probe"), Path("deck.md")
        )
        reader = SharedTallyReader(SharedTarget(pg.url, "visible", "watcher"))
        empty = votes.tally(session_id, POLL).__class__(POLL.id, POLL.kind, 0, {})
        try:
            for i in range(probes):
                votes.cast(session_id, POLL, Ballot(f"probe-{i}", "phone", ("a",)), clock=clock)
                cast_at = time.perf_counter()
                while True:
                    reader.refresh(POLL)
                    shared = reader.combine(POLL, empty)
                    if shared is not None and shared.total.voters >= i + 1:
                        seen.append(time.perf_counter() - cast_at)
                        break
                    time.sleep(0.1)  # the poll view's pace: 10 reads a second
        finally:
            room.close()
            reader.close()
    return seen


def one_round(pg: PgServer, root: Path, args: argparse.Namespace, n: int) -> dict[str, float]:
    """The three phases back to back (same machine load), as p99s, lags and errors."""
    batch = ("--batch", str(args.batch))
    base, _, base_err = run_rooms(
        pg, root, pg.url, f"baseline{n}", args.rooms, args.phones, "--no-shared"
    )
    shared, lags, shared_err = run_rooms(
        pg, root, pg.url, f"shared{n}", args.rooms, args.phones, *batch
    )
    proxy = LoopbackProxy(pg.port, delay_s=0.010)
    try:
        slow, slow_lags, slow_err = run_rooms(
            pg, root, pg.url_via(proxy.port), f"delayed{n}", args.rooms, args.phones, *batch
        )
    finally:
        proxy.close()
    return {
        "base": p99(base),
        "shared": p99(shared),
        "slow": p99(slow),
        "lag": p99(lags),
        "slow_lag": p99(slow_lags),
        "errors": base_err + shared_err + slow_err,
        "acks": len(shared),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rooms", type=int, default=5)
    parser.add_argument("--phones", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=1000, help="forwarder batch size")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the three phases")
    args = parser.parse_args()
    pg = PgServer(durable=True)
    os.environ.update(pg.env)  # the password file, for this process's own connections
    root = Path(tempfile.mkdtemp(prefix="bench-shared-"))
    try:
        rounds = [one_round(pg, root, args, n) for n in range(args.rounds)]
        seen = visibility(pg, root)
    finally:
        pg.close()

    def median(key: str) -> float:
        return statistics.median(r[key] for r in rounds)

    ratio = statistics.median(r["shared"] / r["base"] for r in rounds)
    slow_ratio = statistics.median(r["slow"] / r["shared"] for r in rounds)
    lag_ratio = statistics.median(r["lag"] / r["base"] for r in rounds)
    errors = sum(int(r["errors"]) for r in rounds)
    print(
        f"shared tally benchmark: {args.rooms} rooms x {args.phones} phones "
        f"({int(rounds[0]['acks'])} acknowledged changes per phase), {args.rounds} rounds "
        f"(medians), Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.1f}"
    )
    print(f"  SQLite only      ack p99 {median('base'):7.1f} ms")
    print(
        f"  shared, loopback ack p99 {median('shared'):7.1f} ms  ratio {ratio:.2f}x  "
        f"forward lag p99 {median('lag'):6.1f} ms ({lag_ratio:.2f}x the SQLite-only ack p99)"
    )
    print(
        f"  shared, +20 ms   ack p99 {median('slow'):7.1f} ms  ratio {slow_ratio:.2f}x of "
        f"loopback  forward lag p99 {median('slow_lag'):6.1f} ms"
    )
    print(
        f"  another room sees a ballot: max {max(seen):.2f} s, median "
        f"{statistics.median(seen):.2f} s over {len(seen)} probes"
    )
    print(f"  errors {errors}, lost 0, doubled 0, counters = recount (checked every phase)")
    verdicts = [
        ("ack p99 <= 2x SQLite only", ratio <= 2),
        ("forward lag p99 < 250 ms", median("lag") < 250),
        ("ack p99 with +20 ms RTT <= 1.5x loopback", slow_ratio <= 1.5),
        ("another room's ballot visible within 1 s", max(seen) < 1.0),
        ("no errors", errors == 0),
    ]
    for name, ok in verdicts:
        print(f"  {'PASS' if ok else 'FAIL'}  {name}")
    return 0 if all(ok for _, ok in verdicts) else 1


if __name__ == "__main__":
    raise SystemExit(main())
