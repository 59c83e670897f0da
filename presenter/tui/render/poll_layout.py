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

from presenter.tui.render.layout import margin

QrPlace = Literal["none", "right", "below", "compact"]

KEY_COLUMNS = 4
FIGURE_COLUMNS = 14
MIN_BAR = 8
MIN_LABEL = 16
MIN_COLUMN = KEY_COLUMNS + MIN_LABEL + 2 + MIN_BAR + FIGURE_COLUMNS
"""The narrowest options column that still shows a useful label and bar."""
POLL_WIDTH = 100
"""The poll's column: wider than the reading column, since a row holds a label
and a bar, not prose."""
LABEL_PADDING = 2
SHOWN_BAR = 10
"""A label never takes the bar below this width (unless the column is narrow)."""
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
    label: int
    """Width of the label column: the longest label's, as far as the bars allow."""
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
    longest_label: int = 0,
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

    def label(column: int) -> int:
        room = column - KEY_COLUMNS - FIGURE_COLUMNS
        wanted = max(MIN_LABEL, longest_label + LABEL_PADDING)
        most = max(room - SHOWN_BAR, (room * 2) // 3)
        return max(1, min(wanted, most))

    def laid(
        column: int, qr: QrPlace, shown: int, hidden: int, rows: int, fits: bool
    ) -> PollLayout:
        return PollLayout(column, qr, shown, hidden, label(column), rows, fits)

    if qr is None:
        column = min(inner, POLL_WIDTH)
        shown, hidden, rows = fitted(column, 0)
        return laid(column, "none", shown, hidden, rows, rows <= height and not hidden)

    qr_cols, qr_rows = qr
    panel_width = max(qr_cols, url_width, len(PANEL_HELP)) + 2
    panel_rows = qr_rows + PANEL_TEXT_ROWS
    beside = inner - panel_width - PANEL_GAP
    right: PollLayout | None = None
    if beside >= MIN_COLUMN and panel_rows + VIEW_PADDING_ROWS <= height:
        column = min(beside, POLL_WIDTH)
        shown, hidden, rows = fitted(column, 0)
        if not hidden:
            rows = max(rows, panel_rows + VIEW_PADDING_ROWS)
            right = laid(column, "right", shown, hidden, rows, rows <= height)
            if right.label >= longest_label + LABEL_PADDING:
                return right
    column = min(inner, POLL_WIDTH)
    shown, hidden, rows = fitted(column, panel_rows + 1)
    below_fits = not hidden and rows + panel_rows + 1 <= height
    if below_fits and (right is None or label(column) > right.label):
        # Below the options, the labels need not be cut short to make room.
        return laid(column, "below", shown, hidden, rows + panel_rows + 1, True)
    if right is not None:
        return right
    if below_fits:
        return laid(column, "below", shown, hidden, rows + panel_rows + 1, True)
    compact_rows = PANEL_TEXT_ROWS - 1 + 1  # URL and room code, after a blank row
    shown, hidden, rows = fitted(column, compact_rows)
    total = rows + compact_rows
    return laid(column, "compact", shown, hidden, total, total <= height and not hidden)
