"""Modal dialogs of the poll screen: confirm a re-open, type a suggestion.

Both are typed (`ModalScreen[bool]`, `ModalScreen[str | None]`): the caller
gets the answer through `push_screen(..., callback)` or `push_screen_wait`.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from presenter.tui.widgets.poll_text import SUGGESTION_LIMIT, clean_text, safe_content

CSS_FILE = Path(__file__).with_name("poll_dialogs.tcss")


class ConfirmDialog(ModalScreen[bool]):
    """Ask a yes/no question; `y`/Enter on Yes confirms, `n`/Escape declines."""

    CSS_PATH = CSS_FILE
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__(classes="poll-dialog")
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(safe_content(self.question, limit=None), classes="dialog-question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content(self.yes), variant="warning", id="dialog-yes")
                yield Button(Content(self.no), variant="primary", id="dialog-no")

    def on_mount(self) -> None:
        # The safe choice has the focus: Enter alone does not re-open a poll.
        self.query_one("#dialog-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "dialog-yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class SuggestionDialog(ModalScreen[str | None]):
    """Type a suggestion (at most 280 characters); Enter sends, Escape cancels."""

    CSS_PATH = CSS_FILE
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str) -> None:
        super().__init__(classes="poll-dialog")
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(
                Content("A suggestion for: ") + safe_content(self.question),
                classes="dialog-question",
            )
            yield Input(
                placeholder="Type the idea, Enter to add it (it waits for moderation)",
                max_length=SUGGESTION_LIMIT,
                id="suggestion-input",
            )
            yield Label("Enter adds it · Escape cancels", classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = clean_text(event.value)
        if not text:
            self.notify("Type a few words first, or Escape to cancel.", severity="warning")
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)
