"""Inline Markdown (emphasis, code spans, links...) -> one Rich `Text`, and text cleaning.

Deck text is never treated as markup: it is appended to `Text` objects with
explicit styles, and it is cleaned first by the project's one rule for
outside text (`presenter.outside_text`), so a deck cannot send escape
sequences to the terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.style import Style
from rich.text import Text

from presenter.outside_text import clean_text
from presenter.tui.render.palette import Palette

if TYPE_CHECKING:
    from markdown_it.token import Token


def clean(text: str) -> str:
    """Deck text made safe to show (`presenter.outside_text`), tabs expanded."""
    return clean_text(text).replace("\t", "    ")


def inline_text(tokens: Sequence[Token] | None, palette: Palette, base: str = "") -> Text:
    """The children of an `inline` token as styled text."""
    text = Text(style=base)
    if not tokens:
        return text
    stack: list[Style] = []

    def style() -> Style:
        return Style.combine(stack) if stack else Style()

    for token in tokens:
        kind = token.type
        if kind == "text":
            text.append(clean(token.content), style())
        elif kind == "softbreak":
            text.append(" ", style())
        elif kind == "hardbreak":
            text.append("\n")
        elif kind == "code_inline":
            text.append(clean(token.content), style() + Style.parse(palette.code_inline))
        elif kind == "strong_open":
            stack.append(Style.parse(palette.strong))
        elif kind == "em_open":
            stack.append(Style.parse(palette.emphasis))
        elif kind == "s_open":
            stack.append(Style(strike=True))
        elif kind == "link_open":
            stack.append(Style.parse(palette.link))
        elif kind in ("strong_close", "em_close", "s_close", "link_close"):
            if stack:
                stack.pop()
        elif kind == "image":
            alt = clean(token.content or "image")
            text.append(f"[{alt}]", style() + Style.parse(palette.muted))
        elif kind == "html_inline":
            continue  # a tag means nothing in a terminal; its text children still show
        elif token.children:
            text.append_text(inline_text(token.children, palette))
        elif token.content:
            text.append(clean(token.content), style())
    return text
