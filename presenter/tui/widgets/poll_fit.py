"""Fits a poll view to its size: the reading column, the phone panel's place,
how many options show.

`fit_poll_view` applies `poll_layout` (presenter/tui/render/poll_layout.py,
shared with `presenter check --size`) to a mounted poll view: the question,
state, bars and suggestions get the column's width (the view centres them),
the phone panel goes right, below, or shrinks to the URL and room code, and
options that do not fit are counted under the bars.
"""

from __future__ import annotations

from textual.widget import Widget

from presenter.deck.model import Poll
from presenter.tui.render.layout import margin
from presenter.tui.render.poll_layout import PollLayout, poll_layout
from presenter.tui.widgets.audience_panel import AudiencePanel
from presenter.tui.widgets.poll_bars import TallyBars


def fit_poll_view(view: Widget, poll: Poll, suggestions: int) -> PollLayout | None:
    """Lay out `view` (a poll view showing `poll`) for its current size."""
    width, height = view.size
    parent = view.parent
    if view.styles.height is not None and view.styles.height.is_auto and isinstance(parent, Widget):
        # A view as tall as its content: the room it may take is its container's.
        height = parent.size.height
    if width <= 0 or height <= 0 or not view.is_attached:
        return None
    panel = view.query_one(AudiencePanel)
    layout = poll_layout(
        width,
        height,
        question=poll.question,
        options=len(poll.options),
        suggestions=suggestions,
        qr=panel.qr_size,
        url_width=panel.url_width,
        longest_label=max((len(o.label) for o in poll.options), default=0),
    )
    for child in view.children:
        if child is not panel:
            child.styles.width = layout.column
    panel.set_class(layout.qr == "right", "-right")
    panel.styles.margin = (0, margin(width), 0, 0) if layout.qr == "right" else (1, 0, 0, 0)
    panel.set_class(layout.qr == "compact", "-compact")
    view.query_one(TallyBars).shown = layout.shown if layout.hidden else None
    for label in view.query(".tally-label"):
        label.styles.width = layout.label
    return layout
