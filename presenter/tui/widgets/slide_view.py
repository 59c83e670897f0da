"""`SlideView`: shows one slide at one step from lines rendered in advance.

A Line-API widget: `render_line` hands Textual strips cut from a cached
`RenderedSlide`, so showing a slide that is ready costs a dictionary lookup.
Changing the position only records it and refreshes; the slide is rendered
(if it is not cached yet) when the screen is painted, so a burst of key
presses never renders the slides it passes over. After each paint the
neighbours are rendered for the current width and theme.

A slide taller than the view scrolls: the last row then shows a cue
("more below" / "more above"), and `scroll_forward`/`scroll_back` move a page.
"""

from __future__ import annotations

from functools import partial
from typing import ClassVar, NamedTuple

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from presenter.deck.model import Deck
from presenter.deck.position import Position, clamp, next_position, previous_position
from presenter.tui.render.images import decode_deck_images
from presenter.tui.render.layout import TOP_MARGIN, rows_for_content
from presenter.tui.render.slide import RenderedSlide
from presenter.tui.slide_cache import SlideCache

FIRST_PREPARE_DELAY_S = 0.2


class _Placed(NamedTuple):
    """A slide's strips as laid out in the view."""

    strips: list[Strip]
    top: int
    """Row of the first strip when the slide fits (centred slides sit lower)."""
    overflow: bool
    rows: int
    """Rows the strips may use: an overflowing slide gives its last row to the cue."""
    max_scroll: int


