"""The decks that ship with presenter: they load, they pass `check --strict`,
every shown slide has notes, budgets add up to the talk's duration, and the two
briefings carry the same poll so their results can be compared.

The briefing decks summarise an essay; the last tests hold them to it. Checks
that read only the decks (hedges kept, the conclusion whole, notes that can be
spoken in their budget) always run. Checks that also read the essay (every name,
quotation, hedge and remedy is the essay's own) skip, saying so, only when the
essay is not beside the checkout at `../shared/source-essay.txt`.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

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


class Hedge(NamedTuple):
    """Wherever a deck makes this claim (`claim`, within one sentence or bullet),
    it keeps the essay's qualifier (`qualifier`), as the essay words it (`essay`)."""

    claim: str
    qualifier: str
    essay: str


HEDGES = (
    Hedge(
        r"\b(?:use|uses|using|utili[sz]es?) (?:IT|information technology|technology)\b",
        r"\btend to\b",
        "those with power tend to utilize IT",
    ),
    Hedge(
        r"\bministers\b.*\b(?:especially|most of all|above all)\b"
        r"|\b(?:especially|most of all|above all)\b.*\bministers\b",
        r"\bperhaps\b",
        "perhaps especially true of ministers",
    ),
    Hedge(r"\bnever (?:to )?tweet\b", r"\ball too often\b", "All too often, new recruits"),
    Hedge(r"\bprerequisites\b|\bwhat it takes\b", r"\bsome of\b", "some of the prerequisites"),
    Hedge(
        r"\bpolitical (?:support|backing)\b.*\b(?:caution|cautious|inward)",
        r"\ball too often\b",
        "but all too often such support translates",
    ),
    Hedge(
        r"\binform(?:ing)?\b.*\blisten(?:ing)?\b",
        r"\bmore\b.*\bthan\b",
        "much more about informing than listening",
    ),
)

# The poll offers the essay's own remedies: its two conditions and its conclusion.
REMEDIES = {
    "unit": "new organizational unit devoted to social media methodologies and analytics",
    "hr-culture": "government-wide human resource culture",
    "political-innovation": "political innovation and more open and collaborative forms of "
    "democratic engagement",
}
# Words that turned the essay's claims into stronger ones before; none may return.
OVERSTATEMENTS = ("politics first", "stuck at", "stunted young", "not hearing", "what it takes")
WORDS_PER_MINUTE = 140
TIMING_CUE = re.compile(r"By here: (\d+):(\d\d)\.")
REVEAL_CUE = "[click]"

SENTENCE_END = re.compile(r"[.!?…][”\"’)]*(?=\s|$)")
QUOTED = re.compile(r"“([^”]+)”")
BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")


def _ids(paths: tuple[Path, ...]) -> list[str]:
    return [p.name for p in paths]


def _words(text: str) -> list[str]:
    return text.split()


def _normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


def _statements(text: str) -> list[str]:
    """A text as the separate things it says: each bullet, table (its header reads
    with every row) or paragraph, wrapped lines joined, cut into sentences."""
    units: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        units.append("")
        for line in block.splitlines():
            if BULLET.match(line):
                units.append(line.strip())
            else:
                units[-1] += " " + line.strip()
    sentences: list[str] = []
    for unit in filter(None, units):
        sentences += [s.strip() for s in SENTENCE_END.split(unit) if s.strip()]
    return sentences


def _briefing_statements() -> list[tuple[str, str]]:
    """(where, statement) for every slide's visible text and notes of both briefings."""
    found = []
    for path in (BRIEFING, LIGHTNING):
        for slide in load_deck(path).shown:
            labels = " ".join(o.label for o in slide.poll.options) if slide.poll else ""
            for text in (slide.markdown, slide.notes, labels):
                found += [(f"{path.name}: {slide.title}", s) for s in _statements(text)]
    return found


def _essay() -> str:
    if not ESSAY.is_file():
        pytest.skip(f"needs the source essay at ../shared/{ESSAY.name} beside the checkout")
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


@pytest.mark.parametrize("size", ("80x24", "120x36", "200x60"))
@pytest.mark.parametrize("path", ALL_DECKS, ids=_ids(ALL_DECKS))
def test_check_strict_passes(path: Path, size: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "presenter", "check", "--strict", "--size", size, str(path)],
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
    assert briefing.meta.authors and briefing.meta.event
    assert briefing.meta.subtitle and briefing.meta.theme
    assert "Jeffrey Roy" in str(briefing.meta.extra.get("source", ""))
    stepped = [s.title for s in briefing.shown if s.steps > 1]
    assert len(stepped) >= 2, stepped
    assert briefing.shown[-1].title == "Sources"
    assert briefing.shown[-2].poll is not None


def test_lightning_shape(lightning: Deck) -> None:
    assert lightning.meta.duration_s == 5 * 60
    assert len(lightning.shown) <= 7


def test_briefings_share_one_poll(briefing: Deck, lightning: Deck) -> None:
    assert len(briefing.polls) == 1 and len(lightning.polls) == 1
    full, short = briefing.polls[0], lightning.polls[0]
    assert full.id == short.id == "change-first"
    assert full.question == short.question == "What would you change first?"
    assert full.options == short.options
    assert [o.id for o in full.options] == list(REMEDIES)
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
def test_names_listed_here_are_used_by_the_decks(name: str) -> None:
    decks = BRIEFING.read_text(encoding="utf-8") + LIGHTNING.read_text(encoding="utf-8")
    assert name in decks, f"{name!r} is no longer used by the decks: drop it from NAMES"


