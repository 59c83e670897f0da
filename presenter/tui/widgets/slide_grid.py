"""`SlideGrid`: every slide's number and title in a grid, with a cursor.

Drawn with the Line API (a `ScrollView`), so a 500-slide deck opens its
overview as fast as a 20-slide one: no widget per slide.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from presenter.tui.render.inline import clean

CELL_WIDTH = 28
CELL_HEIGHT = 3


class SlideGrid(ScrollView, can_focus=True):
    """A cursor over slide titles; Enter (or a click) picks one."""

    DEFAULT_CSS = """
    SlideGrid {
        width: 1fr;
        height: 1fr;
        & > .slide-grid--number { color: $text-muted; }
        & > .slide-grid--title { color: $text; }
        & > .slide-grid--cursor { background: $primary; color: $text; text-style: bold; }
        & > .slide-grid--current { color: $warning; text-style: bold; }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "slide-grid--number",
        "slide-grid--title",
        "slide-grid--cursor",
        "slide-grid--current",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,h", "move(-1, 0)", "Previous slide", show=False),
        Binding("right,l", "move(1, 0)", "Next slide", show=False),
        Binding("up,k", "move(0, -1)", "Row up", show=False),
        Binding("down,j", "move(0, 1)", "Row down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home,g", "jump(0)", "First slide", show=False),
        Binding("end,G", "jump(-1)", "Last slide", show=False),
        Binding("enter,space", "pick", "Go to the slide"),
    ]

    cursor: reactive[int] = reactive(0)

    class Picked(Message):
        """The presenter chose a slide (index into `Deck.shown`)."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, titles: list[str], current: int, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.titles = [clean(t) or "(untitled)" for t in titles]
        self.current = current
        self.set_reactive(SlideGrid.cursor, current)

    @property
    def columns(self) -> int:
        return max(1, self.size.width // CELL_WIDTH)

    @property
    def cell_width(self) -> int:
        return max(8, self.size.width // self.columns)

    def _rows(self) -> int:
        return (len(self.titles) + self.columns - 1) // self.columns

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.size.width, self._rows() * CELL_HEIGHT)
        self._show_cursor()

    def on_mount(self) -> None:
        self.virtual_size = Size(self.size.width, self._rows() * CELL_HEIGHT)
        self.call_after_refresh(self._show_cursor)

    def watch_cursor(self) -> None:
        self._show_cursor()
        self.refresh()

    def _show_cursor(self) -> None:
        row = self.cursor // self.columns
        self.scroll_to_region(
            Region(0, row * CELL_HEIGHT, self.size.width, CELL_HEIGHT),
            animate=False,
            immediate=True,
        )

    def action_move(self, dx: int, dy: int) -> None:
        target = self.cursor + dx + dy * self.columns
        if 0 <= target < len(self.titles):
            self.cursor = target

    def action_page(self, direction: int) -> None:
        rows = max(1, self.size.height // CELL_HEIGHT)
        target = self.cursor + direction * rows * self.columns
        self.cursor = min(max(target, 0), len(self.titles) - 1)

    def action_jump(self, index: int) -> None:
        self.cursor = index % len(self.titles) if self.titles else 0

    def action_pick(self) -> None:
        self.post_message(self.Picked(self.cursor))

    def on_click(self, event: events.Click) -> None:
        row = (event.y + int(self.scroll_offset.y)) // CELL_HEIGHT
        column = event.x // self.cell_width
        if column >= self.columns:
            return
        index = row * self.columns + column
        if 0 <= index < len(self.titles):
            self.cursor = index
            self.action_pick()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        virtual_y = y + int(self.scroll_offset.y)
        row, line = divmod(virtual_y, CELL_HEIGHT)
        base = self.rich_style
        if line == CELL_HEIGHT - 1:
            return Strip.blank(width, base)
        segments: list[Segment] = []
        cell = self.cell_width
        for column in range(self.columns):
            index = row * self.columns + column
            if index >= len(self.titles):
                break
            segments.extend(self._cell(index, line, cell))
        return Strip(segments).adjust_cell_length(width).apply_style(base)

    def _cell(self, index: int, line: int, width: int) -> list[Segment]:
        style: Style = (
            self.get_component_rich_style("slide-grid--cursor") if index == self.cursor else Style()
        )
        inner = width - 2
        if line == 0:
            text = Text(f" {index + 1}", style=self.get_component_rich_style("slide-grid--number"))
            if index == self.current:
                text.append("  ● now", style=self.get_component_rich_style("slide-grid--current"))
        else:
            text = Text(
                f" {self.titles[index]}", style=self.get_component_rich_style("slide-grid--title")
            )
        text.truncate(inner, overflow="ellipsis", pad=True)
        text.stylize(style)
        text.end = ""
        return [*text.render(self.app.console), Segment("  ")]
