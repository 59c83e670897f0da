"""Benchmark: the phone vote server under a room's load.

Run: python3 tests/benchmarks/bench_audience.py [--voters 1000] [--seconds 10] [--phones 2000]

The server runs in its own process (a real `AudienceServer` on loopback, a real
store in a temporary folder, `synchronous=FULL`, the poll open as the terminal
would open it; with `--tui`, inside the presenting app running headless). This
process is the load generator: plain HTTP/1.1 keep-alive connections, one per
phone, as a room of phones would open.

1. Burst: `--voters` phones are released at once; each connects, joins with
   the room code and votes, through at most `--concurrency` (100) connections
   at a time, as aiohttp's client pool does. Latency is measured per phone from
   sending the vote to its acknowledgement (and, for information, from its
   connect to the acknowledgement: join + vote).
2. Sustained: `--phones` phones that have joined vote and change their votes
   for `--seconds` seconds, `--concurrency` requests in flight (each phone one
   request at a time; every tenth vote is resent with the same submission id,
   as a retry would, and must be reported as a duplicate).

Each is run twice in the same run: against the server answering without
storing (the baseline) and against the real server. Then the store is read:
every acknowledged vote must be there with the choice last acknowledged
(0 lost), one ballot per phone (0 double counted). The server process reports
its event-loop lag while votes arrive and the terminal is told to refresh its
tally (the tally is recomputed from the store, as the poll screen does).

Targets: 0 lost, 0 double counted, burst p99 < 250 ms, >= 2,000 acknowledged
votes/s sustained, event-loop lag (what key handling would wait) < 50 ms.
Exit code 1 when a target fails.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

BURST_P99_TARGET_MS = 250.0
SUSTAINED_TARGET_PER_S = 2000.0
LAG_TARGET_MS = 50.0

DECK = """---
title: Benchmark room
---
# Vote

```poll
id: bench
question: Which option?
options: [One, Two, Three, Four, Five]
```
"""
OPTIONS = ["one", "two", "three", "four", "five"]


# -- the server process ----------------------------------------------------------


async def serve(data: Path, store_votes: bool, with_tui: bool) -> None:
    from presenter.audience.server import Audience, AudienceEvents, AudienceServer
    from presenter.clock import SystemClock
    from presenter.deck.load import load_deck
    from presenter.polls.ballots import VoteStore
    from presenter.session import start_session
    from presenter.store import Store

    deck_path = data / "bench.md"
    deck_path.write_text(DECK, encoding="utf-8")
    deck = load_deck(deck_path)
    store = Store.open(data)
    clock = SystemClock()
    session = start_session(store, deck_path, "talk", clock=clock)
    votes = VoteStore(store)
    poll = deck.polls[0]
    votes.open_poll(session.id, poll, clock=clock)
    refreshes: list[float] = []

    def tally_changed(poll_id: str) -> None:
        # What the poll screen does on "votes changed": re-read the tally from the store.
        started = time.perf_counter()
        votes.tally(session.id, poll)
        refreshes.append(time.perf_counter() - started)

    audience = Audience(
        deck,
        store,
        session.id,
        clock=clock,
        store_votes=store_votes,
        events=AudienceEvents(votes_changed=tally_changed),
    )
    server = AudienceServer(audience)
    await server.start("127.0.0.1", 0)
    lags: list[float] = []
    stop = asyncio.Event()

    async def watch_lag() -> None:
        loop = asyncio.get_running_loop()
        while not stop.is_set():
            expected = loop.time() + 0.005
            await asyncio.sleep(0.005)
            lags.append(max(0.0, loop.time() - expected))

    watcher = asyncio.get_running_loop().create_task(watch_lag())
    print(
        json.dumps(
            {"port": server.port, "code": server.room_code, "session": session.id, "poll": poll.id}
        ),
        flush=True,
    )
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while True:
        line = await reader.readline()
        if not line or line.strip() == b"stop":
            break
        if line.strip() == b"reset-lag":
            lags.clear()
            refreshes.clear()
            print(json.dumps({"ok": True}), flush=True)
    stop.set()
    await watcher
    stats = getattr(audience.writer, "stats", None)
    await server.stop()
    store.close()
    lags_ms = sorted(x * 1000 for x in lags) or [0.0]
    print(
        json.dumps(
            {
                "lag_max_ms": lags_ms[-1],
                "lag_p99_ms": lags_ms[int(len(lags_ms) * 0.99) - 1 if len(lags_ms) > 1 else 0],
                "refreshes": len(refreshes),
                "refresh_max_ms": max(refreshes, default=0) * 1000,
                "batches": stats.batches if stats else 0,
                "ballots": stats.ballots if stats else 0,
                "largest_batch": stats.largest_batch if stats else 0,
            }
        ),
        flush=True,
    )


# -- a tiny HTTP/1.1 client: the load generator must cost less than the server --------


class Wire:
    """One keep-alive connection, one request at a time."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    @classmethod
    async def open(cls, port: int) -> Wire:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        return cls(reader, writer)

    async def request(
        self, method: str, path: str, headers: dict[str, str], body: bytes = b""
    ) -> tuple[int, dict[str, str], bytes]:
        head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
        head += [f"{k}: {v}" for k, v in headers.items()]
        if body or method == "POST":
            head.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("the server closed the connection")
        status = int(status_line.split()[1])
        found: dict[str, str] = {}
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            found[name.strip().lower()] = value.strip()
        length = int(found.get("content-length", "0"))
        data = await self.reader.readexactly(length) if length else b""
        return status, found, data

    def close(self) -> None:
        self.writer.close()


