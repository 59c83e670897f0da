"""A slide's title: its first ATX or setext heading, else its first line of text.

Inline Markdown is reduced to plain text (emphasis, code, links, images) so that
titles read well in lists, footers and reports.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from presenter.deck.blocks import fence_closes, fence_opening

_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r" {0,3}(?:=+|-{2,})[ \t]*$")
_LIST_MARKER = re.compile(r"\A\s*(?:[-+*]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|~~|`)(?=\S)(.+?)(?<=\S)\1")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")


def plain(text: str) -> str:
    """`text` without inline Markdown markup."""
    if not any(ch in text for ch in "*_`[!<~"):
        return text.strip()
    text = _IMAGE.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    previous = None
    while previous != text:
        previous = text
        text = _EMPHASIS.sub(r"\2", text)
    return text.strip()


def find_title(lines: Iterable[str]) -> str:
    """The title of a slide whose visible Markdown is `lines`."""
    first_text = ""
    fence: tuple[str, int] | None = None
    previous = ""
    for line in lines:
        if fence is not None:
            if fence_closes(line, *fence):
                fence = None
            continue
        stripped = line.strip()
        if not stripped:
            previous = ""
            continue
        first = stripped[0]
        if first == "#":
            match = _ATX.match(line)
            if match:
                return plain(match.group(2) or "")
        elif first in "`~":
            opening = fence_opening(line)
            if opening is not None:
                fence = (opening[0], opening[1])
                previous = ""
                continue
        elif first in "=-" and previous and _SETEXT.match(line):
            return plain(previous)
        if not first_text and first != "<" and not line.startswith("    "):
            first_text = plain(_LIST_MARKER.sub("", stripped.lstrip("> ")))
        previous = stripped if not _LIST_MARKER.match(line) and first != ">" else ""
    return first_text
