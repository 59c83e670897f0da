"""The cheap line scanner: front matter and slide boundaries, no Markdown parse.

One pass over the lines finds where slides end under a dialect's rules (see
`dialects`), never inside a fenced code block, an HTML block or an HTML comment
(see `blocks`); `headings` cuts before headings where the dialect says so.
Fences and HTML blocks are recognised as CommonMark (and so markdown-it, the
renderer) recognises them: a fence inside `<pre>...</pre>` or a `<div>` block is
raw HTML, not a fence. Where the dialect's tool parses CommonMark (`setext`), a
rule directly under a line of text underlines a heading and does not split.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from presenter.deck.blocks import (
    comment_open_after,
    fence_closes,
    fence_opening,
    html_block_start,
)
from presenter.deck.diagnostics import Diagnostics
from presenter.deck.dialects import PRESENTER, Dialect
from presenter.deck.headings import HeadingSplit

__all__ = ["Block", "Chunk", "Layout", "Scan", "deck_lines", "front_matter_end", "layout", "scan"]

SEPARATORS = frozenset(("---", "***", "___"))
_END_SLIDE = re.compile(r"<!--\s*end_slide\s*-->")
_YAML_KEY = re.compile(r"[A-Za-z_][\w .-]*:(?:\s|$)")
_SLIDEV_KEY = re.compile(r"([a-z_][\w-]*)\s*:(?:\s|$)")
_NOT_SLIDEV_KEYS = frozenset(("note", "notes"))
_ANY_RULE = re.compile(r" {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]|$)")
_SETEXT_EQ = re.compile(r" {0,3}=+[ \t]*$")
_SETEXT_DASH = re.compile(r" {0,3}-+[ \t]*$")
_RULE_CHARS = frozenset(("-", "*", "_", " ", "\t", ""))
_LIST_START = re.compile(r" {0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)")


class Block(NamedTuple):
    """Lines of the file that belong together; `start` is the 1-based line of `lines[0]`."""

    start: int
    lines: list[str]


class Chunk(NamedTuple):
    """The raw lines of one slide, with its Slidev front matter if it has one."""

    start: int
    lines: list[str]
    meta: Block | None = None


class Scan(NamedTuple):
    front_matter: Block | None
    chunks: list[Chunk]
    header: Block | None = None
    """mdp's `%key: value` header lines."""


class Layout(NamedTuple):
    """Where the scanner found code and HTML: 0-based, inclusive line ranges of the text."""

    fences: list[tuple[int, int]]
    html: list[tuple[int, int]]
    rules: list[int]
    """Lines that end a slide."""


def front_matter_end(lines: list[str]) -> int | None:
    """Index of the line closing the front matter, if the file starts with one."""
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        stripped = lines[index].rstrip()
        if stripped == "---" or stripped == "...":
            body = [line for line in lines[1:index] if line.strip()]
            if not body:
                return index
            # `# Title` lines alone are Markdown headings, not YAML comments.
            keys = [line for line in body if not line.lstrip().startswith("#")]
            if keys and _YAML_KEY.match(keys[0]):
                return index
            return None
    return None


def slidev_meta_end(lines: list[str], index: int) -> int | None:
    """When the separator at `index` opens Slidev front matter, the index of its closing `---`."""
    count = len(lines)
    first = index + 1
    if first >= count:
        return None
    match = _SLIDEV_KEY.match(lines[first])
    if match is None or match.group(1) in _NOT_SLIDEV_KEYS:
        return None
    for position in range(first + 1, count):
        line = lines[position]
        if line.rstrip() == "---":
            return position
        if not line.strip():
            return None
        if line[0] in " \t-#" or _SLIDEV_KEY.match(line):
            continue
        return None
    return None


def split_head(lines: list[str], dialect: Dialect) -> tuple[Block | None, Block | None, int]:
    """The front matter, mdp's header lines, and the index where the slides begin."""
    end = front_matter_end(lines)
    if end is not None:
        return Block(2, lines[1:end]), None, end + 1
    if dialect.header_lines and lines and lines[0].startswith("%"):
        count = 0
        while count < len(lines) and lines[count].startswith("%"):
            count += 1
        return None, Block(1, lines[:count]), count
    return None, None, 0


class _Cut(NamedTuple):
    at: int
    """The line that ends the slide (left out of both slides)."""
    meta_end: int = -1
    """The closing `---` of a Slidev front matter block that follows, if any."""


