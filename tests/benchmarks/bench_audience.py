"""Benchmark: the phone vote server under a room's load, inside the presenting app.

Run: python3 tests/benchmarks/bench_audience.py [--voters 1000] [--phones 2000]
         [--seconds 10] [--concurrency 100] [--no-tui]

The server process runs the presenting app headless (`run_test`) on a one-poll
deck, on the poll slide with the poll opened by its key, with a real
`AudienceServer` (its own thread and event loop, as `w` / `--audience` start
it) and a real store in a temporary folder (WAL, `synchronous=FULL`).
`--no-tui` runs the server alone. This process is the load generator: plain
HTTP/1.1 keep-alive connections, one per phone.

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
(0 lost), one ballot per phone (0 double counted). Meanwhile, in the server
process, a key (Escape) is posted to the app every 50 ms as the terminal
driver would, and the time until its binding ran is recorded while the poll
view re-reads its tally on every "votes changed" notice.

Targets: 0 lost, 0 double counted, burst p99 < 250 ms, >= 2,000 acknowledged
votes/s sustained, key handling < 50 ms (without the app: event-loop lag).
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
    """The server process: answers the generator's commands on stdin (JSON lines out)."""
    from presenter.deck.load import load_deck

    deck_path = data / "bench.md"
    deck_path.write_text(DECK, encoding="utf-8")
    deck = load_deck(deck_path)
    probe = LoopProbe()
    if with_tui:
        await serve_with_app(data, deck_path, store_votes, probe)
    else:
        await serve_alone(data, deck, deck_path, store_votes, probe)


