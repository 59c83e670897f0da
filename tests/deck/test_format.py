"""The deck format, rule by rule (DECK-FORMAT.md sections 1-5)."""

from __future__ import annotations

from pathlib import Path

import pytest

from presenter.deck.load import load_deck, parse_deck
from presenter.deck.model import DeckError


def titles(text: str) -> list[str]:
    return [s.title for s in parse_deck(text).slides]


# -- 1. front matter -------------------------------------------------------------------


def test_front_matter_fields() -> None:
    deck = parse_deck(
        "---\ntitle: Gov 1.5\nsub_title: Why\nauthors: [Ann, Bob]\nevent: Briefing\n"
        "location: Ottawa\ndate: 2026-11-03\nduration: 1h10m\ntheme: light\nfooter: false\n"
        "notes: false\nlayout: cover\n---\n# One\n"
    )
    meta = deck.meta
    assert (meta.title, meta.subtitle, meta.authors) == ("Gov 1.5", "Why", ("Ann", "Bob"))
    assert (meta.event, meta.location, meta.date) == ("Briefing", "Ottawa", "2026-11-03")
    assert meta.duration_s == 4200
    assert meta.theme == "light"
    assert meta.show_footer is False and meta.footer is None
    assert meta.expects_notes is False
    assert dict(meta.extra) == {"layout": "cover"}
    assert deck.warnings == ()  # notes: false silences the missing-notes warning


def test_front_matter_may_end_with_dots_and_yaml_1_1_words_stay_text() -> None:
    deck = parse_deck("---\ntitle: Yes\nfooter: on\n...\n# One\n")
    assert deck.meta.title == "Yes"
    assert deck.meta.footer == "on"


def test_a_leading_rule_without_yaml_is_a_separator_not_front_matter() -> None:
    assert titles("---\n# First\n---\n# Second\n") == ["First", "Second"]


def test_separator_lines_inside_front_matter_do_not_split() -> None:
    deck = parse_deck("---\ntitle: T\nfooter: |\n  ***\n  ___\n---\n# One\n")
    assert deck.meta.footer == "***\n___"
    assert titles("---\ntitle: T\n---\n# One\n") == ["One"]


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("15m", 900), ("900s", 900), ("1h10m", 4200), ("15min", 900), ("1m30s", 90),
     ("2m", 120), ("90s", 90), ("1m 30s", 90), ("1.5m", 90), ("1:30", 90),
     ("1:10:00", 4200), ("2 minutes", 120), ("1 hour", 3600)],
)  # fmt: skip
def test_durations(text: str, seconds: float) -> None:
    assert parse_deck(f"---\nduration: {text}\nnotes: false\n---\n# A\n").meta.duration_s == seconds
    assert parse_deck(f"# A\n<!-- time: {text} -->\n").slides[0].time_s == seconds


# -- 2. slides -------------------------------------------------------------------------


def test_every_separator_kind() -> None:
    text = "# A\n---\n# B\n***\n# C\n___   \n# D\n<!-- end_slide -->\n# E\n<!--end_slide-->\n# F\n"
    assert titles(text) == ["A", "B", "C", "D", "E", "F"]


def test_lines_that_only_look_like_separators_do_not_split() -> None:
    text = "# A\n----\n- - -\n * * *\n--- x\n<!-- end_slide --> text\n"
    assert titles(text) == ["A"]


def test_separators_inside_fences_and_comments_do_not_split() -> None:
    text = (
        "# A\n```\n---\n***\n<!-- end_slide -->\n```\n"
        "~~~~\n```\n---\n~~~~\n"
        "````md\n```\n---\n```\n````\n"
        "  ```\n  ---\n  ```\n"
        "<!--\n---\n-->\n"
        "---\n# B\n"
    )
    deck = parse_deck(text)
    assert [s.title for s in deck.slides] == ["A", "B"]
    assert "```\n---\n```" in deck.slides[0].markdown


