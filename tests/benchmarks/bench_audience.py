"""Benchmark: a packed hall on the phone vote server, inside the presenting app.

Run: python3 tests/benchmarks/bench_audience.py [--phones 2000] [--concurrency 200]
         [--nat-phones 300] [--server-nofile 1024] [--no-tui]

The server process runs the presenting app headless (`run_test`) on a one-poll
deck, on the poll slide with the poll opened by its key, with a real
`AudienceServer` (its own thread and event loop, as `w` / `--audience` start
it) and a real store in a temporary folder (WAL, `synchronous=FULL`). It is
started with a soft open-file limit of `--server-nofile` (1024, what most
Linux shells give); the server raises it itself. `--no-tui` runs the server
alone. This process is the load generator (plain HTTP/1.1 over its own
sockets; it raises its own open-file limit, as any load generator must).

1. The hall: `--phones` phones join, load the page (and its form token) and
   open the waiting page's event stream, and hold it. Then all of them vote
   at once, each on a new connection as a phone's browser would, at most
   `--concurrency` in flight; every tenth phone sends its vote twice (a retry
   with the same submission id), which must be answered as a duplicate.
2. The same against a server answering without storing (the baseline,
   `NullWriter` below), in the same run.
3. A room behind one address (`--nat-phones`, default 300) with the default
   limits, loopback limited like any address: phones arrive over 30 s, each
   joins (waiting as asked on 429), loads the page and votes.

Then the store is read: every acknowledged vote must be there with the choice
acknowledged (lost), and nothing may count more than acknowledged (doubled).
Meanwhile, in the server process, a key is pressed every 10 ms (`t`, which
pauses or resumes the talk clock the footer shows) and the time from the key
to the next frame the app composed is recorded (headless: the terminal's own painting is
not part of it), as is the largest stall of the app's event loop.

Verdicts are counts: 0 lost, 0 doubled, 0 hung (no answer within 2 s), every
retry a duplicate, all phones holding a stream, at most 1% of votes slower
than 300 ms (the p99 target), no key slower than 100 ms to the screen and no
event-loop stall over 100 ms during the burst, every phone of the room behind
one address voted within 60 s. Ratios against the baseline are printed with
them. Exit code 1 when a verdict fails.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

HUNG_S = 2.0
P99_TARGET_MS = 300.0
KEY_TARGET_MS = 100.0
NAT_WINDOW_S = 60.0
NAT_ARRIVAL_S = 30.0

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


class NullWriter:
    """Answers at once without storing: the baseline's writer (never the real server)."""

    def start(self) -> None: ...

    def close(self, timeout: float | None = None) -> None: ...

    def submit(self, session_id: int, poll: Any, ballot: Any) -> Future[Any]:
        from presenter.polls.ballots import CastResult

        future: Future[Any] = Future()
        future.set_result(CastResult(0))
        return future

    def run(self, fn: Callable[[Any], Any]) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_exception(RuntimeError("not stored in the baseline"))
        return future


class Probe:
    """In the server process: event-loop stalls and key-to-frame times, in phases."""

    def __init__(self) -> None:
        import gc

        self.phase = "setup"
        self.lags: dict[str, list[float]] = {}
        self.keys: dict[str, list[float]] = {}
        self.collections: dict[str, list[float]] = {}
        self.full_collections: dict[str, int] = {}
        self._collecting = 0.0
        self.stop = asyncio.Event()
        gc.callbacks.append(self._gc)

    def _gc(self, phase: str, info: dict[str, int]) -> None:
        # Garbage collection holds the GIL: it pauses every thread, the terminal's too.
        if phase == "start":
            self._collecting = time.perf_counter()
        else:
            pause = time.perf_counter() - self._collecting
            self.collections.setdefault(self.phase, []).append(pause)
            if info.get("generation") == 2:
                self.full_collections[self.phase] = self.full_collections.get(self.phase, 0) + 1

    async def watch(self) -> None:
        loop = asyncio.get_running_loop()
        while not self.stop.is_set():
            expected = loop.time() + 0.005
            await asyncio.sleep(0.005)
            self.lags.setdefault(self.phase, []).append(max(0.0, loop.time() - expected))

    def report(self) -> dict[str, object]:
        def ms(values: list[float], q: float) -> float:
            if not values:
                return 0.0
            if q >= 1.0:
                return round(max(values) * 1000, 1)
            return round(
                statistics.quantiles(values, n=100, method="inclusive")[int(q * 100) - 1] * 1000, 1
            )

        out: dict[str, object] = {}
        for phase in sorted(set(self.lags) | set(self.keys)):
            lags, keys = self.lags.get(phase, []), self.keys.get(phase, [])
            out[phase] = {
                "stall_max_ms": ms(lags, 1.0),
                "keys": len(keys),
                "key_p99_ms": ms(keys, 0.99) if len(keys) > 1 else ms(keys, 1.0),
                "key_max_ms": ms(keys, 1.0),
                "keys_over_target": sum(1 for k in keys if k * 1000 > KEY_TARGET_MS),
                "stalls_over_target": sum(1 for s in lags if s * 1000 > KEY_TARGET_MS),
                "gc_max_ms": ms(self.collections.get(phase, []), 1.0),
                "gc_full": self.full_collections.get(phase, 0),
            }
        return out


