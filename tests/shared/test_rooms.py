"""Rooms as separate processes against a real PostgreSQL server: counts, outages, kills.

After every test: 0 ballots lost, 0 doubled (the shared store holds exactly
each room's local ballots), and the per-room counters equal a recount.
"""

from __future__ import annotations

import time
from pathlib import Path

import psycopg
import pytest
from checks import assert_counters_match_recount, assert_room_forwarded
from pgproxy import LoopbackProxy
from rooms import RoomProcess

from presenter.shared.address import SharedTarget
from presenter.shared.room import SharedRoom
from presenter.store import Store


def _check_all(pg, event: str, rooms: list[RoomProcess]) -> int:
    with psycopg.connect(pg.url, autocommit=True) as conn:
        total = sum(assert_room_forwarded(conn, r.db, event, r.room) for r in rooms)
        assert_counters_match_recount(conn, event)
        names = {
            row[0]
            for row in conn.execute("SELECT room FROM presenter.rooms WHERE event = %s", (event,))
        }
    assert names == {r.room for r in rooms}
    return total


def _rooms(pg, tmp_path: Path, event: str, count: int, *extra: str) -> list[RoomProcess]:
    return [
        RoomProcess(
            tmp_path / f"room{i}", pg.url, event, f"room-{i}", pg.env, *extra, "--seed", str(i)
        )
        for i in range(count)
    ]


def _restart_and_check(pg, data: Path, event: str) -> int:
    """The room started again on the same data: it votes on and forwards everything."""
    again = RoomProcess(data, pg.url, event, "ottawa", pg.env, "--phones", "50", "--seed", "7")
    try:
        again.finish()
    finally:
        again.kill()
    return _check_all(pg, event, [again])


@pytest.mark.parametrize("count", [2, 5])
def test_rooms_in_separate_processes_count_into_one_tally(
    pg, event: str, tmp_path: Path, count: int
) -> None:
    rooms = _rooms(pg, tmp_path, event, count, "--phones", "250", "--rounds", "3")
    try:
        results = [room.finish() for room in rooms]
    finally:
        for room in rooms:
            room.kill()
    assert all(result["errors"] == 0 for result in results)
    # every room holds 250 phones plus its keyboard hands; all of them are shared
    assert _check_all(pg, event, rooms) >= count * 250


@pytest.mark.parametrize("outage_s", [2, 10])
def test_postgresql_stopped_mid_burst_loses_nothing(
    pg, event: str, tmp_path: Path, outage_s: int
) -> None:
    rooms = _rooms(pg, tmp_path, event, 2, "--phones", "200", "--until-stdin", "--pace", "0.002")
    try:
        for room in rooms:
            room.expect(lambda line: line.get("status", {}).get("seq", 0) > 0)
        pg.stop("immediate")
        for room in rooms:
            room.expect(lambda line: line.get("status", {}).get("online") is False)
            room.expect(lambda line: line.get("status", {}).get("waiting", 0) > 0)
        time.sleep(outage_s)  # the outage itself: voting goes on meanwhile
        pg.start()
        for room in rooms:
            room.expect(lambda line: line.get("status", {}).get("online") is True)
            room.tell("stop")
        results = [room.finish() for room in rooms]
    finally:
        for room in rooms:
            room.kill()
    assert all(result["errors"] == 0 for result in results)
    assert _check_all(pg, event, rooms) >= 2 * 200


def test_a_room_killed_with_its_backlog_unforwarded_resumes_after_restart(
    pg, event: str, tmp_path: Path
) -> None:
    data = tmp_path / "room"
    first = RoomProcess(
        data, pg.url, event, "ottawa", pg.env, "--phones", "300", "--rounds", "2", "--no-forward"
    )
    try:
        done = first.expect(lambda line: "acked" in line)
        assert done["errors"] == 0 and done["last_seq"] > 600
    finally:
        first.kill()  # SIGKILL: nothing was forwarded
    assert _restart_and_check(pg, data, event) >= 300


def test_a_connection_lost_between_commit_and_its_answer(
    pg, event: str, tmp_path: Path, clock
) -> None:
    from test_forwarding import POLL, _session

    proxy = LoopbackProxy(pg.port, drop_after_commit=3)
    with Store.open(tmp_path / "room") as store:
        votes, session_id = _session(store, clock)
        room = SharedRoom.join(
            store,
            session_id,
            SharedTarget(pg.url_via(proxy.port), event, "r"),
            Path("d.md"),
            max_batch=40,
        )
        try:
            from presenter.polls.validation import Ballot

            for i in range(400):
                votes.cast(
                    session_id, POLL, Ballot(f"p{i % 300}", "phone", ("abc"[i % 3],)), clock=clock
                )
            last = int(store.read("SELECT max(seq) FROM outbox")[0][0])
            assert room.forwarder.wait_forwarded(last, timeout=60), room.forwarder.status
        finally:
            room.close()
            proxy.close()
        assert proxy.dropped.is_set()
        with psycopg.connect(pg.url, autocommit=True) as conn:
            assert_room_forwarded(conn, store.path, event, "r")
            assert_counters_match_recount(conn, event)


def test_a_room_killed_while_forwarding_resumes_after_restart(
    pg, event: str, tmp_path: Path
) -> None:
    data = tmp_path / "room"
    first = RoomProcess(
        data,
        pg.url,
        event,
        "ottawa",
        pg.env,
        "--phones",
        "300",
        "--until-stdin",
        "--pace",
        "0.001",
        "--batch",
        "20",
    )
    try:
        first.expect(lambda line: line.get("status", {}).get("seq", 0) > 40)
    finally:
        first.kill()  # SIGKILL between (or inside) forwarding transactions
    assert _restart_and_check(pg, data, event) >= 50
