"""The pictures in docs/export.md are pages of a real handout, made by this test.

The bundled briefing with a recorded talk (keyboard and phone votes, two
approved ideas and a rejected one) is exported as a PDF handout (`--layout
handout --notes`); its first two pages, the page with the poll's results and
its last page are drawn with pdftoppm. Every run checks that they come out at the size of the
committed pictures; with PRESENTER_DOC_IMAGES=1 it also writes them to
docs/images/ (how the pictures are regenerated):

    PRESENTER_DOC_IMAGES=1 python3 -m pytest tests/export/test_doc_images.py
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from presenter.cli import main
from presenter.deck.load import load_deck

ROOT = Path(__file__).resolve().parents[2]
DECKS = ROOT / "decks"
IMAGES = ROOT / "docs" / "images"
DPI = 80
IDEAS = (
    ("Start with one ministry, and publish what it learns", "approved"),
    ("Ask the deputy ministers to run their own accounts for a month", "approved"),
    ("Buy followers", "rejected"),
)


def page_with(pdf: Path, text: str, count: int) -> int:
    """The number of the first page whose text holds `text`."""
    for number in range(1, count + 1):
        found = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        if text in found:
            return number
    raise AssertionError(f"no page of {pdf.name} holds {text!r}")


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm (poppler-utils)")
def test_handout_pages_for_the_docs(tmp_path: Path, data_dir: Path, record) -> None:
    pytest.importorskip("weasyprint")
    deck = tmp_path / "gov-1-5.md"
    shutil.copy(DECKS / "gov-1-5.md", deck)
    record(data_dir, deck, label="Board briefing", suggestions=IDEAS)
    pdf = tmp_path / "handout.pdf"
    assert main(["export", str(deck), "-o", str(pdf), "--layout", "handout", "--notes"]) == 0
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-png", str(pdf), str(tmp_path / "page")], check=True
    )
    drawn = sorted(tmp_path.glob("page-*.png"))
    assert len(drawn) >= 3
    [poll] = load_deck(deck).polls
    results = page_with(pdf, f"Results: {poll.question}", len(drawn))
    pages = {
        "handout-1.png": drawn[0],
        "handout-2.png": drawn[1],
        "handout-results.png": drawn[results - 1],
        "handout-last.png": drawn[-1],
    }
    for name, page in pages.items():
        data = page.read_bytes()
        assert png_size(data) == (662, 936)  # A4 at 80 dpi
        assert len(data) > 5_000  # a page with something on it, not a blank one
        if os.environ.get("PRESENTER_DOC_IMAGES") == "1":
            IMAGES.mkdir(parents=True, exist_ok=True)
            (IMAGES / name).write_bytes(data)
        committed = IMAGES / name
        assert committed.exists(), f"docs/images/{name} is missing; see this test's docstring"
        assert png_size(committed.read_bytes()) == png_size(data)
