"""Properties: any text gives a `Deck` or a `DeckError` (nothing else), and a deck
built from N slides comes back as N slides with their titles and notes."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from presenter.deck.check import run_check
from presenter.deck.load import parse_deck
from presenter.deck.model import Deck, DeckError

FRAGMENTS = [
    "---\n", "***\n", "___\n", "<!-- end_slide -->\n", "```\n", "```poll\n", "~~~\n", "````\n",
    "<!--", "-->", "<!-- pause -->\n", ". . .\n", "--\n", "<!-- time: 90s -->", "<!-- time: x -->",
    "<!-- skip -->", "Note:", "Notes: ", "???\n", "# Title\n", "Title\n===\n", "\n", "\r\n", "\r",
    "\ufeff", "question: Q\n", "options: [a, b]\n", "options: [a]\n", "kind: rank\n", "max: 0\n",
    "id: x\n", "  - id: x\n    label: y\n", "layout: center\n", "title: T\n", "duration: 1m\n",
    "duration: 5\n", "speaker_note: |\n  n\n", "class: lead\n", "...\n", "[", "{", "'", '"', ":",
    "\x00", "\x1b[2J", "\t", "`", "- item\n", "| a | b |\n", "title: &a [*a]\n",
    "date: 2024-13-45\n", "? [a, b]\n: c\n", "x: !!timestamp nope\n", "[" * 200,
]  # fmt: skip

deck_text = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=12), max_size=40).map("".join)


def _consistent(deck: Deck) -> None:
    assert [s.index for s in deck.slides] == list(range(len(deck.slides)))
    for slide in deck.slides:
        assert slide.steps >= 1
        assert all(part.strip() for part in slide.parts)
        assert 1 <= slide.start_line <= slide.end_line
        assert slide.budget_s is None or slide.budget_s >= 0
        assert slide.skip is False or slide.budget_s is None
        for step in range(slide.steps):
            assert isinstance(slide.markdown_at(step), str)
    assert len(deck.polls) == len({p.id for p in deck.polls})


@settings(max_examples=400, deadline=None)
@given(deck_text)
def test_any_text_is_a_deck_or_a_deck_error(text: str) -> None:
    try:
        deck = parse_deck(text)
    except DeckError as error:
        assert error.errors
        assert all(d.line >= 1 and d.column >= 1 and d.message for d in error.errors)
        assert all(d.severity == "error" for d in error.errors)
    else:
        _consistent(deck)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=200) | deck_text.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_check_never_fails_with_a_traceback(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "deck.md"
        path.write_bytes(data)
        out = io.StringIO()
        code = run_check(path, as_json=False, strict=False, overflow=None, out=out)
        assert code in (0, 1, 2)
        assert out.getvalue()


# -- generated decks of N slides -----------------------------------------------------------

words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789,.!?", min_size=1, max_size=30)
# Each block is (Markdown, the note it adds or None).
paragraph = words.map(lambda w: ("Text " + w.strip(), None))
bullet = words.map(lambda w: ("- item " + w.strip(), None))
code_line = st.text(alphabet="abc -*_#<!>`~:?.\"'=", max_size=20).filter(
    lambda line: not line.strip().startswith(("```", "~~~"))
)
code = st.lists(
    code_line | st.sampled_from(["---", "***", "<!--", "???", "Note: x"]), max_size=5
).map(lambda lines: ("\n".join(["```text", *lines, "```"]), None))
directive = words.map(lambda w: (f"<!-- .element: {w} -->", None))
separator_in_comment = words.map(lambda w: (f"<!--\n---\n{w}\n-->", f"---\n{w}".strip()))
pause = st.sampled_from([("<!-- pause -->", None), (". . .", None)])
block = st.one_of(paragraph, bullet, code, directive, separator_in_comment, pause)
slide = st.tuples(words, st.lists(block, max_size=6), st.one_of(st.none(), words))
separator = st.sampled_from(["---", "***", "___", "<!-- end_slide -->", "---   "])


@settings(max_examples=150, deadline=None)
@given(st.lists(slide, min_size=1, max_size=12), st.data(), st.booleans())
def test_n_generated_slides_come_back_as_n_slides(
    slides: list[tuple[str, list[tuple[str, str | None]], str | None]],
    data: st.DataObject,
    crlf: bool,
) -> None:
    chunks = []
    for number, (title, blocks, notes) in enumerate(slides):
        body = [f"# S{number} {title.strip()}".rstrip(), *(markdown for markdown, _ in blocks)]
        if notes is not None:
            body.append(f"Note: {notes.strip()}")
        chunks.append("\n\n".join(body))
    text = ""
    for number, chunk in enumerate(chunks):
        if number:
            text += "\n" + data.draw(separator) + "\n"
        text += chunk
    if crlf:
        text = text.replace("\n", "\r\n")
    # The generated decks mix every tool's separators and notes: presenter's own format.
    deck = parse_deck(text, dialect="presenter")
    assert len(deck.slides) == len(slides)
    for number, (got, (title, blocks, notes)) in enumerate(zip(deck.slides, slides, strict=True)):
        assert got.title == f"S{number} {title.strip()}".rstrip()
        expected = [note for _, note in blocks if note is not None]
        if notes is not None and notes.strip():
            expected.append(notes.strip())
        assert got.notes == "\n\n".join(expected)
        assert got.markdown.startswith(f"# S{number}")
    _consistent(deck)
