"""Moving through the deck: next and previous, first and last, a typed slide number.

A typed number is kept in the app's `typed_number` and shown in the footer
(or the console's status line): digits add to it, Backspace takes the last
one back, Escape forgets it, and Enter goes to that slide. Backspace with
nothing typed is a previous key.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.binding import Binding, BindingType

from presenter.deck.position import (
    Position,
    advance,
    clamp,
    first_position,
    goto_slide,
    last_position,
)
from presenter.tui.keys import NEXT_KEYS, PREVIOUS_KEYS, direction
from presenter.tui.state import PresenterState

MAX_TYPED_DIGITS = 4

NAVIGATION_BINDINGS: list[BindingType] = [
    Binding(",".join(NEXT_KEYS), "next", "Next step or slide"),
    Binding(
        ",".join(k for k in PREVIOUS_KEYS if k != "backspace"), "previous", "Previous step or slide"
    ),
    Binding("backspace", "backspace", "Delete the typed digit (else: previous)", show=False),
    Binding("home,g", "first", "First slide"),
    Binding("end,G", "last", "Last slide"),
    Binding("escape", "escape", "Forget the typed number (and the poll's remove mode)", show=False),
    Binding("j", "scroll_lines(2)", "Scroll a tall slide down"),
    Binding("k", "scroll_lines(-2)", "Scroll a tall slide up"),
]


class NavigationActions(PresenterState):
    """The app's navigation actions (mixed into `PresenterApp`)."""

    BINDINGS: ClassVar[list[BindingType]] = []

    def key_is_navigation(self, key: str) -> int:
        if key == "backspace" and self.typed_number:
            return 0  # Backspace takes back a typed digit
        return direction(key)

    def move(self, count: int) -> None:
        """`count` presses of next (negative: previous), a tall slide scrolling first."""
        self.typed_number = ""
        scroll_name = "scroll_forward" if count > 0 else "scroll_back"
        scroll: Callable[[], bool] | None = getattr(self.screen, scroll_name, None)
        remaining = abs(count)
        while remaining and scroll is not None and scroll():
            remaining -= 1
        if remaining:
            self.position = advance(
                self.deck, self.position, remaining if count > 0 else -remaining
            )

    def action_next(self) -> None:
        self.move(1)

    def action_previous(self) -> None:
        self.move(-1)

    def action_backspace(self) -> None:
        if self.typed_number:
            self.typed_number = self.typed_number[:-1]
        else:
            self.move(-1)

    def action_first(self) -> None:
        self.typed_number = ""
        self.position = first_position(self.deck)

    def action_last(self) -> None:
        self.typed_number = ""
        self.position = last_position(self.deck)

    def type_digit(self, digit: int) -> None:
        if len(self.typed_number) < MAX_TYPED_DIGITS:
            self.typed_number += str(digit)

    def go_to_typed(self) -> None:
        number, self.typed_number = self.typed_number, ""
        if number:
            self.go_to_slide(int(number))

    def action_escape(self) -> None:
        self.typed_number = ""
        self.poll_removing = False

    def go_to_slide(self, number: int) -> None:
        """Slide `number` as the footer counts it (1-based)."""
        self.position = goto_slide(self.deck, number)

    def go_to_index(self, index: int | None) -> None:
        if index is not None:
            self.position = clamp(self.deck, Position(index, 0))

    def action_scroll_lines(self, delta: int) -> None:
        scroll: Callable[[int], None] | None = getattr(self.screen, "scroll_lines", None)
        if scroll is not None:
            scroll(delta)
