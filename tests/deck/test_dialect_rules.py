"""Dialect detection, overrides and the warnings about decks that would not present as meant."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from presenter.deck.load import analyse, parse_deck

ROOT = Path(__file__).resolve().parent.parent.parent


def messages(text: str) -> list[str]:
    return [w.message for w in parse_deck(text).warnings]


@pytest.mark.parametrize(
    ("text", "dialect"),
    [
        ("# A\n\n<!-- end_slide -->\n\n# B\n", "presenterm"),
        ("# A\n\n???\nnotes\n\n---\n\n# B\n", "remark"),
        ("class: center\n\n# A\n", "remark"),
        ("# A\n\nNote: n\n\n---\n\n# B\n", "revealjs"),
        ('# A\n\n<!-- .slide: data-background="#000" -->\n', "revealjs"),
        ("---\nmarp: true\n---\n\n# A\n", "marp"),
        ("---\nlayout: cover\n---\n\n# A\n", "slidev"),
        ("# A\n\n---\nlayout: center\n---\n\n# B\n", "slidev"),
        ("---\ntitle: T\npatat:\n  wrap: true\n...\n\n# A\n", "patat"),
        ("# A\n\none\n\n. . .\n\ntwo\n", "patat"),
        ("# A\n\none\n\n<!-- stop -->\n\ntwo\n", "lookatme"),
        ("%title: T\n%author: A\n\n# A\n", "mdp"),
        ("---\npaging: Slide %d / %d\n---\n\n# A\n", "slides"),
        ("---\nsub_title: S\n---\n\n# A\n", "presenterm"),
        ("# A\n\n<!-- time: 1m -->\nNote: n\n", "presenter"),
        ("# A\n\ntext\n", "presenter"),
        # Several tools' signs: presenter's own format, which reads them all.
        ("# A\n\n???\nn\n\n---\n\n# B\n\n<!-- .slide: x -->\n", "presenter"),
        ("# A\n\n---\n\n# B\n\n<!-- end_slide -->\n\n# C\n", "presenter"),
        # Signs inside code do not count.
        ("# A\n\n```\n<!-- end_slide -->\n???\n```\n", "presenter"),
    ],
)
def test_the_dialect_is_read_from_the_deck(text: str, dialect: str) -> None:
    assert parse_deck(text).dialect == dialect


def test_front_matter_and_the_caller_override_the_signs() -> None:
    text = "---\ndialect: remark\n---\n\n# A\n\nNote: text, not notes\n"
    deck = parse_deck(text)
    assert deck.dialect == "remark"
    assert "Note: text, not notes" in deck.slides[0].markdown
    assert parse_deck(text, dialect="reveal.js").slides[0].notes == "text, not notes"
    analysis = analyse("---\ndialect: keynote\n---\n# A\n")
    assert analysis.deck.dialect == "presenter"
    assert any("unknown dialect 'keynote'" in w.message for w in analysis.warnings)


def test_remark_notes_on_each_step_end_at_the_step() -> None:
    slide = parse_deck("Hello\n???\nnotes for hello\n--\nWorld\n???\nnotes for world\n").slides[0]
    assert slide.parts == ("Hello", "World")
    assert slide.notes == "notes for hello\n\nnotes for world"


def test_a_pause_ends_notes_in_every_dialect_that_has_text_notes() -> None:
    deck = parse_deck("# A\nNote: n\n<!-- pause -->\nshown\n")
    assert deck.slides[0].parts == ("# A", "shown")
    assert deck.slides[0].notes == "n"


def test_reveal_vertical_slides_are_slides() -> None:
    deck = parse_deck("## A\nNote: a\n--\n## A.1\nNote: b\n---\n## B\n")
    assert [(s.title, s.notes) for s in deck.slides] == [("A", "a"), ("A.1", "b"), ("B", "")]


def test_slidev_notes_are_the_last_comment_at_the_end_of_the_slide() -> None:
    text = "---\nlayout: cover\n---\n# A\n<!-- not a note -->\ntext\n<!-- the note -->\n"
    assert parse_deck(text).slides[0].notes == "the note"
    text = "---\nlayout: cover\n---\n# A\n<!-- not at the end -->\ntext\n"
    assert parse_deck(text).slides[0].notes == ""


def test_patat_without_rules_splits_at_the_slide_level() -> None:
    text = "---\npatat: {}\n...\n# Part\n\n## One\n\ntext\n\n## Two\n\nmore\n"
    assert [s.title for s in parse_deck(text).slides] == ["Part", "One", "Two"]
    text = "---\npatat:\n  slideLevel: 1\n...\n# Part\n\n## One\n\ntext\n\n## Two\n\nmore\n"
    assert [s.title for s in parse_deck(text).slides] == ["Part"]


def test_a_slide_that_shows_nothing_is_warned_about() -> None:
    found = messages("# A\n\nNote: a\n\n---\n\n<!-- only a comment -->\n\n---\n\n# C\n\nNote: c\n")
    assert any(m.startswith("slide 2 shows nothing on screen") for m in found)


def test_notes_that_swallowed_slide_content_are_warned_about() -> None:
    deck = parse_deck("# A\n\n???\nnotes\n\n## A second heading\n\nmore\n")
    (warning,) = [w for w in deck.warnings if "looks like slide content" in w.message]
    assert warning.line == 6
    assert "'## A second heading'" in warning.message


def test_one_slide_with_several_top_level_headings_is_warned_about() -> None:
    found = messages("# One\n\ntext\n\n# Two\n\ntext\n\n# Three\n\nNote: n\n")
    assert any("one slide with 3 top-level headings" in m for m in found)
    assert not any("top-level" in m for m in messages("# One\n\n## Two\n\nNote: n\n"))


def check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "presenter", "check", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


def test_check_says_which_dialect_it_read_and_what_it_assumed(tmp_path: Path) -> None:
    deck = tmp_path / "reveal.md"
    deck.write_text("## A\n\nNote: a\n\n--\n\n## B\n\nNote: b\n", encoding="utf-8")
    result = check(str(deck))
    assert result.returncode == 0
    assert "dialect: reveal.js (reveal.js's `Note:` on line 3)" in result.stdout
    assert "assumed: reveal.js sets its separators in the HTML page" in result.stdout
    assert "2 slides" in result.stdout
    forced = check("--dialect", "remark", str(deck))
    assert "dialect: remark (set by --dialect)" in forced.stdout
    assert "1 slides, 2 steps" in forced.stdout
    wrong = check("--dialect", "keynote", str(deck))
    assert wrong.returncode == 2
    assert "unknown dialect 'keynote'" in wrong.stderr


def test_the_dialect_flag_reaches_the_talk_options() -> None:
    from presenter.command_line import build_parser, normalise

    args = build_parser().parse_args(normalise(["deck.md", "--dialect", "Reveal.js"]))
    assert args.dialect == "revealjs"
    args = build_parser().parse_args(["check", "--dialect", "marp", "deck.md"])
    assert args.dialect == "marp"
    assert build_parser().parse_args(normalise(["deck.md"])).dialect is None


def test_other_tools_metadata_fills_the_deck_metadata() -> None:
    mdp = parse_deck("%title: A deck\n%author: Mo, Jo\n%date: 2024-02-02\n\n# One\n")
    assert (mdp.meta.title, mdp.meta.authors, mdp.meta.date) == (
        "A deck",
        ("Mo", "Jo"),
        "2024-02-02",
    )
    assert mdp.meta.expects_notes is False  # mdp has no speaker notes
    presenterm = parse_deck(
        "---\ntitle: My _first_ **talk**\n---\n\nHi\n---\n\ntext\n\n<!-- end_slide -->\n\nBye\n"
    )
    assert [s.kind for s in presenterm.slides] == ["title", "content", "content"]
    assert presenterm.slides[0].title == "My first talk"
    assert presenterm.slides[1].markdown == "Hi\n---\n\ntext"


def test_presenterm_options_that_change_where_slides_end() -> None:
    text = (
        "---\noptions:\n  implicit_slide_ends: true\n---\n\nTasty\n===\n\n* Potato\n\n"
        "Awful\n===\n\n* Lettuce\n"
    )
    assert [s.title for s in parse_deck(text).slides] == ["Tasty", "Awful"]
    text = "---\noptions:\n  end_slide_shorthand: true\n---\n\none\n\n---------\n\ntwo\n"
    assert [s.title for s in parse_deck(text).slides] == ["one", "two"]