async def commands(probe: Probe, extra: Callable[[], dict[str, object]]) -> None:
    """Read the generator's commands (`phase NAME`, `stats`, `stop`) on stdin."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while True:
        line = (await reader.readline()).decode().strip()
        if not line or line == "stop":
            return
        if line.startswith("phase "):
            probe.phase = line.split(" ", 1)[1]
            print(json.dumps({"ok": True}), flush=True)
        elif line == "stats":
            print(json.dumps(extra()), flush=True)


def make_audience(deck: Any, store: Any, session_id: int, clock: Any, baseline: bool, events: Any):
    from presenter.audience.server import Audience

    return Audience(
        deck,
        store,
        session_id,
        clock=clock,
        writer=NullWriter() if baseline else None,
        events=events,
    )


async def serve(data: Path, baseline: bool, with_tui: bool) -> None:
    from presenter.audience.server import AudienceEvents, AudienceServer
    from presenter.deck.load import load_deck

    deck_path = data / "bench.md"
    deck_path.write_text(DECK, encoding="utf-8")
    probe = Probe()
    if not with_tui:
        from presenter.clock import SystemClock
        from presenter.polls.ballots import VoteStore
        from presenter.session import start_session
        from presenter.store import Store

        deck = load_deck(deck_path)
        store = Store.open(data)
        clock = SystemClock()
        session = start_session(store, deck_path, "talk", clock=clock)
        votes = VoteStore(store)
        poll = deck.polls[0]
        votes.open_poll(session.id, poll, clock=clock)
        events = AudienceEvents(votes_changed=lambda _p: votes.tally(session.id, poll))
        audience = make_audience(deck, store, session.id, clock, baseline, events)
        server = AudienceServer(audience, own_thread=False)  # the probe watches its loop
        await server.start("127.0.0.1", 0)
        watcher = asyncio.get_running_loop().create_task(probe.watch())
        print(json.dumps(_hello(server, session.id, poll.id)), flush=True)
        await commands(probe, lambda: _stats(audience, None))
        probe.stop.set()
        await watcher
        await server.stop()
        store.close()
        print(json.dumps({"probe": probe.report()}), flush=True)
        return
    await serve_with_app(deck_path, data, baseline, probe)


def _hello(server: Any, session: int, poll: str) -> dict[str, object]:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    return {
        "port": server.port,
        "code": server.room_code,
        "session": session,
        "poll": poll,
        "nofile": soft,
        "nofile_hard": hard,
        "stream_cap": server.audience.streams.cap,
    }


def _stats(audience: Any, screen_voters: Callable[[], int] | None) -> dict[str, object]:
    return {
        "streams": len(audience.streams),
        "dropped": audience.streams.dropped,
        "screen_voters": screen_voters() if screen_voters else None,
    }


async def serve_with_app(deck_path: Path, data: Path, baseline: bool, probe: Probe) -> None:
    """The presenting app, headless, on the poll slide with the poll open; the server in it."""
    from textual import events

    from presenter.audience.server import AudienceEvents, AudienceServer
    from presenter.options import PresentOptions
    from presenter.tui.app import PresenterApp
    from presenter.tui.widgets.poll_view import PollView

    app = PresenterApp(PresentOptions(deck_path, data_dir=data), watch_file=False)
    async with app.run_test(size=(110, 36)) as pilot:
        await app.talk.started()
        number = next(i for i, s in enumerate(app.deck.shown, 1) if s.poll is not None)
        app.go_to_slide(number)
        while not any(view.display for view in app.screen.query(PollView)):
            await pilot.pause()
        await pilot.press("enter")  # open the poll, as the presenter does
        await app.workers.wait_for_complete()
        view = app.screen.query_one(PollView)
        desk = app.poll_desk
        assert app.talk.store is not None and app.talk.session is not None
        # As the app's `w` key does (presenter/tui/audience_link.py), with the
        # baseline's writer when asked.
        audience = make_audience(
            app.deck,
            app.talk.store,
            app.talk.session.id,
            app.clock,
            baseline,
            AudienceEvents(votes_changed=desk.changed),
        )
        server = AudienceServer(audience)
        await server.start("127.0.0.1", 0)
        app.audience.server = server
        desk.poll_changed.subscribe(app, lambda _poll_id: server.poll_state_changed())

        framed = asyncio.Event()
        toggle_timer = app.action_toggle_timer

        def traced_toggle_timer() -> None:
            toggle_timer()
            app.call_after_refresh(framed.set)  # the frame showing the paused/running clock

        app.action_toggle_timer = traced_toggle_timer  # type: ignore[method-assign]

        async def press_keys() -> None:
            # As the terminal driver does: a Key event posted to the app. `t`
            # pauses or resumes the talk clock, which the footer shows.
            while not probe.stop.is_set():
                framed.clear()
                started = time.perf_counter()
                app.post_message(events.Key("t", "t"))
                try:
                    await asyncio.wait_for(framed.wait(), 10)
                except TimeoutError:
                    probe.keys.setdefault(probe.phase, []).append(10.0)
                    continue
                probe.keys.setdefault(probe.phase, []).append(time.perf_counter() - started)
                await asyncio.sleep(0.01)

        loop = asyncio.get_running_loop()
        watcher = loop.create_task(probe.watch())
        pressing = loop.create_task(press_keys())
        print(json.dumps(_hello(server, app.talk.session.id, view.poll.id)), flush=True)
        await commands(probe, lambda: _stats(audience, lambda: view.current.voters))
        probe.stop.set()
        await watcher
        await pressing
        await server.stop()
        app.audience.server = None
        await pilot.press("q", "q")
    print(json.dumps({"probe": probe.report()}), flush=True)


# -- a small HTTP/1.1 client: the load generator must cost less than the server --------


class Wire:
    """One connection, one request at a time."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> Wire:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        return cls(reader, writer)

    async def send(
        self, method: str, path: str, headers: dict[str, str], body: bytes = b""
    ) -> None:
        head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
        head += [f"{k}: {v}" for k, v in headers.items()]
        if method == "POST":
            head.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        await self.writer.drain()

    async def head(self) -> tuple[int, dict[str, str]]:
        line = await self.reader.readline()
        if not line:
            raise ConnectionError("the server closed the connection")
        status = int(line.split()[1])
        found: dict[str, str] = {}
        while (line := await self.reader.readline()) not in (b"\r\n", b"\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            found.setdefault(name.strip().lower(), value.strip())
        return status, found

    async def request(
        self, method: str, path: str, headers: dict[str, str], body: bytes = b""
    ) -> tuple[int, dict[str, str], bytes]:
        await self.send(method, path, headers, body)
        status, found = await self.head()
        length = int(found.get("content-length", "0"))
        return status, found, await self.reader.readexactly(length) if length else b""

    def close(self) -> None:
        self.writer.close()


@dataclass
class Phone:
    cookie: str
    device: str
    token: str = ""
    stream: Wire | None = None
    acked: str | None = None


FORM = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}


