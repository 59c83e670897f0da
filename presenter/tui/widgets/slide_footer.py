"""`SlideFooter`: a quiet two-row footer: a thin progress bar, then title and n/N.

Drawn with the Line API like the slide itself, so updating it on every key
press costs no layout.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget

from presenter.deck.model import Deck
from presenter.deck.position import Position
from presenter.tui.render.inline import clean


class SlideFooter(Widget):
    """Deck title, slide n/N, step progress, a typed slide number, and a progress bar."""

    DEFAULT_CSS = """
    SlideFooter {
        height: 2;
        width: 1fr;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "slide-footer--bar-done",
        "slide-footer--bar-todo",
        "slide-footer--title",
        "slide-footer--count",
        "slide-footer--steps",
        "slide-footer--goto",
    }

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.deck: Deck | None = None
        self.position = Position()
        self.typed = ""

    def show(self, deck: Deck, position: Position, typed: str = "") -> None:
        self.deck = deck
        self.position = position
        self.typed = typed
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if self.deck is None or width <= 0:
            return Strip.blank(width, self.rich_style)
        return self._bar(width) if y == 0 else self._text_line(width)

    def _bar(self, width: int) -> Strip:
        total = len(self.deck.shown) if self.deck else 0
        done = round(width * (self.position.slide + 1) / total) if total else 0
        return Strip(
            [
                Segment("━" * done, self.get_component_rich_style("slide-footer--bar-done")),
                Segment(
                    "─" * (width - done), self.get_component_rich_style("slide-footer--bar-todo")
                ),
            ],
            width,
        ).apply_style(self.rich_style)

    def _text_line(self, width: int) -> Strip:
        deck = self.deck
        assert deck is not None
        shown = deck.shown
        right = Text(no_wrap=True, end="")
        if self.typed:
            right.append(
                f" go to {self.typed}▏ Enter ",
                self.get_component_rich_style("slide-footer--goto"),
            )
            right.append("  ")
        if shown:
            slide = shown[min(self.position.slide, len(shown) - 1)]
            if slide.steps > 1:
                dots = "●" * (self.position.step + 1) + "○" * (slide.steps - self.position.step - 1)
                right.append(f"{dots}  ", self.get_component_rich_style("slide-footer--steps"))
            right.append(
                f"{self.position.slide + 1}/{len(shown)}",
                self.get_component_rich_style("slide-footer--count"),
            )
        right.append(" ")
        title = deck.meta.footer if deck.meta.footer is not None else deck.title
        room = max(0, width - right.cell_len - 2)
        left = Text(" " + clean(title or ""), no_wrap=True, end="")
        left.stylize(self.get_component_rich_style("slide-footer--title"))
        left.truncate(room, overflow="ellipsis")
        line = Text(no_wrap=True, end="")
        line.append_text(left)
        line.append(" " * max(0, width - left.cell_len - right.cell_len))
        line.append_text(right)
        line.truncate(width)
        segments = list(line.render(self.app.console))
        return Strip(segments).adjust_cell_length(width).apply_style(self.rich_style)
