"""Images a deck shows: `![alt](path)` references checked by `presenter check`.

A path is relative to the deck's folder. Web addresses (`http://...`, `data:`)
are not fetched and not checked. Marp's background images (`![bg](...)`) are not shown and not checked. Code blocks and code spans are skipped: an image written
inside a fence is an example, not a picture. Pillow is imported only when a
deck has images, to read each file's header.
"""

from __future__ import annotations

import re
from pathlib import Path

from presenter.deck.model import Diagnostic

_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+).+?\1")


def image_references(text: str) -> list[tuple[str, int, int]]:
    """(path, line, column) of every image outside code blocks; line and column from 1."""
    found: list[tuple[str, int, int]] = []
    fence = ""
    for number, line in enumerate(text.splitlines(), start=1):
        opening = _FENCE.match(line)
        if opening:
            marker = opening.group(1)
            if not fence:
                fence = marker
            elif marker[0] == fence[0] and len(marker) >= len(fence):
                fence = ""
            continue
        if fence:
            continue
        # Code spans blanked out, columns kept: `![x](y.png)` in backticks is an example.
        line = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
        for match in _IMAGE.finditer(line):
            if not is_background(match.group(1)):
                found.append((match.group(2), number, match.start() + 1))
    return found


def is_background(alt: str) -> bool:
    """Marp's `![bg ...](path)`: a slide background, which a terminal does not show."""
    words = alt.split()
    return bool(words) and words[0] == "bg"


def image_problems(text: str, deck_path: Path) -> list[Diagnostic]:
    """A warning for each image file that is missing or that Pillow cannot read (the
    slide still shows, with the image's alt text in its place)."""
    problems: list[Diagnostic] = []
    for source, line, column in image_references(text):
        if "://" in source or source.startswith("data:"):
            continue
        path = Path(source)
        if not path.is_absolute():
            path = deck_path.parent / path
        problem = _unreadable(path)
        if problem:
            problems.append(
                Diagnostic(str(deck_path), line, column, f"{problem}: {source}", "warning")
            )
    return problems


def _unreadable(path: Path) -> str:
    if not path.is_file():
        return "image not found (paths are relative to the deck)"
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            image.verify()
    except (OSError, UnidentifiedImageError, ValueError, SyntaxError):
        return "image cannot be read (PNG, JPEG or GIF expected)"
    return ""