async def join(port: int, code: str, *, patient: bool = False) -> Phone:
    """A phone that joined and read its page (form token); waits on 429 when `patient`."""
    wire = await Wire.open(port)
    try:
        while True:
            status, headers, _ = await wire.request("GET", f"/J/{code}", {})
            if status == 429 and patient:
                await asyncio.sleep(float(headers.get("retry-after", "1")))
                continue
            if status != 303:
                raise RuntimeError(f"join answered {status}")
            break
        token = headers["set-cookie"].split(";", 1)[0].split("=", 1)[1]
        phone = Phone(f"presenter_device={token}", token.split(".")[0])
        _, _, page = await wire.request("GET", "/", {"Cookie": phone.cookie})
        marker = b'name="token" value="'
        start = page.index(marker) + len(marker)
        phone.token = page[start : page.index(b'"', start)].decode()
        return phone
    finally:
        wire.close()


async def hold_stream(port: int, phone: Phone) -> bool:
    wire = await Wire.open(port)
    await wire.send("GET", "/events", {"Cookie": phone.cookie, "Accept": "text/event-stream"})
    status, _ = await wire.head()
    phone.stream = wire
    return status == 200


async def vote(port: int, phone: Phone, poll: str, option: str, sid: str) -> dict[str, Any]:
    """The acknowledgement (JSON); {} when the vote was not stored."""
    wire = await Wire.open(port)
    try:
        body = f"poll={poll}&sid={sid}&choice={option}&token={phone.token}".encode()
        status, _, data = await wire.request(
            "POST", "/vote", {**FORM, "Cookie": phone.cookie}, body
        )
    finally:
        wire.close()
    answer: dict[str, Any] = json.loads(data) if status == 200 else {}
    if answer.get("stored"):
        phone.acked = option
    return answer


