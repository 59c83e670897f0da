"""The colours of each theme, for slide content and for every screen's chrome.

A palette is plain Rich styles, so rendering needs no Textual. The slide
renderer takes its accents from here; `presenter.tui.themes` turns the same
palette into a Textual theme, so the overview, search, help, dialogs, the
rehearsal report, the console and the poll view use these colours too. The
contrast test (tests/tui/test_contrast.py) computes every text colour's
contrast against its background from these definitions.
"""

from __future__ import annotations

from typing import NamedTuple

THEMES: tuple[str, ...] = ("dark", "light", "projector")
DEFAULT_THEME = "dark"


class CodeColours(NamedTuple):
    """Syntax highlighting for fenced code, on `Palette.code_background`."""

    text: str
    comment: str
    keyword: str
    string: str
    number: str
    function: str
    operator: str


class Palette(NamedTuple):
    name: str
    background: str
    """The slide's background (the .tcss files use the same colour)."""
    surface: str
    """Panels and dialogs: a step away from the background."""
    text: str
    h1: str
    h2: str
    h3: str
    h4: str
    title: str
    """The big title of a title page or section slide."""
    bullet: str
    strong: str
    emphasis: str
    code_inline: str
    code: CodeColours
    code_background: str
    quote: str
    quote_bar: str
    link: str
    table_header: str
    table_border: str
    rule: str
    muted: str
    """Secondary text: title-page details, notes' hints, image captions."""
    accent: str
    """Poll bars, selection, the progress bar: the theme's one strong colour."""
    success: str
    warning: str
    error: str
    dark: bool = True


PALETTES: dict[str, Palette] = {
    "dark": Palette(
        name="dark",
        background="#1b1d23",
        surface="#262a33",
        text="#e6e6e6",
        h1="bold #8ab4f8",
        h2="bold #f0c674",
        h3="bold #b5d67a",
        h4="bold italic #d0a8f0",
        title="bold #8ab4f8",
        bullet="#8ab4f8",
        strong="bold #ffffff",
        emphasis="italic",
        code_inline="#f0c674 on #2e323c",
        code=CodeColours(
            text="#e6e6e6",
            comment="#a3acb9",
            keyword="#f49ac1",
            string="#b5d67a",
            number="#f7b97a",
            function="#8ab4f8",
            operator="#8fd3e8",
        ),
        code_background="#2b2f38",
        quote="italic #c8ccd4",
        quote_bar="#8ab4f8",
        link="underline #8fd3e8",
        table_header="bold #8ab4f8",
        table_border="#6b7280",
        rule="#6b7280",
        muted="#a3acb9",
        accent="#8ab4f8",
        success="#8fd18b",
        warning="#f0c674",
        error="#f28b82",
    ),
    "light": Palette(
        name="light",
        background="#fafafa",
        surface="#e8ebef",
        text="#1f2328",
        h1="bold #0550ae",
        h2="bold #8250df",
        h3="bold #116329",
        h4="bold italic #953800",
        title="bold #0550ae",
        bullet="#0550ae",
        strong="bold #000000",
        emphasis="italic",
        code_inline="#953800 on #e4e8ee",
        code=CodeColours(
            text="#1f2328",
            comment="#57606a",
            keyword="#a0111f",
            string="#0a3069",
            number="#0550ae",
            function="#6639ba",
            operator="#1f2328",
        ),
        code_background="#e4e8ee",
        quote="italic #424a53",
        quote_bar="#8250df",
        link="underline #0550ae",
        table_header="bold #0550ae",
        table_border="#8c959f",
        rule="#8c959f",
        muted="#57606a",
        accent="#0550ae",
        success="#116329",
        warning="#7d4e00",
        error="#a0111f",
        dark=False,
    ),
    "projector": Palette(
        name="projector",
        background="#000000",
        surface="#1c1c1c",
        text="#ffffff",
        h1="bold #ffff00",
        h2="bold #00ffff",
        h3="bold underline #ffffff",
        h4="bold italic #7fff7f",
        title="bold #ffff00",
        bullet="bold #ffff00",
        strong="bold #ffff00",
        emphasis="bold italic",
        code_inline="bold #00ffff on #262626",
        code=CodeColours(
            text="#ffffff",
            comment="#c8c8c8",
            keyword="#ffff00",
            string="#7fff7f",
            number="#ffb86c",
            function="#00ffff",
            operator="#ffffff",
        ),
        code_background="#262626",
        quote="bold #ffffff",
        quote_bar="bold #ffff00",
        link="bold underline #00ffff",
        table_header="bold #ffff00",
        table_border="bold #ffffff",
        rule="bold #ffffff",
        muted="#d0d0d0",
        accent="#ffff00",
        success="#7fff7f",
        warning="#ffb86c",
        error="#ff8080",
    ),
}


def theme_name(requested: str | None) -> str:
    """A known theme name: the requested one, else the default."""
    if requested and requested.lower() in PALETTES:
        return requested.lower()
    return DEFAULT_THEME


def palette_for(theme: str) -> Palette:
    return PALETTES[theme_name(theme)]
