"""Where slide content sits in a terminal of a given size.

One set of numbers for the slide view and for `check --size`, so a slide that
`check` says fits really fits on screen.
"""

from __future__ import annotations

from typing import NamedTuple

FOOTER_ROWS = 2
"""The footer: a thin progress bar and one line of text (see `app.tcss`)."""
TOP_MARGIN = 1
MAX_CONTENT_WIDTH = 120
"""Past this, lines get too long to read from the back of a room; content is centred."""


class ContentBox(NamedTuple):
    left: int
    width: int


def content_box(width: int) -> ContentBox:
    """The columns slide content uses in a view `width` cells wide."""
    margin = 2 if width < 100 else 4
    inner = max(10, min(width - 2 * margin, MAX_CONTENT_WIDTH))
    inner = min(inner, width)
    return ContentBox(left=max(0, (width - inner) // 2), width=inner)


def view_height(terminal_height: int, *, footer: bool) -> int:
    """Rows of the slide view in a terminal of `terminal_height` rows."""
    return max(1, terminal_height - (FOOTER_ROWS if footer else 0))


def rows_for_content(view_rows: int) -> int:
    """Rows a slide's lines may use before it overflows."""
    return max(1, view_rows - TOP_MARGIN)