@dataclass
class Figures:
    latencies_ms: list[float] = field(default_factory=list)
    acked: int = 0
    failed: int = 0
    hung: int = 0
    retries: int = 0
    duplicates: int = 0
    seconds: float = 0.0
    streams_held: int = 0

    def p(self, q: float) -> float:
        if len(self.latencies_ms) < 2:
            return max(self.latencies_ms, default=0.0)
        return statistics.quantiles(self.latencies_ms, n=100, method="inclusive")[int(q * 100) - 1]

    def over(self, ms: float) -> int:
        return sum(1 for x in self.latencies_ms if x > ms)


# -- orchestration -------------------------------------------------------------


class ServerProcess:
    def __init__(
        self, data: Path, *, baseline: bool, tui: bool, nofile: int, trust_loopback: bool
    ) -> None:
        args = [sys.executable, __file__, "--serve", str(data)]
        if baseline:
            args.append("--baseline")
        if not tui:
            args.append("--no-tui")
        env = dict(os.environ)
        env.pop("PRESENTER_AUDIENCE_TRUST_LOOPBACK", None)
        if trust_loopback:  # the hall measures capacity, not the per-address limits
            env["PRESENTER_AUDIENCE_TRUST_LOOPBACK"] = "1"
        hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]

        def small_limit() -> None:
            resource.setrlimit(resource.RLIMIT_NOFILE, (min(nofile, hard), hard))

        self.process = subprocess.Popen(
            args,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env,
            preexec_fn=small_limit,
        )
        assert self.process.stdout is not None
        self.info = json.loads(self.process.stdout.readline())

    def command(self, text: str) -> dict[str, Any]:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(text + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())  # type: ignore[no-any-return]

    def stop(self) -> dict[str, Any]:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write("stop\n")
        self.process.stdin.flush()
        report = json.loads(self.process.stdout.readline())
        self.process.wait(60)
        return report  # type: ignore[no-any-return]


async def hall(server: ServerProcess, args: argparse.Namespace) -> dict[str, Any]:
    """`--phones` phones hold the stream, then all vote at once."""
    port, code, poll = server.info["port"], server.info["code"], server.info["poll"]
    phones: list[Phone] = []
    for start in range(0, args.phones, 200):
        batch = range(start, min(args.phones, start + 200))
        phones += await asyncio.gather(*(join(port, code) for _ in batch))
    figures = Figures()
    held = await asyncio.gather(*(hold_stream(port, phone) for phone in phones))
    figures.streams_held = sum(held)
    server.command("phase idle")
    await asyncio.sleep(1.0)  # the terminal with the hall's streams open, before the burst
    stats_before = server.command("stats")
    server.command("phase burst")
    gate = asyncio.Event()
    slots = asyncio.Semaphore(args.concurrency)

    async def one(n: int, phone: Phone) -> None:
        await gate.wait()
        option = OPTIONS[n % len(OPTIONS)]
        async with slots:
            sent = time.perf_counter()
            try:
                answer = await asyncio.wait_for(
                    vote(port, phone, poll, option, f"vote-{n:06d}"), 30
                )
            except (
                TimeoutError,
                OSError,
                ConnectionError,
                ValueError,
                asyncio.IncompleteReadError,
            ):
                figures.failed += 1
                figures.hung += 1
                return
            elapsed = time.perf_counter() - sent
            if not answer.get("stored"):
                figures.failed += 1
                return
            figures.acked += 1
            figures.latencies_ms.append(elapsed * 1000)
            figures.hung += elapsed > HUNG_S
            if n % 10 == 0:  # the phone did not hear back in time: it sends again
                again = await vote(port, phone, poll, option, f"vote-{n:06d}")
                figures.retries += 1
                figures.duplicates += bool(again.get("duplicate"))

    tasks = [asyncio.ensure_future(one(n, p)) for n, p in enumerate(phones)]
    await asyncio.sleep(0)
    started = time.perf_counter()
    gate.set()
    await asyncio.gather(*tasks)
    figures.seconds = time.perf_counter() - started
    server.command("phase after")
    await asyncio.sleep(0.5)  # the last "votes changed" notice reaches the screen
    stats = server.command("stats")
    for phone in phones:
        if phone.stream is not None:
            phone.stream.close()
    return {"figures": figures, "phones": phones, "stats": stats, "before": stats_before}


