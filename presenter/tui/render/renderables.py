"""Small Rich renderables the slide renderer needs and Rich does not ship.

`Prefixed` draws a body indented behind a marker (list bullets, numbers) or a
bar on every line (block quotes); it is lighter than a grid `Table`, which
matters because every slide is rendered for every width it is shown at.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text


class Prefixed:
    """`first` before the body's first line, `rest` before the others."""

    def __init__(self, body: RenderableType, first: Text, rest: Text | None = None) -> None:
        self.body = body
        self.first = first
        self.rest = rest if rest is not None else Text(" " * first.cell_len)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        indent = max(self.first.cell_len, self.rest.cell_len)
        width = max(1, options.max_width - indent)
        lines = console.render_lines(self.body, options.update_width(width), pad=False)
        first = list(_styled(console, self.first))
        rest = list(_styled(console, self.rest))
        pad_first = indent - self.first.cell_len
        pad_rest = indent - self.rest.cell_len
        new_line = Segment.line()
        for number, line in enumerate(lines):
            if number == 0:
                yield from first
                if pad_first:
                    yield Segment(" " * pad_first)
            else:
                yield from rest
                if pad_rest:
                    yield Segment(" " * pad_rest)
            yield from line
            yield new_line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        indent = max(self.first.cell_len, self.rest.cell_len)
        inner = Measurement.get(console, options, self.body)
        return Measurement(inner.minimum + indent, inner.maximum + indent)


class Stack:
    """Renderables one under another, with `gap` blank lines between them."""

    def __init__(self, items: Iterable[RenderableType], gap: int = 1) -> None:
        self.items = list(items)
        self.gap = gap

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        new_line = Segment.line()
        for number, item in enumerate(self.items):
            if number and self.gap:
                for _ in range(self.gap):
                    yield new_line
            for line in console.render_lines(item, options, pad=False):
                yield from line
                yield new_line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        if not self.items:
            return Measurement(0, 0)
        sizes = [Measurement.get(console, options, item) for item in self.items]
        return Measurement(max(s.minimum for s in sizes), max(s.maximum for s in sizes))


def bar(style: str) -> Text:
    return Text("▌ ", style=Style.parse(style))


class Paragraph:
    """Wrapped text that does not leave one word alone on its last line.

    When the last line would hold a single word, the text is wrapped at a
    slightly narrower measure (down to 80% of the width) if that gives the
    last line company without adding a line."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        lines = self.text.wrap(console, width)
        if len(lines) > 1 and _lonely(lines[-1]):
            floor = max(1, int(width * 0.8))
            for narrower in range(width - 1, floor - 1, -1):
                candidate = self.text.wrap(console, narrower)
                if len(candidate) > len(lines):
                    break
                if not _lonely(candidate[-1]):
                    lines = candidate
                    break
        new_line = Segment.line()
        for line in lines:
            yield from _styled(console, line)
            yield new_line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.text)


def _styled(console: Console, line: Text) -> Iterable[Segment]:
    """A wrapped line's segments with the text's own style under its spans."""
    base = console.get_style(line.style) if line.style else None
    return Segment.apply_style(line.render(console), style=base)


def _lonely(line: Text) -> bool:
    return len(line.plain.split()) == 1


class Underlined:
    """A heading with a rule under it as wide as its widest line."""

    def __init__(self, text: Text, character: str, style: str) -> None:
        self.text = text
        self.character = character
        self.style = Style.parse(style)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = self.text.wrap(console, options.max_width)
        new_line = Segment.line()
        widest = 0
        for line in lines:
            line.rstrip()
            widest = max(widest, line.cell_len)
            yield from _styled(console, line)
            yield new_line
        yield Segment(self.character * widest, self.style)
        yield new_line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.text)
