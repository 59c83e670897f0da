"""What becomes of the deck's last talk when `presenter DECK` starts again.

The rule (docs/console.md repeats it):

- `--resume` reopens the deck's last talk (or rehearsal), whether the
  presenter ended it or it was interrupted: same slide and step, clock, votes,
  suggestions and room code.
- `--new-session` starts a new one without asking.
- Otherwise a talk the presenter ended (`q`) is history and a new one starts;
  a talk that was interrupted (a crash, a closed window, a kill) is offered
  back with one question, asked on the terminal before the full-screen app
  starts: "Resume the talk at slide 12? Enter resumes, n starts new". Without a
  terminal to ask on, a new talk starts. While a console of the talk is open
  in another terminal, the talk resumes without asking (the question would be
  asked in front of the room); the console says "Resumed the talk at slide 12.".

`settle_resume(options)` applies the rule and returns the options the app
runs with (`resume` or `new_session` set). It only reads the store, and never
fails: a store it cannot read has nothing to offer.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from collections.abc import Callable
from typing import TextIO

from presenter.deck.position import Position
from presenter.options import PresentOptions
from presenter.session import deck_key
from presenter.store import DB_NAME, data_dir_for

ENTER_KEYS = ("\r", "\n")
NEW_KEYS = ("n", "N")


def interrupted_position(options: PresentOptions) -> Position | None:
    """Where the deck's last session of this kind stopped, if it was interrupted;
    None when it ended, when there is none, or when the store cannot be read."""
    last = _last_stop(options)
    return None if last is None or last[0] else last[1]


def _last_stop(options: PresentOptions) -> tuple[bool, Position] | None:
    """(ended, where) of the deck's last session of this kind; None if there is none."""
    path = data_dir_for(options.data_dir) / DB_NAME
    if not path.is_file():
        return None
    kind = "rehearsal" if options.mode == "rehearse" else "talk"
    try:
        # Not `mode=ro`: after a crash, the first reader rebuilds the WAL's index,
        # which a read-only connection may not do. Nothing is written here.
        conn = sqlite3.connect(path, timeout=1.0)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute(
            "SELECT ended, position_slide, position_step FROM sessions "
            "WHERE deck_path = ? AND kind = ? ORDER BY id DESC LIMIT 1",
            (deck_key(options.deck_path), kind),
        ).fetchone()
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    if row is None:
        return None
    return row[0] is not None, Position(int(row[1] or 0), int(row[2] or 0))


def _resuming(options: PresentOptions, position: Position | None) -> PresentOptions:
    """Resume, opening the app right at `position` (unless `--start` chose a slide):
    keys typed while it starts then move on from there, not from slide 1."""
    options = options._replace(resume=True)
    if position is None or options.start != 1:
        return options
    return options._replace(start=position.slide + 1, start_step=position.step)


def question(options: PresentOptions, position: Position) -> str:
    kind = "rehearsal" if options.mode == "rehearse" else "talk"
    return f"Resume the {kind} at slide {position.slide + 1}? Enter resumes, n starts new "


def settle_resume(
    options: PresentOptions,
    *,
    stdin: TextIO | None = None,
    out: TextIO | None = None,
    read_key: Callable[[TextIO], str] | None = None,
) -> PresentOptions:
    """The options with the rule applied (see the module docstring).

    `read_key` reads one key from `stdin` (default: the terminal in cbreak mode);
    tests pass their own. Raises KeyboardInterrupt on Ctrl+C."""
    if options.mode == "console" or options.new_session:
        return options
    if options.resume:
        last = _last_stop(options)
        return _resuming(options, last[1] if last is not None else None)
    position = interrupted_position(options)
    if position is None:
        return options
    from presenter.sync.server_lock import link_in_use  # only when there is a talk to offer

    if options.mode == "present" and link_in_use(options.deck_path):
        # A console of this talk is open in another terminal: asking here would
        # ask in front of the room. The talk goes on; the console says so.
        return _resuming(options, position)
    stdin = stdin if stdin is not None else sys.stdin
    out = out if out is not None else sys.stdout
    if read_key is None:
        if stdin is None or not (stdin.isatty() and out.isatty()):
            return options._replace(new_session=True)  # no one to ask
        read_key = read_terminal_key
    out.write(question(options, position))
    out.flush()
    while True:
        key = read_key(stdin)
        if key in ENTER_KEYS or key == "":
            resume = key != ""  # end of input: nobody answered, start new
            break
        if key in NEW_KEYS:
            resume = False
            break
        if key == "\x03":
            out.write("\n")
            raise KeyboardInterrupt
    out.write("\n")
    out.flush()
    return _resuming(options, position) if resume else options._replace(new_session=True)


def read_terminal_key(stdin: TextIO) -> str:
    """One key from the terminal, without waiting for Enter or echoing it."""
    import termios
    import tty

    fd = stdin.fileno()
    saved = termios.tcgetattr(fd)
    try:
        # TCSANOW, not the default TCSAFLUSH: a key pressed as the question
        # appeared is the answer, not something to throw away.
        tty.setcbreak(fd, termios.TCSANOW)
        # One byte from the descriptor, not `stdin.read(1)`: Python's buffer
        # would swallow keys typed right after the answer, which belong to the talk.
        return os.read(fd, 1).decode("latin-1")
    finally:
        with contextlib.suppress(termios.error):
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)
