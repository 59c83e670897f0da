"""Speaker notes for the console: the slide's notes rendered as Markdown, scrollable.

Notes go through the slide renderer's Markdown path (escaped, control
characters stripped), so a note can never inject markup or escape sequences.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from presenter.tui.render.palette import Palette

SCROLL_LINES = 3


def notes_renderable(notes: str, palette: Palette) -> RenderableType:
    """The notes as Rich renderables, or a quiet line when there are none."""
    if not notes.strip():
        return Text("No notes for this slide.", style=palette.muted)
    from presenter.deck.markdown import make_parser
    from presenter.tui.render.blocks import BlockRenderer
    from presenter.tui.render.renderables import Stack

    tokens = make_parser().parse(notes)
    return Stack(BlockRenderer(palette).render(tokens), gap=1)


class NotesPanel(VerticalScroll, can_focus=False):
    """The current slide's notes; scrolled by the console's keys, never by slide keys."""

    DEFAULT_CSS = """
    NotesPanel {
        height: 1fr;
        padding: 0 1;
    }
    NotesPanel > #notes-body {
        width: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._shown: tuple[str, str] | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="notes-body")

    def show(self, notes: str, palette: Palette) -> None:
        """Show new notes from the top (the same notes again keep their scroll)."""
        key = (notes, palette.name)
        if key == self._shown:
            return
        self._shown = key
        self.query_one("#notes-body", Static).update(notes_renderable(notes, palette))
        self.scroll_home(animate=False)

    @property
    def text(self) -> str:
        return self._shown[0] if self._shown else ""

    def scroll_notes(self, lines: int) -> None:
        self.scroll_relative(y=lines, animate=False)
