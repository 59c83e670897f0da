"""Suggestions from the room: the approved ones on the poll view, the queue to moderate.

`SuggestionList` shows approved suggestions on the projected poll view.
`ModerationQueue` lists pending ones, for the presenter console only; `a`
approves and `x` rejects the highlighted one. Every text goes through
`safe_content`: markup is shown literally and escape sequences are removed,
never interpreted.
"""

from __future__ import annotations

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
from presenter.tui.background import run_in_background
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

    It reads and writes through the `PollDesk` and follows its `poll_changed`
    signal, so a suggestion that arrives from a phone appears without any
    other wiring. When nothing waits, the line under the title says what is
    true now: nothing waiting, the store still opening, or why suggestions
    are not stored.
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

    pending: reactive[tuple[PendingSuggestion, ...]] = reactive((), init=False, always_update=True)
    """Re-shown after every read, so the empty line follows the store's state."""

    # The list never takes the focus: its arrow keys would steal the slide keys.
    # `[` and `]` move the highlight instead.

    def __init__(
        self, desk: PollDesk, polls: Sequence[Poll], *, id: str | None = "moderation-queue"
    ) -> None:
        super().__init__(id=id)
        self.desk = desk
        self.polls = tuple(polls)
        self._poll_ids = {poll.id for poll in self.polls}
        self._reload_queued = False

    def compose(self) -> ComposeResult:
        yield Label("Suggestions to moderate", classes="moderation-title")
        options = OptionList(id="moderation-list")
        options.can_focus = False
        yield options

    def _empty_text(self) -> str:
        if self.desk.stored:
            return "Nothing waiting. a approves, x rejects."
        if self.desk.opening:
            return "Opening the vote store…"
        return f"Suggestions are not being stored: {self.desk.problem or 'no store'}."

    def on_mount(self) -> None:
        self.desk.poll_changed.subscribe(self, self._desk_changed)
        self.watch_pending(self.pending)
        self.reload()
        self.set_interval(0.5, self.desk.check_external, name="moderation-external")

    def _desk_changed(self, poll_id: str | None) -> None:
        mine = poll_id is None or poll_id in self._poll_ids
        if mine and not self._reload_queued:
            self.reload()

    def reload(self) -> Worker[None] | None:
        """Re-read the pending suggestions (coalesced: one reload waits at most)."""
        if self._reload_queued:
            return None
        self._reload_queued = True
        return run_in_background(
            self, self._read(), what="reading the suggestions", group="moderation"
        )

    async def _read(self) -> None:
        self._reload_queued = False
        try:
            self.pending = tuple(await self.desk.read_pending(self.polls))
        except PollDeskError as error:
            self.desk.tell_presenter(str(error), "error")

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
            self.desk.tell_presenter("No suggestion is waiting.", "warning")
            return
        run_in_background(
            self, self._decide(chosen, status), what="moderating a suggestion", group="moderation"
        )

    async def _decide(self, chosen: PendingSuggestion, status: str) -> None:
        await self.desk.decide(chosen, status)
        self.post_message(self.Moderated(self, chosen, status))
