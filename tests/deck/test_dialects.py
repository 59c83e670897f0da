"""Decks written for other presenters open unchanged: one table drives every dialect.

Each fixture in `fixtures/dialects/` is written in the style of its tool's own
documentation; `fixtures/dialects.yaml` says what each must come back as.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from presenter.deck.load import load_deck

DIALECTS = Path(__file__).parent / "fixtures" / "dialects"
NOTE_IS_TEXT = {"slides-note.md"}  # slides has no notes: a line `NOTE: ...` is prose


CASES: dict[str, dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "fixtures" / "dialects.yaml").read_text(encoding="utf-8")
)


def test_every_fixture_is_in_the_table() -> None:
    assert sorted(p.name for p in DIALECTS.glob("*.md")) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_dialect(name: str) -> None:
    expected = CASES[name]
    deck = load_deck(DIALECTS / name)
    assert [s.title for s in deck.slides] == expected["titles"]
    assert [s.notes for s in deck.slides] == expected["notes"]
    assert [s.steps for s in deck.slides] == expected["steps"]
    assert [s.index for s in deck.slides if s.skip] == expected.get("skipped", [])
    assert [s.index for s in deck.slides] == list(range(len(expected["titles"])))
    for index, meta in expected.get("meta", {}).items():
        assert {k: deck.slides[index].meta[k] for k in meta} == meta
    for index, seconds in expected.get("times", {}).items():
        assert deck.slides[index].time_s == seconds
    assert deck.dialect == expected["dialect"]
    for index, texts in expected.get("shown", {}).items():
        for text in texts:
            assert text in deck.slides[index].markdown
    for text in expected.get("hidden", []):
        assert not any(text in slide.markdown for slide in deck.slides), text


@pytest.mark.parametrize("name", sorted(CASES))
def test_no_directive_or_note_leaks_onto_a_slide(name: str) -> None:
    deck = load_deck(DIALECTS / name)
    for slide in deck.slides:
        shown = slide.markdown
        assert "<!--" not in shown
        assert "???" not in shown
        assert "speaker_note" not in shown
        if name not in NOTE_IS_TEXT:
            assert not any(line.lower().startswith("note") for line in shown.splitlines())
        if slide.notes:
            assert slide.notes not in shown


def test_code_fences_keep_their_separator_lines() -> None:
    deck = load_deck(DIALECTS / "presenterm.md")
    assert "key: value\n---\nother: document" in deck.slides[3].markdown
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
