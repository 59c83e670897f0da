"""`OverviewScreen`: all slides as a grid; arrows move, Enter jumps, Escape closes."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Static

from presenter.deck.model import Deck
from presenter.tui.widgets.slide_grid import SlideGrid


class OverviewScreen(ModalScreen[int | None]):
    """Dismisses with the chosen slide's index in `deck.shown`, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,o,q", "close", "Close the overview"),
    ]

    def __init__(self, deck: Deck, current: int) -> None:
        super().__init__()
        self.deck = deck
        self.current = current

    def compose(self) -> ComposeResult:
        count = len(self.deck.shown)
        yield Static(
            f" Overview · {count} slides · arrows move · Enter goes · Esc closes",
            id="overview-title",
            markup=False,
        )
        yield SlideGrid([s.title for s in self.deck.shown], self.current, id="grid")

    def on_slide_grid_picked(self, message: SlideGrid.Picked) -> None:
        message.stop()
        self.dismiss(message.index)

    def action_close(self) -> None:
        self.dismiss(None)
