"""Block Markdown (headings, lists, tables, quotes, code) -> Rich renderables.

Walks the flat markdown-it token stream once. Rich's table and syntax modules
(and Pygments behind the latter) are imported only when a slide has a table or
a fenced block, so opening a deck pays only for what slide 1 shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import JustifyMethod, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.style import Style
from rich.text import Text

from presenter.deck.images import is_background
from presenter.tui.render.images import SlideImage
from presenter.tui.render.inline import clean, inline_text
from presenter.tui.render.palette import CodeColours, Palette
from presenter.tui.render.renderables import Paragraph, Prefixed, Stack, Underlined, bar

if TYPE_CHECKING:
    from markdown_it.token import Token
    from rich.syntax import SyntaxTheme

BULLETS = ("•", "◦", "▪", "‣")


class BlockRenderer:
    """Turns one slide's tokens into a list of top-level renderables."""

    def __init__(self, palette: Palette, base: Path | None = None) -> None:
        self.palette = palette
        self.base = base
        """The deck's folder: image paths are relative to it."""
        self.images: list[SlideImage] = []
        """The slide's image blocks, in order (the slide renderer sizes them)."""

    def render(self, tokens: Sequence[Token]) -> list[RenderableType]:
        blocks, _ = self._blocks(tokens, 0, None, depth=0)
        return blocks

    def _blocks(
        self, tokens: Sequence[Token], pos: int, close: str | None, depth: int
    ) -> tuple[list[RenderableType], int]:
        out: list[RenderableType] = []
        while pos < len(tokens):
            token = tokens[pos]
            kind = token.type
            if close is not None and kind == close:
                return out, pos + 1
            if kind == "heading_open":
                level = int(token.tag[1:]) if token.tag[1:].isdigit() else 1
                out.append(self._heading(tokens[pos + 1], level))
                pos += 3
            elif kind == "paragraph_open":
                children = tokens[pos + 1].children
                alone = _lone_image(children)
                if alone is not None and is_background(alone.content or ""):
                    pass  # Marp's slide background: a terminal has none to draw
                elif alone is not None and (image := self._image(alone)) is not None:
                    out.append(image)
                else:
                    out.append(Paragraph(inline_text(children, self.palette)))
                pos += 3
            elif kind in ("bullet_list_open", "ordered_list_open"):
                items, pos = self._list(tokens, pos, depth)
                out.append(items)
            elif kind == "blockquote_open":
                body, pos = self._blocks(tokens, pos + 1, "blockquote_close", depth)
                quote = Padding(Stack(body), 0, style=self.palette.quote)
                out.append(
                    Prefixed(quote, bar(self.palette.quote_bar), bar(self.palette.quote_bar))
                )
            elif kind in ("fence", "code_block"):
                out.append(self._code(token))
                pos += 1
            elif kind == "table_open":
                table, pos = self._table(tokens, pos + 1)
                out.append(table)
            elif kind == "hr":
                out.append(Rule(style=self.palette.rule))
                pos += 1
            elif kind == "inline":
                out.append(inline_text(token.children, self.palette))
                pos += 1
            else:
                # html_block and anything a plugin adds that has no terminal form
                pos += 1
        return out, pos

    def _heading(self, inline: Token, level: int) -> RenderableType:
        """H1: heavy rule; H2: thin rule (each as wide as the heading); H3: bold in its
        own colour; H4 and deeper: bold italic in a fourth colour."""
        palette = self.palette
        style = {1: palette.h1, 2: palette.h2, 3: palette.h3}.get(level, palette.h4)
        text = inline_text(inline.children, palette, base=style)
        if level == 1:
            return Underlined(text, "━", palette.h1)
        if level == 2:
            return Underlined(text, "─", palette.rule)
        return Paragraph(text)

    def _image(self, token: Token) -> SlideImage | None:
        """An image block for a local file (a web address stays `[alt]` text)."""
        source = str(token.attrs.get("src", ""))
        if not source or "://" in source:
            return None
        path = Path(source)
        if not path.is_absolute() and self.base is not None:
            path = self.base / path
        alt = clean(token.content or "")
        image = SlideImage(path, alt, self.palette.background, self.palette.muted)
        self.images.append(image)
        return image

    def _list(self, tokens: Sequence[Token], pos: int, depth: int) -> tuple[RenderableType, int]:
        opening = tokens[pos]
        ordered = opening.type == "ordered_list_open"
        close = "ordered_list_close" if ordered else "bullet_list_close"
        start = int(str(opening.attrs.get("start", 1))) if ordered else 1
        pos += 1
        items: list[RenderableType] = []
        tight = True
        number = start
        while pos < len(tokens) and tokens[pos].type != close:
            token = tokens[pos]
            if token.type != "list_item_open":
                pos += 1
                continue
            tight = tight and self._item_is_tight(tokens, pos)
            body, pos = self._blocks(tokens, pos + 1, "list_item_close", depth + 1)
            if ordered:
                marker = Text(f"{number}. ", style=self.palette.bullet)
                number += 1
            else:
                marker = Text(f"{BULLETS[depth % len(BULLETS)]} ", style=self.palette.bullet)
            items.append(Prefixed(Stack(body, gap=0 if tight else 1), marker))
        if ordered:
            # Align the text of "9." and "10." under each other.
            width = max((len(f"{n}. ") for n in range(start, number)), default=3)
            for item in items:
                assert isinstance(item, Prefixed)
                item.first = Text(item.first.plain.rjust(width), style=self.palette.bullet)
                item.rest = Text(" " * width)
        return Stack(items, gap=0 if tight else 1), pos + 1

    @staticmethod
    def _item_is_tight(tokens: Sequence[Token], pos: int) -> bool:
        following = tokens[pos + 1] if pos + 1 < len(tokens) else None
        return following is None or following.type != "paragraph_open" or following.hidden

    def _code(self, token: Token) -> RenderableType:
        code = clean(token.content.rstrip("\n"))
        language = (token.info or "").strip().split(" ")[0] if token.type == "fence" else ""
        palette = self.palette
        if language:
            from rich.syntax import Syntax

            return Syntax(
                code,
                language,
                theme=_syntax_theme(palette.code),
                background_color=palette.code_background,
                word_wrap=True,
                padding=(1, 2),
            )
        return Padding(
            Text(code, style=Style.parse(palette.code.text)),
            (1, 2),
            style=Style(bgcolor=Style.parse(f"on {palette.code_background}").bgcolor),
            expand=True,
        )

    def _table(self, tokens: Sequence[Token], pos: int) -> tuple[RenderableType, int]:
        from rich import box
        from rich.table import Table

        palette = self.palette
        table = Table(
            box=box.HEAVY_HEAD if palette.name == "projector" else box.ROUNDED,
            border_style=palette.table_border,
            header_style=palette.table_header,
            show_edge=True,
            expand=False,
        )
        header_done = False
        row: list[Text] = []
        in_head = False
        while pos < len(tokens) and tokens[pos].type != "table_close":
            token = tokens[pos]
            kind = token.type
            if kind == "thead_open":
                in_head = True
            elif kind == "thead_close":
                in_head = False
                header_done = True
            elif kind in ("th_open", "td_open"):
                cell = inline_text(tokens[pos + 1].children, palette)
                if in_head:
                    table.add_column(cell, justify=_justify(token))
                else:
                    row.append(cell)
                pos += 2
            elif kind == "tr_close" and not in_head:
                if not header_done:
                    for _ in row:
                        table.add_column()
                    header_done = True
                table.add_row(*row)
                row = []
            pos += 1
        return table, pos + 1


