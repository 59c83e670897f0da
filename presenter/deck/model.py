"""The deck model: frozen dataclasses that every other layer reads.

A `Deck` is what a Markdown file becomes after the cheap line scan: slides with
their source lines, notes, steps, budgets and polls. Nothing here parses
Markdown; a slide's Markdown is parsed only when something needs to draw it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

PollKind = Literal["single", "multi", "rank"]
ResultsMode = Literal["live", "after-close"]
Severity = Literal["error", "warning"]
SlideKind = Literal["content", "title"]

POLL_KINDS: tuple[PollKind, ...] = ("single", "multi", "rank")
RESULTS_MODES: tuple[ResultsMode, ...] = ("live", "after-close")
MIN_OPTIONS = 2
MAX_OPTIONS = 9


def _empty_mapping() -> Mapping[str, Any]:
    return MappingProxyType({})


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a deck, with where it is and how to fix it."""

    path: str
    line: int
    column: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


class DeckError(Exception):
    """A deck that cannot be presented.

    Carries every error found (not only the first) and the warnings collected
    on the way; `path`, `line`, `column` and `message` are those of the first.
    """

    def __init__(
        self,
        errors: list[Diagnostic] | tuple[Diagnostic, ...],
        warnings: tuple[Diagnostic, ...] = (),
    ) -> None:
        if not errors:
            raise ValueError("a DeckError needs at least one error")
        self.errors: tuple[Diagnostic, ...] = tuple(errors)
        self.warnings: tuple[Diagnostic, ...] = tuple(warnings)
        super().__init__("\n".join(str(e) for e in self.errors))

    @property
    def path(self) -> str:
        return self.errors[0].path

    @property
    def line(self) -> int:
        return self.errors[0].line

    @property
    def column(self) -> int:
        return self.errors[0].column

    @property
    def message(self) -> str:
        return self.errors[0].message


class DeckReadError(DeckError):
    """The file itself could not be read (missing, a directory, binary, not UTF-8)."""


@dataclass(frozen=True)
class PollOption:
    """One answer a poll offers; `id` is stable across sessions."""

    id: str
    label: str


@dataclass(frozen=True)
class Poll:
    """A validated ```poll block."""

    id: str
    question: str
    options: tuple[PollOption, ...]
    kind: PollKind = "single"
    max: int = 1
    """How many options a `multi` ballot may pick (1 for `single`, all for `rank`)."""
    suggestions: bool = False
    results: ResultsMode = "live"
    line: int = 0
    """1-based source line of the opening fence."""

    def option(self, option_id: str) -> PollOption | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Slide:
    """One slide as the author wrote it, split into the steps its pauses make.

    `parts` holds the visible Markdown between pauses (notes, directives and
    other tools' comments removed; a poll block replaced by its question and
    numbered options). Step k shows `markdown_at(k)`: the parts up to k.
    """

    index: int
    """0-based position among all slides of the deck (skipped ones included)."""
    title: str
    parts: tuple[str, ...]
    notes: str = ""
    start_line: int = 1
    end_line: int = 1
    """1-based, inclusive source lines of the slide (separators excluded)."""
    time_s: float | None = None
    """The slide's own budget from a `time:` directive, if any."""
    budget_s: float | None = None
    """The budget in force: `time_s`, or its share of the deck's duration."""
    skip: bool = False
    poll: Poll | None = None
    kind: SlideKind = "content"
    meta: Mapping[str, Any] = field(default_factory=_empty_mapping, compare=False)
    """Per-slide metadata (Slidev front matter such as `layout`, `class`)."""
    content_hash: str = ""
    """Hash of the slide's source text: an edited slide gets a fresh rehearsal history."""
    joins: tuple[str, ...] = ()
    """What goes between part k and part k+1 (len(parts) - 1 entries); empty: blank lines.

    A pause between two items of one list joins with a single newline, so the list
    stays tight (no blank lines between items) while it is revealed step by step.
    """

    @property
    def steps(self) -> int:
        return max(1, len(self.parts))

    @property
    def markdown(self) -> str:
        """The whole visible Markdown (the last step)."""
        return self.markdown_at(self.steps - 1)

    def markdown_at(self, step: int) -> str:
        step = min(max(step, 0), self.steps - 1)
        if not self.joins:
            return "\n\n".join(self.parts[: step + 1])
        pieces = [self.parts[0]] if self.parts else []
        for k in range(1, step + 1):
            pieces.append(self.joins[k - 1] if k - 1 < len(self.joins) else "\n\n")
            pieces.append(self.parts[k])
        return "".join(pieces)


@dataclass(frozen=True)
class DeckMeta:
    """Front matter, normalised. Unknown keys are kept in `extra`."""

    title: str = ""
    subtitle: str = ""
    authors: tuple[str, ...] = ()
    event: str = ""
    location: str = ""
    date: str = ""
    duration_s: float | None = None
    theme: str | None = None
    footer: str | None = None
    show_footer: bool = True
    expects_notes: bool = True
    """False when the front matter says `notes: false`."""
    extra: Mapping[str, Any] = field(default_factory=_empty_mapping, compare=False)


@dataclass(frozen=True)
class Deck:
    """A loaded deck. `slides` holds every slide; `shown` those that are presented."""

    path: Path | None
    meta: DeckMeta
    slides: tuple[Slide, ...]
    warnings: tuple[Diagnostic, ...] = ()
    dialect: str = "presenter"
    """The tool the deck was read as written for (see `presenter.deck.dialects`)."""

    @property
    def title(self) -> str:
        if self.meta.title:
            return self.meta.title
        if self.slides:
            return self.slides[0].title
        return self.path.stem if self.path else ""

    @cached_property
    def shown(self) -> tuple[Slide, ...]:
        """The slides that are presented, in order (skipped ones left out)."""
        return tuple(s for s in self.slides if not s.skip)

    @cached_property
    def polls(self) -> tuple[Poll, ...]:
        return tuple(s.poll for s in self.slides if s.poll is not None)
