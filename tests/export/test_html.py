"""`presenter export` to HTML: what the file holds, read with the standard HTML parser."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from presenter.cli import main
from presenter.deck.load import load_deck
from presenter.export.slidehtml import ImageFolder, markdown_html
from presenter.export.theme import slide_colours
from presenter.polls.tally import tally
from presenter.store import Store
from presenter.tui.render.palette import THEMES

THEME_SHEETS = Path(__file__).resolve().parents[2] / "presenter" / "tui" / "themes"


class Elements(HTMLParser):
    """Every start tag with its attributes, and the document's text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def having(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [
            found
            for name, found in self.tags
            if name == tag and all(attr_has(found, k, v) for k, v in attrs.items())
        ]


def attr_has(attrs: dict[str, str], name: str, value: str) -> bool:
    name = name.rstrip("_").replace("_", "-")
    if name == "class":
        return value in attrs.get("class", "").split()
    return attrs.get(name) == value


def export(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["export", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def exported(capsys: pytest.CaptureFixture[str], deck: Path, *args: str) -> str:
    target = deck.with_name("out.html")
    code, out, err = export(capsys, str(deck), "-o", str(target), *args)
    assert code == 0, err
    assert f"Wrote {target}" in out
    return target.read_text(encoding="utf-8")


def section(html: str, poll_id: str) -> str:
    found = re.search(
        rf'<section class="results[^"]*" data-poll="{poll_id}">(.*?)</section>', html, re.S
    )
    assert found, poll_id
    return found.group(1)


def test_self_contained_no_script_no_request(capsys, room) -> None:
    deck, _ = room
    html = exported(capsys, deck)
    page = Elements(html)
    assert not page.having("script") and "<script" not in html
    assert not page.having("link") and "@import" not in html and "url(" not in html
    sources = [img["src"] for img in page.having("img")]
    assert sources and all(src.startswith("data:image/png;base64,") for src in sources)
    assert "example.com" not in html  # the remote image prints as its alt text
    assert "[far away]" in "".join(page.text)
    [policy] = page.having("meta", http_equiv="Content-Security-Policy")
    assert "default-src 'none'" in policy["content"]
    assert not any(name.startswith("on") for _, attrs in page.tags for name in attrs)


def test_slides_finished_skipped_left_out_titles_and_deck_text_escaped(capsys, room) -> None:
    deck, _ = room
    html = exported(capsys, deck)
    page = Elements(html)
    shown = load_deck(deck).shown
    slides = page.having("article", class_="slide")
    assert [s["data-title"] for s in slides] == [s.title for s in shown]
    assert "Hidden slide" not in html and "Never seen?" not in html  # nor its poll's results
    text = "".join(page.text)
    assert "First point" in text and "Second point, revealed later" in text  # the last step
    assert "raw block" in text and "onclick" not in html  # an HTML block shows its text only
    assert "[bold]Title[/bold]" in text  # front matter shows literally
    assert "<b>test</b>" not in html and "&lt;b&gt;test&lt;/b&gt;" in html
    assert "Opening notes" not in text  # notes only with --notes


def test_results_follow_each_poll_with_counts_state_and_voters(capsys, room, data_dir) -> None:
    deck, talk = room
    html = exported(capsys, deck)
    live_poll = next(poll for poll in load_deck(deck).polls if poll.id == "live-one")
    with Store.open(data_dir) as store:
        counted = tally(store, talk, live_poll)
    live = section(html, "live-one")
    assert "closed" in live and f"{counted.voters} voters" in live
    values = dict(re.findall(r'data-option="([^"]+)" data-value="([^"]+)"', live))
    assert values == {option: f"{count:g}" for option, count in counted.counts.items()}
    for option in live_poll.options:
        share = counted.share(option.id)
        assert f"{counted.counts[option.id]:g} vote" in live and f"{share:.0%}" in live
    # each results section comes right after its poll slide
    order = re.findall(r'data-title="([^"]+)"|class="results[^"]*" data-poll="([^"]+)"', html)
    flat = [title or poll for title, poll in order]
    assert flat.index("live-one") == flat.index("Live poll") + 1


def test_after_close_poll_never_revealed_shows_no_numbers(capsys, room) -> None:
    deck, _ = room
    html = exported(capsys, deck)
    secret = section(html, "secret-one")
    assert "Results not revealed" in secret
    assert "<svg" not in secret and "vote ·" not in secret and "%" not in secret
    shown = section(html, "shown-one")
    assert "<svg" in shown and "results not revealed" not in shown
    room_page = html[html.index("<h1>What the room said</h1>") :]
    said = re.search(r'data-poll="secret-one">(.*?)</div>', room_page, re.S)
    assert said and "results not revealed" in said.group(1) and "ahead by" not in said.group(1)


def test_suggestions_approved_only_unless_rejected_are_asked_for(capsys, room, hostile) -> None:
    deck, _ = room
    html = exported(capsys, deck)
    live = section(html, "live-one")
    assert "Start with one ministry &amp; measure it" in live
    assert "buy followers" not in html
    assert hostile not in html  # never raw
    page = Elements(html)
    assert hostile in "".join(page.text)  # but shown, as text

    with_rejected = exported(capsys, deck, "--include-rejected")
    live = section(with_rejected, "live-one")
    assert 'data-status="rejected"' in live and "buy followers" in live
    room_page = with_rejected[with_rejected.index("<h1>What the room said</h1>") :]
    assert "buy followers" not in room_page  # the last page lists approved ideas only


def test_first_page_and_what_the_room_said(capsys, room) -> None:
    deck, _ = room
    html = exported(capsys, deck)
    cover = html[html.index('<section class="cover') : html.index("</section>")]
    for item in ("What the room said", "Ann Author", "Board · Ottawa", "2026-01-01", "An essay"):
        assert item in cover
    room_page = html[html.index("<h1>What the room said</h1>") :]
    live = re.search(r'data-poll="live-one">(.*?)</div>', room_page, re.S)
    assert live
    # seeded: Alpha 3 keyboard + 2 phones, Beta 0 + 1, Gamma 1 + 0
    assert '<span class="winner">Alpha</span>, ahead by 4 votes' in live.group(1)
    assert "57 percentage points; 7 voters" in live.group(1)
    assert html.rstrip().endswith("</html>")


def test_all_sessions_side_by_side(capsys, room, record, data_dir) -> None:
    deck, first = room
    second = record(data_dir, deck, label="Second room", keyboard=(0, 2), phones=(0, 0, 1))
    html = exported(capsys, deck, "--all")
    live = section(html, "live-one")
    sessions = re.findall(r'class="session" data-session="(\d+)"', live)
    assert sessions == [str(first), str(second)]
    assert "repeat(2, 1fr)" in live
    latest = exported(capsys, deck)
    assert re.findall(r'class="session" data-session="(\d+)"', section(latest, "live-one")) == [
        str(second)
    ]
    one = exported(capsys, deck, "--session", str(first))
    assert re.findall(r'class="session" data-session="(\d+)"', section(one, "live-one")) == [
        str(first)
    ]


def test_no_results_notes_and_handout_layout(capsys, room) -> None:
    deck, _ = room
    html = exported(capsys, deck, "--no-results", "--notes", "--layout", "handout")
    page = Elements(html)
    assert not page.having("section", class_="results") and "What the room said</h1>" not in html
    assert "without results" in html
    rows = page.having("section", class_="row")
    assert len(rows) == len(load_deck(deck).shown)
    assert "Opening notes for the speaker." in "".join(page.text)
    assert "size: A4" in html
    assert page.having("aside", class_="lines")  # slides without notes get lines to write on


def test_theme_colours_come_from_the_deck_or_the_option(capsys, room) -> None:
    deck, _ = room
    dark = exported(capsys, deck)  # the deck has no theme: dark, the default
    background, text = slide_colours("dark")
    assert f".themed {{ background: {background}; color: {text}; }}" in dark
    light = exported(capsys, deck, "--theme", "light")
    background, text = slide_colours("light")
    assert f".themed {{ background: {background}; color: {text}; }}" in light
    assert 'class="layout-slides theme-light"' in light


@pytest.mark.parametrize("theme", THEMES)
def test_slide_colours_are_the_slide_views_in_the_theme_stylesheet(theme) -> None:
    sheet = (THEME_SHEETS / f"{theme}.tcss").read_text(encoding="utf-8").splitlines()
    start = sheet.index(f".theme-{theme} SlideView {{")
    block = sheet[start : sheet.index("}", start)]
    declared = dict(
        line.strip().rstrip(";").split(": ", 1)
        for line in block[1:]
        if line.strip().startswith(("background:", "color:"))
    )
    assert slide_colours(theme) == (declared["background"], declared["color"])


def test_bundled_decks_export_with_a_recorded_talk(capsys, tmp_path, data_dir, record) -> None:
    decks = Path(__file__).resolve().parents[2] / "decks"
    for source in sorted(decks.glob("*.md")):
        deck = tmp_path / source.name
        deck.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
        record(data_dir, deck)
        html = exported(capsys, deck, "--notes", "--layout", "handout")
        loaded = load_deck(deck)
        page = Elements(html)
        assert len(page.having("article", class_="slide")) == len(loaded.shown)
        assert len(page.having("section", class_="results")) == len(
            [s for s in loaded.shown if s.poll]
        )
        assert ("What the room said</h1>" in html) == any(s.poll for s in loaded.shown)


def test_default_output_name_and_format_from_suffix(capsys, room, monkeypatch, tmp_path) -> None:
    deck, _ = room
    monkeypatch.chdir(tmp_path)
    code, out, _ = export(capsys, str(deck))
    assert code == 0 and out.strip() == "Wrote room.html (html, slides layout)."
    assert (tmp_path / "room.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    code, out, _ = export(capsys, str(deck), "-o", "minutes.md")
    assert code == 0 and out.strip() == "Wrote minutes.md (md)."
    assert (tmp_path / "minutes.md").read_text(encoding="utf-8").startswith("# Handout")
    code, out, _ = export(capsys, str(deck), "-o", "-", "--format", "md")
    assert code == 0 and out.startswith("# Handout")


def test_mistakes_get_a_message_and_an_exit_code(capsys, room, tmp_path) -> None:
    deck, _ = room
    code, _, err = export(capsys, str(deck), "--session", "999")
    assert code == 1 and "there is no session 999" in err and "Traceback" not in err
    code, _, err = export(capsys, str(tmp_path / "missing.md"))
    assert code == 2 and "presenter export:" in err
    broken = tmp_path / "broken.md"
    broken.write_text("# Poll\n\n```poll\nquestion: Only one?\noptions: [A]\n```\n")
    code, _, err = export(capsys, str(broken))
    assert code == 1 and "presenter check" in err
    code, _, err = export(capsys, str(deck), "-o", str(tmp_path / "no" / "such" / "dir.html"))
    assert code == 1 and "cannot write" in err and "Traceback" not in err
    code, _, err = export(capsys, str(deck), "-o", "-", "--format", "pdf")
    assert code == 1 and "-o FILE.pdf" in err


def test_a_deck_never_presented_exports_without_results(capsys, tmp_path) -> None:
    deck = tmp_path / "fresh.md"
    deck.write_text("# Hello\n\n---\n\n```poll\nquestion: Yes?\noptions: [Yes, No]\n```\n")
    html = exported(capsys, deck)
    assert "No talk of this deck is recorded yet" in html
    assert '<section class="results' not in html
    _, _, err = export(capsys, str(deck), "-o", str(tmp_path / "again.html"))
    assert "no talk of" in err


DIALECTS = Path(__file__).resolve().parents[1] / "deck" / "fixtures" / "dialects"


@pytest.mark.parametrize("name", sorted(p.name for p in DIALECTS.glob("*.md")))
def test_other_presenters_decks_print_as_they_present(capsys, tmp_path, name) -> None:
    deck = tmp_path / name
    shutil.copy(DIALECTS / name, deck)
    html = exported(capsys, deck, "--no-results")
    loaded = load_deck(deck)
    bodies = re.findall(r'<div class="body[^"]*">(.*?)</div></div>', html, re.S)
    assert len(bodies) == len(loaded.shown)
    for slide, body in zip(loaded.shown, bodies, strict=True):
        # exactly the slide's presented Markdown, finished: no notes, no other tool's syntax
        assert body.strip() == markdown_html(slide.markdown, ImageFolder(deck.parent)).strip()
        for line in slide.notes.splitlines():
            if line.strip():
                assert line.strip() not in body
    assert "???" not in html and "<!--" not in html