@pytest.mark.parametrize(
    "convert",
    [
        lambda t: t.replace("\n", "\r\n"),
        lambda t: t.replace("\n", "\r"),
        lambda t: "\ufeff" + t.replace("\n", "\r\n"),
    ],
    ids=["crlf", "cr", "bom+crlf"],
)
def test_line_endings_and_bom(convert, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = (
        "---\ntitle: T\nduration: 2m\n---\n# A\n\nNote: a\n---\n# B\n<!-- pause -->\nmore\n"
        "```\n---\n```\n???\nb\n"
    )
    expected = parse_deck(text)
    path = tmp_path / "deck.md"
    path.write_bytes(convert(text).encode("utf-8"))
    deck = load_deck(path)
    assert deck.slides == expected.slides
    assert deck.meta == expected.meta
    assert parse_deck(convert(text)).slides == expected.slides


def test_empty_slides_are_dropped_with_a_warning() -> None:
    deck = parse_deck("---\n\n# A\n\n---\n   \n---\n# B\n---\n\n")
    assert [s.title for s in deck.slides] == ["A", "B"]
    assert [s.index for s in deck.slides] == [0, 1]
    assert [(w.line, w.message.split(";")[0]) for w in deck.warnings if "empty" in w.message] == [
        (7, "the slide before this separator is empty and is dropped"),
        (9, "the deck ends with a separator, so the empty slide after it is dropped"),
    ]


def test_slidev_slide_front_matter_is_metadata_not_a_slide() -> None:
    deck = parse_deck(
        "# A\n\nNote: a\n\n---\nlayout: center\nclass: text-center\ntime: 45s\n---\n\n# B\n\nNote: b\n"
    )
    assert [s.title for s in deck.slides] == ["A", "B"]
    assert dict(deck.slides[1].meta) == {"layout": "center", "class": "text-center", "time": "45s"}
    assert deck.slides[1].time_s == 45
    assert deck.slides[1].start_line == 11


def test_a_slide_of_text_with_colons_is_not_slidev_front_matter() -> None:
    assert titles("# A\n---\nAgenda: today\n---\n# C\n") == ["A", "Agenda: today", "C"]
    assert titles("# A\n---\nnote: this\n---\n# C\n") == ["A", "", "C"]


@pytest.mark.parametrize(
    ("body", "title"),
    [
        ("# Heading\ntext", "Heading"),
        ("text first\n\n## Later heading", "Later heading"),
        ("Setext\n======\n\nbody", "Setext"),
        ("Setext two\n-----\n", "Setext two"),
        ("```\n# not a heading\n```\nPlain line", "Plain line"),
        ("- **Bold** item with `code`", "Bold item with code"),
        ("## A [link](http://x) and ![img](y.png) ##", "A link and img"),
        ("<div>\nInside\n</div>", "Inside"),
        ("> quoted", "quoted"),
    ],
)
def test_titles(body: str, title: str) -> None:
    assert titles(body + "\n") == [title]


def test_source_lines_and_content_hash() -> None:
    text = "# A\n\nNote: a\n---\n\n# B\nbody\n\n---\n# A\n\nNote: a\n"
    deck = parse_deck(text)
    assert [(s.start_line, s.end_line) for s in deck.slides] == [(1, 3), (6, 7), (10, 12)]
    first, second, third = deck.slides
    assert first.content_hash == third.content_hash  # same text, same history
    assert first.content_hash != second.content_hash
    edited = parse_deck(text.replace("body", "body!"))
    assert edited.slides[1].content_hash != second.content_hash
    assert edited.slides[0].content_hash == first.content_hash


# -- 3. speaker notes ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "notes"),
    [
        ("# A\n???\nRemark notes\nsecond line", "Remark notes\nsecond line"),
        ("# A\nNote: reveal notes\nmore", "reveal notes\nmore"),
        ("# A\nNOTES:\nupper", "upper"),
        ("# A\nnotes: lower", "lower"),
        ("# A\n<!-- speaker_note: presenterm note -->", "presenterm note"),
        ("# A\n<!--\nspeaker_note: |\n  multi\n  line\n-->", "multi\nline"),
        ("# A\n<!--\nspeaker_note: >\n  folded\n  text\n-->", "folded text"),
        ("# A\n<!-- a Marp note -->\n\n<!--\nSlidev\nnote\n-->", "a Marp note\n\nSlidev\nnote"),
        ("# A\n<!-- first -->\nbody\nNote: second", "first\n\nsecond"),
        ("# A\nText <!-- inline note --> more", "inline note"),
        ("# A\n<!-- Remember: smile -->", "Remember: smile"),
    ],
)
def test_notes(body: str, notes: str) -> None:
    slide = parse_deck(body + "\n").slides[0]
    assert slide.notes == notes
    assert notes.split("\n")[0] not in slide.markdown