def _lone_image(children: Sequence[Token] | None) -> Token | None:
    """The image token of a paragraph that holds only an image."""
    shown = [c for c in children or () if c.type not in ("softbreak", "hardbreak")]
    if len(shown) == 1 and shown[0].type == "image":
        return shown[0]
    return None


@cache
def _syntax_theme(colours: CodeColours) -> SyntaxTheme:
    """Pygments token colours from the palette, so every theme's code (comments
    included) keeps the contrast the contrast test checks."""
    from pygments import token as t
    from rich.syntax import ANSISyntaxTheme

    def style(colour: str, *, bold: bool = False, italic: bool = False) -> Style:
        return Style(color=colour, bold=bold or None, italic=italic or None)

    return ANSISyntaxTheme(
        {
            t.Token: style(colours.text),
            t.Text: style(colours.text),
            t.Comment: style(colours.comment, italic=True),
            t.Keyword: style(colours.keyword, bold=True),
            t.Keyword.Constant: style(colours.number),
            t.Name.Builtin: style(colours.function),
            t.Name.Function: style(colours.function),
            t.Name.Class: style(colours.function, bold=True),
            t.Name.Decorator: style(colours.keyword),
            t.Name.Tag: style(colours.keyword),
            t.Name.Attribute: style(colours.function),
            t.String: style(colours.string),
            t.Number: style(colours.number),
            t.Literal: style(colours.number),
            t.Operator: style(colours.operator),
            t.Operator.Word: style(colours.keyword, bold=True),
            t.Punctuation: style(colours.text),
            t.Generic.Heading: style(colours.function, bold=True),
            t.Generic.Inserted: style(colours.string),
            t.Generic.Deleted: style(colours.keyword),
        }
    )


def _justify(token: Token) -> JustifyMethod:
    style = str(token.attrs.get("style", ""))
    for value in ("center", "right", "left"):
        if f"text-align:{value}" in style:
            return value
    return "left"
