"""`overflow_checker(width, height, theme=..., audience=...)`: which slides do not fit.

Used by `presenter check DECK --size WxH`. It renders each slide (fully
revealed) through the same Rich line rendering the slide view shows, with the
same margins and footer, and compares the line count with the rows available.
A poll slide is measured as the poll view lays it out (`poll_layout`), with
the phone panel (QR code, URL, room code) when `audience` is true.
Rich only: no Textual is imported, so `check` stays quick.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from presenter.deck.model import Deck, Poll
from presenter.tui.render.layout import rows_for_content, view_height
from presenter.tui.render.palette import palette_for, theme_name
from presenter.tui.render.poll_layout import poll_layout
from presenter.tui.render.slide import render_slide

SAMPLE_HOST = "255.255.255.255"
"""The longest IPv4 address: the QR code measured is the largest a talk shows."""
SAMPLE_PORT = 65535


def overflow_checker(
    width: int, height: int, *, theme: str | None, audience: bool = False
) -> Callable[[Deck], Mapping[int, bool]]:
    """A function mapping each slide's `index` to whether it overflows `width`x`height`."""

    def check(deck: Deck) -> Mapping[int, bool]:
        palette = palette_for(theme_name(theme or deck.meta.theme))
        view_rows = view_height(height, footer=deck.meta.show_footer)
        rows = rows_for_content(view_rows)
        base = deck.path.parent if deck.path is not None else None
        panel = phone_panel_size() if audience else None
        result: dict[int, bool] = {}
        for slide in deck.slides:
            if slide.poll is not None:
                result[slide.index] = not poll_fits(slide.poll, width, view_rows, panel)
                continue
            rendered = render_slide(
                slide, slide.steps - 1, width, palette, deck.meta, rows=rows, base=base
            )
            result[slide.index] = len(rendered.lines) > rows
        return result

    return check


def poll_fits(poll: Poll, width: int, rows: int, panel: tuple[tuple[int, int], int] | None) -> bool:
    """Whether the poll view shows the whole poll in `width` x `rows`."""
    qr, url_width = panel if panel is not None else (None, 0)
    layout = poll_layout(
        width, rows, question=poll.question, options=len(poll.options), qr=qr, url_width=url_width
    )
    return layout.fits


def phone_panel_size() -> tuple[tuple[int, int], int]:
    """((columns, rows) of the QR code, URL width) of the largest phone panel."""
    from presenter.audience.qr import qr_lines
    from presenter.audience.room import ROOM_CODE_LENGTH, base_url, join_url

    url = base_url(SAMPLE_HOST, SAMPLE_PORT)
    lines = qr_lines(join_url(url, "W" * ROOM_CODE_LENGTH))
    return (max(len(line) for line in lines), len(lines)), len(url)