async def nat_room(server: ServerProcess, args: argparse.Namespace) -> dict[str, Any]:
    """`--nat-phones` phones behind one address, arriving over 30 s, default limits."""
    port, code, poll = server.info["port"], server.info["code"], server.info["poll"]
    started = time.perf_counter()
    done: list[float] = []
    phones: list[Phone] = []
    failures: Counter[str] = Counter()

    async def arrive(n: int) -> None:
        await asyncio.sleep(NAT_ARRIVAL_S * n / args.nat_phones)
        try:
            phone = await join(port, code, patient=True)
            phones.append(phone)
            while True:
                answer = await vote(port, phone, poll, OPTIONS[n % 5], f"nat-phone-{n:05d}")
                if answer.get("stored"):
                    done.append(time.perf_counter() - started)
                    return
                await asyncio.sleep(1.0)
        except (OSError, ConnectionError, RuntimeError, ValueError) as error:
            failures[type(error).__name__] += 1

    await asyncio.wait_for(
        asyncio.gather(*(arrive(n) for n in range(args.nat_phones))), NAT_WINDOW_S * 3
    )
    return {"done": done, "phones": phones, "failures": failures}


def verify(data: Path, session_id: int, phones: list[Phone]) -> tuple[int, int, Counter[str]]:
    """(lost, doubled, tally) from the store, against what the phones were told."""
    from presenter.deck.load import load_deck
    from presenter.polls.ballots import VoteStore
    from presenter.store import Store

    poll = load_deck(data / "bench.md").polls[0]
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
        doubled = max(0, tally.voters - sum(expected.values())) + sum(
            max(0, counted[k] - expected[k]) for k in counted
        )
    return lost, doubled, counted


