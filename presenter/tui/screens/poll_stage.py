"""Poll slides on the slide screen: the poll view takes the slide's place.

The slide screen's `PollStage.show()` is called whenever the position or the
deck changes. On a poll slide it mounts a `PollView` for that poll in the
stage (once: moving between steps or reloading an unchanged deck keeps it)
and hides the slide's Markdown rendering; elsewhere it hides the view and
shows the slide again (the view is removed once that frame is out: see
`presenter/tui/after_frame.py`).

The view only shows: the poll's keys are the app's, so they work (in order)
whether or not the view is on screen yet.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, cast

from textual.containers import Container
from textual.screen import Screen
from textual.widget import Widget

from presenter.deck.model import Poll
from presenter.tui.actions.polls import PollActions
from presenter.tui.after_frame import AFTER_FRAME_S
from presenter.tui.poll_desk import PollDesk
from presenter.tui.widgets.poll_view import PollView

if TYPE_CHECKING:
    from presenter.tui.audience_link import AudienceLink


def current_poll(app: object) -> Poll | None:
    """The poll of the slide on screen, if it is a poll slide."""
    return cast(PollActions, app).current_poll()


class PollStage:
    """The poll views of one slide screen's `stage` (see the module docstring)."""

    def __init__(
        self,
        screen: Screen[Any],
        desk: PollDesk,
        audience: AudienceLink,
        stage: Container,
        slide_view: Widget,
    ) -> None:
        self.screen = screen
        self.desk = desk
        self.audience = audience
        self.stage = stage
        self.slide_view = slide_view
        self.pending: PollView | None = None
        """The poll view made for the slide on screen, waiting to be mounted after the next frame."""

    def show(self) -> PollView | None:
        """Show the poll view instead of the slide on a poll slide; else the slide."""
        poll = current_poll(self.screen.app)
        views = list(self.stage.query(PollView))
        keep = next((v for v in views if poll is not None and v.poll == poll), None)
        for view in views:
            if view is not keep:
                # Hidden now, removed once the next slide has reached the terminal:
                # taking a poll view apart is work the frame should not wait behind.
                view.display = False
                self.screen.set_timer(AFTER_FRAME_S, partial(self._remove_unused, view))
        if poll is None:
            self.slide_view.display = True
            return None
        if keep is None:
            # The slide (its question and numbered options) goes on screen first;
            # the live view is mounted once that frame has reached the terminal and
            # swapped in when ready: arriving on a poll slide is as quick as
            # arriving on any other.
            if self.pending is not None and self.pending.poll == poll:
                return self.pending
            keep = PollView(self.desk, poll, audience=self.audience, id=None)
            keep.display = False
            self.pending = keep
            self.screen.set_timer(AFTER_FRAME_S, partial(self._mount, keep))
            return keep
        self.slide_view.display = False
        keep.display = True
        return keep

    def _remove_unused(self, view: PollView) -> None:
        if view.is_attached and not (view.display and current_poll(self.screen.app) == view.poll):
            view.remove()

    def _mount(self, view: PollView) -> None:
        if self.pending is view:
            self.pending = None
        if current_poll(self.screen.app) != view.poll or not self.stage.is_attached:
            return  # the presenter moved on before the view was mounted
        self.stage.mount(view)
        view.call_after_refresh(self._swap_in, view)

    def _swap_in(self, view: PollView) -> None:
        if not view.is_attached or current_poll(self.screen.app) != view.poll:
            return  # the presenter moved on before the view was ready
        self.slide_view.display = False
        view.display = True