class SlideView(Widget):
    """One slide of a deck, rendered for this widget's width and theme."""

    DEFAULT_CSS = """
    SlideView {
        width: 1fr;
        height: 1fr;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"slide-view--cue", "slide-view--empty"}

    scroll_row: reactive[int] = reactive(0)
    """First line of the slide shown (non-zero only when the slide overflows)."""

    def __init__(
        self,
        cache: SlideCache,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.cache = cache
        self.deck: Deck | None = None
        self.position = Position()
        self.theme_name = "dark"
        self._strips: tuple[tuple[object, ...], _Placed] | None = None
        """(key, placed strips) of the position on screen."""
        self._blank_strip: tuple[tuple[int, Style], Strip] | None = None
        self._prepare_queued = False
        self._base: Style | None = None
        self._painted_once = False
        self._images_warmed: Deck | None = None

    @property
    def base_style(self) -> Style:
        """This widget's CSS colours as a Rich style (cached: `rich_style` is costly)."""
        if self._base is None:
            self._base = self.rich_style
        return self._base

    def notify_style_update(self) -> None:
        self._base = None
        super().notify_style_update()

    # -- what to show -------------------------------------------------------

    def show(self, deck: Deck, position: Position, theme: str) -> None:
        """Show `position` of `deck` in `theme`; cheap: the work happens at paint time."""
        previous = self.position
        was_painted = self._painted()
        before = self._rows() if was_painted else None
        same_slide = deck is self.deck and position.slide == previous.slide
        self.deck = deck
        self.theme_name = theme
        self.position = clamp(deck, position) if deck.shown else Position()
        if not same_slide:
            self.set_reactive(SlideView.scroll_row, 0)
        elif position.step > previous.step and was_painted:
            self._reveal_new_lines(previous)
        self._refresh_rows(before)
        self._queue_prepare()

    def _rows(self) -> list[Strip]:
        placed = self._placed()
        return [self._row(y, placed) for y in range(self.size.height)]

    def _refresh_rows(self, before: list[Strip] | None) -> None:
        """Repaint only the rows that change, when the new lines are ready.

        Fewer bytes to the terminal: the rows a slide change leaves alone
        (margins, trailing blank rows) are not sent again."""
        pos = self.position
        ready = (
            before is not None
            and self.deck is not None
            and self.cache.get(
                self.deck, pos.slide, pos.step, self.size.width, self.theme_name, self._rows_free()
            )
            is not None
        )
        if not ready or before is None:
            self.refresh()
            return
        after = self._rows()
        width = self.size.width
        changed = [y for y, (old, new) in enumerate(zip(before, after, strict=True)) if old != new]
        if changed:
            self.refresh(*(Region(0, y, width, 1) for y in changed))

    def _reveal_new_lines(self, previous: Position) -> None:
        """A pause revealed lines below the fold: scroll so they come into view."""
        placed = self._placed()
        if not placed.overflow or self.deck is None:
            return
        before = self.cache.render(
            self.deck,
            previous.slide,
            previous.step,
            self.size.width,
            self.theme_name,
            self._rows_free(),
        )
        wanted = min(placed.max_scroll, len(before.lines) + 1)
        if wanted > self.scroll_row:
            self.set_reactive(SlideView.scroll_row, wanted)

    # -- rendering ----------------------------------------------------------

    def _rendered(self) -> RenderedSlide | None:
        deck = self.deck
        width = self.size.width
        if deck is None or not deck.shown or width <= 0:
            return None
        pos = self.position
        return self.cache.render(
            deck, pos.slide, pos.step, width, self.theme_name, self._rows_free()
        )

    def _rows_free(self) -> int:
        """Rows of content the view has room for (big titles and images fit in them)."""
        return rows_for_content(self.size.height)

    def _key(self) -> tuple[object, ...]:
        """What the strips on screen depend on."""
        width, height = self.size
        return (id(self.deck), self.position, width, height, self.theme_name, self.base_style)

    def _placed(self) -> _Placed:
        """The strips of the position on screen, laid out for this widget's size.

        Computed once per position, size and style, so painting a row (and
        comparing the rows of two slides) is a lookup."""
        key = self._key()
        if self._strips is not None and self._strips[0] == key:
            return self._strips[1]
        width, height = self.size
        rendered = self._rendered()
        base = self.base_style
        strips = (
            [Strip(line, width).apply_style(base) for line in rendered.lines]
            if rendered is not None
            else []
        )
        rows = max(1, height - TOP_MARGIN)
        overflow = len(strips) > rows
        top = TOP_MARGIN
        if overflow:
            rows = max(1, rows - 1)  # the last row is the "more below" cue's
        elif rendered is not None and rendered.centred:
            top = max(TOP_MARGIN, (height - len(strips)) // 2)
        max_scroll = len(strips) - rows if overflow else 0
        placed = _Placed(strips, top, overflow, rows, max_scroll)
        self._strips = (key, placed)
        return placed

    @property
    def overflows(self) -> bool:
        return self._placed().overflow

    @property
    def max_scroll(self) -> int:
        return self._placed().max_scroll

    def render_line(self, y: int) -> Strip:
        return self._row(y, self._placed())

    def _row(self, y: int, placed: _Placed) -> Strip:
        width, height = self.size
        if self.deck is not None and not self.deck.shown:
            return self._empty_line(y, width, height)
        if placed.overflow:
            if y == height - 1:
                return self._cue(width)
            index = y - TOP_MARGIN + min(self.scroll_row, placed.max_scroll)
        else:
            index = y - placed.top
        if y < TOP_MARGIN or not 0 <= index < len(placed.strips):
            return self._blank(width)
        return placed.strips[index]

    def _blank(self, width: int) -> Strip:
        """A blank row in the slide's colours (one strip, reused: rows compare cheaply)."""
        base = self.base_style
        if self._blank_strip is None or self._blank_strip[0] != (width, base):
            self._blank_strip = ((width, base), Strip.blank(width, base))
        return self._blank_strip[1]

    def _cue(self, width: int) -> Strip:
        style = self.get_component_rich_style("slide-view--cue")
        if self.scroll_row < self.max_scroll:
            label = " ▼ more below · ↓/Space scrolls "
        else:
            label = " ▲ more above · ↑ scrolls back "
        pad = max(0, width - len(label) - 1)
        segments = [Segment(" " * pad), Segment(label, style), Segment(" ")]
        return Strip(segments).adjust_cell_length(width).apply_style(self.base_style)

    def _empty_line(self, y: int, width: int, height: int) -> Strip:
        if y != height // 2:
            return Strip.blank(width, self.base_style)
        style = self.get_component_rich_style("slide-view--empty")
        message = "This deck has no slides to show."
        pad = max(0, (width - len(message)) // 2)
        return (
            Strip([Segment(" " * pad), Segment(message, style)])
            .adjust_cell_length(width)
            .apply_style(self.base_style)
        )

    # -- scrolling a tall slide ----------------------------------------------

    def _painted(self) -> bool:
        """Whether the current position's lines exist (it has been on screen).

        Scrolling decisions only look at a slide the room has seen: during a
        burst of key presses the slides passed over are never rendered.
        """
        return self._strips is not None and self._strips[0] == self._key()

    def scroll_forward(self) -> bool:
        """Scroll down a page if the slide continues below; False when at the end."""
        if not self._painted() or self.scroll_row >= self.max_scroll:
            return False
        step = max(1, self._placed().rows - 1)
        self.scroll_row = min(self.max_scroll, self.scroll_row + step)
        return True

    def scroll_back(self) -> bool:
        """Scroll up a page if the slide is scrolled; False when at the top."""
        if not self._painted() or self.scroll_row <= 0:
            return False
        step = max(1, self._placed().rows - 1)
        self.scroll_row = max(0, self.scroll_row - step)
        return True

    def scroll_lines(self, delta: int) -> None:
        self.scroll_row = min(self.max_scroll, max(0, self.scroll_row + delta))

    def watch_scroll_row(self) -> None:
        self.refresh()

    def _on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        if self.overflows:
            event.stop()
            self.scroll_lines(2)

    def _on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        if self.overflows:
            event.stop()
            self.scroll_lines(-2)

    def _on_resize(self, event: events.Resize) -> None:
        self.scroll_row = min(self.scroll_row, self.max_scroll)
        self._queue_prepare()

    # -- neighbours ----------------------------------------------------------

    def _queue_prepare(self) -> None:
        """Render the next and previous positions once the current one is on screen."""
        if not self._prepare_queued and self.is_mounted:
            self._prepare_queued = True
            if self._painted_once:
                self.call_after_refresh(self._prepare_neighbours)
            else:
                # At start-up Textual holds the first frame until the app is
                # mounted: "after refresh" would still be before slide 1 is on
                # screen, so wait a moment longer the first time.
                self._painted_once = True
                self.set_timer(FIRST_PREPARE_DELAY_S, self._prepare_neighbours)

    def _prepare_neighbours(self) -> None:
        self._prepare_queued = False
        deck = self.deck
        width = self.size.width
        if deck is None or not deck.shown or width <= 0:
            return
        if deck is not self._images_warmed:
            self._images_warmed = deck
            if any("![" in slide.markdown for slide in deck.shown):
                # Decoding (and importing Pillow) happens in a thread, not in the
                # frame of the first move to a picture.
                self.run_worker(partial(decode_deck_images, deck), thread=True, exit_on_error=False)
        for pos in (next_position(deck, self.position), previous_position(deck, self.position)):
            if pos != self.position:
                self.cache.render(
                    deck, pos.slide, pos.step, width, self.theme_name, self._rows_free()
                )