def test_notes_markers_inside_code_are_content() -> None:
    slide = parse_deck("# A\n```\n???\nNote: code\n<!-- c -->\n```\n").slides[0]
    assert slide.notes == ""
    assert "Note: code" in slide.markdown and "<!-- c -->" in slide.markdown


def test_a_separator_ends_the_notes() -> None:
    deck = parse_deck("# A\nNote: a\n---\n# B\n")
    assert [s.notes for s in deck.slides] == ["a", ""]


@pytest.mark.parametrize(
    "comment",
    [
        "<!--config:\ntransition: slideLeft\n-->",
        '<!-- .slide: data-background="#f00" -->',
        '<!-- .element: class="fragment" -->',
        "<!-- paginate: true -->",
        "<!-- _class: lead -->",
        "<!-- _backgroundColor: #123 -->",
        "<!--\ntheme: gaia\nheader: 'Hi'\n-->",
        "<!-- jump_to_middle -->",
        "<!-- column_layout: [3, 2] -->",
        "<!-- column: 1 -->",
        "<!-- reset_layout -->",
        "<!-- new_lines: 3 -->",
        "<!-- newlines: 3 -->",
        "<!-- incremental_lists: true -->",
        "<!-- list_item_newlines: 2 -->",
        "<!-- no_footer -->",
        "<!-- font_size: 2 -->",
        "<!-- alignment: center -->",
        "<!-- include: other.md -->",
        "<!-- snippet_output: a -->",
        "<!-- // author comment -->",
    ],
)
def test_other_tools_directives_are_neither_shown_nor_notes(comment: str) -> None:
    slide = parse_deck(f"# A\n{comment}\nbody\n").slides[0]
    assert slide.notes == ""
    assert slide.markdown == "# A\nbody"
    assert slide.skip is False


# -- 4. directives ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "pause", ["<!-- pause -->", "<!--pause-->", ". . .", "<!-- stop -->", "--"]
)
def test_pauses(pause: str) -> None:
    slide = parse_deck(f"# A\none\n{pause}\ntwo\n{pause}\nthree\n").slides[0]
    assert slide.steps == 3
    assert slide.markdown_at(0) == "# A\none"
    assert slide.markdown_at(1) == "# A\none\n\ntwo"
    assert slide.markdown == "# A\none\n\ntwo\n\nthree"


def test_pauses_that_reveal_nothing_add_no_step() -> None:
    slide = parse_deck(
        "<!-- pause -->\n# A\n<!-- pause -->\n\n<!-- pause -->\nb\n<!-- pause -->\n"
    ).slides[0]
    assert slide.parts == ("# A", "b")


def test_pauses_inside_code_are_ignored_and_a_pause_ends_the_notes() -> None:
    slide = parse_deck(
        "# A\n```\n<!-- pause -->\n. . .\n```\nNote: n\n<!-- pause -->\nmore\n"
    ).slides[0]
    assert slide.steps == 2
    assert slide.parts[1] == "more"
    assert slide.notes == "n"


