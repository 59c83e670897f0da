"""Markdown file -> `Deck`: read, scan, read each slide, number, budget, validate.

`load_deck(path)` and `parse_deck(text, path)` raise `DeckError` (every error found,
with the warnings) or `DeckReadError` (the file could not be read). `analyse`
returns the deck together with its problems without raising, for `presenter check`.
No Markdown parse happens here: a slide's Markdown is parsed only when drawn.
"""

from __future__ import annotations

from dataclasses import replace
from hashlib import blake2b
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from presenter.deck.advice import advise
from presenter.deck.budgets import assign_budgets
from presenter.deck.detect import Detection, detect
from presenter.deck.diagnostics import Diagnostics
from presenter.deck.frontmatter import read_front_matter, read_header_lines
from presenter.deck.imports import expand_imports, missing_snippets
from presenter.deck.model import Deck, DeckError, DeckMeta, Diagnostic, Slide
from presenter.deck.scan import Block, Chunk, deck_lines, front_matter_end, scan
from presenter.deck.slide import SlideDraft, SlideRules, read_slide
from presenter.deck.slidemeta import apply_remark, apply_slidev, meta_title, remark_properties
from presenter.deck.source import normalise_text, read_source
from presenter.deck.titlepage import title_page_markdown, title_page_needed
from presenter.deck.titles import find_title, plain
from presenter.deck.visible import visible_markdown

_EMPTY: MappingProxyType[str, object] = MappingProxyType({})


class Analysis(NamedTuple):
    """A deck as far as it could be read, with every error and warning found."""

    deck: Deck
    errors: tuple[Diagnostic, ...]
    warnings: tuple[Diagnostic, ...]
    detection: Detection | None = None


def load_deck(path: Path, dialect: str | None = None) -> Deck:
    """The deck in the file at `path`; raises `DeckReadError` or `DeckError`.

    `dialect` names the tool the deck was written for, overriding what the deck says.
    """
    path = Path(path)
    return parse_deck(read_source(path), path, dialect)


def parse_deck(text: str, path: Path | None = None, dialect: str | None = None) -> Deck:
    """The deck written in `text`; raises `DeckError` listing every error."""
    analysis = analyse(text, path, dialect)
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


def _read_chunk(chunk: Chunk, diagnostics: Diagnostics, rules: SlideRules) -> SlideDraft:
    lines = chunk.lines
    dialect = rules.dialect
    properties: dict[str, str] = {}
    used = 0
    if dialect.remark and lines and (lines[0][:1].isalpha() or dialect.name == "remark"):
        properties, used = remark_properties(lines, any_key=dialect.name == "remark")
    draft = read_slide(lines[used:], chunk.start + used, diagnostics, rules)
    if properties:
        apply_remark(draft, properties)
    if chunk.meta is not None:
        apply_slidev(draft, chunk.meta, diagnostics)
    return draft


def analyse(text: str, path: Path | None = None, dialect: str | None = None) -> Analysis:
    """Read `text` as a deck, collecting every problem instead of stopping at the first.

    `dialect` (a name) overrides the dialect the deck's own signals point to.
    """
    diagnostics = Diagnostics(str(path) if path is not None else "<deck>")
    lines = deck_lines(normalise_text(text))
    end = front_matter_end(lines)
    front = Block(2, lines[1:end]) if end is not None else None
    meta, duration_line, data = read_front_matter(front, diagnostics)
    detection = detect(lines, end + 1 if end is not None else 0, data, dialect)
    if detection.problem:
        diagnostics.warning(1, 1, detection.problem)
    rules = SlideRules(detection.dialect, detection.incremental)
    result = scan(lines, diagnostics, detection.dialect, detection.heading_split)
    if result.header is not None:
        meta = read_header_lines(result.header, meta)
    if not detection.dialect.notes_hint and "notes" not in data:
        meta = replace(meta, expects_notes=False)  # the tool has no speaker notes

    kept: list[tuple[Chunk, SlideDraft | None, Diagnostics]] = []
    if detection.dialect.title_slide and title_page_needed(meta):
        kept.append((Chunk(1, []), None, diagnostics))  # presenterm's intro slide, always its own
    base = path.parent if path is not None else None
    chunks = (
        list(expand_imports(result.chunks, path, detection.dialect, diagnostics))
        if detection.dialect.slidev_meta
        else [(chunk, diagnostics) for chunk in result.chunks]
    )
    last = len(chunks) - 1
    for number, (chunk, found) in enumerate(chunks):
        if chunk.meta is None and _blank(chunk.lines):
            if number == 0 and meta.title and not kept:
                kept.append((chunk, None, found))  # becomes the title page
            elif number < last and (number > 0 or chunk.lines):
                # (A deck that opens with a separator has no slide before it to lose.)
                found.warning(
                    chunk.start + len(chunk.lines),
                    1,
                    "the slide before this separator is empty and is dropped; "
                    "remove the extra separator",
                )
            elif number == last and number > 0:
                found.warning(
                    max(chunk.start - 1, 1),
                    1,
                    "the deck ends with a separator, so the empty slide after it is dropped; "
                    "remove the last separator",
                )
            continue
        if detection.dialect.name == "slidev":
            missing_snippets(chunk, base, found)
        kept.append((chunk, _read_chunk(chunk, found, rules), found))

    drafts = [draft or SlideDraft(chunk.start, chunk.start) for chunk, draft, _ in kept]
    budgets, over = assign_budgets(drafts, meta.duration_s)
    if over:
        diagnostics.warning(duration_line, 1, over)

    slides: list[Slide] = []
    poll_ids: dict[str, int] = {}
    rewrite = detection.dialect
    for index, ((chunk, read, found), draft) in enumerate(zip(kept, drafts, strict=True)):
        parts, joins = draft.visible_parts(lambda part: visible_markdown(part, rewrite, base))
        kind = "content"
        title = ""
        if index == 0 and (meta.title or read is None) and not parts and draft.poll is None:
            kind = "title"
            title = plain(meta.title)
            parts, joins = (title_page_markdown(meta),), ()
        else:
            title = meta_title(draft.meta) or find_title(
                line for part in parts for line in part.split("\n")
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
        intro = read is None and detection.dialect.title_slide
        if not notes and meta.expects_notes and not draft.skip and not intro:
            found.warning(
                start,
                1,
                f"slide {index + 1} has no speaker notes; add "
                f"{detection.dialect.notes_hint} (or set `notes: false` in the front matter)",
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
    advise(slides, [chunk for chunk, _, _ in kept], drafts, diagnostics)
    warnings = diagnostics.sorted_warnings()
    deck = Deck(
        path=path,
        meta=meta,
        slides=tuple(slides),
        warnings=warnings,
        dialect=detection.dialect.name,
    )
    return Analysis(deck, diagnostics.sorted_errors(), warnings, detection)


__all__ = ["Analysis", "DeckMeta", "analyse", "load_deck", "parse_deck"]
