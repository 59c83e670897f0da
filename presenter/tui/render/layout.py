"""Where slide content sits in a terminal of a given size.

One set of numbers for the slide view, the poll view and `check --size`, so a
slide that `check` says fits really fits on screen.

Content sits in a centred column of a comfortable reading width: at most
`READING_WIDTH` columns, with margins that grow with the terminal. Big titles
(title pages, section slides) may use the whole width inside the margins.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, NamedTuple

FOOTER_ROWS = 2
"""The footer: a thin progress bar and one line of text (see `app.tcss`)."""
TOP_MARGIN = 1
READING_WIDTH = 80
"""Past this, lines get too long to read from the back of a room; content is centred."""
MIN_WIDTH = 10
MIN_IMAGE_ROWS = 4
"""An image never gets fewer rows than this: a slide with no room for it overflows."""

Layout = Literal["top", "center"]
DEFAULT_LAYOUT: Layout = "center"


class ContentBox(NamedTuple):
    left: int
    width: int


def margin(width: int) -> int:
    """Columns left free on each side: 2 on a narrow terminal, 5% of a wide one."""
    return max(2, round(width * 0.05))


def content_box(width: int, *, wide: bool = False) -> ContentBox:
    """The columns slide content uses in a view `width` cells wide.

    `wide`: display text (a big title) that may use every column inside the margins.
    """
    inner = max(MIN_WIDTH, width - 2 * margin(width))
    if not wide:
        inner = min(inner, READING_WIDTH)
    inner = min(inner, width)
    return ContentBox(left=max(0, (width - inner) // 2), width=inner)


def view_height(terminal_height: int, *, footer: bool) -> int:
    """Rows of the slide view in a terminal of `terminal_height` rows."""
    return max(1, terminal_height - (FOOTER_ROWS if footer else 0))


def rows_for_content(view_rows: int) -> int:
    """Rows a slide's lines may use before it overflows."""
    return max(1, view_rows - TOP_MARGIN)


def layout_of(slide_meta: Mapping[str, Any], deck_extra: Mapping[str, Any]) -> Layout:
    """`top` or `center`: the slide's own `layout`, else the deck's, else centred.

    Other tools' layout names (Slidev's `cover`, `two-cols`...) mean the default."""
    for value in (slide_meta.get("layout"), deck_extra.get("layout")):
        if isinstance(value, str) and value.strip().lower() in ("top", "center", "centre"):
            return "top" if value.strip().lower() == "top" else "center"
    return DEFAULT_LAYOUT