@pytest.mark.parametrize(
    "skip", ["<!-- skip -->", "<!-- skip_slide -->", "<!--\nskip_slide: true\n-->"]
)
def test_skip(skip: str) -> None:
    deck = parse_deck(f"# A\n---\n# B\n{skip}\n---\n# C\n")
    assert [s.skip for s in deck.slides] == [False, True, False]
    assert [s.title for s in deck.shown] == ["A", "C"]


def test_time_and_budgets_share_what_is_left() -> None:
    deck = parse_deck(
        "---\nduration: 10m\n---\n# A\n<!-- time: 1m -->\n---\n# B\n---\n# C\n<!-- skip -->\n"
        "<!-- time: 5m -->\n---\n# D\n---\n# E\n<!-- time: 3m -->\n"
    )
    assert [s.time_s for s in deck.slides] == [60, None, 300, None, 180]
    assert [s.budget_s for s in deck.slides] == [60, 180, None, 180, 180]


def test_no_duration_no_shared_budgets() -> None:
    deck = parse_deck("# A\n<!-- time: 30s -->\n---\n# B\n")
    assert [s.budget_s for s in deck.slides] == [30, None]


def test_budgets_exceeding_the_duration_warn_and_leave_nothing_to_share() -> None:
    deck = parse_deck(
        "---\nduration: 1m\nnotes: false\n---\n# A\n<!-- time: 50s -->\n---\n# B\n<!-- time: 20s -->\n---\n# C\n"
    )
    assert [s.budget_s for s in deck.slides] == [50, 20, 0]
    assert [(w.line, w.message.split(",")[0]) for w in deck.warnings] == [
        (2, "the slides' times add up to 1:10")
    ]


# -- title page ------------------------------------------------------------------------


def test_title_page_from_front_matter() -> None:
    deck = parse_deck(
        "---\ntitle: Gov 1.5\nsubtitle: Why\nauthor: Ann\nevent: Briefing\nlocation: Ottawa\n"
        "date: May 2026\n---\n\n<!-- time: 20s -->\nNote: Welcome.\n---\n# Next\n"
    )
    first = deck.slides[0]
    assert first.kind == "title"
    assert first.title == "Gov 1.5"
    assert first.notes == "Welcome."
    assert first.time_s == 20
    assert first.markdown == "# Gov 1.5\n\n## Why\n\nAnn\n\nBriefing · Ottawa\n\nMay 2026"
    assert deck.slides[1].kind == "content"


def test_an_empty_first_slide_with_a_title_becomes_the_title_page() -> None:
    deck = parse_deck("---\ntitle: T\nnotes: false\n---\n\n---\n# A\n")
    assert [(s.kind, s.title) for s in deck.slides] == [("title", "T"), ("content", "A")]
    assert deck.warnings == ()


def test_no_title_page_when_the_first_slide_has_content_or_no_title() -> None:
    assert parse_deck("---\ntitle: T\n---\n# A\n").slides[0].kind == "content"
    deck = parse_deck("---\nduration: 1m\n---\nNote: only notes\n---\n# A\n")
    assert deck.slides[0].kind == "content"
    assert deck.slides[0].title == ""


# -- 5. polls --------------------------------------------------------------------------


POLL = """# Vote

```poll
id: change-first            # stable across sessions
question: What would you change first?
kind: multi
max: 2
options:
  - Create a dedicated social-media and analytics unit
  - Reverse mentoring for senior managers
  - id: listen
    label: "Ministers who listen online, not only broadcast"
  - Yes
suggestions: true
results: after-close
```

Note: ask.
"""


