"""Slide rendering (Rich only), `check --size` measuring, and launching from the command line."""

from __future__ import annotations

import gc
import io
import subprocess
import sys
from pathlib import Path

import pytest
from rich.style import Style

from presenter.deck.load import parse_deck
from presenter.deck.model import Slide
from presenter.options import PresentOptions
from presenter.tui.launch import run_app
from presenter.tui.measure import overflow_checker
from presenter.tui.render.bigtext import block_letters
from presenter.tui.render.layout import READING_WIDTH
from presenter.tui.render.palette import THEMES, palette_for
from presenter.tui.render.slide import RenderedSlide, render_slide

from .conftest import SAMPLE, tall_slide


def text_of(markdown: str, width: int = 80, theme: str = "dark") -> str:
    slide = Slide(index=0, title="t", parts=(markdown,))
    rendered = render_slide(slide, 0, width, palette_for(theme))
    return "\n".join("".join(s.text for s in line) for line in rendered.lines)


def test_blocks_render_as_text() -> None:
    out = text_of(
        "# Title\n\n- one\n- two\n  - nested\n\n1. first\n2. second\n\n> quoted\n\n"
        "| a | b |\n| --- | --: |\n| 1 | 22 |\n\n```python\nx = 1\n```\n\n---\n\nend"
    )
    assert "Title" in out
    assert "• one" in out and "◦ nested" in out
    assert "1. first" in out and "2. second" in out
    assert "▌ quoted" in out
    assert "│ 1 │ 22 │" in out
    assert "x = 1" in out
    assert "─" * 20 in out


def test_inline_styles_are_applied_not_shown_as_markdown() -> None:
    slide = Slide(
        index=0, title="t", parts=("*em* **strong** `code` ~~gone~~ [site](https://x.org)",)
    )
    rendered = render_slide(slide, 0, 80, palette_for("dark"))
    segments = [s for line in rendered.lines for s in line if s.text.strip()]
    by_text = {s.text.strip(): s.style for s in segments}
    assert by_text["em"].italic
    assert by_text["strong"].bold
    assert by_text["gone"].strike
    assert by_text["site"].underline
    assert by_text["code"].bgcolor is not None
    assert "https://x.org" not in "".join(s.text for s in segments)


def test_markup_and_control_characters_in_deck_text_show_literally() -> None:
    out = text_of("## [bold]x[/bold] :smile: \x1b[2J\x07done\n\n```\n[red]code\x1b[0m\n```")
    assert "[bold]x[/bold]" in out
    assert ":smile:" in out
    assert "\x1b" not in out and "\x07" not in out
    assert "done" in out and "[2J" not in out  # the whole escape sequence is stripped
    assert "[red]code" in out and "[0m" not in out


def test_every_line_is_the_full_width_and_wraps() -> None:
    long = "word " * 60
    for width in (80, 100, 240):
        slide = Slide(index=0, title="t", parts=(long,))
        rendered = render_slide(slide, 0, width, palette_for("dark"))
        assert len(rendered.lines) > 1
        for line in rendered.lines:
            assert sum(len(s.text) for s in line) == width


def plain_lines(rendered: RenderedSlide) -> list[str]:
    return ["".join(s.text for s in line) for line in rendered.lines]


@pytest.mark.parametrize("theme", THEMES)
def test_title_page_shows_the_title_in_big_centred_letters(theme: str) -> None:
    deck = parse_deck(SAMPLE, Path("s.md"))
    title = deck.shown[0]
    assert title.kind == "title"
    palette = palette_for(theme)
    rendered = render_slide(title, 0, 120, palette, deck.meta, rows=33)
    assert rendered.centred
    lines = plain_lines(rendered)
    big = [i for i, line in enumerate(lines) if "██" in line]
    assert len(big) >= 5, "\n".join(lines)
    # The block is centred in the view.
    row = lines[big[0]]
    left = len(row) - len(row.lstrip())
    right = len(row) - len(row.rstrip())
    assert abs(left - right) <= 6
    # The subtitle comes after, as ordinary text in a smaller style.
    subtitle = next(i for i, line in enumerate(lines) if "What changed" in line)
    assert subtitle > big[-1]
    title_style = next(s.style for s in rendered.lines[big[0]] if "█" in s.text)
    assert title_style is not None and title_style.bold
    assert title_style.color == Style.parse(palette.title).color


def test_big_title_falls_back_to_bold_text_when_letters_do_not_fit() -> None:
    deck = parse_deck(SAMPLE, Path("s.md"))
    rendered = render_slide(deck.shown[0], 0, 30, palette_for("dark"), deck.meta, rows=20)
    lines = plain_lines(rendered)
    assert any("Quarterly briefing" in line for line in lines)
    assert not any("██" in line for line in lines)
    assert block_letters("Quarterly briefing", 40, None) is not None  # compact face
    # Fewer rows than the solid face needs: the compact three-row face.
    (solid,) = block_letters("Quarterly briefing", 200, 6) or [[]]
    assert "██" in solid[0]
    (compact,) = block_letters("Quarterly briefing", 200, 4) or [[]]
    assert len(compact) == 3 and "┏" in compact[0]


