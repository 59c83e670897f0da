"""Live reload in a real terminal (tmux): an empty save and a half save never
reach the room, and the whole file brings the talk back to its slide."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from presenter.deck.load import parse_deck
from presenter.options import DEFAULT_DECK

from .test_terminal import HEIGHT, WIDTH, close_window, tmux, wait_for

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")


def test_bad_saves_keep_the_last_good_deck_and_the_place(tmp_path: Path) -> None:
    text = DEFAULT_DECK.read_text(encoding="utf-8")
    deck = tmp_path / "deck.md"
    deck.write_text(text, encoding="utf-8")
    total = len(parse_deck(text, deck).shown)
    session = f"presenter-reload-{os.getpid()}"
    command = (
        f"env -u COLUMNS -u LINES PRESENTER_RUNTIME={os.environ['PRESENTER_RUNTIME']}"
        f" PRESENTER_LOG_DIR={tmp_path / 'log'} {sys.executable}"
        f" -m presenter {deck} --start 9 --new-session --data {tmp_path / 'data'}"
    )
    tmux("new-session", "-d", "-s", session, "-x", str(WIDTH), "-y", str(HEIGHT), command)
    try:
        wait_for(session, f"9/{total}")
        deck.write_text("", encoding="utf-8")
        screen = wait_for(session, "Deck not reloaded: the saved file has no")
        assert f"9/{total}" in screen and "This deck has no slides" not in screen
        assert str(tmp_path) not in screen

        half = text[: text.index("\n---\n", len(text) // 3)]
        shown = len(parse_deck(half, deck).shown)
        assert shown < 9
        deck.write_text(half, encoding="utf-8")  # loads, without slide 9: the last one for now
        wait_for(session, f"{shown}/{shown}")

        deck.write_text(text, encoding="utf-8")
        wait_for(session, f"9/{total}")  # back on the slide it was on
    finally:
        close_window(session)
