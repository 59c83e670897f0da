"""What the report commands (`presenter results`, `presenter rehearsals`) share.

Loading the deck with `check`'s exit codes, opening the store without creating
one, and making outside text safe for a terminal, a CSV cell or Markdown.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import TextIO

from presenter.deck.durations import clock_text
from presenter.deck.model import Deck, DeckError, DeckReadError
from presenter.outside_text import clean_text
from presenter.store import DB_NAME, Store, StoreError, data_dir_for

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_UNREADABLE = 2

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def load_deck_for_report(path: Path, err: TextIO, command: str) -> Deck | int:
    """The deck, or the exit code after printing why it cannot be read (as `check` does)."""
    from presenter.deck.load import load_deck

    try:
        return load_deck(path)
    except DeckReadError as error:
        err.write(f"presenter {command}: {plain(error.message)} ({path})\n")
        return EXIT_UNREADABLE
    except DeckError as error:
        for problem in error.errors:
            err.write(f"presenter {command}: {plain(str(problem))}\n")
        err.write(f"presenter {command}: fix the deck (see `presenter check {path}`)\n")
        return EXIT_ERROR


def open_existing_store(data_dir: Path | None, err: TextIO, command: str) -> Store | int | None:
    """The store if one exists (None if nothing was ever recorded), or an exit code."""
    folder = data_dir_for(data_dir)
    if folder.exists() and not folder.is_dir():
        err.write(
            f"presenter {command}: {folder} is a file; --data (or $PRESENTER_DATA) names "
            "the folder the store is in\n"
        )
        return EXIT_ERROR
    if not (folder / DB_NAME).exists():
        return None
    try:
        return Store.open(folder)
    except StoreError as error:
        err.write(f"presenter {command}: {error}\n")
        return EXIT_ERROR


def plain(text: str) -> str:
    """Text safe to print on a terminal (`presenter.outside_text`), tabs as spaces."""
    return clean_text(text).replace("\t", " ")


def one_line(text: str) -> str:
    return clean_text(text, one_line=True)


def md_text(text: str) -> str:
    """Text shown literally by a Markdown renderer (and inside a table cell)."""
    return _MD_SPECIAL.sub(r"\\\1", one_line(text))


def short_time(stamp: str | None) -> str:
    """'2026-01-01 09:00 UTC' for a stored ISO timestamp ('' for none)."""
    if not stamp:
        return ""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return plain(stamp)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def mmss(seconds: float | None) -> str:
    """'1:05' for 65 s, '-0:10' for -10 s, '' for None."""
    if seconds is None:
        return ""
    sign = "-" if seconds < 0 else ""
    return sign + clock_text(round(abs(seconds)))