def raise_own_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phones", type=int, default=2000)
    parser.add_argument(
        "--concurrency", type=int, default=200, help="votes in flight at once (default 200)"
    )
    parser.add_argument("--nat-phones", type=int, default=300)
    parser.add_argument(
        "--server-nofile",
        type=int,
        default=1024,
        help="the server's soft open-file limit at start (default 1024, a shell's usual)",
    )
    parser.add_argument("--no-tui", dest="tui", action="store_false")
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--baseline", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(serve(args.serve, args.baseline, args.tui))
        return 0
    raise_own_limit()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    print(
        f"phone vote benchmark: {args.phones} phones holding the event stream, then voting "
        f"({args.concurrency} in flight); {args.nat_phones} phones behind one address"
    )
    print(
        f"machine: {os.cpu_count()} CPUs; open files: this process {soft} (hard {hard}), "
        f"server started with {min(args.server_nofile, hard)}\n"
    )
    runs: dict[str, dict[str, Any]] = {}
    for label, baseline in (("baseline (answers without storing)", True), ("server", False)):
        with tempfile.TemporaryDirectory() as folder:
            data = Path(folder)
            server = ServerProcess(
                data,
                baseline=baseline,
                tui=args.tui,
                nofile=args.server_nofile,
                trust_loopback=True,
            )
            outcome = asyncio.run(hall(server, args))
            outcome["report"] = server.stop()
            outcome["info"] = server.info
            f: Figures = outcome["figures"]
            print(
                f"{label}: server open-file limit {server.info['nofile']} "
                f"(stream cap {server.info['stream_cap']}); {f.streams_held} streams held, "
                f"{outcome['stats']['streams']} open at the server, "
                f"{outcome['stats']['dropped']} dropped\n"
                f"  votes: {f.acked}/{args.phones} acknowledged in {f.seconds * 1000:.0f} ms, "
                f"p50 {f.p(0.5):.1f} ms, p99 {f.p(0.99):.1f} ms, max "
                f"{max(f.latencies_ms, default=0):.1f} ms; failed {f.failed}, hung {f.hung}; "
                f"{f.duplicates}/{f.retries} retries answered as duplicates\n"
                f"  terminal: {json.dumps(outcome['report']['probe'])}",
                flush=True,
            )
            if not baseline:
                lost, doubled, counted = verify(
                    data, int(server.info["session"]), outcome["phones"]
                )
                outcome["lost"], outcome["doubled"] = lost, doubled
                print(f"  store: tally {dict(counted)}; lost {lost}, doubled {doubled}", flush=True)
            runs[label] = outcome
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        server = ServerProcess(
            data, baseline=False, tui=False, nofile=args.server_nofile, trust_loopback=False
        )
        nat = asyncio.run(nat_room(server, args))
        server.stop()
        nat_lost, nat_doubled, _ = verify(data, int(server.info["session"]), nat["phones"])
    in_time = sum(1 for t in nat["done"] if t <= NAT_WINDOW_S)
    print(
        f"behind one address: {len(nat['done'])}/{args.nat_phones} voted, {in_time} within "
        f"{NAT_WINDOW_S:.0f} s of the first arrival (last at "
        f"{max(nat['done'], default=0):.1f} s); lost {nat_lost}, doubled {nat_doubled}; "
        f"failures {dict(nat['failures'])}\n",
        flush=True,
    )

    real, base = runs["server"], runs["baseline (answers without storing)"]
    f, bf = real["figures"], base["figures"]
    burst = real["report"]["probe"].get("burst", {})
    idle = real["report"]["probe"].get("idle", {})
    screen = real["stats"]["screen_voters"]
    ratio = f.p(0.99) / bf.p(0.99) if bf.p(0.99) else 0.0
    checks = [
        (
            "every phone holds its event stream",
            f.streams_held == args.phones and real["before"]["streams"] == args.phones,
            f"{f.streams_held} held, {real['before']['streams']} open at the server, "
            f"{real['stats']['dropped']} dropped (server limit {real['info']['nofile']}, "
            f"started with {min(args.server_nofile, hard)})",
        ),
        (
            "0 lost",
            real["lost"] == 0 and f.acked == args.phones,
            f"lost {real['lost']}, acknowledged {f.acked}/{args.phones}",
        ),
        (
            "0 doubled",
            real["doubled"] == 0 and f.duplicates == f.retries,
            f"doubled {real['doubled']}; {f.duplicates}/{f.retries} retries answered as duplicates",
        ),
        (
            f"0 hung over {HUNG_S:.0f} s",
            f.hung == 0 and f.acked + f.failed == args.phones,
            f"{f.hung} hung, {f.failed} not acknowledged",
        ),
        (
            f"vote p99 under {P99_TARGET_MS:.0f} ms (at most 1% slower)",
            f.acked == args.phones and f.over(P99_TARGET_MS) <= len(f.latencies_ms) // 100,
            f"{f.over(P99_TARGET_MS)} of {len(f.latencies_ms)} slower; p99 {f.p(0.99):.1f} ms, "
            f"baseline {bf.p(0.99):.1f} ms (ratio {ratio:.2f})",
        ),
    ]
    if args.tui:
        checks += [
            (
                f"keys on screen within {KEY_TARGET_MS:.0f} ms during the burst",
                burst.get("keys", 0) > 0 and burst.get("keys_over_target", 1) == 0,
                f"{burst.get('keys_over_target')} of {burst.get('keys')} keys slower; max "
                f"{burst.get('key_max_ms')} ms (before the burst {idle.get('key_max_ms')} ms)",
            ),
            (
                "the poll view shows what is stored",
                screen == sum(1 for p in real["phones"] if p.acked),
                f"{screen} voters on screen, {sum(1 for p in real['phones'] if p.acked)} acknowledged",
            ),
        ]
    checks += [
        (
            f"no event-loop stall over {KEY_TARGET_MS:.0f} ms during the burst",
            burst.get("stalls_over_target", 1) == 0,
            f"{burst.get('stalls_over_target')} stalls over; largest {burst.get('stall_max_ms')} ms "
            f"(before the burst {idle.get('stall_max_ms')} ms)",
        ),
        (
            f"{args.nat_phones} phones behind one address vote within {NAT_WINDOW_S:.0f} s",
            in_time == args.nat_phones and nat_lost == 0 and nat_doubled == 0,
            f"{in_time}/{args.nat_phones} in time; lost {nat_lost}, doubled {nat_doubled}",
        ),
    ]
    failed = False
    for name, ok, detail in checks:
        failed |= not ok
        print(f"{'PASS' if ok else 'FAIL'}  {name}: {detail}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
