"""The real command in a real terminal (tmux): what a presenter sees after paging
through the bundled deck matches a fresh render of the same slide, so repainting
only the rows that change never leaves stale text behind."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from presenter.deck.load import load_deck
from presenter.deck.position import Position, next_position, previous_position
from presenter.options import DEFAULT_DECK, PresentOptions
from presenter.tui.app import PresenterApp

from .conftest import screen_text

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")

WIDTH, HEIGHT = 100, 30

SOCKET = f"presenter-paging-{os.getpid()}"
"""A tmux server of these tests' own, apart from anyone else's tmux."""


def tmux(*args: str) -> str:
    command = ["tmux", "-L", SOCKET, "-f", os.devnull, *args]
    return subprocess.run(command, capture_output=True, text=True, check=False).stdout


def close_window(session: str) -> None:
    """Close the window and wait until the app in it has ended: an app still
    closing would link with the next one started for the same deck."""
    pid = int(tmux("display-message", "-p", "-t", session, "#{pane_pid}").strip() or 0)
    tmux("kill-session", "-t", session)
    deadline = time.monotonic() + 15
    while pid:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        assert time.monotonic() < deadline, f"the app (pid {pid}) outlived its window"


def capture(session: str) -> str:
    return "\n".join(
        line.rstrip() for line in tmux("capture-pane", "-p", "-t", session).splitlines()
    )


def wait_for(session: str, text: str, timeout: float = 10.0) -> str:
    """Poll the pane until `text` shows (this is waiting on the screen, not sleeping)."""
    deadline = time.monotonic() + timeout
    while True:
        screen = capture(session)
        if text in screen:
            return screen
        if time.monotonic() > deadline:
            raise AssertionError(f"{text!r} never showed; screen:\n{screen}")


async def expected_screens(positions: list[Position]) -> list[str]:
    deck = load_deck(DEFAULT_DECK)
    app = PresenterApp(PresentOptions(deck_path=DEFAULT_DECK), deck=deck, watch_file=False)
    screens = []
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        for position in positions:
            app.position = position
            await pilot.pause()
            text = screen_text(app)
            screens.append("\n".join(line.rstrip() for line in text.splitlines()))
    return screens


async def test_paging_in_a_real_terminal_matches_fresh_renders(tmp_path: Path) -> None:
    deck = load_deck(DEFAULT_DECK)
    session = f"presenter-test-{id(tmp_path)}"
    # COLUMNS/LINES (set by test tooling) would override the pane's real size.
    command = (
        f"env -u COLUMNS -u LINES PRESENTER_RUNTIME={os.environ['PRESENTER_RUNTIME']}"
        f" {sys.executable} -m presenter {DEFAULT_DECK}"
        f" --new-session --data {tmp_path / 'data'}"
    )
    tmux("new-session", "-d", "-s", session, "-x", str(WIDTH), "-y", str(HEIGHT), command)
    try:
        total = len(deck.shown)
        wait_for(session, f"1/{total}")
        seen: list[tuple[Position, str]] = []
        position = Position(0, 0)
        # Forward through the content slides before the poll, then back a few.
        for key in ["Right"] * 11 + ["Left"] * 3:
            tmux("send-keys", "-t", session, key)
            position = (next_position if key == "Right" else previous_position)(deck, position)
            slide = deck.shown[position.slide]
            marker = f"{position.slide + 1}/{total}"
            if slide.steps > 1:
                marker = "●" * (position.step + 1) + "○" * (slide.steps - position.step - 1)
                marker += f"  {position.slide + 1}/{total}"
            seen.append((position, wait_for(session, marker)))
    finally:
        close_window(session)
    expected = await expected_screens([p for p, _ in seen])
    for (position, actual), wanted in zip(seen, expected, strict=True):
        assert actual == wanted, f"stale text on screen at {position}"
