"""The colours each theme gives slide content (the `.tcss` files style the chrome).

A palette is plain Rich styles, so rendering needs no Textual. Base foreground
and background come from the widget's CSS; the palette adds the accents.
"""

from __future__ import annotations

from typing import NamedTuple

THEMES: tuple[str, ...] = ("dark", "light", "projector")
DEFAULT_THEME = "dark"


class Palette(NamedTuple):
    name: str
    text: str
    h1: str
    h2: str
    h3: str
    bullet: str
    strong: str
    emphasis: str
    code_inline: str
    code_theme: str
    code_background: str
    quote: str
    quote_bar: str
    link: str
    table_header: str
    table_border: str
    rule: str
    muted: str
    boxed_h1: bool = False
    """Projector: draw level-1 headings in a heavy box so they read from the back."""


PALETTES: dict[str, Palette] = {
    "dark": Palette(
        name="dark",
        text="#e6e6e6",
        h1="bold #8ab4f8",
        h2="bold #f0c674",
        h3="bold #b5bd68",
        bullet="#8ab4f8",
        strong="bold #ffffff",
        emphasis="italic",
        code_inline="#f0c674 on #2a2d35",
        code_theme="monokai",
        code_background="#24272e",
        quote="italic #b8bcc4",
        quote_bar="#5c6370",
        link="underline #81a2be",
        table_header="bold #8ab4f8",
        table_border="#5c6370",
        rule="#5c6370",
        muted="#8a8f98",
    ),
    "light": Palette(
        name="light",
        text="#1f2328",
        h1="bold #0550ae",
        h2="bold #8250df",
        h3="bold #116329",
        bullet="#0550ae",
        strong="bold #000000",
        emphasis="italic",
        code_inline="#953800 on #eef0f3",
        code_theme="friendly",
        code_background="#eef0f3",
        quote="italic #57606a",
        quote_bar="#afb8c1",
        link="underline #0969da",
        table_header="bold #0550ae",
        table_border="#afb8c1",
        rule="#afb8c1",
        muted="#6e7781",
    ),
    "projector": Palette(
        name="projector",
        text="#ffffff",
        h1="bold #ffff00",
        h2="bold #00ffff",
        h3="bold underline #ffffff",
        bullet="bold #ffff00",
        strong="bold #ffff00",
        emphasis="bold italic",
        code_inline="bold #00ffff on #1a1a1a",
        code_theme="monokai",
        code_background="#101010",
        quote="bold #ffffff",
        quote_bar="bold #ffff00",
        link="bold underline #00ffff",
        table_header="bold #ffff00",
        table_border="bold #ffffff",
        rule="bold #ffffff",
        muted="#d0d0d0",
        boxed_h1=True,
    ),
}


def theme_name(requested: str | None) -> str:
    """A known theme name: the requested one, else the default."""
    if requested and requested.lower() in PALETTES:
        return requested.lower()
    return DEFAULT_THEME


def palette_for(theme: str) -> Palette:
    return PALETTES[theme_name(theme)]
