"""`SlideFooter`: a quiet two-row footer: a thin progress bar, then title and n/N.

Drawn with the Line API like the slide itself, so updating it on every key
press costs no layout.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget

from presenter.deck.model import Deck
from presenter.deck.position import Position
from presenter.tui.render.inline import clean


class SlideFooter(Widget):
    """Deck title, slide n/N, step progress, the presenter's prompt, and a progress bar."""

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
        self.prompt = ""
        self._styles: dict[str, Style] = {}
        self._title_cache: tuple[tuple[int, int], Segment] | None = None

    def show(self, deck: Deck, position: Position, prompt: str = "") -> None:
        """Show `deck` at `position`, with the presenter's `prompt` (e.g. "go to 12") if any."""
        self.deck = deck
        self.position = position
        self.prompt = prompt
        self.refresh()

    def notify_style_update(self) -> None:
        self._styles.clear()
        self._title_cache = None
        super().notify_style_update()

    def _style(self, name: str) -> Style:
        """A component style, cached: computing one is costly and they change only with the theme."""
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = (
                self.rich_style if name == "base" else self.get_component_rich_style(name)
            )
        return style

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if self.deck is None or width <= 0:
            return Strip.blank(width, self._style("base"))
        return self._bar(width) if y == 0 else self._text_line(width)

    def _bar(self, width: int) -> Strip:
        total = len(self.deck.shown) if self.deck else 0
        done = round(width * (self.position.slide + 1) / total) if total else 0
        return Strip(
            [
                Segment("━" * done, self._style("slide-footer--bar-done")),
                Segment("─" * (width - done), self._style("slide-footer--bar-todo")),
            ],
            width,
        ).apply_style(self._style("base"))

    def _right_segments(self) -> list[Segment]:
        deck = self.deck
        assert deck is not None
        shown = deck.shown
        segments: list[Segment] = []
        if self.prompt:
            segments.append(Segment(f" {self.prompt} ", self._style("slide-footer--goto")))
            segments.append(Segment("  "))
        if shown:
            slide = shown[min(self.position.slide, len(shown) - 1)]
            if slide.steps > 1:
                step = self.position.step
                dots = "●" * (step + 1) + "○" * (slide.steps - step - 1)
                segments.append(Segment(f"{dots}  ", self._style("slide-footer--steps")))
            count = f"{self.position.slide + 1}/{len(shown)}"
            segments.append(Segment(count, self._style("slide-footer--count")))
        segments.append(Segment(" "))
        return segments

    def _title_segment(self, room: int) -> Segment:
        """The deck title cut to `room` cells (cached: it changes only with the deck or width)."""
        deck = self.deck
        assert deck is not None
        key = (id(deck), room)
        if self._title_cache is not None and self._title_cache[0] == key:
            return self._title_cache[1]
        title = deck.meta.footer if deck.meta.footer is not None else deck.title
        text = Text(" " + clean(title or ""), no_wrap=True, end="")
        text.truncate(room, overflow="ellipsis")
        segment = Segment(text.plain, self._style("slide-footer--title"))
        self._title_cache = (key, segment)
        return segment

    def _text_line(self, width: int) -> Strip:
        right = self._right_segments()
        # Everything on the right is one cell per character.
        right_width = sum(len(segment.text) for segment in right)
        left = self._title_segment(max(0, width - right_width - 2))
        gap = Segment(" " * max(0, width - left.cell_length - right_width))
        return Strip([left, gap, *right]).adjust_cell_length(width).apply_style(self._style("base"))