class LoopProbe:
    """Event-loop lag (a 5 ms ticker), garbage-collection pauses, key handling latency."""

    def __init__(self) -> None:
        import gc

        self.lags: list[float] = []
        self.keys: list[float] = []
        self.refreshes: list[float] = []
        self.gc_pauses: list[float] = []
        self._gc_started = 0.0
        self.stop = asyncio.Event()
        gc.callbacks.append(self._gc)

    def _gc(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._gc_started = time.perf_counter()
        else:
            self.gc_pauses.append(time.perf_counter() - self._gc_started)

    async def watch(self) -> None:
        loop = asyncio.get_running_loop()
        while not self.stop.is_set():
            expected = loop.time() + 0.005
            await asyncio.sleep(0.005)
            self.lags.append(max(0.0, loop.time() - expected))

    def reset(self) -> None:
        self.lags.clear()
        self.keys.clear()
        self.refreshes.clear()
        self.gc_pauses.clear()

    def report(self, stats: object) -> dict[str, object]:
        def ms(values: list[float], q: float) -> float:
            ordered = sorted(values)
            return (
                round(ordered[min(len(ordered) - 1, int(len(ordered) * q))] * 1000, 1)
                if ordered
                else 0.0
            )

        return {
            "lag_p99_ms": ms(self.lags, 0.99),
            "lag_max_ms": ms(self.lags, 1.0),
            "keys": len(self.keys),
            "key_p99_ms": ms(self.keys, 0.99),
            "key_max_ms": ms(self.keys, 1.0),
            "tally_refreshes": len(self.refreshes),
            "gc_max_ms": ms(self.gc_pauses, 1.0),
            "batches": getattr(stats, "batches", 0),
            "largest_batch": getattr(stats, "largest_batch", 0),
        }


async def commands(probe: LoopProbe, on_reset: object = None) -> None:
    """Read the generator's commands until `stop`."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while True:
        line = (await reader.readline()).strip()
        if not line or line == b"stop":
            return
        if line == b"reset":
            probe.reset()
            print(json.dumps({"ok": True}), flush=True)


async def serve_alone(
    data: Path, deck: object, deck_path: Path, store_votes: bool, probe: LoopProbe
) -> None:
    """The server without the app; "votes changed" recomputes the tally on the loop."""
    from presenter.audience.server import Audience, AudienceEvents, AudienceServer
    from presenter.clock import SystemClock
    from presenter.polls.ballots import VoteStore
    from presenter.session import start_session
    from presenter.store import Store

    store = Store.open(data)
    clock = SystemClock()
    session = start_session(store, deck_path, "talk", clock=clock)
    votes = VoteStore(store)
    poll = deck.polls[0]  # type: ignore[attr-defined]
    votes.open_poll(session.id, poll, clock=clock)

    def tally_changed(poll_id: str) -> None:
        started = time.perf_counter()
        votes.tally(session.id, poll)
        probe.refreshes.append(time.perf_counter() - started)

    audience = Audience(
        deck,  # type: ignore[arg-type]
        store,
        session.id,
        clock=clock,
        store_votes=store_votes,
        events=AudienceEvents(votes_changed=tally_changed),
    )
    server = AudienceServer(audience)
    await server.start("127.0.0.1", 0)
    watcher = asyncio.get_running_loop().create_task(probe.watch())
    print(
        json.dumps(
            {"port": server.port, "code": server.room_code, "session": session.id, "poll": poll.id}
        ),
        flush=True,
    )
    await commands(probe)
    probe.stop.set()
    await watcher
    stats = getattr(audience.writer, "stats", None)
    await server.stop()
    store.close()
    print(json.dumps(probe.report(stats)), flush=True)


async def serve_with_app(data: Path, deck_path: Path, store_votes: bool, probe: LoopProbe) -> None:
    """The presenting app, headless, on the poll slide with the poll open; the server in it.

    Every 50 ms a key (Escape, which changes nothing) is pressed and the time
    until the app handled it is recorded: what a presenter's key waits for
    while votes arrive and the poll view re-reads its tally.
    """
    from presenter.audience.server import Audience, AudienceEvents, AudienceServer
    from presenter.options import PresentOptions
    from presenter.tui.app import PresenterApp
    from presenter.tui.widgets.poll_view import PollView

    app = PresenterApp(PresentOptions(deck_path, data_dir=data), watch_file=False)
    async with app.run_test(size=(110, 36)) as pilot:
        await app.talk.started()
        number = next(i for i, s in enumerate(app.deck.shown, 1) if s.poll is not None)
        app.go_to_slide(number)
        # The slide shows first; the live view is swapped in after that frame.
        while not any(view.display for view in app.screen.query(PollView)):
            await pilot.pause()
        await pilot.press("enter")  # open the poll, as the presenter does
        await app.workers.wait_for_complete()
        view = app.screen.query_one(PollView)
        desk = app.poll_desk
        assert app.talk.store is not None and app.talk.session is not None
        # As the app's `w` key does (presenter/tui/audience_link.py), with the
        # baseline's switch to answer without storing.
        audience = Audience(
            app.deck,
            app.talk.store,
            app.talk.session.id,
            clock=app.clock,
            store_votes=store_votes,
            events=AudienceEvents(votes_changed=desk.changed),
        )
        server = AudienceServer(audience)
        await server.start("127.0.0.1", 0)
        app.audience.server = server
        desk.poll_changed.subscribe(app, lambda _poll_id: server.poll_state_changed())
        original = view._read

        async def timed_read() -> None:
            started = time.perf_counter()
            await original()
            probe.refreshes.append(time.perf_counter() - started)

        view._read = timed_read  # type: ignore[method-assign]

        from textual import events

        handled = asyncio.Event()
        escape = app.action_escape

        def timed_escape() -> None:
            escape()
            handled.set()

        app.action_escape = timed_escape  # type: ignore[method-assign]

        async def press_keys() -> None:
            # As the terminal driver does: a Key event posted to the app. Escape
            # reaches the app's binding (clear the typed slide number).
            while not probe.stop.is_set():
                handled.clear()
                started = time.perf_counter()
                app.post_message(events.Key("escape", None))
                await handled.wait()
                probe.keys.append(time.perf_counter() - started)
                await asyncio.sleep(0.05)

        loop = asyncio.get_running_loop()
        watcher = loop.create_task(probe.watch())
        keys = loop.create_task(press_keys())
        print(
            json.dumps(
                {
                    "port": server.port,
                    "code": server.room_code,
                    "session": app.talk.session.id,
                    "poll": view.poll.id,
                }
            ),
            flush=True,
        )
        await commands(probe)
        probe.stop.set()
        await watcher
        await keys
        stats = getattr(audience.writer, "stats", None)
        voters = view.current.voters
        await server.stop()
        app.audience.server = None
        report = probe.report(stats)
        report["screen_voters"] = voters
        await pilot.press("q", "q")
    print(json.dumps(report), flush=True)


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
        if not with_tui:
            args.append("--no-tui")
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
    server.command("reset")
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
        "--no-tui",
        dest="tui",
        action="store_false",
        help="run the server alone (default: inside the presenting app, headless)",
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
    report = real["server"]
    assert isinstance(report, dict)
    if args.tui:
        waited, what = float(report["key_max_ms"]), "key handling"
        where = (
            f"max {waited:.1f} ms over {report['keys']} key presses while votes arrived and the "
            f"poll view re-read its tally {report['tally_refreshes']} times "
            f"(event-loop lag p99 {report['lag_p99_ms']} ms)"
        )
    else:
        waited, what = float(report["lag_max_ms"]), "event-loop lag"
        where = f"max {waited:.1f} ms while votes arrived and the tally was recomputed"
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
        (f"{what} < 50 ms", waited < LAG_TARGET_MS, where),
    ]
    if args.tui:
        shown = int(report["screen_voters"])
        stored = sum(1 for p in real["phones"] + real["burst_phones"] if p.acked)  # type: ignore[operator]
        checks.append(
            (
                "the poll view shows what is stored",
                shown == stored,
                f"{shown} voters on screen, {stored} phones acknowledged",
            )
        )
    print()
    failed = False
    for name, ok, detail in checks:
        failed |= not ok
        print(f"{'PASS' if ok else 'FAIL'}  {name}: {detail}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