@dataclass
class Phone:
    wire: Wire
    cookie: str
    device: str
    acked: str | None = None
    sent: int = 0


FORM = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}


async def join(port: int, code: str) -> Phone:
    wire = await Wire.open(port)
    status, headers, _ = await wire.request("GET", f"/J/{code}", {})
    if status != 303:
        raise RuntimeError(f"join answered {status}")
    token = headers["set-cookie"].split(";", 1)[0].split("=", 1)[1]
    return Phone(wire, f"presenter_device={token}", token.split(".")[0])


async def vote(phone: Phone, poll: str, option: str, sid: str) -> dict[str, object] | None:
    """The acknowledgement (the server's JSON), or None when the vote was not stored."""
    body = f"poll={poll}&sid={sid}&choice={option}".encode()
    status, _, data = await phone.wire.request(
        "POST", "/vote", {**FORM, "Cookie": phone.cookie}, body
    )
    phone.sent += 1
    answer = json.loads(data) if status == 200 else {}
    if answer.get("stored"):
        phone.acked = option
        return answer  # type: ignore[no-any-return]
    return None


@dataclass
class Figures:
    latencies_ms: list[float] = field(default_factory=list)
    whole_ms: list[float] = field(default_factory=list)
    acked: int = 0
    failed: int = 0
    retries: int = 0
    duplicates: int = 0
    seconds: float = 0.0

    def pct(self, values: list[float], q: float) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else 0.0


async def burst(
    port: int, code: str, poll: str, voters: int, concurrency: int
) -> tuple[Figures, list[Phone]]:
    """All phones released at once, through at most `concurrency` open connections."""
    figures = Figures()
    phones: list[Phone] = []
    gate = asyncio.Event()
    slots = asyncio.Semaphore(concurrency)

    async def one(n: int) -> None:
        await gate.wait()
        async with slots:
            started = time.perf_counter()
            try:
                phone = await join(port, code)
                option = OPTIONS[n % len(OPTIONS)]
                sent = time.perf_counter()
                ok = await vote(phone, poll, option, f"burst-{n:06d}") is not None
            except (OSError, RuntimeError, ValueError, asyncio.IncompleteReadError):
                figures.failed += 1
                return
            done = time.perf_counter()
            phone.wire.close()
        phones.append(phone)
        if ok:
            figures.acked += 1
            figures.latencies_ms.append((done - sent) * 1000)
            figures.whole_ms.append((done - started) * 1000)
        else:
            figures.failed += 1

    tasks = [asyncio.ensure_future(one(n)) for n in range(voters)]
    await asyncio.sleep(0)
    started = time.perf_counter()
    gate.set()
    await asyncio.gather(*tasks)
    figures.seconds = time.perf_counter() - started
    return figures, phones


