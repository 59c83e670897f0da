"""The poll part of the presenter console: run the poll and moderate, out of the room's sight.

`PollConsolePanel` mounts in the console's `#moderation` container
(`mount_poll_console`). On a poll slide it shows a compact `PollView`; the
poll's keys are the app's, so they run the poll from the console as from the
slides (`Enter`, `c`, `r`, `1`-`9`, `u`, `s`). Under it, the
`ModerationQueue` of the deck's polls that take suggestions (`a` approve,
`x` reject, `[`/`]` move: the panel's own keys, so it keeps the focus). A
deck without polls gets no panel at all.
"""

from __future__ import annotations

from typing import ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widget import Widget

from presenter.tui.poll_desk import PollDesk
from presenter.tui.screens.poll_stage import current_poll
from presenter.tui.state import PresenterState
from presenter.tui.widgets.poll_suggestions import ModerationQueue
from presenter.tui.widgets.poll_view import PollView


class PollConsolePanel(Vertical, can_focus=True):
    """The current poll (compact, focused) and the moderation queue."""

    DEFAULT_CSS = """
    PollConsolePanel {
        height: auto;
        border: round $primary;
        border-title-color: $text-primary;
    }
    PollConsolePanel > #console-poll {
        height: auto;
    }
    PollConsolePanel PollView {
        height: auto;
        padding: 0 1;
    }
    PollConsolePanel PollView > #poll-question,
    PollConsolePanel PollView > #poll-state {
        margin-bottom: 0;
    }
    PollConsolePanel PollView > SuggestionList {
        display: none;
    }
    PollConsolePanel TallyRow > .tally-label {
        width: 1fr;
        height: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        padding-right: 1;
    }
    PollConsolePanel TallyRow > TallyBar {
        width: 8;
    }
    PollConsolePanel TallyRow > .tally-figures {
        width: 11;
    }
    PollConsolePanel > ModerationQueue {
        padding: 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "queue('moderate', 'approved')", "Approve suggestion"),
        Binding("x", "queue('moderate', 'rejected')", "Reject suggestion"),
        Binding("left_square_bracket", "queue('move', -1)", "Previous suggestion", show=False),
        Binding("right_square_bracket", "queue('move', 1)", "Next suggestion", show=False),
    ]

    def __init__(self, desk: PollDesk, *, id: str | None = "poll-console") -> None:
        super().__init__(id=id)
        self.desk = desk

    @property
    def presenter(self) -> PresenterState:
        return cast(PresenterState, self.app)

    def compose(self) -> ComposeResult:
        yield Vertical(id="console-poll")
        polls = [p for p in self.presenter.deck.polls if p.suggestions]
        yield ModerationQueue(self.desk, polls)

    def on_mount(self) -> None:
        self.border_title = "Poll"
        self.watch(self.app, "position", self._sync, init=False)
        self.watch(self.app, "deck", self._deck_changed, init=False)
        self._sync()

    def _deck_changed(self) -> None:
        deck = self.presenter.deck
        self.query_one(ModerationQueue).set_polls([p for p in deck.polls if p.suggestions])
        self._sync()

    def _sync(self) -> None:
        poll = current_poll(self.app)
        holder = self.query_one("#console-poll", Vertical)
        views = list(holder.query(PollView))
        keep = next((v for v in views if v.poll == poll), None) if poll is not None else None
        for view in views:
            if view is not keep:
                view.remove()
        if poll is not None and keep is None:
            keep = PollView(self.desk, poll, id=None)
            holder.mount(keep)
        if self.screen.is_current:
            self.focus()

    def action_queue(self, action: str, argument: object) -> None:
        queue = self.query_one(ModerationQueue)
        if action == "moderate":
            queue.action_moderate(str(argument))
        else:
            queue.action_move(int(argument))  # type: ignore[call-overload]


def mount_poll_console(container: Widget) -> PollConsolePanel | None:
    """Put the poll panel in the console's `#moderation` container, if the deck has polls."""
    app = cast(PresenterState, container.app)
    if not app.deck.polls:
        return None
    panel = PollConsolePanel(app.poll_desk)
    container.mount(panel)
    return panel
