"""The shared markdown-it parser: one instance, CommonMark plus tables and strikethrough."""

from __future__ import annotations

import subprocess
import sys

from presenter.deck.load import parse_deck
from presenter.deck.markdown import make_parser


def types(markdown: str) -> list[str]:
    return [token.type for token in make_parser().parse(markdown)]


def test_one_cached_parser() -> None:
    assert make_parser() is make_parser()


def test_tables_and_strikethrough() -> None:
    assert "table_open" in types("| a | b |\n| - | - |\n| 1 | 2 |\n")
    inline = make_parser().parse("~~gone~~")[1]
    assert inline.children is not None
    assert [c.type for c in inline.children] == ["s_open", "text", "s_close"]


def test_no_linkify_and_no_block_types_the_markdown_widget_cannot_pop() -> None:
    inline = make_parser().parse("see https://example.org now")[1]
    assert inline.children is not None
    assert [c.type for c in inline.children] == ["text"]
    assert "dl_open" not in types("Term\n: definition\n")
    assert "footnote_block_open" not in types("a[^1]\n\n[^1]: note\n")


def test_every_slide_step_parses() -> None:
    deck = parse_deck(
        "# A\n- one\n<!-- pause -->\n- two\n---\n```poll\nquestion: Q\noptions: [x, y]\n```\n"
    )
    for slide in deck.slides:
        for step in range(slide.steps):
            assert make_parser().parse(slide.markdown_at(step))
    poll_tokens = [t.type for t in make_parser().parse(deck.slides[1].markdown)]
    assert "ordered_list_open" in poll_tokens and "fence" not in poll_tokens


def test_loading_a_deck_does_not_import_markdown_it() -> None:
    code = (
        "import sys; from presenter.deck.load import parse_deck;"
        "parse_deck('# A\\n---\\n# B\\n');"
        "print('markdown_it' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
