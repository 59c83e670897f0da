"""Warnings about decks that read without error but would not present as meant.

- a slide that shows nothing (only notes, directives or markup a terminal cannot show);
- notes written after `???` / `Note:` that hold a heading, a code fence or a
  separator-like line: slide content that the notes marker swallowed;
- a deck of one slide with several top-level headings: a deck whose slides were
  never separated (or written for a tool that cuts at headings).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from presenter.deck.blocks import fence_closes, fence_opening
from presenter.deck.diagnostics import Diagnostics
from presenter.deck.model import Slide
from presenter.deck.scan import Chunk
from presenter.deck.slide import SlideDraft

_HEADING = re.compile(r" {0,3}(#{1,6})[ \t]")
_SEPARATOR_LIKE = frozenset(("---", "***", "___", "--", ". . .", "<!-- pause -->"))


def _swallowed(notes: str) -> str | None:
    """The first line of `notes` that looks like slide content, if any."""
    for line in notes.split("\n"):
        stripped = line.strip()
        if not stripped:
            continue
        if _HEADING.match(line) or fence_opening(line) is not None or stripped in _SEPARATOR_LIKE:
            return stripped
    return None


def _line_of(chunk: Chunk, text: str) -> int:
    for offset, line in enumerate(chunk.lines):
        if line.strip() == text:
            return chunk.start + offset
    return chunk.start


def _top_headings(markdown: str) -> int:
    """How many headings of the highest level the Markdown holds (outside code)."""
    levels: list[int] = []
    fence: tuple[str, int] | None = None
    for line in markdown.split("\n"):
        if fence is not None:
            if fence_closes(line, *fence):
                fence = None
            continue
        opening = fence_opening(line)
        if opening is not None:
            fence = (opening[0], opening[1])
            continue
        match = _HEADING.match(line)
        if match:
            levels.append(len(match.group(1)))
    return levels.count(min(levels)) if levels else 0


def advise(
    slides: Sequence[Slide],
    chunks: Sequence[Chunk],
    drafts: Sequence[SlideDraft],
    diagnostics: Diagnostics,
) -> None:
    """Add the warnings above for `slides` (read from `chunks` into `drafts`, one each)."""
    for slide, chunk, draft in zip(slides, chunks, drafts, strict=True):
        number = slide.index + 1
        if slide.kind == "content" and not slide.parts and slide.poll is None and not slide.skip:
            diagnostics.warning(
                slide.start_line,
                1,
                f"slide {number} shows nothing on screen (only notes, directives or markup "
                "a terminal cannot show); give it content or remove it",
            )
        for notes in draft.text_notes:
            found = _swallowed(notes)
            if found is not None:
                diagnostics.warning(
                    _line_of(chunk, found),
                    1,
                    f"the notes of slide {number} contain {found!r}, which looks like slide "
                    "content; end the notes before it (a step such as <!-- pause --> ends "
                    "them) or move the notes marker below it",
                )
                break
    content = [slide for slide in slides if slide.kind == "content"]
    if len(content) == 1:
        count = _top_headings(content[0].markdown)
        if count > 1:
            diagnostics.warning(
                content[0].start_line,
                1,
                f"the deck is one slide with {count} top-level headings; separate the slides "
                "with --- lines, or set `dialect: patat` in the front matter to cut at headings",
            )
