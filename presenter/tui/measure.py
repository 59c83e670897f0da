"""`overflow_checker(width, height, theme=...)`: which slides do not fit a terminal.

Used by `presenter check DECK --size WxH`. It renders each slide (fully
revealed) through the same Rich line rendering the slide view shows, with the
same margins and footer, and compares the line count with the rows available.
Rich only: no Textual is imported, so `check` stays quick.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from presenter.deck.model import Deck
from presenter.tui.render.layout import rows_for_content, view_height
from presenter.tui.render.palette import palette_for, theme_name
from presenter.tui.render.slide import render_slide


def overflow_checker(
    width: int, height: int, *, theme: str | None
) -> Callable[[Deck], Mapping[int, bool]]:
    """A function mapping each slide's `index` to whether it overflows `width`x`height`."""

    def check(deck: Deck) -> Mapping[int, bool]:
        palette = palette_for(theme_name(theme or deck.meta.theme))
        rows = rows_for_content(view_height(height, footer=deck.meta.show_footer))
        base = deck.path.parent if deck.path is not None else None
        result: dict[int, bool] = {}
        for slide in deck.slides:
            rendered = render_slide(
                slide, slide.steps - 1, width, palette, deck.meta, rows=rows, base=base
            )
            result[slide.index] = len(rendered.lines) > rows
        return result

    return check
