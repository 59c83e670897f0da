"""`presenter check` on what a deck shows: images it cannot find or read, and poll
slides measured as the poll view lays them out (with the phone panel on request)."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from PIL import Image

from presenter.deck.check import run_check
from presenter.deck.load import parse_deck
from presenter.tui.measure import overflow_checker, phone_panel_size
from presenter.tui.render.poll_layout import poll_layout


def check_output(deck: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "presenter", "check", str(deck), *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_missing_and_unreadable_images_are_reported_with_line_and_column(tmp_path: Path) -> None:
    Image.new("RGB", (8, 8), "#00ff00").save(tmp_path / "fine.png")
    (tmp_path / "broken.png").write_bytes(b"not a picture")
    deck = tmp_path / "talk.md"
    deck.write_text(
        "## Pictures\n\n"
        "![fine](fine.png)\n\n"
        "Text, then ![gone](gone.png)\n\n"
        "```markdown\n![example](example.png)\n```\n\n"
        "`![also an example](span.png)` and ![web](https://example.org/x.png)\n\n"
        "![broken](broken.png)\n\n"
        "![bg right](background.png)\n\n"
        "Note: notes.\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    # Warnings: the slide still shows, with the alt text in the picture's place.
    assert run_check(deck, as_json=False, strict=False, overflow=None, out=io.StringIO()) == 0
    code = run_check(deck, as_json=False, strict=True, overflow=None, out=out)
    report = out.getvalue()
    assert code != 0
    assert f"{deck}:5:12: warning: image not found" in report
    assert f"{deck}:13:1: warning: image cannot be read" in report
    for quiet in ("fine.png", "example.png", "span.png", "x.png", "background.png"):
        assert quiet not in report


def test_an_image_takes_the_rows_a_slide_leaves_and_check_counts_them(tmp_path: Path) -> None:
    Image.new("RGB", (200, 100), "#0000ff").save(tmp_path / "wide.png")
    items = "\n".join(f"- point {n}" for n in range(1, 23))
    text = f"## Picture\n\n![wide](wide.png)\n\n---\n\n## Crowded\n\n{items}\n\n![wide](wide.png)\n"
    deck = parse_deck(text, tmp_path / "talk.md")
    # 30 rows - footer - margin = 27: the crowded slide leaves the image fewer
    # rows than an image is ever given, so it does not fit.
    assert overflow_checker(100, 30, theme=None)(deck) == {0: False, 1: True}
    assert overflow_checker(100, 40, theme=None)(deck) == {0: False, 1: False}


POLL_DECK = """\
## Vote

```poll
question: Where should we start?
options:
  - A dedicated social media unit with its own budget
  - Reverse mentoring for senior staff
  - Ministers who listen online
  - Open data by default
  - A listening pilot in one department
  - Training for every communications officer
  - Nothing new until the review reports
```

Note: the vote.
"""


def test_check_size_measures_the_poll_view_and_its_phone_panel(tmp_path: Path) -> None:
    deck = parse_deck(POLL_DECK, tmp_path / "talk.md")
    assert overflow_checker(80, 24, theme=None)(deck) == {0: False}
    assert overflow_checker(80, 24, theme=None, audience=True)(deck) == {0: False}
    # Too short for the seven options once the panel's URL and code are there.
    assert overflow_checker(80, 16, theme=None)(deck) == {0: False}
    assert overflow_checker(80, 16, theme=None, audience=True)(deck) == {0: True}
    path = tmp_path / "talk.md"
    path.write_text(POLL_DECK, encoding="utf-8")
    plain = check_output(path, "--size", "80x16")
    assert plain.returncode == 0 and "does not fit" not in plain.stdout
    phones = check_output(path, "--size", "80x16", "--audience")
    assert "slide 1 does not fit a 80x16 terminal" in phones.stdout


def test_the_phone_panel_goes_right_then_below_then_shrinks() -> None:
    qr, url = phone_panel_size()
    assert qr[1] >= 10  # a real QR code, drawn two modules per row
    question = "Where should we start?"

    def place(width: int, height: int, options: int = 4) -> str:
        return poll_layout(
            width, height, question=question, options=options, qr=qr, url_width=url
        ).qr

    assert place(200, 58) == "right"
    assert place(120, 34) == "right"
    assert place(60, 40) == "below"
    assert place(80, 22, options=7) == "compact"
    crowded = poll_layout(80, 12, question=question, options=9, qr=qr, url_width=url)
    assert crowded.hidden > 0 and crowded.shown + crowded.hidden == 9 and not crowded.fits


def test_the_authoring_deck_shows_its_own_picture() -> None:
    from presenter.deck.load import load_deck
    from presenter.tui.render.palette import palette_for
    from presenter.tui.render.slide import render_slide

    path = Path(__file__).resolve().parents[2] / "decks" / "authoring.md"
    deck = load_deck(path)
    slide = next(s for s in deck.shown if s.title == "Pictures")
    rendered = render_slide(slide, 0, 80, palette_for("dark"), deck.meta, rows=21, base=path.parent)
    assert sum("▀" in "".join(s.text for s in line) for line in rendered.lines) >= 8
    out = io.StringIO()
    assert run_check(path, as_json=False, strict=True, overflow=None, out=out) == 0, out.getvalue()
