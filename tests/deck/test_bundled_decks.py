"""The decks that ship with presenter: they load, they pass `check --strict`,
every shown slide has notes, budgets add up to the talk's duration, and the two
briefings carry the same poll so their results can be compared.

The briefing decks summarise an essay; the last tests hold them to it: every
proper name they use and every quotation they mark must be found in the essay.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from presenter.deck.load import load_deck
from presenter.deck.model import Deck

ROOT = Path(__file__).resolve().parent.parent.parent
DECKS = ROOT / "decks"
BRIEFING = DECKS / "gov-1-5.md"
LIGHTNING = DECKS / "gov-1-5-lightning.md"
AUTHORING = DECKS / "authoring.md"
ALL_DECKS = (BRIEFING, LIGHTNING, AUTHORING)
ESSAY = ROOT.parent / "shared" / "source-essay.txt"

# Names, institutions and phrases the briefing decks rely on. Each must appear
# in the decks (so the list stays honest) and in the essay (so the decks do).
NAMES = (
    "Jeffrey Roy",
    "School of Public Administration",
    "Dalhousie University",
    "Jeremy Millard",
    "Danish",
    "Gov 1.5",
    "Canadian",
    "Australia",
    "Web 2.0 task force",
    "Crossing Boundaries",
    "Westminster model",
    "Anne Bermonte",
    "Ryerson University",
    "Ontario",
    "ADM",
    "Facebook",
    "reverse mentoring",
    "prosumers",
    "co-design",
    "European Journal of ePractice",
    "Greek researchers",
    "Australian 2.0 task force",
)

SENTENCE_END = re.compile(r"[.!?…][”\"’)]*(?=\s|$)")
QUOTED = re.compile(r"“([^”]+)”")
BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")


def _ids(paths: tuple[Path, ...]) -> list[str]:
    return [p.name for p in paths]


def _words(text: str) -> list[str]:
    return text.split()


def _normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


def _essay() -> str:
    if not ESSAY.is_file():
        pytest.skip("the source essay is not next to this checkout")
    return ESSAY.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def briefing() -> Deck:
    return load_deck(BRIEFING)


@pytest.fixture(scope="module")
def lightning() -> Deck:
    return load_deck(LIGHTNING)


@pytest.fixture(scope="module")
def authoring() -> Deck:
    return load_deck(AUTHORING)


@pytest.mark.parametrize("path", ALL_DECKS, ids=_ids(ALL_DECKS))
def test_every_shown_slide_has_notes(path: Path) -> None:
    deck = load_deck(path)
    assert deck.shown
    missing = [s.index for s in deck.shown if not s.notes.strip()]
    assert missing == []
    assert deck.warnings == ()


@pytest.mark.parametrize("path", ALL_DECKS, ids=_ids(ALL_DECKS))
def test_every_shown_slide_has_a_budget_and_they_sum_to_the_duration(path: Path) -> None:
    deck = load_deck(path)
    assert deck.meta.duration_s is not None
    assert all(s.budget_s is not None and s.budget_s > 0 for s in deck.shown)
    assert sum(s.budget_s or 0 for s in deck.shown) == pytest.approx(deck.meta.duration_s)
    assert all(s.budget_s is None for s in deck.slides if s.skip)


@pytest.mark.parametrize("path", ALL_DECKS, ids=_ids(ALL_DECKS))
def test_title_page_comes_from_the_front_matter(path: Path) -> None:
    deck = load_deck(path)
    first = deck.shown[0]
    assert first.kind == "title"
    assert first.title == deck.meta.title
    assert deck.meta.title in first.markdown
    assert [s.index for s in deck.shown if s.kind == "title"] == [first.index]


@pytest.mark.parametrize("path", ALL_DECKS, ids=_ids(ALL_DECKS))
def test_check_strict_passes(path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "presenter", "check", "--strict", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_briefing_shape(briefing: Deck) -> None:
    assert briefing.meta.duration_s == 15 * 60
    assert 10 <= len(briefing.shown) <= 14
    assert briefing.meta.authors and briefing.meta.event and briefing.meta.date
    assert briefing.meta.subtitle and briefing.meta.theme
    assert "Jeffrey Roy" in str(briefing.meta.extra.get("source", ""))
    stepped = [s.title for s in briefing.shown if s.steps > 1]
    assert len(stepped) >= 2, stepped
    assert briefing.shown[-1].title == "Sources"
    assert briefing.shown[-2].poll is not None


def test_lightning_shape(lightning: Deck) -> None:
    assert lightning.meta.duration_s == 5 * 60
    assert len(lightning.shown) <= 6


def test_briefings_share_one_poll(briefing: Deck, lightning: Deck) -> None:
    assert len(briefing.polls) == 1 and len(lightning.polls) == 1
    full, short = briefing.polls[0], lightning.polls[0]
    assert full.id == short.id == "change-first"
    assert full.question == short.question == "What would you change first?"
    assert full.options == short.options
    assert 5 <= len(full.options) <= 7
    assert (full.kind, full.suggestions, full.results) == ("single", True, "live")
    assert (short.kind, short.suggestions, short.results) == ("single", True, "live")


@pytest.mark.parametrize("path", (BRIEFING, LIGHTNING), ids=_ids((BRIEFING, LIGHTNING)))
def test_briefing_notes_can_be_spoken(path: Path) -> None:
    """Two to five sentences per slide: enough to speak from, short enough to glance at."""
    deck = load_deck(path)
    counts = {s.title: len(SENTENCE_END.findall(s.notes)) for s in deck.shown}
    assert all(2 <= n <= 5 for n in counts.values()), counts


@pytest.mark.parametrize("path", (BRIEFING, LIGHTNING), ids=_ids((BRIEFING, LIGHTNING)))
def test_briefing_slides_are_executive_style(path: Path) -> None:
    """At most five bullets a slide, each short: no walls of text."""
    deck = load_deck(path)
    for slide in deck.shown:
        if slide.poll is not None:
            continue
        bullets = [m.group(1) for line in slide.markdown.splitlines() if (m := BULLET.match(line))]
        assert len(bullets) <= 5, slide.title
        long = [b for b in bullets if len(_words(b)) > 10]
        assert long == [], slide.title


def test_authoring_deck_shows_each_feature(authoring: Deck) -> None:
    assert 6 <= len(authoring.slides) <= 10
    assert any(s.skip for s in authoring.slides)
    assert any(s.steps > 1 for s in authoring.shown)
    assert len(authoring.polls) == 1
    # A code fence full of `---` lines stays one slide and shows them literally.
    fenced = next(s for s in authoring.shown if s.title == "One file, many slides")
    assert fenced.markdown.count("\n---\n") >= 3
    # Some slides carry their own budget, the others share the rest equally.
    timed = [s for s in authoring.shown if s.time_s is not None]
    shared = [s for s in authoring.shown if s.time_s is None]
    assert timed and shared
    assert len({s.budget_s for s in shared}) == 1


def test_authoring_examples_are_shown_not_obeyed(authoring: Deck) -> None:
    """Directives and notes quoted inside code stay visible and change nothing."""
    notes_slide = next(s for s in authoring.shown if s.title == "Speaker notes, four ways")
    assert "Note: from here to the end of the slide" in notes_slide.markdown
    assert "<!-- speaker_note: one line of notes -->" in notes_slide.markdown
    assert notes_slide.notes.strip().startswith("This slide's notes start")
    poll_syntax = next(s for s in authoring.shown if s.title == "Ask the room")
    assert poll_syntax.poll is None
    assert "```poll" in poll_syntax.markdown
    skip_slide = next(s for s in authoring.shown if s.title == "Leave a slide out")
    assert not skip_slide.skip
    assert "<!-- skip -->" in skip_slide.markdown


@pytest.mark.parametrize("name", NAMES)
def test_names_used_by_the_briefing_are_in_the_essay(name: str) -> None:
    essay = _essay()
    decks = BRIEFING.read_text(encoding="utf-8") + LIGHTNING.read_text(encoding="utf-8")
    assert name in decks, f"{name!r} is no longer used by the decks: drop it from NAMES"
    assert name in essay


@pytest.mark.parametrize("path", (BRIEFING, LIGHTNING), ids=_ids((BRIEFING, LIGHTNING)))
def test_quotations_are_the_essays_words(path: Path) -> None:
    essay = _normalise(_essay())
    quotes = QUOTED.findall(path.read_text(encoding="utf-8"))
    assert quotes
    for quote in quotes:
        assert _normalise(quote).rstrip(".…") in essay, quote
