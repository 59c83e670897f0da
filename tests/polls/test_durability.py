"""Concurrency and crashes: two writers on one poll, and a writer killed mid-stream."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

from presenter.clock import FakeClock
from presenter.polls.ballots import CastResult, VoteStore
from presenter.polls.validation import Ballot
from presenter.session import start_session
from presenter.store import Store


def test_two_writer_connections_lose_and_double_count_nothing(
    make_poll, store: Store, votes: VoteStore, session_id: int, clock: FakeClock
) -> None:
    poll = make_poll()
    votes.open_poll(session_id, poll, clock=clock)
    per_thread = 300
    shared = [f"shared-{i}" for i in range(50)]
    errors: list[BaseException] = []
    outcomes: dict[str, list[CastResult]] = {"x": [], "y": []}
    start = threading.Barrier(2)

    def writer(name: str, option: str) -> None:
        conn = store.connect()
        try:
            mine = VoteStore.on_connection(conn, store.path)
            start.wait()
            for i in range(per_thread):
                batch = [
                    (session_id, poll, Ballot(f"{name}-{i}", "phone", (option,), f"{name}:{i}"))
                ]
                if i < len(shared):
                    # Both threads vote for the same devices: one ballot each must remain.
                    batch.append((session_id, poll, Ballot(shared[i], "phone", (option,))))
                for result in mine.cast_many(batch, clock=FakeClock()):
                    assert isinstance(result, CastResult)
                    outcomes[name].append(result)
        except BaseException as error:  # surfaced below
            errors.append(error)
        finally:
            conn.close()

    threads = [
        threading.Thread(target=writer, args=("x", "a")),
        threading.Thread(target=writer, args=("y", "b")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    result = votes.tally(session_id, poll)
    assert result.voters == 2 * per_thread + len(shared)
    assert result.counts["a"] + result.counts["b"] == result.voters
    assert result.counts["a"] >= per_thread and result.counts["b"] >= per_thread
    devices = store.read(
        "SELECT device, count(*) FROM ballots WHERE session_id = ? GROUP BY device HAVING count(*) > 1",
        (session_id,),
    )
    assert devices == []
    # Every shared device was stored once and replaced once by the other thread.
    replaced = sum(r.replaced for rs in outcomes.values() for r in rs)
    assert replaced == len(shared)


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from presenter.clock import SystemClock
    from presenter.deck.model import Poll, PollOption
    from presenter.polls.ballots import CastResult, VoteStore
    from presenter.polls.validation import Ballot
    from presenter.store import Store

    store = Store.open(Path(sys.argv[1]))
    session_id = int(sys.argv[2])
    poll = Poll("p", "Which?", (PollOption("a", "A"), PollOption("b", "B")))
    conn = store.connect()
    votes = VoteStore.on_connection(conn, store.path)
    clock = SystemClock()
    batch_number = 0
    print("ready", flush=True)
    while True:
        items = [
            (session_id, poll, Ballot(f"dev-{batch_number}-{i}", "phone", ("ab"[i % 2],), f"sub-{batch_number}-{i}"))
            for i in range(5)
        ]
        results = votes.cast_many(items, clock=clock)
        # Acknowledge only after cast_many returned: the batch is committed.
        for (_, _, ballot), result in zip(items, results):
            if isinstance(result, CastResult):
                sys.stdout.write(ballot.submission_id + "\\n")
        sys.stdout.flush()
        batch_number += 1
    """
)


def test_every_acknowledged_vote_survives_a_sigkill(
    make_poll, tmp_path: Path, clock: FakeClock
) -> None:
    folder = tmp_path / "data"
    poll = make_poll("p", options=("a", "b"))
    with Store.open(folder) as store:
        session_id = start_session(store, tmp_path / "deck.md", "talk", clock=clock).id
        VoteStore(store).open_poll(session_id, poll, clock=clock)
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(folder), str(session_id)],
        stdout=subprocess.PIPE,
        text=True,
    )
    acknowledged: list[str] = []
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
        while len(acknowledged) < 400:
            line = process.stdout.readline()
            assert line, "the writer stopped early"
            acknowledged.append(line.strip())
        process.send_signal(signal.SIGKILL)
        # Anything it printed before dying was acknowledged too.
        acknowledged.extend(line.strip() for line in process.stdout if line.strip())
    finally:
        process.kill()
        process.wait()
    assert process.returncode == -signal.SIGKILL
    with Store.open(folder) as store:
        assert store.read("PRAGMA integrity_check") == [("ok",)]
        stored = {
            row[0]
            for row in store.read(
                "SELECT submission_id FROM ballots WHERE session_id = ?", (session_id,)
            )
        }
        assert set(acknowledged) <= stored
        result = VoteStore(store).tally(session_id, poll)
        assert result.voters == len(stored)
        assert result.counts["a"] + result.counts["b"] == len(stored)
    assert all(item.startswith("sub-") for item in acknowledged)
