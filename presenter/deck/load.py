"""Markdown file -> `Deck`: read, scan, read each slide, number, budget, validate.

`load_deck(path)` and `parse_deck(text, path)` raise `DeckError` (every error found,
with the warnings) or `DeckReadError` (the file could not be read). `analyse`
returns the deck together with its problems without raising, for `presenter check`.
No Markdown parse happens here: a slide's Markdown is parsed only when drawn.
"""

from __future__ import annotations

from hashlib import blake2b
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from presenter.deck.budgets import assign_budgets
from presenter.deck.diagnostics import Diagnostics
from presenter.deck.frontmatter import read_front_matter
from presenter.deck.model import Deck, DeckError, DeckMeta, Diagnostic, Slide
from presenter.deck.scan import Chunk, scan
from presenter.deck.slide import SlideDraft, read_slide
from presenter.deck.slidemeta import apply_remark, apply_slidev, meta_title, remark_properties
from presenter.deck.source import normalise_text, read_source
from presenter.deck.titlepage import title_page_markdown
from presenter.deck.titles import find_title

_EMPTY: MappingProxyType[str, object] = MappingProxyType({})


class Analysis(NamedTuple):
    """A deck as far as it could be read, with every error and warning found."""

    deck: Deck
    errors: tuple[Diagnostic, ...]
    warnings: tuple[Diagnostic, ...]


def load_deck(path: Path) -> Deck:
    """The deck in the file at `path`; raises `DeckReadError` or `DeckError`."""
    path = Path(path)
    return parse_deck(read_source(path), path)


def parse_deck(text: str, path: Path | None = None) -> Deck:
    """The deck written in `text`; raises `DeckError` listing every error."""
    analysis = analyse(text, path)
    if analysis.errors:
        raise DeckError(analysis.errors, analysis.warnings)
    return analysis.deck


def _blank(lines: list[str]) -> bool:
    return not "".join(lines).strip()


def _content_range(chunk: Chunk) -> tuple[int, int]:
    lines = chunk.lines
    first = 0
    last = len(lines) - 1
    while first <= last and not lines[first].strip():
        first += 1
    while last > first and not lines[last].strip():
        last -= 1
    if first > last:
        return chunk.start, chunk.start
    return chunk.start + first, chunk.start + last


def _hash(chunk: Chunk) -> str:
    digest = blake2b(digest_size=8)
    if chunk.meta is not None:
        digest.update("\n".join(chunk.meta.lines).encode())
        digest.update(b"\n---\n")
    digest.update("\n".join(chunk.lines).strip().encode())
    return digest.hexdigest()


def _read_chunk(chunk: Chunk, diagnostics: Diagnostics) -> SlideDraft:
    lines = chunk.lines
    properties, used = remark_properties(lines) if lines and lines[0][:1].isalpha() else ({}, 0)
    draft = read_slide(lines[used:], chunk.start + used, diagnostics)
    if properties:
        apply_remark(draft, properties)
    if chunk.meta is not None:
        apply_slidev(draft, chunk.meta, diagnostics)
    return draft


def analyse(text: str, path: Path | None = None) -> Analysis:
    """Read `text` as a deck, collecting every problem instead of stopping at the first."""
    diagnostics = Diagnostics(str(path) if path is not None else "<deck>")
    text = normalise_text(text)
    result = scan(text, diagnostics)
    meta, duration_line = read_front_matter(result.front_matter, diagnostics)

    kept: list[tuple[Chunk, SlideDraft | None]] = []
    last = len(result.chunks) - 1
    for number, chunk in enumerate(result.chunks):
        if chunk.meta is None and _blank(chunk.lines):
            if number == 0 and meta.title:
                kept.append((chunk, None))  # becomes the title page
            elif number < last and (number > 0 or chunk.lines):
                # (A deck that opens with a separator has no slide before it to lose.)
                diagnostics.warning(
                    chunk.start + len(chunk.lines),
                    1,
                    "the slide before this separator is empty and is dropped; "
                    "remove the extra separator",
                )
            elif number == last and number > 0:
                diagnostics.warning(
                    max(chunk.start - 1, 1),
                    1,
                    "the deck ends with a separator, so the empty slide after it is dropped; "
                    "remove the last separator",
                )
            continue
        kept.append((chunk, _read_chunk(chunk, diagnostics)))

    drafts = [draft or SlideDraft(chunk.start, chunk.start) for chunk, draft in kept]
    budgets, over = assign_budgets(drafts, meta.duration_s)
    if over:
        diagnostics.warning(duration_line, 1, over)

    slides: list[Slide] = []
    poll_ids: dict[str, int] = {}
    for index, ((chunk, _), draft) in enumerate(zip(kept, drafts, strict=True)):
        parts, joins = draft.visible_parts()
        kind = "content"
        title = ""
        if index == 0 and meta.title and not parts and draft.poll is None:
            kind = "title"
            title = meta.title
            parts, joins = (title_page_markdown(meta),), ()
        else:
            title = meta_title(draft.meta) or find_title(
                line for part in draft.parts for text in part for line in text.split("\n")
            )
        start, end = _content_range(chunk)
        notes = draft.notes_text()
        if draft.poll is not None:
            seen = poll_ids.get(draft.poll.id)
            if seen is not None:
                diagnostics.error(
                    draft.poll.line,
                    1,
                    f"the poll id {draft.poll.id!r} is already used by the poll on line {seen}; "
                    "give this poll its own `id:`",
                )
            else:
                poll_ids[draft.poll.id] = draft.poll.line
        if not notes and meta.expects_notes and not draft.skip:
            diagnostics.warning(
                start,
                1,
                f"slide {index + 1} has no speaker notes; add a `Note:` line "
                "(or set `notes: false` in the front matter)",
            )
        slides.append(
            Slide(
                index=index,
                title=title,
                parts=parts,
                notes=notes,
                start_line=start,
                end_line=end,
                time_s=draft.time_s,
                budget_s=budgets[index],
                skip=draft.skip,
                poll=draft.poll,
                kind=kind,  # type: ignore[arg-type]
                meta=MappingProxyType(draft.meta) if draft.meta else _EMPTY,
                content_hash=_hash(chunk),
                joins=joins,
            )
        )
    warnings = diagnostics.sorted_warnings()
    deck = Deck(path=path, meta=meta, slides=tuple(slides), warnings=warnings)
    return Analysis(deck, diagnostics.sorted_errors(), warnings)


__all__ = ["Analysis", "DeckMeta", "analyse", "load_deck", "parse_deck"]