def test_poll_block_becomes_a_poll_and_its_markdown() -> None:
    deck = parse_deck(POLL)
    slide = deck.slides[0]
    poll = slide.poll
    assert poll is not None and deck.polls == (poll,)
    assert (poll.id, poll.kind, poll.max, poll.suggestions, poll.results, poll.line) == (
        "change-first", "multi", 2, True, "after-close", 3,
    )  # fmt: skip
    assert [(o.id, o.label) for o in poll.options] == [
        ("create-a-dedicated-social-media-and-analytics", "Create a dedicated social-media and analytics unit"),
        ("reverse-mentoring-for-senior-managers", "Reverse mentoring for senior managers"),
        ("listen", "Ministers who listen online, not only broadcast"),
        ("yes", "Yes"),
    ]  # fmt: skip
    assert slide.markdown == (
        "# Vote\n\n**What would you change first?**\n\n"
        "1. Create a dedicated social-media and analytics unit\n"
        "2. Reverse mentoring for senior managers\n"
        "3. Ministers who listen online, not only broadcast\n"
        "4. Yes"
    )
    assert "```" not in slide.markdown and slide.notes == "ask."


def test_poll_defaults() -> None:
    poll = (
        parse_deck("```poll\nquestion: Tea or coffee?\noptions: [Tea, Coffee]\n```\n")
        .slides[0]
        .poll
    )
    assert poll is not None
    assert (poll.id, poll.kind, poll.max, poll.suggestions, poll.results) == (
        "tea-or-coffee", "single", 1, False, "live",
    )  # fmt: skip
    rank = parse_deck("```poll\nquestion: Q\nkind: rank\noptions: [a, b, c]\n```\n").slides[0].poll
    assert rank is not None and rank.max == 3


def test_poll_title_is_its_question_when_the_slide_has_no_heading() -> None:
    deck = parse_deck("```poll\nquestion: Tea or *coffee*?\noptions: [Tea, Coffee]\n```\n")
    assert deck.slides[0].title == "Tea or coffee?"


def test_a_poll_inside_notes_or_another_fence_is_not_a_poll() -> None:
    deck = parse_deck(
        "# A\nNote: see\n```poll\nquestion: Q\noptions: [a, b]\n```\n---\n````\n```poll\n```\n````\n"
    )
    assert deck.polls == ()


def test_two_polls_on_one_slide_is_an_error() -> None:
    block = "```poll\nquestion: Q{}\noptions: [a, b]\n```\n"
    with pytest.raises(DeckError) as caught:
        parse_deck("# A\n" + block.format(1) + block.format(2))
    assert (caught.value.line, caught.value.message) == (
        6,
        "a slide can hold one poll; move this one to a slide of its own",
    )


def test_unknown_poll_keys_warn() -> None:
    deck = parse_deck("```poll\nquestion: Q\noptions: [a, b]\ncolour: red\n```\n")
    assert [(w.line, w.column) for w in deck.warnings if "colour" in w.message] == [(4, 1)]


@pytest.mark.parametrize(
    "pause", ["<!-- pause -->", "\n<!-- pause -->\n", "--", "<!-- stop -->"], ids=repr
)
def test_a_list_revealed_item_by_item_stays_one_tight_list(pause: str) -> None:
    from presenter.deck.markdown import make_parser

    slide = parse_deck(f"# A\n\n- one\n  more\n{pause}\n- two\n{pause}\n1. three\n").slides[0]
    assert slide.steps == 3
    assert slide.markdown_at(1) == "# A\n\n- one\n  more\n- two"
    assert slide.markdown == "# A\n\n- one\n  more\n- two\n1. three"
    tokens = make_parser().parse(slide.markdown_at(1))
    assert [t.type for t in tokens].count("bullet_list_open") == 1
    assert all(t.hidden for t in tokens if t.type == "paragraph_open" and t.level > 0)


def test_text_after_a_pause_stays_a_paragraph_of_its_own() -> None:
    slide = parse_deck("- one\n<!-- pause -->\nText\n<!-- pause -->\n- two\n").slides[0]
    assert slide.markdown == "- one\n\nText\n\n- two"
