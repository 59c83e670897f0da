"""Where the parts of the poll view go in a view of a given size.

One function for the poll view (which applies it on every resize) and for
`presenter check --size` (which reports a poll that does not fit), so both
agree. The question, the state line and the options sit in the slides'
centred reading column. The phone panel (QR code, URL, room code) goes to the
right of that column when the width allows, below the options when the height
allows, and otherwise shrinks to the URL and the room code. Options that still
do not fit are counted in a "+N more" line, never dropped silently.
"""

from __future__ import annotations

import textwrap
from typing import Literal, NamedTuple

from presenter.tui.render.layout import READING_WIDTH, margin

QrPlace = Literal["none", "right", "below", "compact"]

KEY_COLUMNS = 4
FIGURE_COLUMNS = 14
MIN_BAR = 8
MIN_LABEL = 16
MIN_COLUMN = KEY_COLUMNS + MIN_LABEL + 2 + MIN_BAR + FIGURE_COLUMNS
"""The narrowest options column that still shows a useful label and bar."""
PANEL_HELP = "Vote on your phone: scan, or open"
PANEL_TEXT_ROWS = 3
"""Under the QR code: how to join, the URL, the room code."""
PANEL_GAP = 2
VIEW_PADDING_ROWS = 2
"""A blank row above and below the poll view's content."""
SHOWN_SUGGESTIONS = 5
"""How many approved suggestions the poll view shows (the newest)."""


class PollLayout(NamedTuple):
    column: int
    """Width of the question and options column."""
    qr: QrPlace
    shown: int
    """Options shown; the rest are counted in a "+N more" line."""
    hidden: int
    rows: int
    """Rows the content needs as laid out."""
    fits: bool
    """False when something (options, the question) cannot be shown in full."""


def question_rows(question: str, column: int) -> int:
    return max(1, len(textwrap.wrap(question, max(1, column))))


def poll_layout(
    width: int,
    height: int,
    *,
    question: str,
    options: int,
    suggestions: int = 0,
    qr: tuple[int, int] | None = None,
    url_width: int = 0,
) -> PollLayout:
    """Lay out a poll view `width` x `height` cells.

    `qr` is the QR code's (columns, rows) when the phone panel shows, None when
    it does not; `url_width` the width of the URL line under it."""
    inner = max(1, width - 2 * margin(width))
    # A gap, "Ideas from the room", the newest few, "... and N earlier".
    ideas = 0
    if suggestions:
        ideas = 2 + min(suggestions, SHOWN_SUGGESTIONS) + (suggestions > SHOWN_SUGGESTIONS)

    def column_rows(column: int, shown: int, hidden: int) -> int:
        fixed = VIEW_PADDING_ROWS + question_rows(question, column) + 1 + 1 + 1
        return fixed + shown + (1 if hidden else 0) + ideas

    def fitted(column: int, spare_rows: int) -> tuple[int, int, int]:
        """(shown, hidden, rows) with `spare_rows` kept free for the panel below."""
        room = height - spare_rows
        shown, hidden = options, 0
        while shown > 0 and column_rows(column, shown, hidden) > room:
            shown -= 1
            hidden = options - shown
        return shown, hidden, column_rows(column, shown, hidden)

    if qr is None:
        column = min(inner, READING_WIDTH)
        shown, hidden, rows = fitted(column, 0)
        return PollLayout(column, "none", shown, hidden, rows, rows <= height and not hidden)

    qr_cols, qr_rows = qr
    panel_width = max(qr_cols, url_width, len(PANEL_HELP)) + 2
    panel_rows = qr_rows + PANEL_TEXT_ROWS
    beside = inner - panel_width - PANEL_GAP
    if beside >= MIN_COLUMN and panel_rows + VIEW_PADDING_ROWS <= height:
        column = min(beside, READING_WIDTH)
        shown, hidden, rows = fitted(column, 0)
        if not hidden:
            rows = max(rows, panel_rows + VIEW_PADDING_ROWS)
            return PollLayout(column, "right", shown, hidden, rows, rows <= height)
    column = min(inner, READING_WIDTH)
    shown, hidden, rows = fitted(column, panel_rows + 1)
    if not hidden and rows + panel_rows + 1 <= height:
        return PollLayout(column, "below", shown, hidden, rows + panel_rows + 1, True)
    compact_rows = PANEL_TEXT_ROWS - 1 + 1  # URL and room code, after a blank row
    shown, hidden, rows = fitted(column, compact_rows)
    total = rows + compact_rows
    return PollLayout(column, "compact", shown, hidden, total, total <= height and not hidden)
