"""The poll view: what a poll slide shows instead of its Markdown.

The question, the state (ready, open, closed), the options numbered 1-9 with
their live bars, the number of voters, and the approved suggestions. Its keys
run the poll: Enter/`v` open, `c` close, `r` reveal, `1`-`9` add a keyboard
tally, `Shift+1`-`9` (or `-` then the digit) remove one, `u` undo, `s` type a
suggestion. Every action is a write through the `PollDesk`; the view then
re-reads the store, so the bars only ever show committed votes.

Writes run one at a time, in key order, off the event loop (a thread per
write, serialised by a lock), so a slow disk never stalls the keyboard.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Label
from textual.worker import Worker

from presenter.deck.model import Poll
from presenter.tui.poll_desk import PollDesk, PollDeskError
from presenter.tui.screens.poll_dialogs import ConfirmDialog, SuggestionDialog
from presenter.tui.widgets.audience_panel import AudiencePanel
from presenter.tui.widgets.poll_bars import TallyBars
from presenter.tui.widgets.poll_snapshot import PollSnapshot
from presenter.tui.widgets.poll_suggestions import SuggestionList
from presenter.tui.widgets.poll_text import safe_content
from presenter.tui.widgets.shared_tally import SharedTallyLine

DIGITS = "123456789"
SHIFTED_DIGITS = (
    "exclamation_mark",
    "at",
    "number_sign",
    "dollar_sign",
    "percent_sign",
    "circumflex_accent",
    "ampersand",
    "asterisk",
    "left_parenthesis",
)
"""What `Shift+1` .. `Shift+9` send on a US layout."""

EXTERNAL_CHECK_S = 0.5
"""How often the view looks for votes written by another process or connection."""

_VOTE = Binding.Group("Vote", compact=True)

Operation = Callable[[PollSnapshot], "str | None"]
"""A write run in a worker thread; returns a notice for the presenter, or None."""


def _tally_bindings() -> list[Binding]:
    bindings: list[Binding] = []
    for number, digit in enumerate(DIGITS, start=1):
        # One description for all nine, so the help screen lists them on one row.
        bindings.append(
            Binding(digit, f"tally({number})", "Add a vote for that option", group=_VOTE)
        )
    for number, (digit, shifted) in enumerate(zip(DIGITS, SHIFTED_DIGITS, strict=True), 1):
        bindings.append(
            Binding(
                f"{shifted},shift+{digit}",
                f"untally({number})",
                "Remove a vote from that option",
                key_display=f"shift+{digit}",
                show=False,
            )
        )
    return bindings


def voters_text(count: int) -> str:
    return f"{count} voter" if count == 1 else f"{count} voters"


class PollView(Vertical, can_focus=True):
    """A poll slide, live: question, state, bars, suggestions; keys run the poll."""

    DEFAULT_CSS = """
    PollView {
        height: 1fr;
        padding: 1 4;
    }
    PollView:focus {
        background-tint: transparent;
    }
    PollView > #poll-question {
        text-style: bold;
        color: $text-primary;
        width: 100%;
        margin-bottom: 1;
    }
    PollView > #poll-state {
        width: 100%;
        margin-bottom: 1;
        color: $text-muted;
    }
    PollView.-open > #poll-state {
        color: $text-success;
        text-style: bold;
    }
    PollView.-closed > #poll-state {
        color: $text-warning;
        text-style: bold;
    }
    PollView > #poll-store-note {
        color: $text-error;
        display: none;
    }
    PollView.-unstored > #poll-store-note {
        display: block;
    }
    PollView > SuggestionList {
        margin-top: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,v", "open_poll", "Open poll", key_display="⏎"),
        Binding("c", "close_poll", "Close poll"),
        Binding("r", "reveal", "Reveal"),
        *_tally_bindings(),
        Binding("minus", "arm_remove", "Remove a vote: - then 1-9", show=False),
        Binding("u", "undo", "Undo tally"),
        Binding("s", "suggest", "Type a suggestion", show=False),
    ]

    snapshot: reactive[PollSnapshot | None] = reactive(None, init=False)
    """What the store said last (set in `__init__`, so never None once built)."""
    removing: reactive[bool] = reactive(False, init=False)
    """True after `-`: the next digit removes a vote."""

    def __init__(self, desk: PollDesk, poll: Poll, *, id: str | None = "poll-view") -> None:
        super().__init__(id=id)
        self.desk = desk
        self.poll = poll
        self._lock = asyncio.Lock()
        self._reload_queued = False
        self._announcing = False
        self.set_reactive(PollView.snapshot, PollSnapshot(poll, stored=desk.stored))

    def compose(self) -> ComposeResult:
        yield Label(safe_content(self.poll.question, limit=None), id="poll-question")
        yield Label("", id="poll-state")
        yield TallyBars(self.poll, id="poll-bars")
        yield SharedTallyLine(self.desk, self.poll)
        yield SuggestionList(id="poll-suggestions")
        yield Label("", id="poll-store-note")
        yield AudiencePanel()

    def on_mount(self) -> None:
        self.desk.subscribe(self._desk_changed)
        self._show(self.current)
        self.reload()
        self.set_interval(EXTERNAL_CHECK_S, self.desk.check_external, name="poll-external")

    def on_unmount(self) -> None:
        self.desk.unsubscribe(self._desk_changed)

    # -- reading -------------------------------------------------------------

    def reload(self) -> Worker[None]:
        """Re-read the poll from the store (coalesced: one reload waits at most)."""
        self._reload_queued = True
        return self._submit(None)

    @property
    def current(self) -> PollSnapshot:
        """The last snapshot read from the store."""
        assert self.snapshot is not None
        return self.snapshot

    def _desk_changed(self, poll_id: str | None) -> None:
        mine = poll_id is None or poll_id == self.poll.id
        if mine and not self._reload_queued and not self._announcing:
            self.reload()

    def watch_snapshot(self, snapshot: PollSnapshot | None) -> None:
        if snapshot is not None:
            self._show(snapshot)

    def watch_removing(self) -> None:
        self._show(self.current)

    def _show(self, snapshot: PollSnapshot) -> None:
        if not self.is_attached or self._closing:
            return  # a reload that finished while the view was being removed
        for state in ("ready", "open", "closed"):
            self.set_class(snapshot.state == state, f"-{state}")
        self.set_class(not snapshot.stored, "-unstored")
        self.query_one("#poll-state", Label).update(self._state_line(snapshot))
        self.query_one(TallyBars).snapshot = snapshot
        self.query_one(SuggestionList).texts = snapshot.approved
        if not snapshot.stored:
            told = self.desk.problem_to_tell()
            if told:
                self.notify(told, title="Poll", severity="warning", timeout=10, markup=False)
            self.query_one("#poll-store-note", Label).update(
                Content("Votes are not being stored: ")
                + safe_content(self.desk.problem or "no store", limit=None)
            )

    def _state_line(self, snapshot: PollSnapshot) -> Content:
        voters = voters_text(snapshot.voters)
        if snapshot.state == "ready":
            line = "Not open yet · Enter opens the poll"
        elif snapshot.state == "open":
            line = f"● OPEN · {voters}"
            if snapshot.hidden:
                line += " · results shown after the poll closes"
        else:
            line = f"■ CLOSED · {voters}"
            if snapshot.hidden:
                line += " · results not revealed yet"
        if self.removing:
            line += "  ·  REMOVE: press the option's number"
        return Content(line)

    # -- the write queue -----------------------------------------------------

    def _submit(self, operation: Operation | None) -> Worker[None]:
        return self.run_worker(self._perform(operation), group="poll-writes")

    async def _perform(self, operation: Operation | None) -> None:
        async with self._lock:
            notice: str | None = None
            if operation is not None:
                try:
                    notice = await asyncio.to_thread(operation, self.current)
                except PollDeskError as error:
                    self.notify(str(error), title="Poll", severity="error", markup=False)
            else:
                self._reload_queued = False
            try:
                self.snapshot = await asyncio.to_thread(self.desk.snapshot, self.poll)
            except PollDeskError as error:
                self.notify(str(error), title="Poll", severity="error", markup=False)
            if notice:
                self.notify(notice, title="Poll", markup=False)
            if operation is not None:
                # Let the other views of this poll (the console's queue) re-read it.
                self._announcing = True
                try:
                    self.desk.changed(self.poll.id)
                finally:
                    self._announcing = False

    def _chosen_option(self, number: int) -> str | None:
        """The id of option `number` (1-based), leaving remove mode; None, with a
        warning to the presenter, if the poll has no such option."""
        self.removing = False
        if 1 <= number <= len(self.poll.options):
            return self.poll.options[number - 1].id
        self.notify(f"This poll has no option {number}.", title="Poll", severity="warning")
        return None

    # -- actions -------------------------------------------------------------

    def action_open_poll(self) -> None:
        if self.current.state == "closed":
            question = (
                f"Re-open the poll “{self.poll.question}”? "
                f"The {voters_text(self.current.voters)} already counted stay, and more votes can come in."
            )
            self.app.push_screen(
                ConfirmDialog(question, yes="Re-open", no="Keep closed"), self._reopen_answered
            )
            return
        self._submit(self._open)

    def _reopen_answered(self, yes: bool | None) -> None:
        if yes:
            self._submit(self._open)

    def _open(self, snapshot: PollSnapshot) -> str | None:
        if snapshot.state == "open":
            return "The poll is already open."
        self.desk.open(self.poll)
        return None

    def action_close_poll(self) -> None:
        def close(snapshot: PollSnapshot) -> str | None:
            if snapshot.state != "open":
                return "The poll is not open."
            self.desk.close(self.poll)
            return None

        self._submit(close)

    def action_reveal(self) -> None:
        def reveal(snapshot: PollSnapshot) -> str | None:
            if self.poll.results != "after-close":
                return "This poll shows its results live; there is nothing to reveal."
            if snapshot.revealed:
                return "The results are already shown."
            if snapshot.state != "closed":
                return "Close the poll first (c), then reveal its results."
            self.desk.reveal(self.poll)
            return None

        self._submit(reveal)

    def action_tally(self, number: int) -> None:
        option = self._chosen_option(number)
        if option is None:
            return

        def add(snapshot: PollSnapshot) -> str | None:
            if snapshot.state != "open":
                return "The poll is not open: Enter opens it."
            self.desk.add_vote(self.poll, option)
            return None

        self._submit(add)

    def action_untally(self, number: int) -> None:
        option = self._chosen_option(number)
        if option is None:
            return

        def remove(snapshot: PollSnapshot) -> str | None:
            if snapshot.state != "open":
                return "The poll is not open: Enter opens it."
            if not self.desk.remove_vote(self.poll, option):
                return f"Option {number} has no keyboard vote to remove."
            return None

        self._submit(remove)

    def action_arm_remove(self) -> None:
        self.removing = not self.removing

    def on_key(self, event: events.Key) -> None:
        if not self.removing:
            return
        if event.key in DIGITS:
            event.stop()
            event.prevent_default()
            self.action_untally(int(event.key))
        elif event.key != "minus":
            # Any other key cancels the pending removal (and does its own job).
            self.removing = False
            if event.key == "escape":
                event.stop()
                event.prevent_default()

    def action_undo(self) -> None:
        def undo(snapshot: PollSnapshot) -> str | None:
            if not self.desk.undo(self.poll):
                return "There is no keyboard tally to undo."
            return None

        self._submit(undo)

    def action_suggest(self) -> None:
        if not self.poll.suggestions:
            self.notify(
                "This poll does not take suggestions (`suggestions: true` in the poll block).",
                title="Poll",
                severity="warning",
            )
            return
        self.app.push_screen(SuggestionDialog(self.poll.question), self._suggestion_typed)

    def _suggestion_typed(self, text: str | None) -> None:
        if not text:
            return

        def suggest(snapshot: PollSnapshot) -> str | None:
            self.desk.suggest(self.poll, text)
            return "Suggestion added: it waits for approval in the presenter console."

        self._submit(suggest)
