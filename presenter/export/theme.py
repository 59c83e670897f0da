"""The deck's theme colours as CSS: the slide palette, and the slide background.

The accents come from the palettes the slide view draws with (plain style
strings such as "bold #8ab4f8"); the slide's own background and text colour
come from the theme's stylesheet (`SlideView` in `tui/themes/NAME.tcss`), the
one place they are written. Neither import pulls in Textual.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from typing import NamedTuple

from presenter.tui.render.palette import Palette, palette_for, theme_name

_HEX = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b")


def _colours(style: str) -> tuple[str | None, str | None]:
    """The foreground and background colours of a style string ("#fff on #000")."""
    fore, _, back = style.partition(" on ")
    found_fore = _HEX.findall(fore)
    found_back = _HEX.findall(back)
    return (found_fore[-1] if found_fore else None, found_back[0] if found_back else None)


def style_css(style: str) -> str:
    """CSS declarations for a style string: colour, background, bold, italic, underline."""
    words = set(style.split(" on ")[0].split())
    fore, back = _colours(style)
    css = []
    if fore:
        css.append(f"color: {fore}")
    if back:
        css.append(f"background: {back}")
    if "bold" in words:
        css.append("font-weight: bold")
    if "italic" in words:
        css.append("font-style: italic")
    if "underline" in words:
        css.append("text-decoration: underline")
    return "; ".join(css)


def _luminance(colour: str) -> float:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    red, green, blue = (int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


@cache
def slide_colours(theme: str) -> tuple[str, str]:
    """(background, text) of the theme's slides, as its stylesheet gives them."""
    palette = palette_for(theme)
    name = theme_name(theme)
    sheet = (files("presenter") / "tui" / "themes" / f"{name}.tcss").read_text(encoding="utf-8")
    block = re.search(rf"\.theme-{name}\s+SlideView\s*\{{([^{{}}]*)", sheet)
    body = block.group(1) if block else ""
    background = re.search(r"(?<![-\w])background:\s*(#[0-9a-fA-F]{3,6})\b", body)
    colour = re.search(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{3,6})\b", body)
    text = colour.group(1) if colour else (_colours(palette.text)[0] or "#000000")
    if background:
        return background.group(1), text
    # A stylesheet without its SlideView block: a background that keeps the text readable.
    return ("#000000" if _luminance(text) > 0.5 else "#ffffff"), text


class ChartColours(NamedTuple):
    """What a results chart is drawn with, in the theme's colours."""

    ink: str
    muted: str
    bar: str
    lead: str
    track: str


def chart_colours(theme: str) -> ChartColours:
    palette = palette_for(theme)
    _, text = slide_colours(theme)
    muted = _colours(palette.muted)[0] or text
    return ChartColours(
        ink=text,
        muted=muted,
        bar=_colours(palette.h1)[0] or text,
        lead=_colours(palette.h2)[0] or text,
        track=_colours(palette.table_border)[0] or muted,
    )


def theme_css(theme: str) -> str:
    """CSS rules colouring `.themed` boxes (slides, and results drawn like them) in the theme."""
    palette: Palette = palette_for(theme)
    background, text = slide_colours(theme)
    rules = {
        ".themed": f"background: {background}; color: {text}",
        ".themed h1": style_css(palette.h1),
        ".themed h2": style_css(palette.h2),
        ".themed h3": style_css(palette.h3),
        ".themed h4, .themed h5, .themed h6": style_css(palette.h4),
        ".themed li::marker": style_css(palette.bullet),
        ".themed strong": style_css(palette.strong),
        ".themed em": style_css(palette.emphasis),
        ".themed code": style_css(palette.code_inline),
        ".themed pre": f"background: {palette.code_background}",
        ".themed pre code": f"background: none; color: {text}; font-weight: normal",
        ".themed blockquote": style_css(palette.quote)
        + f"; border-left-color: {_colours(palette.quote_bar)[0] or text}",
        ".themed a": style_css(palette.link),
        ".themed th": style_css(palette.table_header),
        ".themed th, .themed td, .themed table": f"border-color: {_colours(palette.table_border)[0] or text}",
        ".themed hr": f"border-color: {_colours(palette.rule)[0] or text}",
        ".themed .muted": style_css(palette.muted),
    }
    css = [f"{selector} {{ {body}; }}" for selector, body in rules.items() if body]
    return "\n".join(css) + "\n"
