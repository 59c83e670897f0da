"""Decks written for other presenters open unchanged: one table drives every dialect.

Each fixture in `fixtures/dialects/` is written in the style of its tool's own
documentation; the table says what the deck must come back as.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

from presenter.deck.load import load_deck

DIALECTS = Path(__file__).parent / "fixtures" / "dialects"


@dataclass(frozen=True)
class Expected:
    titles: tuple[str, ...]
    notes: tuple[str, ...]
    steps: tuple[int, ...]
    skipped: tuple[int, ...] = ()
    meta: dict[int, dict[str, object]] = field(default_factory=dict)
    times: dict[int, float] = field(default_factory=dict)


CASES: dict[str, Expected] = {
    "presenterm.md": Expected(
        titles=("Introduction", "The middle", "Columns and code", "Hidden"),
        notes=("Start with why a terminal.", "Two lines\nof notes.", "", ""),
        steps=(2, 1, 1, 1),
        skipped=(3,),
    ),
    "marp.md": Expected(
        titles=("A Marp deck", "Second slide", "Third slide", "Fourth slide"),
        notes=("This is a presenter note in Marp.", "A multi-line\npresenter note.", "", ""),
        steps=(1, 1, 1, 1),
    ),
    "slidev.md": Expected(
        titles=("Welcome to Slidev", "Centered", "Two columns", "Hidden slide", "Code"),
        notes=(
            "The first slide's notes.",
            "Notes for the centred slide.",
            "Notes for two columns.",
            "",
            "Notes about the code.",
        ),
        steps=(1, 1, 1, 1, 1),
        skipped=(3,),
        meta={1: {"layout": "center", "class": "text-center"}, 2: {"layout": "two-cols"}},
        times={2: 120.0},
    ),
    "remark.md": Expected(
        titles=("Title slide", "Agenda", "The end"),
        notes=("Notes for the title.", "Agenda notes.", "Thank them."),
        steps=(1, 3, 1),
        meta={0: {"class": "center, middle"}, 2: {"name": "last", "class": "inverse"}},
    ),
    "revealjs.md": Expected(
        titles=("Slide 1", "Slide 2", "Slide 3"),
        notes=(
            "This will only display in the notes window.",
            "Multi-line notes\nfor slide 2.",
            "lower-case notes work too.",
        ),
        steps=(1, 1, 1),
    ),
    "patat.md": Expected(
        titles=("Chapter 1", "Chapter 2"),
        notes=("These are speaker notes.", "Chapter two notes."),
        steps=(2, 1),
    ),
    "lookatme.md": Expected(
        titles=("Slide 1", "Slide 2"),
        notes=("Say something about slide 1.", "Say something about slide 2."),
        steps=(2, 1),
    ),
    "slides.md": Expected(
        titles=(
            "Welcome to Slides",
            "Everything is markdown",
            "Code blocks",
            "Press Ctrl+E on a code block to execute it.",
        ),
        notes=("", "", "", ""),
        steps=(1, 1, 1, 1),
    ),
}


def test_every_fixture_is_in_the_table() -> None:
    assert sorted(p.name for p in DIALECTS.glob("*.md")) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_dialect(name: str) -> None:
    expected = CASES[name]
    deck = load_deck(DIALECTS / name)
    assert tuple(s.title for s in deck.slides) == expected.titles
    assert tuple(s.notes for s in deck.slides) == expected.notes
    assert tuple(s.steps for s in deck.slides) == expected.steps
    assert tuple(s.index for s in deck.slides if s.skip) == expected.skipped
    assert [s.index for s in deck.slides] == list(range(len(expected.titles)))
    for index, meta in expected.meta.items():
        assert {k: deck.slides[index].meta[k] for k in meta} == meta
    for index, seconds in expected.times.items():
        assert deck.slides[index].time_s == seconds


@pytest.mark.parametrize("name", sorted(CASES))
def test_no_directive_or_note_leaks_onto_a_slide(name: str) -> None:
    deck = load_deck(DIALECTS / name)
    for slide in deck.slides:
        shown = slide.markdown
        assert "<!--" not in shown
        assert "???" not in shown
        assert "speaker_note" not in shown
        assert not any(line.lower().startswith("note") for line in shown.splitlines())
        if slide.notes:
            assert slide.notes not in shown


def test_code_fences_keep_their_separator_lines() -> None:
    deck = load_deck(DIALECTS / "presenterm.md")
    assert "key: value\n---\nother: document" in deck.slides[2].markdown
    deck = load_deck(DIALECTS / "slides.md")
    assert "[ A ] - to -> [ B ]\n---\n~~~" in deck.slides[0].markdown


def test_other_tools_front_matter_keys_are_kept_not_errors() -> None:
    deck = load_deck(DIALECTS / "patat.md")
    assert deck.meta.title == "This is my presentation"
    assert deck.meta.authors == ("Jane Doe",)
    assert deck.meta.extra["patat"] == {"wrap": True, "margins": {"left": 10}}
    marp = load_deck(DIALECTS / "marp.md")
    assert marp.meta.extra["marp"] is True
    presenterm = load_deck(DIALECTS / "presenterm.md")
    assert presenterm.meta.theme == "dark"
    assert presenterm.meta.subtitle == "Slides in your terminal"
    assert presenterm.meta.date == "2024-05-01"
