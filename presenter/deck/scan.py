"""The cheap line scanner: front matter and slide boundaries, no Markdown parse.

A slide ends at a line that is exactly `---`, `***` or `___` (trailing spaces
allowed) or `<!-- end_slide -->`, unless that line is inside a fenced code
block or an HTML comment. A separator followed directly by lowercase `key: value`
lines and another `---` is Slidev's per-slide front matter: those lines become
the next slide's metadata rather than a slide of their own.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from presenter.deck.diagnostics import Diagnostics

SEPARATORS = frozenset(("---", "***", "___"))
_END_SLIDE = re.compile(r"<!--\s*end_slide\s*-->")
_YAML_KEY = re.compile(r"[A-Za-z_][\w .-]*:(?:\s|$)")
_SLIDEV_KEY = re.compile(r"([a-z_][\w-]*)\s*:(?:\s|$)")
_NOT_SLIDEV_KEYS = frozenset(("note", "notes"))


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


def fence_opening(line: str) -> tuple[str, int, str] | None:
    """(fence character, length, info string) when `line` opens a fenced code block."""
    stripped = line.lstrip()
    head = stripped[:3]
    if head != "```" and head != "~~~":
        return None
    char = head[0]
    length = len(stripped) - len(stripped.lstrip(char))
    info = stripped[length:].strip()
    if char == "`" and "`" in info:
        return None
    return char, length, info


def fence_closes(line: str, char: str, length: int) -> bool:
    stripped = line.strip()
    return len(stripped) >= length and stripped.count(char) == len(stripped)


def comment_open_after(line: str, in_comment: bool) -> bool:
    """Whether an HTML comment is still open at the end of `line`."""
    position = 0
    while True:
        if in_comment:
            end = line.find("-->", position)
            if end < 0:
                return True
            in_comment = False
            position = end + 3
        start = line.find("<!--", position)
        if start < 0:
            return False
        if line.count("`", 0, start) % 2:
            # Inside a code span: `<!--` is literal text there.
            position = start + 4
            continue
        in_comment = True
        position = start + 4


def _front_matter_end(lines: list[str]) -> int | None:
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


def _slidev_meta_end(lines: list[str], index: int) -> int | None:
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


def scan(text: str, diagnostics: Diagnostics) -> Scan:
    """Split `text` (LF line endings) into front matter and slide chunks."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    count = len(lines)
    front_matter = None
    begin = 0
    end = _front_matter_end(lines)
    if end is not None:
        front_matter = Block(2, lines[1:end])
        begin = end + 1
    elif lines and lines[0].rstrip() in SEPARATORS:
        begin = 1  # a deck that opens with a separator: nothing before it

    chunks: list[Chunk] = []
    chunk_begin = begin
    meta: Block | None = None
    fence: tuple[str, int] | None = None
    fence_line = 0
    in_comment = False
    comment_line = 0
    separators = SEPARATORS
    index = begin
    while index < count:
        line = lines[index]
        if fence is not None:
            if fence_closes(line, fence[0], fence[1]):
                fence = None
            index += 1
            continue
        if in_comment:
            in_comment = comment_open_after(line, True)
            index += 1
            continue
        first = line[:1]
        if first in "-*_" and line.rstrip() in separators:
            chunks.append(Chunk(chunk_begin + 1, lines[chunk_begin:index], meta))
            meta = None
            chunk_begin = index + 1
            if first == "-":
                meta_end = _slidev_meta_end(lines, index)
                if meta_end is not None:
                    meta = Block(index + 2, lines[index + 1 : meta_end])
                    chunk_begin = meta_end + 1
                    index = meta_end
            index += 1
            continue
        if "<!--" in line:
            if first == "<" and _END_SLIDE.fullmatch(line.strip()):
                chunks.append(Chunk(chunk_begin + 1, lines[chunk_begin:index], meta))
                meta = None
                chunk_begin = index + 1
            elif comment_open_after(line, False):
                in_comment = True
                comment_line = index + 1
        elif first in " `~\t":
            opening = fence_opening(line)
            if opening is not None:
                fence = (opening[0], opening[1])
                fence_line = index + 1
        index += 1
    chunks.append(Chunk(chunk_begin + 1, lines[chunk_begin:count], meta))
    if fence is not None:
        diagnostics.warning(
            fence_line,
            1,
            "this code block is never closed, so the rest of the deck is inside it; "
            "close it with a matching fence line",
        )
    elif in_comment:
        diagnostics.warning(
            comment_line,
            1,
            "this HTML comment is never closed, so the rest of the deck is inside it; "
            "close it with -->",
        )
    return Scan(front_matter, chunks)