@pytest.mark.parametrize("name", NAMES)
def test_names_used_by_the_briefing_are_in_the_essay(name: str) -> None:
    assert name in _essay()


@pytest.mark.parametrize("path", (BRIEFING, LIGHTNING), ids=_ids((BRIEFING, LIGHTNING)))
def test_quotations_are_the_essays_words(path: Path) -> None:
    essay = _normalise(_essay())
    quotes = QUOTED.findall(path.read_text(encoding="utf-8"))
    assert quotes
    for quote in quotes:
        assert _normalise(quote).rstrip(".…") in essay, quote


@pytest.mark.parametrize("hedge", HEDGES, ids=[h.essay for h in HEDGES])
def test_briefings_keep_the_essays_hedges(hedge: Hedge) -> None:
    claims = [
        (where, s)
        for where, s in _briefing_statements()
        if re.search(hedge.claim, s, re.IGNORECASE)
    ]
    assert claims, f"no deck makes the claim any more: drop {hedge.essay!r} from HEDGES"
    unhedged = [
        (where, s) for where, s in claims if not re.search(hedge.qualifier, s, re.IGNORECASE)
    ]
    assert unhedged == [], f"the essay says {hedge.essay!r}"


@pytest.mark.parametrize("hedge", HEDGES, ids=[h.essay for h in HEDGES])
def test_hedges_are_the_essays_words(hedge: Hedge) -> None:
    essay = _essay()
    assert _normalise(hedge.essay) in _normalise(essay)
    assert re.search(hedge.qualifier, hedge.essay, re.IGNORECASE)


@pytest.mark.parametrize("path", (BRIEFING, LIGHTNING), ids=_ids((BRIEFING, LIGHTNING)))
def test_no_overstatement_returns(path: Path) -> None:
    text = path.read_text(encoding="utf-8").casefold()
    assert [w for w in OVERSTATEMENTS if w in text] == []


@pytest.mark.parametrize("path", (BRIEFING, LIGHTNING), ids=_ids((BRIEFING, LIGHTNING)))
def test_the_conclusion_is_on_a_slide_and_always_whole(path: Path) -> None:
    """Political innovation is never said without the more open democratic
    engagement that the essay names in the same breath."""
    deck = load_deck(path)
    texts = [s.markdown for s in deck.shown] + [s.notes for s in deck.shown]
    texts += [o.label for p in deck.polls for o in p.options]
    halves = [t.casefold() for t in texts if "political innovation" in t.casefold()]
    assert halves
    assert all("open" in t and "engagement" in t for t in halves), halves
    assert any(
        "political innovation" in s.markdown.casefold()
        and "democratic engagement" in s.markdown.casefold()
        for s in deck.shown
    ), "the conclusion needs a slide of its own, not only the notes"


def test_the_poll_offers_the_essays_remedies_and_says_where_from(briefing: Deck) -> None:
    poll_slide = next(s for s in briefing.shown if s.poll is not None)
    assert poll_slide.poll is not None
    for number in range(1, len(poll_slide.poll.options) + 1):
        assert f"option {number}" in poll_slide.notes.casefold()


@pytest.mark.parametrize("option", list(REMEDIES))
def test_the_polls_remedies_are_the_essays(option: str) -> None:
    assert _normalise(REMEDIES[option]) in _normalise(_essay())


@pytest.mark.parametrize("path", (BRIEFING, LIGHTNING), ids=_ids((BRIEFING, LIGHTNING)))
def test_notes_can_be_spoken_within_the_slides_budget(path: Path) -> None:
    deck = load_deck(path)
    over = {
        s.title: len(s.notes.split())
        for s in deck.shown
        if len(s.notes.split()) > (s.budget_s or 0) * WORDS_PER_MINUTE / 60
    }
    assert over == {}


@pytest.mark.parametrize("path", (BRIEFING, LIGHTNING), ids=_ids((BRIEFING, LIGHTNING)))
def test_timing_cues_match_the_budgets(path: Path) -> None:
    """A "By here: M:SS." cue every few slides, equal to the budgets so far."""
    deck = load_deck(path)
    elapsed = 0.0
    cued = []
    for number, slide in enumerate(deck.shown, start=1):
        elapsed += slide.budget_s or 0
        for minutes, seconds in TIMING_CUE.findall(slide.notes):
            assert int(minutes) * 60 + int(seconds) == elapsed, slide.title
            cued.append(number)
    gaps = [b - a for a, b in zip([0, *cued], [*cued, len(deck.shown)], strict=True)]
    assert cued and max(gaps) <= 5, cued


@pytest.mark.parametrize("path", (BRIEFING, LIGHTNING), ids=_ids((BRIEFING, LIGHTNING)))
def test_stepped_slides_have_a_reveal_cue_per_step(path: Path) -> None:
    deck = load_deck(path)
    cues = {s.title: (s.notes.count(REVEAL_CUE), s.steps - 1) for s in deck.shown}
    assert {t: c for t, c in cues.items() if c[0] != c[1]} == {}
