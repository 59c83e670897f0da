"""One room as its own process: a talk's store, the phone write path, and the forwarder.

Run by the shared-tally tests and the benchmark:

    python room_process.py --data DIR --url URL --event E --room R [--phones N] [--rounds K]

Ballots go through the phone server's own writer (`GroupCommitWriter` on a
`VoteStore`), with keyboard adds, removals and undos mixed in. Lines of JSON
on stdout tell the test what happens: {"status": ...} whenever the forwarder's
status changes, {"acked": N, "errors": E, "ack_ms": [...]} when casting is
done, {"forwarded": SEQ} once the shared store holds everything. With
--until-stdin, rounds go on until a line arrives on stdin. With --no-forward,
the room only builds its outbox (then waits on stdin, to be killed). With
--start-on-stdin, casting starts when a line arrives on stdin after {"ready"}:
several rooms then burst together, as when one poll opens in every room.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import threading
import time
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from presenter.clock import SystemClock
from presenter.deck.model import Poll, PollOption
from presenter.polls.ballots import VoteStore
from presenter.polls.validation import Ballot
from presenter.polls.writer import GroupCommitWriter
from presenter.session import start_session
from presenter.shared import outbox
from presenter.shared.address import SharedTarget
from presenter.shared.forwarder import ForwarderStatus
from presenter.shared.outbox import link_session
from presenter.shared.room import SharedRoom
from presenter.store import Store

POLL = Poll(
    id="change-first",
    question="What would you change first?",
    options=tuple(PollOption(o, o.upper()) for o in ("a", "b", "c", "d")),
    kind="single",
)
_print_lock = threading.Lock()


def say(**fields: Any) -> None:
    with _print_lock:
        sys.stdout.write(json.dumps(fields) + "\n")
        sys.stdout.flush()


online = threading.Event()


def _status(status: ForwarderStatus) -> None:
    if status.online:
        online.set()
    say(
        status={
            "online": status.online,
            "waiting": status.waiting,
            "seq": status.forwarded_seq,
            "refused": status.refused,
            "problem": status.problem,
        }
    )


acked_at: dict[str, float] = {}
"""device -> when its ballot was acknowledged (for the forward lag)."""
lag_ms: list[float] = []


def _forwarded(rows: list[Any]) -> None:
    now = time.perf_counter()
    for row in rows:
        at = acked_at.pop(row.device, None)
        if at is not None:
            lag_ms.append((now - at) * 1000)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--url", required=True)
    parser.add_argument("--event", required=True)
    parser.add_argument("--room", required=True)
    parser.add_argument("--phones", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--pace", type=float, default=0.0, help="seconds between ballots")
    parser.add_argument("--until-stdin", action="store_true")
    parser.add_argument("--no-forward", action="store_true")
    parser.add_argument("--start-on-stdin", action="store_true")
    parser.add_argument("--no-shared", action="store_true", help="SQLite only (the baseline)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch", type=int, default=1000, help="forwarder batch size")
    args = parser.parse_args()

    clock = SystemClock()
    store = Store.open(args.data)
    linked = store.read(
        "SELECT session_id FROM shared_links WHERE event = ? AND room = ?", (args.event, args.room)
    )
    session_id = (
        int(linked[0][0])
        if linked
        else start_session(store, Path("deck.md"), "talk", clock=clock).id
    )
    VoteStore(store).open_poll(session_id, POLL, clock=clock)
    target = SharedTarget(args.url, args.event, args.room)
    room = None
    if args.no_shared:
        pass
    elif args.no_forward:
        link_session(store, session_id, args.event, args.room)
    else:
        room = SharedRoom.join(
            store,
            session_id,
            target,
            Path("deck.md"),
            on_status=_status,
            on_forwarded=_forwarded,
            max_batch=args.batch,
        )
    writer = GroupCommitWriter(
        lambda: VoteStore.on_connection(store.connect(), store.path), clock=clock
    )
    writer.start()
    if room is not None:
        # A talk is up well before its poll opens: the burst starts once the room is linked.
        online.wait(30)
    say(ready=True)
    if args.start_on_stdin:
        sys.stdin.readline()

    stop = threading.Event()
    if args.until_stdin:
        threading.Thread(target=lambda: (sys.stdin.readline(), stop.set()), daemon=True).start()
    rng = random.Random(args.seed)
    acked = errors = 0
    ack_ms: list[float] = []
    done_at: dict[int, float] = {}
    round_number = 0

    def keyboard(action: str, option: str) -> Any:
        def run(sink: VoteStore) -> Any:
            if action == "add":
                return sink.add_keyboard_vote(session_id, POLL, option, clock=clock)
            if action == "remove":
                return sink.remove_keyboard_vote(session_id, POLL, option, clock=clock)
            return sink.undo_keyboard(session_id, POLL)

        return writer.run(run)

    pending: list[tuple[float, Future[Any]]] = []

    def track(future: Future[Any]) -> None:
        future.add_done_callback(lambda f: done_at.__setitem__(id(f), time.perf_counter()))
        pending.append((time.perf_counter(), future))

    while round_number < args.rounds or (args.until_stdin and not stop.is_set()):
        pending.clear()

        for phone in range(args.phones):
            if stop.is_set():
                break
            choice = rng.choice(POLL.options).id
            ballot = Ballot(
                f"{args.room}-phone-{phone}",
                "phone",
                (choice,),
                f"{args.room}-{round_number}-{phone}",
            )
            started = time.perf_counter()
            future = writer.submit(session_id, POLL, ballot)
            future.add_done_callback(
                lambda f, device=ballot.device: (
                    done_at.__setitem__(id(f), time.perf_counter()),
                    acked_at.__setitem__(device, time.perf_counter()),
                )
            )
            pending.append((started, future))
            if phone % 40 == 0:
                track(keyboard("add", choice))
            if phone % 120 == 1:
                track(keyboard("remove", choice))
            if phone % 200 == 2:
                track(keyboard("undo", choice))
            if args.pace:
                time.sleep(args.pace)  # pacing a load generator, not waiting for anything
        for started, future in pending:
            try:
                future.result(timeout=60)
                acked += 1
                ack_ms.append((done_at.get(id(future), time.perf_counter()) - started) * 1000)
            except Exception as error:
                errors += 1
                say(error=str(error))
        round_number += 1
    writer.close()
    with store.lock:
        last = outbox.last_seq(store.conn)
    say(acked=acked, errors=errors, last_seq=last, ack_ms=ack_ms if len(ack_ms) < 20000 else [])
    if args.no_forward:
        sys.stdin.readline()  # stays up, backlog unforwarded, until killed
        return 0
    if room is not None:
        if not room.forwarder.wait_forwarded(last, timeout=120):
            say(stuck=room.forwarder.status.forwarded_seq)
            return 1
        say(forwarded=last, batches=room.forwarder.batches, lag_ms=lag_ms)
        room.close()
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
