"""One slide at one step, rendered to lines of Rich segments for a width and theme.

This is the single rendering path: the slide view caches its result per
(slide, step, width, theme) and `presenter check --size` counts its lines.
"""

from __future__ import annotations

import io
import threading
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from rich.console import Console, RenderableType
from rich.segment import Segment
from rich.text import Text

from presenter.deck.model import DeckMeta, Slide
from presenter.tui.render.bigtext import BigTitle
from presenter.tui.render.inline import clean
from presenter.tui.render.layout import MIN_IMAGE_ROWS, content_box, layout_of
from presenter.tui.render.palette import Palette
from presenter.tui.render.renderables import Stack

if TYPE_CHECKING:
    from presenter.tui.render.images import SlideImage

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

Line = list[Segment]


class RenderedSlide(NamedTuple):
    """Full-width lines (margins included) and how to place them vertically."""

    lines: tuple[Line, ...]
    width: int
    centred: bool = True
    """A slide shorter than the view sits in its middle (`layout: center`, the
    default); `layout: top` starts it under the top margin."""


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


def section_title(slide: Slide, step: int) -> str | None:
    """The heading of a section slide (a slide with only a heading), or None."""
    text = slide.markdown_at(step).strip()
    if "\n" in text or not text.startswith("#"):
        return None
    hashes = len(text) - len(text.lstrip("#"))
    if hashes > 2 or text[hashes : hashes + 1] != " ":
        return None
    return text[hashes:].strip().rstrip("#").strip() or None


def big_title(slide: Slide, step: int, meta: DeckMeta | None) -> str | None:
    """The text a slide shows in big letters: a title page's title, a section
    slide's heading; None for other slides."""
    if slide.kind == "title" and meta is not None and meta.title:
        return clean(meta.title)
    if slide.poll is None:
        section = section_title(slide, step)
        if section is not None:
            return clean(section)
    return None


def slide_renderable(
    slide: Slide,
    step: int,
    palette: Palette,
    meta: DeckMeta | None = None,
    *,
    rows: int | None = None,
    base: Path | None = None,
) -> tuple[RenderableType, list[SlideImage]]:
    """The Rich renderable for a slide at a step, and its image blocks."""
    if slide.kind == "title" and meta is not None and meta.title:
        return title_page(meta, palette, rows), []
    section = big_title(slide, step, meta)
    if section is not None:
        return BigTitle(section, palette.title, rows), []
    # Imported here: a deck that opens on a title page paints it before
    # markdown-it is even loaded.
    from presenter.tui.render.blocks import BlockRenderer

    tokens = _parser().parse(slide.markdown_at(step))
    renderer = BlockRenderer(palette, base)
    return Stack(renderer.render(tokens), gap=1), renderer.images


def title_page(meta: DeckMeta, palette: Palette, rows: int | None = None) -> RenderableType:
    """The title in big letters, the subtitle under a rule, then who, where and when.

    The title is the largest and brightest thing on the page in every theme;
    the subtitle is body-sized in the second heading colour, the details muted."""
    details = [", ".join(clean(a) for a in meta.authors)]
    details += [clean(meta.event), clean(meta.location), clean(meta.date)]
    lines = [d for d in details if d]
    below = (2 if meta.subtitle else 0) + (len(lines) + 1 if lines else 0) + 2
    title_rows = None if rows is None else max(1, rows - below)
    items: list[RenderableType] = [BigTitle(clean(meta.title), palette.title, title_rows)]
    items.append(Text("━" * 12, style=palette.rule, justify="center", no_wrap=True))
    if meta.subtitle:
        items.append(Text(clean(meta.subtitle), style=palette.h2, justify="center"))
    if lines:
        items.append(Text("\n".join(lines), style=palette.muted, justify="center"))
    return Stack(items, gap=1)


def render_slide(
    slide: Slide,
    step: int,
    width: int,
    palette: Palette,
    meta: DeckMeta | None = None,
    *,
    rows: int | None = None,
    base: Path | None = None,
) -> RenderedSlide:
    """Render `slide` at `step` for a view `width` cells wide and `rows` tall
    (None: as tall as it needs; images then get a default height)."""
    wide = big_title(slide, step, meta) is not None
    box = content_box(width, wide=wide)
    console = _console(box.width)
    options = console.options.update(width=box.width, max_width=box.width, height=None)
    renderable, images = slide_renderable(slide, step, palette, meta, rows=rows, base=base)
    body = console.render_lines(renderable, options, pad=True)
    if images and rows is not None:
        # Images take the rows the rest of the slide leaves, shared out evenly.
        for image in images:
            image.max_rows = 0
        others = len(console.render_lines(renderable, options, pad=True)) - len(images)
        share = max(MIN_IMAGE_ROWS, max(0, rows - others) // len(images))
        for image in images:
            image.max_rows = share
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
    while lines and _blank(lines[0]):
        lines.pop(0)
    extra = meta.extra if meta is not None else {}
    centred = slide.kind == "title" or layout_of(slide.meta, extra) == "center"
    return RenderedSlide(lines=tuple(lines), width=width, centred=centred)


def _blank(line: Line) -> bool:
    return all(
        not segment.text.strip() and (segment.style is None or segment.style.bgcolor is None)
        for segment in line
    )
