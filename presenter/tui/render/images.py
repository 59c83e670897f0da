"""Images in slides: `![alt](path)` drawn with Unicode half blocks.

Each cell shows two pixels (the upper in the foreground colour of `▀`, the
lower in its background), so an image shows in every terminal, in snapshots
and in `check --size` alike. Files are decoded once (Pillow; a GIF's first
frame) and kept per path and modification time; the lines drawn for a size
are kept by the slide cache with the rest of the slide.

Graphics protocols (kitty, sixel) are not used: detecting them means writing
a query to the terminal and reading its answer from the keyboard input, which
can swallow a key the presenter types and, where the terminal never answers,
stalls start-up; half blocks need neither.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from rich.color import Color
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

    from presenter.deck.model import Deck

MAX_DECODED = 16
"""Decoded images kept in memory (a deck rarely shows more on neighbouring slides)."""


class Decoded(NamedTuple):
    image: PILImage | None
    problem: str


_decoded: OrderedDict[tuple[str, int], Decoded] = OrderedDict()
_lock = threading.Lock()


def decode(path: Path) -> Decoded:
    """The image at `path` as RGBA, or the reason it cannot be shown."""
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return Decoded(None, "the image file does not exist")
    key = (str(path), stamp)
    with _lock:
        found = _decoded.get(key)
        if found is not None:
            _decoded.move_to_end(key)
            return found
    decoded = _read(path)
    with _lock:
        _decoded[key] = decoded
        while len(_decoded) > MAX_DECODED:
            _decoded.popitem(last=False)
    return decoded


def decode_deck_images(deck: Deck) -> None:
    """Decode every image `deck` shows, so drawing one later finds it ready."""
    from presenter.deck.images import image_references

    base = deck.path.parent if deck.path is not None else Path()
    for slide in deck.shown:
        for source, _, _ in image_references(slide.markdown):
            if "://" not in source and not source.startswith("data:"):
                decode(base / source)


def _read(path: Path) -> Decoded:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as opened:
            opened.seek(0)  # a GIF's first frame
            image = opened.convert("RGBA")
    except (OSError, UnidentifiedImageError, ValueError) as error:
        reason = (
            "not an image Pillow can read"
            if isinstance(error, UnidentifiedImageError)
            else str(error)
        )
        return Decoded(None, f"the image cannot be read ({reason})")
    if image.width < 1 or image.height < 1:
        return Decoded(None, "the image is empty")
    return Decoded(image, "")


def fit(size: tuple[int, int], columns: int, rows: int) -> tuple[int, int]:
    """Cells (columns, rows) for an image of `size` pixels inside `columns` x `rows`,
    aspect ratio kept: a cell shows one pixel across and two down (a cell is about
    twice as tall as it is wide)."""
    width, height = size
    scale = min(columns / width, (rows * 2) / height)
    cols = max(1, min(columns, round(width * scale)))
    cell_rows = max(1, min(rows, round(height * scale / 2)))
    return cols, cell_rows


class SlideImage:
    """An image block: the picture centred, or its alt text when it cannot be shown."""

    def __init__(self, path: Path, alt: str, background: str, alt_style: str) -> None:
        self.path = path
        self.alt = alt
        self.background = background
        self.alt_style = alt_style
        self.max_rows: int = 12
        """Set by the slide renderer to the rows the rest of the slide leaves free."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        decoded = decode(self.path)
        width = options.max_width
        if decoded.image is None or self.max_rows < 2:
            label = f"[image: {self.alt or self.path.name}]"
            yield Text(label, style=self.alt_style, justify="center")
            return
        cols, rows = fit(decoded.image.size, width, self.max_rows)
        yield from _half_blocks(decoded.image, cols, rows, self.background, width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)


def _half_blocks(
    image: PILImage, cols: int, rows: int, background: str, width: int
) -> RenderResult:
    from PIL import Image

    scaled = image.resize((cols, rows * 2), Image.Resampling.BOX)
    # Transparent pixels take the slide's background.
    backdrop = Image.new("RGBA", scaled.size, background)
    rgb = Image.alpha_composite(backdrop, scaled).convert("RGB")
    pixels = rgb.load()
    assert pixels is not None
    left = (width - cols) // 2
    pad_left = Segment(" " * left) if left else None
    right = width - left - cols
    pad_right = Segment(" " * right) if right else None
    styles: dict[tuple[object, object], Style] = {}
    for row in range(rows):
        if pad_left:
            yield pad_left
        # Runs of equal cells become one segment: fewer bytes to the terminal.
        run_style: Style | None = None
        run = 0
        for col in range(cols):
            upper = pixels[col, row * 2]
            lower = pixels[col, row * 2 + 1]
            key = (upper, lower)
            style = styles.get(key)
            if style is None:
                style = Style(
                    color=Color.from_rgb(*upper[:3]),  # type: ignore[index]
                    bgcolor=Color.from_rgb(*lower[:3]),  # type: ignore[index]
                )
                styles[key] = style
            if style is not run_style:
                if run:
                    yield Segment("▀" * run, run_style)
                run_style, run = style, 0
            run += 1
        if run:
            yield Segment("▀" * run, run_style)
        if pad_right:
            yield pad_right
        yield Segment.line()