async def sustained(
    port: int, code: str, poll: str, phones: list[Phone], seconds: float, workers: int = 128
) -> Figures:
    figures = Figures()
    queue: asyncio.Queue[Phone] = asyncio.Queue()
    for phone in phones:
        queue.put_nowait(phone)
    rng = random.Random(7)
    deadline = time.perf_counter() + seconds
    counter = 0

    async def worker() -> None:
        nonlocal counter
        while time.perf_counter() < deadline:
            phone = await queue.get()
            counter += 1
            number = counter
            option = rng.choice(OPTIONS)
            sid = f"s{number:08d}"
            sent = time.perf_counter()
            try:
                ok = await vote(phone, poll, option, sid) is not None
                latency = time.perf_counter() - sent
                if ok and number % 10 == 0:  # a retry of the same submission: a no-op
                    again = await vote(phone, poll, option, sid)
                    figures.retries += 1
                    figures.duplicates += bool(again and again.get("duplicate"))
            except (OSError, ValueError, asyncio.IncompleteReadError):
                ok, latency = False, 0.0
            if ok:
                figures.acked += 1
                figures.latencies_ms.append(latency * 1000)
            else:
                figures.failed += 1
            queue.put_nowait(phone)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(workers)))
    figures.seconds = time.perf_counter() - started
    return figures


# -- orchestration -------------------------------------------------------------


class ServerProcess:
    def __init__(self, data: Path, store_votes: bool, with_tui: bool) -> None:
        args = [sys.executable, __file__, "--serve", str(data)]
        if not store_votes:
            args.append("--baseline")
        if with_tui:
            args.append("--tui")
        self.process = subprocess.Popen(
            args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT
        )
        assert self.process.stdout is not None
        self.info = json.loads(self.process.stdout.readline())

    def command(self, text: str) -> dict[str, object]:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(text + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())  # type: ignore[no-any-return]

    def stop(self) -> dict[str, object]:
        report = self.command("stop")
        self.process.wait(30)
        return report


async def run_mode(store_votes: bool, args: argparse.Namespace, data: Path) -> dict[str, object]:
    server = ServerProcess(data, store_votes, args.tui)
    port, code, poll = server.info["port"], server.info["code"], server.info["poll"]
    burst_figures, burst_phones = await burst(port, code, poll, args.voters, args.concurrency)
    phones = []
    for start in range(0, args.phones, 200):
        phones += await asyncio.gather(
            *(join(port, code) for _ in range(start, min(args.phones, start + 200)))
        )
    server.command("reset-lag")
    sustained_figures = await sustained(
        port, code, poll, phones, args.seconds, workers=args.concurrency
    )
    report = server.stop()
    for phone in phones:
        phone.wire.close()
    return {
        "burst": burst_figures,
        "burst_phones": burst_phones,
        "sustained": sustained_figures,
        "phones": phones,
        "server": report,
        "session": server.info["session"],
    }


