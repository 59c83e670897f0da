"""A slide's Markdown as safe HTML: the deck's own parser, images embedded as data URIs.

The slide is parsed by the parser every view shares (`deck.markdown.make_parser`)
and drawn as the terminal draws it: raw HTML in the deck (blocks and inline
tags) is left out, not passed through, so deck text can never add a script or
a request. Text and attributes are escaped by markdown-it's renderer, and links
are checked by its link validator. A local image (PNG, JPEG, GIF, relative to
the deck) is embedded; a remote or unreadable one prints as its alt text,
since the file must never ask anywhere for anything.
"""

from __future__ import annotations

import base64
import re
from collections.abc import MutableMapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import OptionsDict

from presenter.deck.markdown import make_parser

_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
)
_DATA_IMAGE = re.compile(r"data:image/(?:png|jpeg|gif);base64,[A-Za-z0-9+/=]+\Z")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


class ImageFolder:
    """Turns an image reference into a data URI (or None), reading each file once."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._seen: dict[str, str | None] = {}

    def data_uri(self, src: str) -> str | None:
        if src not in self._seen:
            self._seen[src] = self._read(src)
        return self._seen[src]

    def _read(self, src: str) -> str | None:
        if _DATA_IMAGE.match(src):
            return src
        if self.folder is None or src.startswith("//") or _SCHEME.match(src):
            return None  # remote (or another scheme): never fetched
        path = self.folder / unquote(src.split("#", 1)[0].split("?", 1)[0])
        try:
            data = path.read_bytes()
        except OSError:
            return None
        mime = next((kind for magic, kind in _SIGNATURES if data.startswith(magic)), None)
        if mime is None:
            return None
        return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


class SlideRenderer(RendererHTML):
    """markdown-it's HTML renderer, minus raw HTML, with images embedded."""

    def html_block(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: MutableMapping[str, Any]
    ) -> str:
        return ""

    def html_inline(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: MutableMapping[str, Any]
    ) -> str:
        return ""

    def image(
        self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: MutableMapping[str, Any]
    ) -> str:
        token = tokens[idx]
        alt = self.renderInlineAsText(token.children or [], options, env)
        folder: ImageFolder = env["images"]
        uri = folder.data_uri(str(token.attrGet("src") or ""))
        if uri is None:
            return f'<span class="image-missing">[{escapeHtml(alt or "image")}]</span>'
        return f'<img src="{uri}" alt="{escapeHtml(alt)}">'


_RENDERER = SlideRenderer()


def markdown_html(text: str, images: ImageFolder) -> str:
    """The HTML of a slide's (or notes') Markdown."""
    parser = make_parser()
    env: dict[str, Any] = {"images": images}
    return _RENDERER.render(parser.parse(text, env), parser.options, env)