def _walk(
    lines: list[str], begin: int, dialect: Dialect, headings: list[tuple[int, int, int]] | None
) -> tuple[list[_Cut], Layout, tuple[str, int] | None]:
    """The slide ends, where code and HTML are, and what is left open at the end."""
    rules = dialect.rules
    any_rule = dialect.any_rule
    setext = dialect.setext
    end_slide = dialect.end_slide
    vertical = dialect.vertical
    slidev = dialect.slidev_meta
    count = len(lines)
    cuts: list[_Cut] = []
    fences: list[tuple[int, int]] = []
    html: list[tuple[int, int]] = []
    fence: tuple[str, int] | None = None
    block_end: re.Pattern[str] | None = None
    in_block = False  # an HTML block that ends at a blank line
    in_comment = False
    opened_at = 0
    paragraph = False  # the line before is paragraph text (a rule under it is a setext line)
    in_list = False
    lazy = False
    blank = True
    index = begin
    while index < count:
        line = lines[index]
        if fence is not None:
            if fence_closes(line, fence[0], fence[1]) and len(line) - len(line.lstrip()) < 4:
                fence = None
                fences.append((opened_at, index))
            index += 1
            continue
        if block_end is not None:
            if block_end.search(line):
                block_end = None
                html.append((opened_at, index))
            index += 1
            continue
        if in_comment:
            in_comment = comment_open_after(line, True)
            index += 1
            continue
        if in_block:
            if line.strip():
                index += 1
                continue
            in_block = False
            html.append((opened_at, index - 1))
        first = line[:1]
        if not first or (first in " \t" and not line.strip()):
            paragraph = False
            blank = True
            index += 1
            continue
        after_blank, blank = blank, False
        # Text of a list item or quote ends the line before: a lazy line, which an HTML
        # block of kind 7 cannot interrupt either.
        was_lazy, lazy = lazy, False
        if first in "-*+" and line[1:2] == " " and line[2:3] not in _RULE_CHARS and "<" not in line:
            # A list item (the common case of a line starting with a dash).
            in_list = True
            paragraph = False
            lazy = len(line) > 2
            index += 1
            continue
        if first in "-*_" or (first == " " and line[1:4].lstrip()[:1] in ("-", "*", "_")):
            stripped = line.rstrip()
            thematic = stripped in SEPARATORS or _ANY_RULE.match(line) is not None
            is_rule = stripped in rules or (any_rule and thematic)
            underline = paragraph and _SETEXT_DASH.match(line) is not None
            if is_rule and not (setext and underline):
                cut = _Cut(index)
                if slidev and first == "-":
                    meta_end = slidev_meta_end(lines, index)
                    if meta_end is not None:
                        cut = _Cut(index, meta_end)
                cuts.append(cut)
                paragraph = in_list = False
                index = cut.meta_end + 1 if cut.meta_end >= 0 else index + 1
                continue
            if vertical and stripped == "--":
                cuts.append(_Cut(index))
                paragraph = in_list = False
                index += 1
                continue
            if underline:
                if headings is not None:
                    headings.append((index - 1, 2, index))
                paragraph = False
                index += 1
                continue
            if thematic:
                # A rule shown on the slide (`- - -` is one, not a list item).
                paragraph = in_list = False
                index += 1
                continue
        if first == "<" or (first == " " and "<" in line[:4]):
            if "<!--" in line and end_slide and _END_SLIDE.fullmatch(line.strip()):
                cuts.append(_Cut(index))
                paragraph = in_list = False
                index += 1
                continue
            start = html_block_start(line, paragraph or was_lazy)
            if start is not None:
                end, closed = start
                opened_at = index
                paragraph = in_list = False
                if closed:
                    html.append((index, index))
                elif end is None:
                    in_block = True
                elif end.pattern == "-->":
                    # A comment: presenter's own rule (a comment hides what it holds) and
                    # CommonMark's agree when it opens the line.
                    in_comment = comment_open_after(line, False)
                    if not in_comment:
                        html.append((index, index))
                    else:
                        block_end = end
                        in_comment = False
                else:
                    block_end = end
                index += 1
                continue
        elif "<!--" in line and comment_open_after(line, False):
            in_comment = True
            opened_at = index
            paragraph = False
            index += 1
            continue
        if first in " `~\t":
            opening = fence_opening(line)
            if opening is not None and len(line) - len(line.lstrip()) < 4:
                fence = (opening[0], opening[1])
                opened_at = index
                paragraph = False
                index += 1
                continue
        if first == "#":
            match = _ATX.match(line)
            if match is not None:
                if headings is not None:
                    headings.append((index, len(match.group(1)), index))
                paragraph = in_list = False
                index += 1
                continue
        if first == "=" and paragraph and _SETEXT_EQ.match(line):
            if headings is not None:
                headings.append((index - 1, 1, index))
            paragraph = False
            index += 1
            continue
        if first in "-*+>|0123456789" and (first in ">|" or _LIST_START.match(line)):
            in_list = first not in ">|"
            paragraph = False
            lazy = first != "|" and len(line.strip()) > 2
        elif first in " \t":
            paragraph = paragraph or (not in_list and line[:4] != "    ")
            lazy = in_list or was_lazy
        elif (in_list or was_lazy) and not after_blank:
            paragraph = False  # a lazy line of the list item's paragraph
            lazy = True
        else:
            paragraph = True
            in_list = False
        index += 1
    if in_block or block_end is not None:
        html.append((opened_at, count - 1))
    elif fence is not None:
        fences.append((opened_at, count - 1))
    unclosed: tuple[str, int] | None = None
    if fence is not None:
        unclosed = ("fence", opened_at + 1)
    elif in_comment or (block_end is not None and block_end.pattern == "-->"):
        unclosed = ("comment", opened_at + 1)
    return cuts, Layout(fences, html, [cut.at for cut in cuts]), unclosed


