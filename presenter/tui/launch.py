"""`run_app(options) -> int`: load the deck, report a broken one plainly, run the app.

A deck that cannot be presented never starts the full-screen app: its
problems are printed as `path:line:column: message` lines (exit 1; exit 2
when the file cannot be read) and the terminal is left as it was.
"""

from __future__ import annotations

import asyncio
import gc
import io
import logging
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr
from typing import TYPE_CHECKING, TextIO

from presenter.deck.model import Deck, DeckError, DeckReadError
from presenter.options import PresentOptions
from presenter.tui.render.palette import PALETTES

if TYPE_CHECKING:
    from presenter.tui.app import PresenterApp

FRAME_WRITER_SWITCH_INTERVAL_S = 0.001
STOPPED_ON_AN_ERROR = (
    "presenter stopped on an unexpected error (the log file has the details; "
    "`presenter --version` says where it is). Start it again: the talk goes on where it was."
)
SIGNAL_GRACE_S = 5.0
"""After SIGTERM or SIGHUP, how long the app may take to close before the process ends anyway."""


def run_app(options: PresentOptions, *, err: TextIO | None = None) -> int:
    err = err if err is not None else sys.stderr
    if options.theme is not None and options.theme.lower() not in PALETTES:
        names = ", ".join(PALETTES)
        print(f"presenter: unknown theme {options.theme!r} (choose {names})", file=err)
        return 2
    # Start-up makes many objects and next to no garbage: with the cyclic
    # collector off until slide 1 is on screen (the app turns it back on then,
    # in `PresenterApp._after_first_frame`), the hundred or so collections it
    # would run while Textual and the deck load are skipped (~10 ms).
    gc.disable()
    try:
        deck = _load(options, err)
        if not isinstance(deck, Deck):
            return deck
        from presenter.resume import settle_resume

        options = settle_resume(options)
        from presenter.tui.app import PresenterApp

        app = PresenterApp(options, deck=deck)
        # Textual hands each frame to its own writer thread. While the event
        # loop is busy with work the frame does not wait for (preparing the next
        # slide, mounting a poll view), that thread waits for the GIL up to the
        # switch interval for each piece of the frame: 5 ms by default, so a
        # slide could reach the terminal 15-20 ms late. At 1 ms it gets there first.
        switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(FRAME_WRITER_SWITCH_INTERVAL_S)
        try:
            with _signals_end_the_app(app), _errors_to_the_log(app, err):
                result = app.run()
        finally:
            sys.setswitchinterval(switch_interval)
        return result if isinstance(result, int) else (app.return_code or 0)
    finally:
        gc.enable()


@contextmanager
def _signals_end_the_app(app: PresenterApp) -> Iterator[None]:
    """SIGTERM and SIGHUP (a closed window) end the app cleanly, as interrupted:
    the terminal is restored and the talk left to be resumed, not ended."""

    def ended_by(signum: int, _frame: object) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            # No app running yet, or no longer: nothing to close cleanly, so end
            # as the signal would have (the store loses nothing acknowledged).
            _end_now(signum)
            return
        loop.call_soon_threadsafe(app.interrupt, 128 + signum)
        # A closed window takes the terminal with it: should the app not get to
        # the end of its shutdown, the process still ends, never lingering.
        timer = threading.Timer(SIGNAL_GRACE_S, _end_now, args=(signum,))
        timer.daemon = True
        timer.start()

    caught = (signal.SIGTERM, signal.SIGHUP)
    previous = {signum: signal.signal(signum, ended_by) for signum in caught}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextmanager
def _errors_to_the_log(app: PresenterApp, err: TextIO) -> Iterator[None]:
    """What the app would print on the terminal as it ends (the traceback of an
    unexpected error) goes to the log file; the terminal, which the room may
    be watching, gets one short line. The talk is left to be resumed."""
    caught = io.StringIO()
    with redirect_stderr(caught):
        yield
    printed = caught.getvalue().strip()
    if not printed:
        return
    from rich.text import Text

    printed = Text.from_ansi(printed).plain  # the log is plain text
    if app.return_code == 1:  # what Textual sets when an error ends the app
        logging.getLogger("presenter").error("the app stopped on an error:\n%s", printed)
        print(STOPPED_ON_AN_ERROR, file=err)
    else:
        logging.getLogger("presenter").warning("printed while presenting:\n%s", printed)


def _end_now(signum: int) -> None:
    # Called from the grace timer's thread too, where `signal.signal` cannot put
    # the default action back: end with the status a death by `signum` reports.
    os._exit(128 + signum)


def _load(options: PresentOptions, err: TextIO) -> Deck | int:
    """The deck, or the exit status after printing why it cannot be presented."""
    from presenter.deck.load import load_deck

    try:
        return load_deck(options.deck_path, options.dialect)
    except DeckReadError as error:
        for problem in error.errors:
            print(problem, file=err)
        return 2
    except DeckError as error:
        for problem in error.errors:
            print(problem, file=err)
        return 1
