"""The line scanner and markdown-it (the renderer) agree on what is a fence, an HTML
block and a slide-ending rule, on generated decks.

Generated decks hold paragraphs, headings, blank lines, fences (backtick and tilde,
of several lengths, indented up to three spaces), HTML blocks of every CommonMark
kind and rules. Lists and block quotes are left out: inside them CommonMark lets a
fence be indented by the container, which a line scanner does not follow.
Separators are compared in the Marp dialect, whose tool splits at markdown-it's
`hr` tokens; presenter's own format deliberately also splits at `---` under a
line of text (see the format's docs).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from presenter.deck.dialects import MARP, PRESENTER
from presenter.deck.markdown import make_parser
from presenter.deck.scan import layout

LINES = [
    "", "", "", "Some text", "more text", "# Heading", "Title", "===", "---", "***", "___",
    "- - -", "```", "```js", "````", "~~~", "~~~ python", "   ```", "    ```", "``` x ` y",
    "<pre>", "<pre><code>```js", "```</code></pre>", "</pre>", "<div>", '<div class="a">',
    "</div>", "<DIV>", "<p>text</p>", "<script>", "</script>", "<style>", "</style>",
    "<!--", "-->", "<!-- one line -->", "<?php", "?>", "<!DOCTYPE html>", "<![CDATA[", "]]>",
    "<span>", "</span>", '<img src="a.png">', "<custom-tag>", "text <b>bold</b>", "<textarea>",
    "</textarea>", "<br>",
]  # fmt: skip

decks = st.lists(st.sampled_from(LINES), min_size=1, max_size=30).map(
    lambda lines: "# Deck\n\n" + "\n".join(lines) + "\n"
)


def _token_lines(text: str, kind: str) -> set[int]:
    lines: set[int] = set()
    for token in make_parser().parse(text):
        if token.type == kind and token.map is not None and token.level == 0:
            lines.update(range(token.map[0], token.map[1]))
    return lines


def _scanned_lines(ranges: list[tuple[int, int]]) -> set[int]:
    return {line for start, end in ranges for line in range(start, end + 1)}


def _trim(lines: set[int], text: str) -> set[int]:
    """markdown-it's maps may end on a trailing blank line; compare non-blank lines."""
    source = text.split("\n")
    return {line for line in lines if line < len(source) and source[line].strip()}


@settings(max_examples=600, deadline=None)
@given(decks)
def test_fences_and_html_blocks_are_where_markdown_it_finds_them(text: str) -> None:
    found = layout(text, PRESENTER)
    assert _trim(_scanned_lines(found.fences), text) == _trim(_token_lines(text, "fence"), text)
    assert _trim(_scanned_lines(found.html), text) == _trim(_token_lines(text, "html_block"), text)


@settings(max_examples=600, deadline=None)
@given(decks)
def test_marp_slides_end_at_markdown_its_rules(text: str) -> None:
    hr = sorted(
        token.map[0] for token in make_parser().parse(text) if token.type == "hr" and token.map
    )
    assert layout(text, MARP).rules == hr


def test_a_fence_inside_pre_is_html_and_later_rules_still_split() -> None:
    text = "# A\n\n<pre><code>```js\nx\n```</code></pre>\n\n---\n\n# B\n\n```\n---\n```\n"
    found = layout(text, PRESENTER)
    assert found.html == [(2, 4)]
    assert found.fences == [(10, 12)]
    assert found.rules == [6]
