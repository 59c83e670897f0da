"""`--format md`: text, notes and results as tables, read back through markdown-it-py."""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt

from presenter.cli import main
from presenter.deck.load import load_deck
from presenter.polls.tally import tally
from presenter.store import Store


def export_md(capsys, deck: Path, *args: str) -> str:  # type: ignore[no-untyped-def]
    assert main(["export", str(deck), "-o", "-", "--format", "md", *args]) == 0
    return capsys.readouterr().out


def parse(text: str):  # type: ignore[no-untyped-def]
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(text)


def tables(tokens) -> list[list[list[str]]]:  # type: ignore[no-untyped-def]
    """Each table as rows of cell texts."""
    found: list[list[list[str]]] = []
    for token in tokens:
        if token.type == "table_open":
            found.append([])
        elif token.type == "tr_open":
            found[-1].append([])
        elif token.type == "inline" and found and found[-1] and token.level >= 4:
            found[-1][-1].append(token.content)
        elif token.type == "table_close":
            found[-1] = [row for row in found[-1] if row]
    return found


def test_round_trip_keeps_every_slide_title_and_the_result_tables(
    capsys, briefing, data_dir
) -> None:
    deck, talk = briefing
    text = export_md(capsys, deck, "--notes")
    tokens = parse(text)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    loaded = load_deck(deck)
    for slide in loaded.shown[1:]:  # the title page's heading is the deck's title
        assert slide.title in headings, slide.title
    assert headings[0] == loaded.title
    assert sum(t.type == "hr" for t in tokens) >= len(loaded.shown)
    # the results table: one row per option, the count and share in the session's column
    [poll] = loaded.polls
    with Store.open(data_dir) as store:
        counted = tally(store, talk, poll)
    results = tables(tokens)[-1]
    assert results[0] == ["Option", "Board briefing, 2026-01-01"]
    rows = {row[0]: row[1] for row in results[1:]}
    for option in poll.options:
        votes = counted.counts[option.id]
        unit = "vote" if votes == 1 else "votes"
        assert rows[option.label] == f"{votes:g} {unit} ({counted.share(option.id):.0%})"
    assert rows["*State*"] == "closed" and rows["*Voters*"] == f"{counted.voters} voters"
    for slide in loaded.shown:  # notes, as quotes
        first = slide.notes.strip().splitlines()[0] if slide.notes.strip() else ""
        assert f"> {first}" in text
    assert "What the room said" in headings


def test_outside_text_reads_literally(capsys, briefing, hostile) -> None:
    deck, _ = briefing
    text = export_md(capsys, deck)
    tokens = parse(text)
    html = MarkdownIt("commonmark").render(text)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    inline = [t for t in tokens if t.type == "inline"]
    assert not any(c.type == "html_inline" for t in inline for c in t.children or [])
    plain = ["".join(c.content for c in t.children or [] if c.type == "text") for t in inline]
    assert hostile in plain


def test_unrevealed_polls_and_skipped_slides(capsys, room) -> None:
    deck, _ = room
    text = export_md(capsys, deck, "--include-rejected")
    assert "Hidden slide" not in text and "Never seen?" not in text
    # raw HTML prints as the terminal shows it: a block's text, tags removed
    picture = text[text.index("# Picture") : text.index("# Live poll")]
    assert "raw block" in picture and "<div" not in picture and "<script" not in picture
    assert "Inline window.pwned = 3 tag." in picture
    assert "Second point, revealed later" in text
    secret = text[text.index("**Results: Kept hidden?**") : text.index("# Revealed poll")]
    assert secret.count("results not revealed") == 2
    assert "vote (" not in secret and "votes (" not in secret and "%" not in secret
    assert "(rejected) buy followers" in text
    room = text[text.index("## What the room said") :]
    assert "Board briefing: results not revealed." in room
    assert "buy followers" not in room
