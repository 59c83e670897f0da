"""An unexpected error in the real app, in a real terminal (tmux): the terminal
(which the room may be watching) gets one short line, the log file gets the
traceback, and the talk is offered back where it was."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import pytest

from presenter.deck.load import load_deck
from presenter.options import DEFAULT_DECK
from presenter.tui.launch import STOPPED_ON_AN_ERROR

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")

TOTAL = len(load_deck(DEFAULT_DECK).shown)
FAILURE = "an unexpected failure in a key's action"

# The real program, with one action made to fail: `t` (the talk clock) raises.
FAULTY = textwrap.dedent(
    f"""
    import sys
    from presenter.cli import main
    from presenter.tui.talk import Talk

    def fail(self):
        raise RuntimeError({FAILURE!r})

    Talk.toggle_timer = fail
    raise SystemExit(main(sys.argv[1:]))
    """
)


class Terminal:
    def __init__(self) -> None:
        self.socket = f"presenter-crash-{uuid.uuid4().hex[:12]}"

    def tmux(self, *args: str) -> str:
        command = ["tmux", "-L", self.socket, "-f", os.devnull, *args]
        return subprocess.run(command, capture_output=True, text=True, check=False).stdout

    def start(self, window: str, command: str) -> None:
        # The window stays after the program ends, so what it printed last can be read.
        self.tmux(
            "new-session", "-d", "-x", "100", "-y", "30", "-s", window, f"{command}; sleep 600"
        )

    def wait_for(self, window: str, text: str) -> str:
        deadline = time.monotonic() + 15
        while True:
            screen = "".join(self.tmux("capture-pane", "-p", "-J", "-t", window).splitlines())
            if text in screen:
                return screen
            assert time.monotonic() < deadline, f"{text!r} never showed; screen:\n{screen}"


def test_an_unexpected_error_leaves_one_line_and_the_talk_to_resume(tmp_path: Path) -> None:
    faulty = tmp_path / "faulty.py"
    faulty.write_text(FAULTY, encoding="utf-8")
    data, log = tmp_path / "data", tmp_path / "log"
    env = (
        f"env -u COLUMNS -u LINES PRESENTER_LOG_DIR={log} "
        f"PRESENTER_RUNTIME={os.environ['PRESENTER_RUNTIME']}"
    )
    terminal = Terminal()
    try:
        terminal.start("talk", f"{env} {sys.executable} {faulty} {DEFAULT_DECK} --data {data}")
        terminal.wait_for("talk", f"1/{TOTAL}")
        terminal.tmux("send-keys", "-t", "talk", "Right")
        terminal.wait_for("talk", f"2/{TOTAL}")
        terminal.tmux("send-keys", "-t", "talk", "t")
        screen = terminal.wait_for("talk", STOPPED_ON_AN_ERROR)
        assert "Traceback" not in screen and "RuntimeError" not in screen
        assert str(log) not in screen  # no path in front of the room
        written = (log / "presenter.log").read_text(encoding="utf-8")
        assert f"RuntimeError: {FAILURE}" in written and "\x1b" not in written

        terminal.start("again", f"{env} {sys.executable} -m presenter {DEFAULT_DECK} --data {data}")
        terminal.wait_for("again", "Resume the talk at slide 2?")
    finally:
        terminal.tmux("kill-server")
