"""`--format pdf`: the handout printed by WeasyPrint, read back with pdftotext (poppler-utils)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from presenter.cli import main
from presenter.deck.load import load_deck
from presenter.polls.tally import tally
from presenter.store import Store

needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="needs pdftotext (apt-get install poppler-utils)",
)


def pdf_text(path: Path) -> str:
    """The PDF's text with runs of white space made single spaces (lines wrap anywhere)."""
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(result.stdout.split())


def pages(path: Path) -> int:
    result = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(
        next(line for line in result.stdout.splitlines() if line.startswith("Pages:")).split()[1]
    )


@needs_pdftotext
@pytest.mark.parametrize("layout", ["slides", "handout"])
def test_pdf_carries_every_slide_title_and_vote_count(briefing, data_dir, layout) -> None:
    pytest.importorskip("weasyprint")
    deck, talk = briefing
    target = deck.with_name(f"{layout}.pdf")
    assert main(["export", str(deck), "-o", str(target), "--layout", layout, "--notes"]) == 0
    assert target.read_bytes()[:5] == b"%PDF-"
    text = pdf_text(target)
    loaded = load_deck(deck)
    for slide in loaded.shown:
        assert " ".join(slide.title.split()) in text, slide.title
    [poll] = loaded.polls
    with Store.open(data_dir) as store:
        counted = tally(store, talk, poll)
    for option in poll.options:
        votes = counted.counts[option.id]
        unit = "vote" if votes == 1 else "votes"
        assert f"{votes:g} {unit} · {counted.share(option.id):.0%}" in text
    assert f"{counted.voters} voters" in text
    assert "What the room said" in text
    if layout == "slides":
        # a page per slide and per slide with notes; the first, results and last pages
        with_notes = sum(1 for slide in loaded.shown if slide.notes)
        assert pages(target) == len(loaded.shown) + with_notes + 3


@needs_pdftotext
def test_pdf_never_shows_an_unrevealed_poll(room) -> None:
    pytest.importorskip("weasyprint")
    deck, _ = room
    target = deck.with_name("room.pdf")
    assert main(["export", str(deck), "-o", str(target)]) == 0
    text = pdf_text(target)
    secret = text[text.index("Results: Kept hidden?") : text.index("Results: Shown after closing?")]
    assert "Results not revealed" in secret
    assert "vote ·" not in secret and "%" not in secret  # the voter count may show, the split never


def test_without_weasyprint_the_command_says_how_to_get_it(room, tmp_path) -> None:
    deck, _ = room
    # A fresh interpreter in which `import weasyprint` fails, as where it is not installed.
    probe = (
        "import sys; sys.modules['weasyprint'] = None\n"
        "from presenter.cli import main\n"
        f"raise SystemExit(main(['export', {str(deck)!r}, '-o', {str(tmp_path / 'x.pdf')!r}]))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 1
    assert "pip install 'presenter[pdf]'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.pdf").exists()


@needs_pdftotext
def test_pdf_embeds_the_decks_images(room) -> None:
    pytest.importorskip("weasyprint")
    deck, _ = room
    target = deck.with_name("images.pdf")
    assert main(["export", str(deck), "-o", str(target), "--no-results"]) == 0
    listing = subprocess.run(
        ["pdfimages", "-list", str(target)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert [line.split()[3:5] for line in listing] == [["2", "2"]]  # the 2x2 PNG, once
