"""What a handout should hold: format, layout, notes, which sessions' results."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Format = Literal["html", "pdf", "md"]
Layout = Literal["slides", "handout"]

FORMATS: tuple[Format, ...] = ("html", "pdf", "md")
LAYOUTS: tuple[Layout, ...] = ("slides", "handout")


@dataclass(frozen=True)
class ExportOptions:
    """One export. `session` None and `all_sessions` False: the deck's latest talk."""

    fmt: Format = "html"
    layout: Layout = "slides"
    notes: bool = False
    session: int | None = None
    all_sessions: bool = False
    results: bool = True
    include_rejected: bool = False
    theme: str | None = None
    store: str | None = None
    """A shared event's PostgreSQL URL: its rooms' results instead of a local talk's."""
    event: str | None = None


def format_for(output: Path | None, requested: str | None) -> Format:
    """The asked-for format, else the one the output file's suffix names, else HTML."""
    if requested in FORMATS:
        return requested  # type: ignore[return-value]
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    if suffix in ("pdf", "md"):
        return suffix  # type: ignore[return-value]
    if suffix == "markdown":
        return "md"
    return "html"
