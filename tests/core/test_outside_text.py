"""The one rule for outside text: what it strips, what it keeps, and that every shower uses it."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from presenter.exporting import one_line, plain
from presenter.outside_text import clean_text
from presenter.polls.suggestions import clean_suggestion
from presenter.tui.render.inline import clean as clean_deck_text
from presenter.tui.widgets.poll_text import clean_text as clean_poll_text


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("red\x1b[31m alert\x1b[0m", "red alert"),
        ("title\x1b]0;pwned\x07 change", "title change"),
        ("a\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\b", "alinkb"),
        ("bell\x07 and \x9b2J c1\x85", "bell and  c1"),
        ("abc\u202egnp.exe\u2066", "abcgnp.exe"),
        ("non\ufffe\uffff\ufdd0\U0001fffe chars", "non chars"),
        ("unassigned\u0378\U000e0fff", "unassigned"),
        ("lone\ud800 surrogate", "lone surrogate"),
        ("kept: [bold]x[/] <b> \ue000 é 你 🎉", "kept: [bold]x[/] <b> \ue000 é 你 🎉"),
        ("cr\r\nlf\rtab\t", "cr\nlf\ntab\t"),
    ],
)
def test_the_rule(raw: str, cleaned: str) -> None:
    assert clean_text(raw) == cleaned


def test_one_line_and_limit() -> None:
    assert clean_text(" a\n\n b\tc ", one_line=True) == "a b c"
    assert clean_text("abcdef", limit=4) == "abc…"


@given(st.text())
def test_nothing_unsafe_survives(text: str) -> None:
    cleaned = clean_text(text)
    for ch in cleaned:
        kind = unicodedata.category(ch)
        assert ch in "\n\t" or kind not in ("Cc", "Cs", "Cn"), repr(ch)
        assert not "\u202a" <= ch <= "\u202e" and not "\u2066" <= ch <= "\u2069"
    assert clean_text(cleaned) == cleaned


@pytest.mark.parametrize(
    "shower",
    [
        clean_deck_text,
        clean_poll_text,
        plain,
        one_line,
        lambda text: clean_suggestion(text + "x"),
    ],
)
def test_every_shower_applies_the_same_rule(shower) -> None:  # type: ignore[no-untyped-def]
    hostile = "\x1b[2Jhi\uffff\u202e\u0378\x9b"
    assert "\x1b" not in shower(hostile)
    assert "\uffff" not in shower(hostile)
    assert "\u202e" not in shower(hostile)
    assert "\u0378" not in shower(hostile)
    assert shower(hostile).startswith("hi")
