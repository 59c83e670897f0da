"""The real program in a terminal (tmux), counting into a shared event with another room.

Halifax (a room process) has voted; Ottawa presents the deck in tmux with
--store/--event/--room, opens the poll and takes hands from the keyboard. The
poll view shows the whole event (both rooms) and "2 rooms"; Ottawa's hands
reach the shared store.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

import psycopg
import pytest
from checks import assert_counters_match_recount, assert_room_forwarded, local_ballots
from rooms import RoomProcess

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "poll_screen"))
from test_kill_restart import DEADLINE_S, Terminal

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")

DECK = """\
---
title: Two rooms
---

# Before the vote

---

# The vote

```poll
id: change-first
question: What would you change first?
options:
  - id: a
    label: Option A
  - id: b
    label: Option B
  - id: c
    label: Option C
  - id: d
    label: Option D
```
"""


class SharedTerminal(Terminal):
    def start_with(self, env: dict[str, str], *argv: str) -> None:
        command = " ".join([f"cd {self.root} &&", "exec", sys.executable, "-m", "presenter", *argv])
        flags = ["-e", f"PYTHONPATH={self.root}", "-e", "TERM=xterm-256color"]
        for key, value in env.items():
            flags += ["-e", f"{key}={value}"]
        self.tmux("new-session", "-d", "-x", "100", "-y", "30", *flags, "-s", "talk", command)


def test_a_talk_shows_the_event_total_and_forwards_its_hands(pg, event: str, tmp_path: Path):
    halifax = RoomProcess(tmp_path / "halifax", pg.url, event, "halifax", pg.env, "--phones", "40")
    try:
        halifax.finish()
    finally:
        halifax.kill()
    theirs = len(local_ballots(halifax.db, event, "halifax"))
    assert theirs >= 40

    deck = tmp_path / "room" / "deck.md"
    deck.parent.mkdir()
    deck.write_text(DECK, encoding="utf-8")
    data = tmp_path / "ottawa"
    terminal = SharedTerminal(Path(__file__).resolve().parents[2])
    try:
        shared = (
            "--data",
            str(data),
            "--store",
            pg.url,
            "--event",
            f"'{event}'",
            "--room",
            "ottawa",
        )
        terminal.start_with(pg.env, str(deck), "--start", "2", *shared)
        terminal.wait_for(lambda s: "Not open yet" in s, "the poll view")
        terminal.keys("Enter")
        terminal.wait_for(lambda s: "Event total · 2 rooms" in s, "the event's rooms")
        terminal.wait_for(lambda s: f"OPEN · {theirs} voters" in s, "the other room's voters")
        terminal.keys("1", "1", "2")
        terminal.wait_for(lambda s: f"OPEN · {theirs + 3} voters" in s, "the event total")
        db = data / "presenter.sqlite3"
        wait_forwarded(pg, db, event, "ottawa")
        assert len(local_ballots(db, event, "ottawa")) == 3

        # PostgreSQL goes away: the room votes on, is told once, and catches up later.
        pg.stop("immediate")
        terminal.keys("3")
        screen = terminal.wait_for(
            # the toast may wrap its line: "Shared tally offline, 1 ballot waiting."
            lambda s: "Shared tally offline, 1" in s and "ballot" in s,
            "the offline notice",
        )
        terminal.wait_for(lambda s: f"OPEN · {theirs + 4} voters" in s, "the local count")
        pg.start()
        terminal.wait_for(lambda s: "Shared tally back online" in s, "the back-online notice")
        wait_forwarded(pg, db, event, "ottawa")
        assert len(local_ballots(db, event, "ottawa")) == 4
        assert "Shared tally" not in screen.split("Option D")[0]  # not on the poll itself

        # The console in a second terminal: the event per room.
        console = SharedTerminal(terminal.root)
        try:
            console.start_with(pg.env, "console", str(deck), *shared)
            console.wait_for(
                lambda s: "ottawa 4" in s and f"halifax {theirs}" in s, "the per-room breakdown"
            )
        finally:
            console.kill_server()

    finally:
        terminal.kill_server()


def wait_forwarded(pg, db: Path, event: str, room: str) -> None:
    deadline = time.monotonic() + DEADLINE_S
    with psycopg.connect(pg.url, autocommit=True) as conn:
        while True:
            try:
                assert_room_forwarded(conn, db, event, room)
                assert_counters_match_recount(conn, event)
                return
            except AssertionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)  # polling interval of the shared store
