"""`presenter rehearsals DECK`: the deck's recorded runs from the store, as table/csv/json.

The command only: `report.collect_history` gathers the runs, `report_format`
renders them (so neither of those two imports the other back).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from presenter.exporting import EXIT_ERROR, EXIT_OK, load_deck_for_report, open_existing_store
from presenter.rehearsal.report import collect_history
from presenter.rehearsal.report_format import render_history
from presenter.store import StoreError

FORMATS = ("table", "csv", "json")


def run_rehearsals(
    path: Path, *, fmt: str, data_dir: Path | None, out: TextIO, err: TextIO | None = None
) -> int:
    """The `presenter rehearsals` command; returns the exit code."""
    err = err or sys.stderr
    if fmt not in FORMATS:
        err.write(f"presenter rehearsals: unknown format {fmt!r} (choose {', '.join(FORMATS)})\n")
        return EXIT_ERROR
    deck = load_deck_for_report(path, err, "rehearsals")
    if isinstance(deck, int):
        return deck
    opened = open_existing_store(data_dir, err, "rehearsals")
    if isinstance(opened, int):
        return opened
    try:
        data = collect_history(opened, deck)
    except StoreError as error:
        err.write(f"presenter rehearsals: {error}\n")
        return EXIT_ERROR
    finally:
        if opened is not None:
            opened.close()
    if not data["runs"]:
        message = (
            f"No rehearsal or talk of {path} has been recorded yet: "
            f"rehearse it with `presenter rehearse {path}`."
        )
        if fmt == "table":
            out.write(message + "\n")
            return EXIT_OK
        err.write(message + "\n")
    out.write(render_history(data, deck, fmt))
    return EXIT_OK
