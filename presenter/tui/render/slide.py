"""One slide at one step, rendered to lines of Rich segments for a width and theme.

This is the single rendering path: the slide view caches its result per
(slide, step, width, theme) and `presenter check --size` counts its lines.
"""

from __future__ import annotations

import io
import threading
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from rich.console import Console, RenderableType
from rich.segment import Segment
from rich.text import Text

from presenter.deck.model import DeckMeta, Slide
from presenter.tui.render.inline import clean
from presenter.tui.render.layout import content_box
from presenter.tui.render.palette import Palette
from presenter.tui.render.renderables import Stack

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

Line = list[Segment]


class RenderedSlide(NamedTuple):
    """Full-width lines (margins included) and how to place them vertically."""

    lines: tuple[Line, ...]
    width: int
    centred: bool = False
    """Title pages sit in the middle of the screen; content slides start at the top."""


@cache
def _parser() -> MarkdownIt:
    from presenter.deck.markdown import make_parser

    return make_parser()


_local = threading.local()


def _console(width: int) -> Console:
    """A private off-screen console per thread (neighbours may render in a worker)."""
    console: Console | None = getattr(_local, "console", None)
    if console is None:
        console = Console(
            file=io.StringIO(),
            width=width,
            force_terminal=True,
            color_system="truecolor",
            legacy_windows=False,
            emoji=False,
            markup=False,
            highlight=False,
        )
        _local.console = console
    return console


def slide_renderable(
    slide: Slide, step: int, palette: Palette, meta: DeckMeta | None = None
) -> RenderableType:
    """The Rich renderable for a slide at a step (title slides get a title page)."""
    if slide.kind == "title" and meta is not None and meta.title:
        return title_page(meta, palette)
    # Imported here: a deck that opens on a title page paints it before
    # markdown-it is even loaded.
    from presenter.tui.render.blocks import BlockRenderer

    tokens = _parser().parse(slide.markdown_at(step))
    return Stack(BlockRenderer(palette).render(tokens), gap=1)


def title_page(meta: DeckMeta, palette: Palette) -> RenderableType:
    from rich.align import Align

    items: list[RenderableType] = []
    title = Text(clean(meta.title), style=palette.h1, justify="center")
    if palette.boxed_h1:
        from rich import box
        from rich.panel import Panel

        items.append(
            Align.center(Panel(title, box=box.HEAVY, border_style=palette.h1, padding=(1, 4)))
        )
    else:
        items.append(title)
        # A rule as wide as the title (plus a little), not the whole screen.
        rule_width = title.cell_len + 8
        items.append(
            Text(
                "━" * rule_width,
                style=palette.rule,
                justify="center",
                no_wrap=True,
                overflow="crop",
            )
        )
    if meta.subtitle:
        items.append(Text(clean(meta.subtitle), style=palette.h2, justify="center"))
    details = [", ".join(clean(a) for a in meta.authors)]
    details += [clean(meta.event), clean(meta.location), clean(meta.date)]
    lines = [d for d in details if d]
    if lines:
        items.append(Text("\n".join(lines), style=palette.muted, justify="center"))
    return Stack(items, gap=1)


def render_slide(
    slide: Slide, step: int, width: int, palette: Palette, meta: DeckMeta | None = None
) -> RenderedSlide:
    """Render `slide` at `step` for a view `width` cells wide."""
    box = content_box(width)
    console = _console(box.width)
    options = console.options.update(width=box.width, max_width=box.width, height=None)
    renderable = slide_renderable(slide, step, palette, meta)
    body = console.render_lines(renderable, options, pad=True)
    left = Segment(" " * box.left) if box.left else None
    right_width = width - box.left - box.width
    right = Segment(" " * right_width) if right_width > 0 else None
    lines: list[Line] = []
    for line in body:
        full: Line = []
        if left:
            full.append(left)
        full.extend(line)
        if right:
            full.append(right)
        lines.append(full)
    while lines and _blank(lines[-1]):
        lines.pop()
    centred = slide.kind == "title" and meta is not None and bool(meta.title)
    return RenderedSlide(lines=tuple(lines), width=width, centred=centred)


def _blank(line: Line) -> bool:
    return all(
        not segment.text.strip() and (segment.style is None or segment.style.bgcolor is None)
        for segment in line
    )