def test_a_title_on_two_lines_is_balanced() -> None:
    first, second = block_letters("Stuck at Gov 1.5", 110, None) or []
    assert abs(len(first[0]) - len(second[0])) < 30


def test_a_slide_with_only_a_heading_is_a_section_slide_in_big_letters() -> None:
    assert "██" in text_of("# Part two", width=120)
    assert "██" in text_of("## Part two", width=120)
    assert "██" not in text_of("## Part two\n\n- a point", width=120)
    assert "██" not in text_of("### Detail", width=120)


def test_headings_one_to_four_look_different() -> None:
    slide = Slide(index=0, title="t", parts=("# One\n\n## Two\n\n### Three\n\n#### Four\n\nbody",))
    for theme in THEMES:
        rendered = render_slide(slide, 0, 100, palette_for(theme))
        styles = {}
        for line in rendered.lines:
            for segment in line:
                if segment.text.strip() in ("One", "Two", "Three", "Four", "body"):
                    styles[segment.text.strip()] = segment.style
        assert len(set(styles.values())) == 5, (theme, styles)
        lines = plain_lines(rendered)
        # The rule under a heading is as wide as the heading.
        one = next(i for i, line in enumerate(lines) if "One" in line)
        assert lines[one + 1].strip() == "━" * 3
        two = next(i for i, line in enumerate(lines) if "Two" in line)
        assert lines[two + 1].strip() == "─" * 3


def test_content_sits_in_a_centred_reading_column() -> None:
    text = text_of("word " * 100, width=200)
    lines = [line for line in text.splitlines() if line.strip()]
    widths = {len(line.strip()) for line in lines[:-1]}
    assert max(widths) <= READING_WIDTH
    first = lines[0]
    left = len(first) - len(first.lstrip())
    assert 55 <= left <= 65


@pytest.mark.parametrize(
    ("source", "centred"),
    [
        ("## Short\n\nbody", True),
        ("<!-- layout: top -->\n\n## Short\n\nbody", False),
        ("---\nlayout: top\n---\n\n## Short\n\nbody", False),
        ("---\nlayout: top\n---\n\n<!-- layout: center -->\n\n## Short\n\nbody", True),
    ],
)
def test_layout_directive_and_front_matter_choose_where_a_slide_sits(
    source: str, centred: bool
) -> None:
    deck = parse_deck(source, Path("d.md"))
    slide = deck.shown[0]
    assert "layout" not in slide.notes
    rendered = render_slide(slide, 0, 100, palette_for("dark"), deck.meta)
    assert rendered.centred is centred


def test_a_lonely_last_word_is_avoided_by_a_narrower_measure() -> None:
    words = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi"
    lines = [line.strip() for line in text_of(words, width=60 + 2 * 3).splitlines()]
    lines = [line for line in lines if line]
    assert len(lines) >= 2
    assert len(lines[-1].split()) >= 2


def test_an_image_is_drawn_in_half_blocks_within_the_rows_left(tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (40, 40), "#ff0000").save(tmp_path / "red.png")
    slide = Slide(index=0, title="t", parts=("## Pic\n\n![a red square](red.png)",))
    rendered = render_slide(slide, 0, 100, palette_for("dark"), rows=20, base=tmp_path)
    lines = plain_lines(rendered)
    drawn = [line for line in lines if "▀" in line]
    # 20 rows - heading, rule and the gap = 17 rows; a square is twice as wide as tall.
    assert len(drawn) == 17
    assert len(drawn[0].strip()) == 34
    assert len(lines) <= 20
    red = next(s for s in rendered.lines[3] if s.text.startswith("▀"))
    assert red.style is not None and red.style.color is not None
    assert red.style.color.triplet == (255, 0, 0)


def test_a_missing_image_shows_its_alt_text(tmp_path: Path) -> None:
    slide = Slide(index=0, title="t", parts=("![the org chart](nowhere.png)",))
    rendered = render_slide(slide, 0, 100, palette_for("dark"), rows=20, base=tmp_path)
    assert "[image: the org chart]" in "\n".join(plain_lines(rendered))


def test_code_highlighting_colours_keywords() -> None:
    slide = Slide(index=0, title="t", parts=("```python\ndef f():\n    return 1\n```",))
    rendered = render_slide(slide, 0, 80, palette_for("dark"))
    styles = {
        s.style.color.name
        for line in rendered.lines
        for s in line
        if s.text == "def" and s.style and s.style.color
    }
    assert styles


