"""The real program in a terminal (tmux): open a poll, tally, SIGKILL it, start it again.

The restart offers the interrupted talk back (one question, Enter resumes);
resumed, it is the same talk session (its `ended` still empty) and shows the
poll in the same state with every stored vote; a clean quit ends the session
and the next start is a new one.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from presenter.deck.load import load_deck
from presenter.polls.ballots import VoteStore
from presenter.polls.tally import tally
from presenter.session import sessions
from presenter.store import Store

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")

DECK = """\
---
title: Kill test
---

# Before the vote

Some context.

---

# The vote

```poll
id: first-change
question: What would you change first?
options:
  - id: unit
    label: A social media unit
  - id: mentoring
    label: Reverse mentoring
  - id: listen
    label: Ministers who listen
```
"""

DEADLINE_S = 20.0


class Terminal:
    """One tmux server of our own (private socket), one window of 100x30."""

    def __init__(self, root: Path) -> None:
        self.socket = f"presenter-test-{uuid.uuid4().hex[:12]}"
        self.root = root

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True
        )
        return done.stdout

    def start(self, *argv: str) -> int:
        """Start `python -m presenter ARGV` in a fresh session; returns its pid."""
        command = " ".join([f"cd {self.root} &&", "exec", sys.executable, "-m", "presenter", *argv])
        env = ["-e", f"PYTHONPATH={self.root}", "-e", "TERM=xterm-256color"]
        self.tmux("new-session", "-d", "-x", "100", "-y", "30", *env, "-s", "talk", command)
        return int(self.tmux("display-message", "-p", "-t", "talk", "#{pane_pid}").strip())

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", "talk", key)

    def screen(self) -> str:
        try:
            return self.tmux("capture-pane", "-p", "-t", "talk")
        except subprocess.CalledProcessError:
            return ""

    def wait_for(self, test: Callable[[str], bool], what: str) -> str:
        """Poll the screen until `test(text)` holds; fail with the screen after the deadline."""
        deadline = time.monotonic() + DEADLINE_S
        text = ""
        while time.monotonic() < deadline:
            text = self.screen()
            if test(text):
                return text
            time.sleep(0.05)  # polling interval of the capture, not a wait for an event
        raise AssertionError(f"timed out waiting for {what}; screen:\n{text}")

    def kill_server(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    term = Terminal(Path(__file__).resolve().parents[2])
    try:
        yield term
    finally:
        term.kill_server()


def wait_gone(pid: int) -> None:
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    raise AssertionError(f"process {pid} did not end")


def store_view(data_dir: Path, deck_path: Path) -> tuple[list, dict[str, float], str]:
    deck = load_deck(deck_path)
    poll = deck.polls[0]
    with Store.open(data_dir) as store:
        talks = sessions(store, deck_path, "talk")
        votes = VoteStore(store)
        last = talks[-1]
        counts = dict(tally(votes, last.id, poll).counts)
        state = votes.state(last.id, poll.id).state
    return talks, counts, state


def wait_for_talks(data_dir: Path, deck_path: Path, count: int) -> None:
    """The app opens its session just after the first frame, off the key path:
    poll the store until the talk is there (the screen can be up before it)."""
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        if data_dir.joinpath("presenter.sqlite3").exists():
            with Store.open(data_dir) as store:
                if len(sessions(store, deck_path, "talk")) >= count:
                    return
        time.sleep(0.05)  # polling interval of the store, not a wait for an event
    raise AssertionError(f"no talk number {count} in the store")


def test_sigkill_mid_poll_then_restart(terminal: Terminal, tmp_path: Path, data_dir: Path):
    deck = tmp_path / "kill.md"
    deck.write_text(DECK, encoding="utf-8")
    args = (str(deck), "--start", "2", "--data", str(data_dir))

    pid = terminal.start(*args)
    terminal.wait_for(lambda s: "Not open yet" in s, "the poll view")
    wait_for_talks(data_dir, deck, 1)
    terminal.keys("Enter")
    terminal.wait_for(lambda s: "OPEN · 0 voters" in s, "the poll to open")
    terminal.keys("1", "1", "1", "2", "3", "!")  # `!` is Shift+1: one vote off option 1
    terminal.wait_for(lambda s: "OPEN · 4 voters" in s and "2   50%" in s, "the tallies")

    os.kill(pid, signal.SIGKILL)
    wait_gone(pid)
    talks, counts, state = store_view(data_dir, deck)
    assert len(talks) == 1 and talks[0].ended is None
    assert counts == {"unit": 2, "mentoring": 1, "listen": 1}
    assert state == "open"

    pid = terminal.start(*args)
    terminal.wait_for(lambda s: "Resume the talk at slide 2? Enter resumes" in s, "the question")
    terminal.keys("Enter")
    screen = terminal.wait_for(lambda s: "OPEN · 4 voters" in s, "the resumed poll")
    assert "2   50%" in screen and "1   25%" in screen
    # Still open after the restart: more votes come in, into the same session.
    terminal.keys("3")
    terminal.wait_for(lambda s: "OPEN · 5 voters" in s, "a vote after the restart")
    talks, counts, state = store_view(data_dir, deck)
    assert len(talks) == 1 and talks[0].ended is None
    assert counts == {"unit": 2, "mentoring": 1, "listen": 2}

    # A clean quit ends the session; the next start is a new talk with a fresh poll.
    terminal.keys("c")
    terminal.wait_for(lambda s: "CLOSED · 5 voters" in s, "the poll to close")
    terminal.keys("q", "q")  # quitting a talk asks once
    wait_gone(pid)
    talks, _counts, _state = store_view(data_dir, deck)
    assert len(talks) == 1 and talks[0].ended is not None

    pid = terminal.start(*args)
    terminal.wait_for(lambda s: "Not open yet" in s, "a new talk")
    wait_for_talks(data_dir, deck, 2)
    talks, counts, state = store_view(data_dir, deck)
    assert len(talks) == 2 and talks[1].ended is None
    assert counts == {"unit": 0, "mentoring": 0, "listen": 0} and state == "ready"

    # Killed again, but `--new-session` asks for a new talk rather than the resumed one.
    terminal.keys("Enter", "2")
    terminal.wait_for(lambda s: "OPEN · 1 voter" in s, "a vote in the second talk")
    os.kill(pid, signal.SIGKILL)
    wait_gone(pid)
    pid = terminal.start(*args, "--new-session")
    terminal.wait_for(lambda s: "Not open yet" in s, "a third talk")
    wait_for_talks(data_dir, deck, 3)
    talks, _counts, _state = store_view(data_dir, deck)
    assert [t.ended is None for t in talks] == [False, True, True]
    terminal.keys("q", "y")
    wait_gone(pid)
