"""Poll slides on the slide screen: the poll view takes the slide's place.

`show_poll_stage(screen, stage, slide_view)` is called by the slide screen
whenever the position or the deck changes. On a poll slide it mounts a
`PollView` for that poll in the stage (once: moving between steps or
reloading an unchanged deck keeps it), hides the slide's Markdown rendering
and gives the view the focus, so `1`-`9` are tallies there; elsewhere it
hides the view and shows the slide again (the view is removed once that
frame is out: see `presenter/tui/after_frame.py`).

The view only shows: the poll's keys are the app's, so they work (in order)
whether or not the view is on screen yet.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from textual.containers import Container
from textual.screen import Screen
from textual.widget import Widget

from presenter.deck.model import Poll
from presenter.tui.after_frame import AFTER_FRAME_S
from presenter.tui.poll_desk import PollDesk
from presenter.tui.widgets.poll_view import PollView

_PENDING_ATTRIBUTE = "_poll_view_pending"
"""The poll view made for the slide on screen, waiting to be mounted after the next frame."""


def current_poll(app: object) -> Poll | None:
    """The poll of the slide on screen, if it is a poll slide."""
    deck = getattr(app, "deck", None)
    position = getattr(app, "position", None)
    if deck is None or position is None or not deck.shown:
        return None
    slide = deck.shown[min(position.slide, len(deck.shown) - 1)]
    return slide.poll


def show_poll_stage(
    screen: Screen[Any], desk: PollDesk, stage: Container, slide_view: Widget
) -> PollView | None:
    """Show the poll view in `stage` instead of `slide_view` on a poll slide; else the slide."""
    poll = current_poll(screen.app)
    views = list(stage.query(PollView))
    keep = next((v for v in views if poll is not None and v.poll == poll), None)
    for view in views:
        if view is not keep:
            # Hidden now, removed once the next slide has reached the terminal:
            # taking a poll view apart is work the frame should not wait behind.
            view.display = False
            screen.set_timer(AFTER_FRAME_S, partial(_remove_unused, view, screen))
    if poll is None:
        slide_view.display = True
        return None
    if keep is None:
        # The slide (its question and numbered options) goes on screen first;
        # the live view is mounted once that frame has reached the terminal and
        # swapped in when ready: arriving on a poll slide is as quick as
        # arriving on any other.
        pending: PollView | None = getattr(screen, _PENDING_ATTRIBUTE, None)
        if pending is not None and pending.poll == poll:
            return pending
        keep = PollView(desk, poll, id=None)
        keep.display = False
        setattr(screen, _PENDING_ATTRIBUTE, keep)
        screen.set_timer(AFTER_FRAME_S, partial(_mount, keep, stage, slide_view, screen))
        return keep
    slide_view.display = False
    keep.display = True
    return keep


def _remove_unused(view: PollView, screen: Screen[object]) -> None:
    if view.is_attached and not (view.display and current_poll(screen.app) == view.poll):
        view.remove()


def _mount(view: PollView, stage: Container, slide_view: Widget, screen: Screen[object]) -> None:
    if getattr(screen, _PENDING_ATTRIBUTE, None) is view:
        setattr(screen, _PENDING_ATTRIBUTE, None)
    if current_poll(screen.app) != view.poll or not stage.is_attached:
        return  # the presenter moved on before the view was mounted
    stage.mount(view)
    view.call_after_refresh(_swap_in, view, slide_view, screen)


def _swap_in(view: PollView, slide_view: Widget, screen: Screen[object]) -> None:
    if not view.is_attached or current_poll(screen.app) != view.poll:
        return  # the presenter moved on before the view was ready
    slide_view.display = False
    view.display = True
