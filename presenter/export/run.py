"""`presenter export DECK`: load the deck and its results, render, write the file.

Results come from `presenter results`'s own `collect_results`, with the same
choice of sessions (the latest talk, `--session ID` or `--all`), or with
`--store URL --event NAME` from a shared event (`load_shared_results`), a
column per room and the total. The file is
written whole or not at all (a temporary file renamed into place); `-o -`
writes HTML or Markdown to standard output.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from presenter.deck.model import Deck
from presenter.export.options import ExportOptions
from presenter.export.outcomes import HandoutResults, handout_results
from presenter.exporting import (
    EXIT_ERROR,
    EXIT_OK,
    load_deck_for_report,
    open_existing_store,
    plain,
)
from presenter.polls.results import collect_results
from presenter.store import StoreError

SUFFIXES = {"html": ".html", "pdf": ".pdf", "md": ".md"}


class ExportFailed(Exception):
    """Why the export cannot be made, in one sentence for the user (empty: already said)."""


def _results(
    deck: Deck, path: Path, options: ExportOptions, data_dir: Path | None, err: TextIO
) -> HandoutResults | None:
    """The results to print, or None for `--no-results`; raises ExportFailed."""
    if not options.results:
        return None
    if options.store is not None:
        return _shared_results(deck, options)
    opened = open_existing_store(data_dir, err, "export")
    if isinstance(opened, int):
        raise ExportFailed("")  # already said why, as `presenter results` says it
    if opened is None:
        if options.session is not None:
            raise ExportFailed(f"there is no session {options.session}: nothing is recorded yet")
        data = {"deck": str(path), "sessions": []}
    else:
        try:
            data = collect_results(
                opened,
                deck,
                session=options.session,
                all_sessions=options.all_sessions,
                include_rejected=options.include_rejected,
            )
        except LookupError as error:
            raise ExportFailed(f"{error}; `presenter results {path} --all` lists them") from None
        except StoreError as error:
            raise ExportFailed(str(error)) from None
        finally:
            opened.close()
    if not data["sessions"] and deck.polls:
        err.write(
            f"presenter export: no talk of {path} is recorded yet; the handout has no results\n"
        )
    return handout_results(data, deck)


def _shared_results(deck: Deck, options: ExportOptions) -> HandoutResults:
    """A shared event's results: a column per room and the total (`--store`)."""
    from presenter.shared.results import SharedResultsError, load_shared_results

    assert options.store is not None
    try:
        data = load_shared_results(deck, options.store, options.event or "")
    except SharedResultsError as error:
        raise ExportFailed(str(error)) from None
    return handout_results(data, deck)


def render(deck: Deck, results: HandoutResults | None, options: ExportOptions) -> bytes:
    """The exported file's bytes; raises `PdfUnavailable` when PDF cannot be printed."""
    if options.fmt == "md":
        from presenter.export.markdown import render_markdown

        return render_markdown(deck, results, options).encode("utf-8")
    from presenter.export.document import render_html

    html = render_html(deck, results, options)
    if options.fmt == "pdf":
        from presenter.export.pdf import html_to_pdf

        return html_to_pdf(html)
    return html.encode("utf-8")


def _write(target: Path, content: bytes) -> None:
    """Write the whole file or nothing: a temporary file beside it, renamed into place."""
    folder = target.parent
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(temporary, 0o666 & ~umask)  # as an ordinary new file, not mkstemp's 0600
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def run_export(
    path: Path,
    options: ExportOptions,
    *,
    output: Path | None,
    data_dir: Path | None,
    out: TextIO,
    err: TextIO | None = None,
) -> int:
    """The `presenter export` command; returns the exit code."""
    from presenter.export.pdf import PdfUnavailable

    err = err or sys.stderr
    deck = load_deck_for_report(path, err, "export")
    if isinstance(deck, int):
        return deck
    to_stdout = output is not None and str(output) == "-"
    if to_stdout and options.fmt == "pdf":
        err.write("presenter export: PDF is written to a file; name one with -o FILE.pdf\n")
        return EXIT_ERROR
    try:
        results = _results(deck, path, options, data_dir, err)
        content = render(deck, results, options)
    except ExportFailed as failed:
        if str(failed):
            err.write(f"presenter export: {plain(str(failed))}\n")
        return EXIT_ERROR
    except PdfUnavailable as missing:
        err.write(f"presenter export: {missing}\n")
        return EXIT_ERROR
    if to_stdout:
        out.write(content.decode("utf-8"))
        return EXIT_OK
    target = output if output is not None else Path(path.stem + SUFFIXES[options.fmt])
    try:
        _write(target, content)
    except OSError as error:
        reason = error.strerror or str(error)
        err.write(f"presenter export: cannot write {plain(str(target))}: {reason}\n")
        return EXIT_ERROR
    shape = "" if options.fmt == "md" else f", {options.layout} layout"
    out.write(f"Wrote {plain(str(target))} ({options.fmt}{shape}).\n")
    return EXIT_OK