def verify(data: Path, session_id: int, phones: list[Phone]) -> tuple[int, int, Counter[str]]:
    """(lost, double counted, tally) from the store, against what the phones were told."""
    from presenter.deck.load import load_deck
    from presenter.polls.ballots import VoteStore
    from presenter.store import Store

    deck = load_deck(data / "bench.md")
    poll = deck.polls[0]
    with Store.open(data) as store:
        votes = VoteStore(store)
        expected = Counter(p.acked for p in phones if p.acked)
        lost = sum(
            1
            for p in phones
            if p.acked and votes.ballot_of(session_id, poll.id, p.device) != (p.acked,)
        )
        tally = votes.tally(session_id, poll)
        counted = Counter({k: int(v) for k, v in tally.counts.items() if v})
        double = max(0, tally.voters - sum(expected.values())) + sum(
            max(0, counted[k] - expected[k]) for k in counted
        )
    return lost, double, counted


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--voters", type=int, default=1000)
    parser.add_argument("--phones", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument(
        "--concurrency",
        type=int,
        default=100,
        help="requests in flight at once (default 100, as aiohttp's client pool)",
    )
    parser.add_argument(
        "--tui", action="store_true", help="run the presenting app headless in the server process"
    )
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--baseline", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(serve(args.serve, not args.baseline, args.tui))
        return 0

    print(
        f"vote server benchmark: {args.voters}-phone burst, {args.phones} phones for {args.seconds:.0f} s"
    )
    print(f"machine: {os.cpu_count()} CPUs; server and load generator in separate processes\n")
    results = {}
    for label, store_votes in (
        ("baseline (answers without storing)", False),
        ("server (stores every vote)", True),
    ):
        with tempfile.TemporaryDirectory() as folder:
            data = Path(folder)
            outcome = asyncio.run(run_mode(store_votes, args, data))
            b, s = outcome["burst"], outcome["sustained"]
            assert isinstance(b, Figures) and isinstance(s, Figures)
            line = (
                f"{label}\n"
                f"  burst: {b.acked}/{args.voters} acknowledged in {b.seconds * 1000:.0f} ms, "
                f"vote p50 {b.pct(b.latencies_ms, 0.5):.1f} ms p99 {b.pct(b.latencies_ms, 0.99):.1f} ms; "
                f"join+vote p99 {b.pct(b.whole_ms, 0.99):.1f} ms; failed {b.failed}\n"
                f"  sustained: {s.acked} acknowledged in {s.seconds:.1f} s = {s.acked / s.seconds:,.0f}/s, "
                f"p50 {s.pct(s.latencies_ms, 0.5):.1f} ms p99 {s.pct(s.latencies_ms, 0.99):.1f} ms; failed {s.failed}; "
                f"{s.retries} resent submissions, {s.duplicates} answered as duplicates\n"
                f"  server: {json.dumps(outcome['server'])}"
            )
            print(line, flush=True)
            if store_votes:
                burst_lost, burst_double, _ = (0, 0, None)
                lost, double, counted = verify(
                    data,
                    int(outcome["session"]),
                    outcome["phones"] + outcome["burst_phones"],  # type: ignore[operator]
                )
                print(f"  store: tally {dict(counted)}; lost {lost}, double counted {double}")
                outcome["lost"], outcome["double"] = lost + burst_lost, double + burst_double
            results[store_votes] = outcome

    real, base = results[True], results[False]
    b, s = real["burst"], real["sustained"]
    bb, bs = base["burst"], base["sustained"]
    assert isinstance(b, Figures) and isinstance(s, Figures)
    assert isinstance(bb, Figures) and isinstance(bs, Figures)
    rate, base_rate = s.acked / s.seconds, bs.acked / bs.seconds
    p99, base_p99 = b.pct(b.latencies_ms, 0.99), bb.pct(bb.latencies_ms, 0.99)
    lag = float(real["server"]["lag_max_ms"])  # type: ignore[index]
    checks = [
        (
            "0 lost",
            real["lost"] == 0 and b.acked == args.voters,
            f"lost {real['lost']}, burst acknowledged {b.acked}/{args.voters}",
        ),
        (
            "0 double counted",
            real["double"] == 0 and s.duplicates == s.retries,
            f"double counted {real['double']}; {s.duplicates}/{s.retries} resent submissions "
            "recognised as duplicates",
        ),
        (
            "burst p99 < 250 ms",
            p99 < BURST_P99_TARGET_MS,
            f"{p99:.1f} ms (baseline {base_p99:.1f} ms, ratio {p99 / base_p99 if base_p99 else 0:.2f})",
        ),
        (
            ">= 2,000 votes/s sustained",
            rate >= SUSTAINED_TARGET_PER_S,
            f"{rate:,.0f}/s (baseline {base_rate:,.0f}/s, ratio {rate / base_rate if base_rate else 0:.2f})",
        ),
        (
            "event-loop lag < 50 ms",
            lag < LAG_TARGET_MS,
            f"max {lag:.1f} ms while votes arrive and the tally refreshes",
        ),
    ]
    print()
    failed = False
    for name, ok, detail in checks:
        failed |= not ok
        print(f"{'PASS' if ok else 'FAIL'}  {name}: {detail}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
