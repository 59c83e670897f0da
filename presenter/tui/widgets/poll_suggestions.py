"""Suggestions from the room: the approved ones on the poll view, the queue to moderate.

`SuggestionList` shows approved suggestions on the projected poll view.
`ModerationQueue` lists pending ones, for the presenter console only; `a`
approves and `x` rejects the highlighted one. Every text goes through
`safe_content`: markup is shown literally and escape sequences are removed,
never interpreted.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option
from textual.worker import Worker

from presenter.deck.model import Poll
from presenter.tui.poll_desk import PollDesk, PollDeskError
from presenter.tui.render.poll_layout import SHOWN_SUGGESTIONS
from presenter.tui.widgets.poll_snapshot import PendingSuggestion
from presenter.tui.widgets.poll_text import safe_content


class SuggestionList(Vertical):
    """Approved suggestions, newest last; only the latest few fit a projected slide."""

    DEFAULT_CSS = """
    SuggestionList {
        height: auto;
        display: none;
    }
    SuggestionList.-some {
        display: block;
    }
    SuggestionList > .suggestions-title {
        text-style: bold;
        color: $text-muted;
    }
    SuggestionList > .suggestion {
        padding-left: 2;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    texts: reactive[tuple[str, ...]] = reactive((), init=False)

    def compose(self) -> ComposeResult:
        yield Label("Ideas from the room", classes="suggestions-title")

    def watch_texts(self, texts: tuple[str, ...]) -> None:
        self.set_class(bool(texts), "-some")
        self.query(".suggestion").remove()
        shown = texts[-SHOWN_SUGGESTIONS:]
        labels = [Label(Content("• ") + safe_content(text), classes="suggestion") for text in shown]
        if len(texts) > len(shown):
            labels.insert(
                0, Label(f"… and {len(texts) - len(shown)} earlier", classes="suggestion")
            )
        self.mount_all(labels)


class ModerationQueue(Vertical, can_focus=True):
    """Pending suggestions of the talk's polls; `a` approves, `x` rejects the highlighted one.

    It reads and writes through the `PollDesk` and follows `desk.changed`, so
    a suggestion that arrives from a phone appears without any other wiring.
    """

    DEFAULT_CSS = """
    ModerationQueue {
        height: auto;
    }
    ModerationQueue > .moderation-title {
        text-style: bold;
    }
    ModerationQueue > OptionList {
        height: auto;
        max-height: 12;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "moderate('approved')", "Approve suggestion"),
        Binding("x", "moderate('rejected')", "Reject suggestion"),
        Binding("left_square_bracket", "move(-1)", "Previous suggestion", key_display="["),
        Binding("right_square_bracket", "move(1)", "Next suggestion", key_display="]"),
    ]

    class Moderated(Message):
        """A suggestion was approved or rejected (after the store recorded it)."""

        def __init__(self, queue: ModerationQueue, suggestion: PendingSuggestion, status: str):
            super().__init__()
            self.queue = queue
            self.suggestion = suggestion
            self.status = status

        @property
        def control(self) -> ModerationQueue:
            return self.queue

    pending: reactive[tuple[PendingSuggestion, ...]] = reactive((), init=False)

    # The list never takes the focus: its arrow keys would steal the slide keys.
    # `[` and `]` move the highlight instead.

    def __init__(
        self, desk: PollDesk, polls: Sequence[Poll], *, id: str | None = "moderation-queue"
    ) -> None:
        super().__init__(id=id)
        self.desk = desk
        self.polls = tuple(polls)
        self._poll_ids = {poll.id for poll in self.polls}
        self._lock = asyncio.Lock()
        self._reload_queued = False

    def compose(self) -> ComposeResult:
        yield Label("Suggestions to moderate", classes="moderation-title")
        options = OptionList(id="moderation-list")
        options.can_focus = False
        yield options

    def _empty_text(self) -> str:
        if not self.desk.stored:
            return "Suggestions are not being stored."
        return "Nothing waiting. a approves, x rejects."

    def on_mount(self) -> None:
        self.desk.subscribe(self._desk_changed)
        self.watch_pending(self.pending)
        self.reload()
        self.set_interval(0.5, self.desk.check_external, name="moderation-external")

    def on_unmount(self) -> None:
        self.desk.unsubscribe(self._desk_changed)

    def _desk_changed(self, poll_id: str | None) -> None:
        mine = poll_id is None or poll_id in self._poll_ids
        if mine and not self._reload_queued:
            self.reload()

    def reload(self) -> Worker[None]:
        """Re-read the pending suggestions (coalesced: one reload waits at most)."""
        self._reload_queued = True
        return self.run_worker(self._perform(None), group="moderation")

    async def _perform(self, decision: tuple[PendingSuggestion, str] | None) -> None:
        async with self._lock:
            try:
                if decision is not None:
                    chosen, status = decision
                    await asyncio.to_thread(self.desk.moderate, chosen.id, status)
                else:
                    self._reload_queued = False
                self.pending = tuple(await asyncio.to_thread(self.desk.pending, self.polls))
            except PollDeskError as error:
                self.notify(str(error), title="Moderation", severity="error", markup=False)
                return
        if decision is not None:
            chosen, status = decision
            self.post_message(self.Moderated(self, chosen, status))
            self.desk.changed(chosen.poll_id)

    def watch_pending(self, pending: tuple[PendingSuggestion, ...]) -> None:
        options = self.query_one(OptionList)
        current = options.highlighted_option
        current_id = current.id if current is not None else None
        index = options.highlighted or 0
        several_polls = len({p.poll_id for p in pending}) > 1
        if pending:
            options.set_options(Option(self._line(p, several_polls), id=str(p.id)) for p in pending)
            ids = [str(p.id) for p in pending]
            options.highlighted = (
                ids.index(current_id) if current_id in ids else min(index, len(pending) - 1)
            )
        else:
            # A disabled line rather than a hidden list: the list keeps the focus.
            options.set_options([Option(self._empty_text(), disabled=True)])
        self.query_one(".moderation-title", Label).update(
            f"Suggestions to moderate ({len(pending)})" if pending else "Suggestions to moderate"
        )

    @staticmethod
    def _line(pending: PendingSuggestion, with_poll: bool) -> Content:
        text = safe_content(pending.text)
        if with_poll:
            return Content.styled(f"{pending.poll_id}: ", "dim") + text
        return text

    @property
    def selected(self) -> PendingSuggestion | None:
        options = self.query_one(OptionList)
        index = options.highlighted
        if index is None or index >= len(self.pending):
            return None
        return self.pending[index]

    def action_move(self, delta: int) -> None:
        options = self.query_one(OptionList)
        if self.pending:
            current = options.highlighted or 0
            options.highlighted = max(0, min(len(self.pending) - 1, current + delta))

    def set_polls(self, polls: Sequence[Poll]) -> None:
        """Follow a reloaded deck's polls."""
        if tuple(polls) != self.polls:
            self.polls = tuple(polls)
            self._poll_ids = {poll.id for poll in self.polls}
            self.reload()

    def action_moderate(self, status: str) -> None:
        chosen = self.selected
        if chosen is None:
            self.notify("No suggestion is waiting.", title="Moderation", severity="warning")
            return
        self.run_worker(self._perform((chosen, status)), group="moderation")
