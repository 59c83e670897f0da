"""Big titles: block letters for title pages and section slides.

Letters come from FIGlet fonts (`pyfiglet`): a tall solid font when the title
fits the width in at most two lines and the rows allow it, a compact
three-row font otherwise, and plain bold text when neither fits (or the title
has characters the fonts do not draw). Fonts are read once per process.

The kitty text-sizing protocol is not used: a terminal does not announce it
in anything Textual reads (it answers only to a query written to the terminal
and read back before the app starts, which a second-terminal console or a
multiplexer cannot relay reliably), so block letters are drawn everywhere.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

if TYPE_CHECKING:
    from pyfiglet import Figlet


class Face(NamedTuple):
    font: str
    max_lines: int
    """Lines of title text before the next face is tried."""
    scale: int = 1
    """Each cell of the font drawn as `scale` x `scale` cells (a big screen's title)."""


FACES: tuple[Face, ...] = (
    Face("ansi_regular", 1, scale=2),
    Face("ansi_regular", 2),
    Face("future", 3),
)
"""Tried in order, largest first."""

_TYPOGRAPHY = str.maketrans(
    {"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "..."}
)


@cache
def _font(name: str) -> Figlet:
    import pyfiglet

    fonts = Path(pyfiglet.__file__).parent / "fonts"

    class ShippedFont(pyfiglet.FigletFont):
        @classmethod
        def preloadFont(cls, font: str) -> str:
            # The fonts pyfiglet ships, read straight from its folder: its own
            # lookup goes through importlib.resources, which costs a title page
            # more than the rest of drawing it.
            for extension in ("tlf", "flf"):
                path = fonts / f"{font}.{extension}"
                if path.is_file():
                    return path.read_bytes().decode("utf-8", "replace")
            return str(super().preloadFont(font))

    class ShippedFiglet(pyfiglet.Figlet):
        def setFont(self, **kwargs: str) -> None:
            self.font = kwargs.get("font", self.font)
            self.Font = ShippedFont(font=self.font)

    # Wide enough never to wrap: wrapping is done here, by words.
    return ShippedFiglet(font=name, width=100_000)


@lru_cache(maxsize=512)
def _draw_line(font: Figlet, text: str) -> list[str] | None:
    """`text` in `font`, one row per string, or None if a character is missing.

    Quotation marks a font lacks are left out: in a title they are decoration."""
    chars = font.Font.chars
    text = "".join(c for c in text if c not in "\"'" or ord(c) in chars)
    if any(ord(char) not in chars for char in text):
        return None
    rows = str(font.renderText(text)).splitlines()
    while rows and not rows[-1].strip():
        rows.pop()
    return [row.rstrip() for row in rows]


def _wrap(font: Figlet, words: list[str], width: int) -> list[list[str]] | None:
    """Greedy word wrap of the drawn title; None when a single word is too wide."""
    lines: list[list[str]] = []
    current = ""
    drawn: list[str] | None = None
    for word in words:
        candidate = f"{current} {word}" if current else word
        rows = _draw_line(font, candidate)
        if rows is None:
            return None
        if max((len(row) for row in rows), default=0) <= width:
            current, drawn = candidate, rows
            continue
        if drawn is None:
            return None  # this word alone is wider than the screen
        lines.append(drawn)
        current = word
        drawn = _draw_line(font, word)
        if drawn is None or max((len(row) for row in drawn), default=0) > width:
            return None
    if drawn is not None:
        lines.append(drawn)
    return lines


def _balanced(font: Figlet, words: list[str], width: int) -> list[list[str]] | None:
    """Word wrap with lines of even length: the narrowest measure that needs no
    more lines than wrapping at `width` does (so no word is left alone below)."""
    lines = _wrap(font, words, width)
    if lines is None or len(lines) < 2:
        return lines
    low, high = 1, width
    best = lines
    while low < high:
        middle = (low + high) // 2
        trial = _wrap(font, words, middle)
        if trial is not None and len(trial) <= len(lines):
            best, high = trial, middle
        else:
            low = middle + 1
    return best


def block_letters(title: str, width: int, rows: int | None) -> list[list[str]] | None:
    """The title drawn in the largest face that fits `width` x `rows`: one list of
    rows per line of title text; None when no face fits."""
    words = title.translate(_TYPOGRAPHY).split()
    if not words:
        return None
    for face in FACES:
        if face.scale > 1 and rows is None:
            continue  # doubled letters only where the rows are known to allow them
        font = _font(face.font)
        lines = _balanced(font, words, width // face.scale)
        if lines is None or len(lines) > face.max_lines:
            continue
        lines = [_scaled(drawn, face.scale) for drawn in lines]
        height = sum(len(drawn) for drawn in lines) + len(lines) - 1
        if rows is None or height <= rows:
            return lines
    return None


def _scaled(rows: list[str], scale: int) -> list[str]:
    if scale == 1:
        return rows
    wide = ["".join(char * scale for char in row) for row in rows]
    return [row for row in wide for _ in range(scale)]


class BigTitle:
    """A title in block letters, centred; plain bold text when they do not fit."""

    def __init__(self, title: str, style: str, rows: int | None = None) -> None:
        self.title = title
        self.style = Style.parse(style)
        self.rows = rows

    def drawn(self, width: int) -> list[list[str]] | None:
        return block_letters(self.title, width, self.rows)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        drawn = self.drawn(width)
        if drawn is None:
            yield Text(self.title, style=self.style + Style(bold=True), justify="center")
            return
        new_line = Segment.line()
        for number, rows in enumerate(drawn):
            if number:
                yield new_line
            block = max(len(row) for row in rows)
            left = (width - block) // 2
            for row in rows:
                yield Segment(" " * left)
                yield Segment(row.ljust(block), self.style)
                yield Segment(" " * (width - left - block))
                yield new_line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)
