"""`presenter check DECK [--json] [--strict] [--dialect NAME]`: what a deck holds and what
is wrong with it.

Reads the dialect, titles, notes, steps, budgets and polls from the line scan (no
Markdown parse); says which tool the deck was read as written for, why, and what
was assumed where that tool's rules live outside the Markdown. Exit codes: 0 no errors (warnings allowed unless `strict`), 1 errors (or
warnings under `strict`), 2 the file could not be read. Problems are printed as
`path:line:column: message` (warnings as `path:line:column: warning: message`),
every one of them, never a traceback.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TextIO

from presenter.deck.detect import Detection
from presenter.deck.durations import format_duration
from presenter.deck.images import image_problems
from presenter.deck.load import analyse
from presenter.deck.model import Deck, DeckReadError, Diagnostic, Poll, Slide
from presenter.deck.source import read_source
from presenter.outside_text import clean_text

OverflowChecker = Callable[[Deck], Mapping[int, bool]]

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_UNREADABLE = 2


def run_check(
    path: Path,
    *,
    as_json: bool,
    strict: bool,
    overflow: OverflowChecker | None,
    out: TextIO,
    size: tuple[int, int] | None = None,
    dialect: str | None = None,
) -> int:
    """Check the deck at `path`, write the report to `out`, return the exit code.

    `overflow` measures slides at the terminal `size` (width, height) it was made for;
    `dialect` overrides the dialect the deck's own signs point to.
    """
    report = io.StringIO()
    code = _run_check(
        path,
        as_json=as_json,
        strict=strict,
        overflow=overflow,
        size=size,
        out=report,
        dialect=dialect,
    )
    try:
        out.write(report.getvalue())
        out.flush()
    except BrokenPipeError:
        # `presenter check deck | head`: the reader left early; the verdict still stands.
        _silence_stdout()
    return code


def _silence_stdout() -> None:
    import os
    import sys

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _run_check(
    path: Path,
    *,
    as_json: bool,
    strict: bool,
    overflow: OverflowChecker | None,
    size: tuple[int, int] | None,
    out: TextIO,
    dialect: str | None = None,
) -> int:
    terminal = f"a {size[0]}x{size[1]} terminal" if size else "the terminal size checked"
    try:
        text = read_source(path)
    except DeckReadError as error:
        if as_json:
            _write_json(out, _json_report(path, None, None, error.errors, (), None))
        else:
            for diagnostic in error.errors:
                out.write(_line(diagnostic) + "\n")
        return EXIT_UNREADABLE
    analysis = analyse(text, path, dialect)
    deck = analysis.deck
    detection = analysis.detection
    errors = list(analysis.errors)
    warnings = list(analysis.warnings) + image_problems(text, path)
    overflows: dict[int, bool] | None = None
    if overflow is not None:
        overflows, problem = _measure(deck, overflow)
        if problem is not None:
            errors.append(problem)
        for slide in deck.slides:
            if overflows.get(slide.index):
                warnings.append(
                    Diagnostic(
                        str(path),
                        slide.start_line,
                        1,
                        f"slide {slide.index + 1} does not fit {terminal}; "
                        "shorten it or split it in two",
                        "warning",
                    )
                )
        warnings.sort(key=lambda d: (d.line, d.column))
    if as_json:
        _write_json(out, _json_report(path, deck, detection, errors, warnings, overflows))
    else:
        _write_human(out, deck, detection, errors, warnings, strict)
    if errors or (strict and warnings):
        return EXIT_PROBLEMS
    return EXIT_OK


def _measure(deck: Deck, overflow: OverflowChecker) -> tuple[dict[int, bool], Diagnostic | None]:
    try:
        return dict(overflow(deck)), None
    except Exception as error:  # the measuring code is not the author's mistake
        return {}, Diagnostic(
            str(deck.path),
            1,
            1,
            f"the slides could not be measured ({type(error).__name__}: {error}); "
            "check without --size",
        )


def _line(diagnostic: Diagnostic) -> str:
    # Errors read `path:line:column: message`, the contract's form; warnings say what they are.
    if diagnostic.severity == "warning":
        return f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}: warning: {diagnostic.message}"
    return str(diagnostic)


# -- JSON -------------------------------------------------------------------------------


def _poll_json(poll: Poll | None) -> dict[str, Any] | None:
    if poll is None:
        return None
    return {
        "id": poll.id,
        "question": poll.question,
        "kind": poll.kind,
        "options": [{"id": option.id, "label": option.label} for option in poll.options],
        "suggestions": poll.suggestions,
        "results": poll.results,
    }


def _slide_json(slide: Slide, overflows: Mapping[int, bool] | None) -> dict[str, Any]:
    item: dict[str, Any] = {
        "index": slide.index,
        "title": slide.title,
        "line": slide.start_line,
        "steps": slide.steps,
        "notes": slide.notes,
        "budget_s": slide.budget_s,
        "skip": slide.skip,
        "poll": _poll_json(slide.poll),
    }
    if overflows is not None:
        item["overflow"] = bool(overflows.get(slide.index, False))
    return item


def _diagnostic_json(diagnostic: Diagnostic) -> dict[str, Any]:
    return {"line": diagnostic.line, "column": diagnostic.column, "message": diagnostic.message}


def _json_report(
    path: Path,
    deck: Deck | None,
    detection: Detection | None,
    errors: list[Diagnostic] | tuple[Diagnostic, ...],
    warnings: list[Diagnostic] | tuple[Diagnostic, ...],
    overflows: Mapping[int, bool] | None,
) -> dict[str, Any]:
    return {
        "path": str(path),
        "dialect": deck.dialect if deck is not None else None,
        "dialect_reason": detection.reason if detection is not None else None,
        "dialect_assumption": detection.assumption or None if detection is not None else None,
        "title": deck.title if deck is not None else None,
        "duration_s": deck.meta.duration_s if deck is not None else None,
        "slides": [_slide_json(s, overflows) for s in deck.slides] if deck is not None else [],
        "errors": [_diagnostic_json(d) for d in errors],
        "warnings": [_diagnostic_json(d) for d in warnings],
    }


def _write_json(out: TextIO, report: dict[str, Any]) -> None:
    # One line: the pure-Python indenting encoder costs more than the whole scan.
    out.write(json.dumps(report, ensure_ascii=False) + "\n")


# -- Human report --------------------------------------------------------------------------


def _clean(text: str) -> str:
    """Deck text made safe for a terminal (`presenter.outside_text`), on one line."""
    return clean_text(text, one_line=True)


def _write_human(
    out: TextIO,
    deck: Deck,
    detection: Detection | None,
    errors: list[Diagnostic],
    warnings: list[Diagnostic],
    strict: bool,
) -> None:
    write = out.write
    slides = deck.slides
    shown = deck.shown
    total = sum(s.budget_s or 0.0 for s in shown)
    head = f"{deck.path}: {_clean(deck.title) or '(untitled)'}"
    write(f"{head}\n")
    counts = f"{len(slides)} slides"
    if len(shown) != len(slides):
        counts += f" ({len(shown)} shown, {len(slides) - len(shown)} skipped)"
    steps = sum(s.steps for s in shown)
    duration = deck.meta.duration_s
    timing = (
        f"budgets {format_duration(total)} of {format_duration(duration)}"
        if duration is not None
        else "no duration set"
        + (f", budgets {format_duration(total)}" if any(s.budget_s for s in shown) else "")
    )
    write(f"{counts}, {steps} steps, {timing}\n")
    if detection is not None:
        write(f"dialect: {detection.dialect.label} ({_clean(detection.reason)})\n")
        if detection.assumption:
            write(f"assumed: {detection.assumption}\n")
    write("\n")
    if slides:
        width = max(len(_clean(s.title)) for s in slides)
        write(f"{'#':>3}  {'line':>5}  {'steps':>5}  {'budget':>7}  notes  title\n")
        for slide in slides:
            flags = []
            if slide.kind == "title":
                flags.append("title page")
            if slide.skip:
                flags.append("skipped")
            if slide.poll is not None:
                flags.append(f"poll {slide.poll.id}")
            suffix = f"  [{', '.join(flags)}]" if flags else ""
            notes = "yes" if slide.notes else "NO"
            title = _clean(slide.title) or "(untitled)"
            write(
                f"{slide.index + 1:>3}  {slide.start_line:>5}  {slide.steps:>5}  "
                f"{format_duration(slide.budget_s):>7}  {notes:>5}  "
                f"{title:<{width}}{suffix}".rstrip()
                + "\n"
            )
    polls = [s for s in slides if s.poll is not None]
    if polls:
        write("\nPolls:\n")
        for slide in polls:
            poll = slide.poll
            assert poll is not None
            kind = f"multi, up to {poll.max}" if poll.kind == "multi" else poll.kind
            extras = [kind, f"{len(poll.options)} options", f"results {poll.results}"]
            if poll.suggestions:
                extras.append("suggestions on")
            write(
                f"  slide {slide.index + 1}: {_clean(poll.id)} ({', '.join(extras)}): "
                f"{_clean(poll.question)}\n"
            )
            for number, option in enumerate(poll.options, start=1):
                write(f"    {number}. {_clean(option.label)}  [{_clean(option.id)}]\n")
    without = [str(s.index + 1) for s in slides if not s.notes and not s.skip]
    if deck.meta.expects_notes:
        write(f"\nSlides without notes: {', '.join(without) if without else 'none'}\n")
    if errors or warnings:
        write("\n")
        for diagnostic in sorted(
            [*errors, *warnings], key=lambda d: (d.line, d.column, d.severity)
        ):
            write(_line(diagnostic) + "\n")
    verdict = "FAILED" if errors or (strict and warnings) else "OK"
    error_word = "error" if len(errors) == 1 else "errors"
    warning_word = "warning" if len(warnings) == 1 else "warnings"
    strict_note = " (--strict: warnings fail)" if strict and warnings and not errors else ""
    write(f"\n{verdict}: {len(errors)} {error_word}, {len(warnings)} {warning_word}{strict_note}\n")
