"""Rendered slides kept for reuse, keyed by (deck, slide, step, width, rows, theme).

Rendering a slide means parsing its Markdown and laying it out with Rich; the
result depends only on the key, so a slide shown twice (or prepared in advance
as a neighbour) is rendered once. The cache is bounded so a 500-slide deck
stays small in memory however far the presenter moves.
"""

from __future__ import annotations

from collections import OrderedDict

from presenter.deck.model import Deck
from presenter.tui.render.palette import palette_for
from presenter.tui.render.slide import RenderedSlide, render_slide

CacheKey = tuple[int, int, int, int, int | None, str]


class SlideCache:
    """An LRU of `RenderedSlide`s; `render` returns the cached one when it can."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self._entries: OrderedDict[CacheKey, RenderedSlide] = OrderedDict()
        self.renders = 0
        """How many slides were actually rendered (tests use it to prove laziness)."""

    def get(
        self, deck: Deck, slide: int, step: int, width: int, theme: str, rows: int | None = None
    ) -> RenderedSlide | None:
        key = (id(deck), slide, step, width, rows, theme)
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
        return entry

    def render(
        self, deck: Deck, slide: int, step: int, width: int, theme: str, rows: int | None = None
    ) -> RenderedSlide:
        """The slide rendered for `width` columns and `rows` rows of content (None:
        as tall as it needs; big titles and images then take default sizes)."""
        cached = self.get(deck, slide, step, width, theme, rows)
        if cached is not None:
            return cached
        rendered = render_slide(
            deck.shown[slide],
            step,
            width,
            palette_for(theme),
            deck.meta,
            rows=rows,
            base=deck.path.parent if deck.path is not None else None,
        )
        self.renders += 1
        self._entries[(id(deck), slide, step, width, rows, theme)] = rendered
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)
        return rendered

    def clear(self) -> None:
        self._entries.clear()
