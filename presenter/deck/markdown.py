"""The one markdown-it parser factory, shared by everything that draws a slide.

CommonMark plus GFM tables and strikethrough. No plugins that add token types
(definition lists, footnotes) or raw-HTML checkboxes (task lists): Textual's
`Markdown` widget builds blocks from a fixed set of tokens, pops a block on every
`*_close` token and drops inline HTML, so those would break or vanish on screen.
`[ ]` task items therefore show as written, which reads fine in a terminal.
No linkify: it needs an extra package and turns prose into links.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


@cache
def make_parser() -> MarkdownIt:
    """The configured parser (one instance, built on first use)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"])
