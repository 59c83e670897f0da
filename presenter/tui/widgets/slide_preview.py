"""A slide drawn small: the console's current-slide and next-slide panels.

It uses the slide view's renderer and cache (`SlideCache`) at the panel's
width, so the preview wraps exactly as the slide would in a terminal that
wide, and a slide rendered for one panel is reused by the other. A slide
taller than the panel shows what fits and a cue saying how much is cut.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

from presenter.deck.model import Deck
from presenter.deck.position import Position
from presenter.tui.render.slide import RenderedSlide
from presenter.tui.slide_cache import SlideCache


class SlidePreview(Widget):
    """Shows shown-slide `slide` of a deck at `step` (or a quiet line when there is none)."""

    DEFAULT_CSS = """
    SlidePreview {
        height: 1fr;
    }
    SlidePreview > .slide-preview--cue {
        color: $text-muted;
        text-style: italic;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"slide-preview--cue"}

    def __init__(
        self,
        cache: SlideCache,
        empty_text: str = "",
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.cache = cache
        self.empty_text = empty_text
        self._deck: Deck | None = None
        self._slide: int | None = None
        self._step = 0
        self._theme = "dark"

    def show(self, deck: Deck, slide: int | None, step: int, theme: str) -> None:
        """Show `deck.shown[slide]` at `step`; `slide` None shows the empty text."""
        if slide is not None and not 0 <= slide < len(deck.shown):
            slide = None
        state = (deck, slide, step, theme)
        if state == (self._deck, self._slide, self._step, self._theme):
            return
        self._deck, self._slide, self._step, self._theme = state
        self.refresh()

    def prepare(self, positions: Iterable[Position]) -> None:
        """Render `positions` at this panel's width once the current frame is out,
        so that the next move only shows lines that are ready."""
        deck, theme = self._deck, self._theme
        if deck is None:
            return
        wanted = [p for p in positions if 0 <= p.slide < len(deck.shown)]

        def render() -> None:
            width = self.size.width
            if width > 0:
                for pos in wanted:
                    self.cache.render(deck, pos.slide, pos.step, width, theme, self.size.height)

        self.call_after_refresh(render)

    @property
    def slide(self) -> int | None:
        return self._slide

    @property
    def step(self) -> int:
        return self._step

    def _rendered(self) -> RenderedSlide | None:
        width = self.size.width
        if self._deck is None or self._slide is None or width <= 0:
            return None
        return self.cache.render(
            self._deck, self._slide, self._step, width, self._theme, self.size.height
        )

    @property
    def cut_lines(self) -> int:
        """How many lines of the slide do not fit (0 when it all shows)."""
        rendered = self._rendered()
        if rendered is None:
            return 0
        return max(0, len(rendered.lines) - self.size.height)

    def render_line(self, y: int) -> Strip:
        width, height = self.size
        base = self.rich_style
        rendered = self._rendered()
        if rendered is None:
            if self.empty_text and y == height // 2:
                return self._cue_strip(self.empty_text.center(width), width)
            return Strip.blank(width, base)
        lines = rendered.lines
        cut = len(lines) > height
        if cut and y == height - 1:
            hidden = len(lines) - (height - 1)
            cue = f"… {hidden} more line{'s' if hidden != 1 else ''} below "
            return self._cue_strip(cue.rjust(width), width)
        top = max(0, (height - len(lines)) // 2) if rendered.centred and not cut else 0
        index = y - top
        if 0 <= index < len(lines):
            return Strip(lines[index]).adjust_cell_length(width).apply_style(base)
        return Strip.blank(width, base)

    def _cue_strip(self, text: str, width: int) -> Strip:
        style: Style = self.get_component_rich_style("slide-preview--cue")
        return (
            Strip([Segment(text[:width], style)])
            .adjust_cell_length(width)
            .apply_style(self.rich_style)
        )