def layout(text: str, dialect: Dialect) -> Layout:
    """Where the scanner sees fences, HTML blocks and slide ends in `text` (for tests and tools)."""
    lines = text.split("\n")
    return _walk(lines, 0, dialect, None)[1]


def _chunks(lines: list[str], begin: int, cuts: list[_Cut], starts: list[int]) -> list[Chunk]:
    """Slides between the cuts (lines left out) and before each heading in `starts` (kept)."""
    bounds = sorted(
        [(cut.at, cut) for cut in cuts] + [(start, None) for start in starts],
        key=lambda item: item[0],
    )
    chunks: list[Chunk] = []
    chunk_begin = begin
    meta: Block | None = None
    for index, cut in bounds:
        if cut is None:
            if index > chunk_begin:
                chunks.append(Chunk(chunk_begin + 1, lines[chunk_begin:index], meta))
                meta = None
                chunk_begin = index
            continue
        chunks.append(Chunk(chunk_begin + 1, lines[chunk_begin:index], meta))
        meta = None
        chunk_begin = index + 1
        if cut.meta_end >= 0:
            meta = Block(index + 2, lines[index + 1 : cut.meta_end])
            chunk_begin = cut.meta_end + 1
    chunks.append(Chunk(chunk_begin + 1, lines[chunk_begin:], meta))
    return chunks


def deck_lines(text: str) -> list[str]:
    """The lines of `text` (LF line endings), without the empty one a final newline leaves."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def scan(
    text: str | list[str],
    diagnostics: Diagnostics,
    dialect: Dialect = PRESENTER,
    heading_split: HeadingSplit | None = None,
) -> Scan:
    """Split a deck (its text, or its `deck_lines`) into front matter and slide chunks."""
    lines = deck_lines(text) if isinstance(text, str) else text
    front_matter, header, begin = split_head(lines, dialect)
    if begin == 0 and lines and lines[0].rstrip() in SEPARATORS:
        begin = 1  # a deck that opens with a separator: nothing before it
    headings: list[tuple[int, int, int]] | None = [] if heading_split is not None else None
    cuts, _, unclosed = _walk(lines, begin, dialect, headings)
    starts: list[int] = []
    if heading_split is not None and headings and (heading_split.always or not cuts):
        starts = heading_split.starts(headings, lines)
    chunks = _chunks(lines, begin, cuts, starts)
    if unclosed is not None:
        kind, line = unclosed
        if kind == "fence":
            diagnostics.warning(
                line,
                1,
                "this code block is never closed, so the rest of the deck is inside it; "
                "close it with a matching fence line",
            )
        else:
            diagnostics.warning(
                line,
                1,
                "this HTML comment is never closed, so the rest of the deck is inside it; "
                "close it with -->",
            )
    return Scan(front_matter, chunks, header)
