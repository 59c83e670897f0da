"""The resume rule in a real terminal (tmux): a killed talk or a closed window is
offered back with one key; a talk ended with `q` starts new."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from presenter.deck.load import load_deck
from presenter.deck.position import Position
from presenter.options import DEFAULT_DECK, PresentOptions
from presenter.resume import interrupted_position

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")

TOTAL = len(load_deck(DEFAULT_DECK).shown)
QUESTION = "Resume the talk at slide 4? Enter resumes, n starts new"


SOCKET = f"presenter-resume-{os.getpid()}"
"""A tmux server of this test's own: other tmux users come and go meanwhile."""


def tmux(*args: str) -> str:
    command = ["tmux", "-L", SOCKET, "-f", os.devnull, *args]
    return subprocess.run(command, capture_output=True, text=True, check=False).stdout


def wait_for(session: str, text: str, timeout: float = 15.0) -> str:
    """Poll the pane until `text` shows (waiting on the screen, not sleeping)."""
    deadline = time.monotonic() + timeout
    while True:
        screen = tmux("capture-pane", "-p", "-t", session)
        if text in screen:
            return screen
        if time.monotonic() > deadline:
            raise AssertionError(f"{text!r} never showed; screen:\n{screen}")


def running(pid: int) -> bool:
    """True while `pid` runs; an ended process its parent (tmux) has not yet reaped has ended."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:  # gone meanwhile
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def wait_gone(pid: int, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not running(pid):
            return
    raise AssertionError(f"process {pid} is still running")


def wait_stored(data: Path, position: Position, timeout: float = 15.0) -> None:
    """Poll the store until the talk's position is committed there."""
    options = PresentOptions(DEFAULT_DECK, data_dir=data)
    deadline = time.monotonic() + timeout
    while interrupted_position(options) != position:
        assert time.monotonic() < deadline, f"{position} was never stored"


def start(session: str, data: Path, log: Path, *flags: str) -> int:
    """`presenter DECK` in a new tmux window; returns its pid (`env` execs the program)."""
    command = (
        f"env -u COLUMNS -u LINES PRESENTER_LOG_DIR={log} "
        f"{sys.executable} -m presenter {DEFAULT_DECK} --data {data} {' '.join(flags)}"
    )
    tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30", command)
    return int(tmux("display-message", "-p", "-t", session, "#{pane_pid}").strip())


def quit_with_q(session: str) -> None:
    tmux("send-keys", "-t", session, "q")
    # Quitting a talk may ask first: a second q confirms.
    tmux("send-keys", "-t", session, "q")
    deadline = time.monotonic() + 15
    while session in tmux("list-sessions", "-F", "#{session_name}").split():
        assert time.monotonic() < deadline, "q did not end the talk"


def test_a_killed_talk_is_offered_back_and_q_ends_it(tmp_path: Path) -> None:
    data, log = tmp_path / "data", tmp_path / "log"
    session = "talk"
    # A session that outlives the talks: the server would exit with the last one,
    # racing the next start.
    tmux("new-session", "-d", "-s", "keep", "sleep 600")
    try:
        pid = start(session, data, log)
        wait_for(session, f"1/{TOTAL}")
        tmux("send-keys", "-t", session, "4", "Enter")
        wait_for(session, f"4/{TOTAL}")
        wait_stored(data, Position(3, 0))  # the move is committed a moment after it shows
        os.kill(pid, signal.SIGKILL)  # a crash: nothing is closed
        wait_gone(pid)
        tmux("kill-session", "-t", session)

        pid = start(session, data, log)
        wait_for(session, QUESTION)
        # The answer and the next key in one go: the key after it is the talk's.
        tmux("send-keys", "-t", session, "Enter", "Right")
        wait_for(session, f"5/{TOTAL}")
        tmux("send-keys", "-t", session, "Left")
        wait_for(session, f"4/{TOTAL}")
        tmux("kill-session", "-t", session)  # a closed window: SIGHUP
        wait_gone(pid)

        pid = start(session, data, log)
        wait_for(session, QUESTION)
        tmux("send-keys", "-t", session, "n")
        wait_for(session, f"1/{TOTAL}")
        tmux("send-keys", "-t", session, "4", "Enter")
        wait_for(session, f"4/{TOTAL}")
        quit_with_q(session)

        start(session, data, log, "--resume")  # --resume brings the ended talk back
        wait_for(session, f"4/{TOTAL}")
        quit_with_q(session)

        start(session, data, log)
        wait_for(session, f"1/{TOTAL}")  # ended by the presenter: no question
        assert "Resume" not in tmux("capture-pane", "-p", "-t", session)
    finally:
        tmux("kill-server")


def test_with_a_console_open_a_killed_talk_resumes_without_asking_the_room(
    tmp_path: Path,
) -> None:
    """The question would be asked on the projected screen: with the talk's
    console open in another terminal, the talk simply goes on, and the console
    says so."""
    data, log = tmp_path / "data", tmp_path / "log"
    tmux("new-session", "-d", "-s", "keep", "sleep 600")
    try:
        console = (
            f"env -u COLUMNS -u LINES PRESENTER_LOG_DIR={log} "
            f"{sys.executable} -m presenter console {DEFAULT_DECK} --data {data}"
        )
        pid = start("talk", data, log)
        wait_for("talk", f"1/{TOTAL}")
        tmux("new-session", "-d", "-s", "console", "-x", "100", "-y", "30", console)
        wait_for("console", "linked")
        tmux("send-keys", "-t", "talk", "4", "Enter")
        wait_for("talk", f"4/{TOTAL}")
        wait_stored(data, Position(3, 0))
        os.kill(pid, signal.SIGKILL)  # a crash, with the console still open
        wait_gone(pid)
        tmux("kill-session", "-t", "talk")

        start("talk", data, log)
        screen = wait_for("talk", f"4/{TOTAL}")
        assert "Resume" not in screen
        wait_for("console", "Resumed the talk at slide 4.")
    finally:
        tmux("kill-server")