def test_overflow_checker_flags_only_tall_slides() -> None:
    deck = parse_deck(f"## Short\n\nfits\n\n---\n\n{tall_slide(40)}", Path("d.md"))
    result = overflow_checker(100, 30, theme=None)(deck)
    assert result == {0: False, 1: True}
    assert overflow_checker(100, 60, theme=None)(deck) == {0: False, 1: False}


def test_overflow_checker_counts_the_footer_and_margin() -> None:
    # 30 rows - 2 footer rows - 1 top margin = 27 rows; a heading + rule + blank = 3 rows.
    fits = parse_deck(tall_slide(24), Path("d.md"))
    over = parse_deck(tall_slide(25), Path("d.md"))
    check = overflow_checker(100, 30, theme="dark")
    assert check(fits) == {0: False}
    assert check(over) == {0: True}


def test_measuring_imports_no_textual() -> None:
    code = (
        "import sys\n"
        "from presenter.tui.measure import overflow_checker\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_check_size_from_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "deck.md"
    path.write_text(
        f"---\nnotes: false\n---\n\n## Short\n\n---\n\n{tall_slide(40)}", encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-m", "presenter", "check", str(path), "--size", "100x30", "--json"],
        capture_output=True,
        text=True,
    )
    assert '"overflow": true' in result.stdout
    assert '"overflow": false' in result.stdout


def test_a_broken_deck_is_reported_without_starting_the_app(tmp_path: Path) -> None:
    path = tmp_path / "deck.md"
    path.write_text(
        "## Vote\n\n```poll\nquestion: Which?\noptions:\n  - one\n```\n", encoding="utf-8"
    )
    err = io.StringIO()
    assert run_app(PresentOptions(deck_path=path), err=err) == 1
    lines = err.getvalue().splitlines()
    assert lines and all(line.startswith(f"{path}:") for line in lines)
    assert "Traceback" not in err.getvalue()
    assert gc.isenabled()  # off during start-up only


def test_a_missing_deck_exits_2(tmp_path: Path) -> None:
    err = io.StringIO()
    assert run_app(PresentOptions(deck_path=tmp_path / "nope.md"), err=err) == 2
    assert "nope.md" in err.getvalue()


def test_an_unknown_theme_exits_2(tmp_path: Path) -> None:
    err = io.StringIO()
    assert run_app(PresentOptions(deck_path=tmp_path / "x.md", theme="neon"), err=err) == 2
    assert "neon" in err.getvalue() and "projector" in err.getvalue()


def test_command_line_broken_deck_has_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "deck.md"
    path.write_text("```poll\nquestion: Q\noptions: [a]\n```\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "presenter", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{path}:" in result.stderr


def test_presenting_never_imports_textuals_markdown_widget() -> None:
    code = (
        "import asyncio, sys\n"
        "from presenter.options import PresentOptions, DEFAULT_DECK\n"
        "from presenter.tui.app import PresenterApp\n"
        "async def main():\n"
        "    app = PresenterApp(PresentOptions(deck_path=DEFAULT_DECK), watch_file=False)\n"
        "    async with app.run_test(size=(100, 30)) as pilot:\n"
        "        await pilot.press('right', 'right', 'right')\n"
        "        await pilot.pause()\n"
        "asyncio.run(main())\n"
        "print('textual.widgets._markdown' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "False"


@pytest.mark.parametrize("theme", THEMES)
def test_bullets_quote_bars_and_quotes_take_the_palette_colours(theme: str) -> None:
    palette = palette_for(theme)
    slide = Slide(index=0, title="t", parts=("- item\n\n> quoted",))
    rendered = render_slide(slide, 0, 80, palette)
    segments = {s.text.strip(): s.style for line in rendered.lines for s in line if s.text.strip()}
    assert segments["•"] is not None and segments["•"].color == Style.parse(palette.bullet).color
    assert segments["▌"] is not None and segments["▌"].color == Style.parse(palette.quote_bar).color
    assert segments["quoted"] is not None
    assert segments["quoted"].color == Style.parse(palette.quote).color


def test_an_image_is_decoded_once_until_its_file_changes(tmp_path: Path) -> None:
    import os

    from PIL import Image

    from presenter.tui.render.images import decode

    path = tmp_path / "pic.png"
    Image.new("RGB", (10, 10), "#ff0000").save(path)
    first = decode(path)
    assert first.image is not None and decode(path) is first
    Image.new("RGB", (20, 10), "#00ff00").save(path)
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    second = decode(path)
    assert second is not first and second.image is not None and second.image.size == (20, 10)


def test_a_marp_background_image_is_left_out(tmp_path: Path) -> None:
    text = text_of("## Slide\n\n![bg right](photo.png)\n\nbody")
    assert "bg" not in text and "photo" not in text and "body" in text
