"""The exported HTML in a real headless Chromium: its DOM, what it asks for, how it looks.

Debian's chromium driven through Playwright, as the phone-page tests do. The
file is opened from disk with JavaScript on, so a script that slipped through
would run and be caught.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from presenter.cli import main
from presenter.deck.load import load_deck
from presenter.export.theme import slide_colours
from presenter.polls.tally import tally
from presenter.store import Store

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox"]  # a file from disk: no network settings needed

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() or shutil.which("chromium") is None,
    reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)",
)


@pytest.fixture
async def page():  # type: ignore[no-untyped-def]
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        context = await browser.new_context(viewport={"width": 1200, "height": 800})
        opened = await context.new_page()
        opened.requests = []  # type: ignore[attr-defined]
        opened.problems = []  # type: ignore[attr-defined]
        opened.on("request", lambda request: opened.requests.append(request.url))
        opened.on(
            "console", lambda m: opened.problems.append(m.text) if m.type == "error" else None
        )
        opened.on("pageerror", lambda error: opened.problems.append(str(error)))
        yield opened
        await browser.close()


def export_html(deck: Path, *args: str) -> Path:
    target = deck.with_name("handout.html")
    assert main(["export", str(deck), "-o", str(target), *args]) == 0
    return target


async def test_dom_slide_count_titles_and_result_numbers(page, briefing, data_dir) -> None:
    deck, talk = briefing
    target = export_html(deck, "--notes")
    await page.goto(target.as_uri())
    loaded = load_deck(deck)
    titles = await page.eval_on_selector_all(
        "article.slide", "slides => slides.map(s => s.dataset.title)"
    )
    assert titles == [slide.title for slide in loaded.shown]
    headings = await page.eval_on_selector_all(
        "article.slide h1, article.slide h2", "hs => hs.map(h => h.textContent.trim())"
    )
    assert all(slide.title in headings for slide in loaded.shown if slide.markdown.startswith("#"))
    [poll] = loaded.polls
    with Store.open(data_dir) as store:
        counted = tally(store, talk, poll)
    bars = await page.eval_on_selector_all(
        f'section.results[data-poll="{poll.id}"] g.option',
        "gs => gs.map(g => [g.dataset.option, g.textContent])",
    )
    assert [option for option, _ in bars] == [option.id for option in poll.options]
    for (option_id, text), option in zip(bars, poll.options, strict=True):
        votes = counted.counts[option_id]
        assert text.startswith(option.label)
        assert f"{votes:g} vote" in text and f"{counted.share(option_id):.0%}" in text
    voters = await page.text_content(f'section.results[data-poll="{poll.id}"] .voters')
    assert voters == f"{counted.voters} voters"
    assert await page.text_content("section.room h1") == "What the room said"
    # nothing asked for but the file itself, and nothing went wrong
    assert page.requests == [target.as_uri()]
    assert page.problems == []


async def test_hostile_suggestion_is_text_in_the_dom(page, briefing, hostile) -> None:
    deck, _ = briefing
    await page.goto(export_html(deck).as_uri())
    assert await page.evaluate("typeof window.pwned") == "undefined"
    assert await page.evaluate("document.scripts.length") == 0
    assert await page.evaluate("document.querySelectorAll('[onerror], [onclick]').length") == 0
    assert await page.evaluate("document.querySelectorAll('img:not([src^=\"data:\"])').length") == 0
    texts = await page.eval_on_selector_all(
        "section.results .suggestion .text", "ts => ts.map(t => t.textContent)"
    )
    assert hostile in texts  # exactly as sent: tags and [markup] as plain text
    ideas = await page.eval_on_selector_all(
        "section.room .idea", "ts => ts.map(t => t.textContent)"
    )
    assert hostile in ideas
    assert page.requests == [page.url]


async def test_a_slide_page_is_a_16_9_box_and_screenshots_at_that_size(page, briefing) -> None:
    deck, _ = briefing
    await page.goto(export_html(deck).as_uri())
    slide = await page.query_selector("article.slide[data-slide='2']")
    assert slide is not None
    box = await slide.bounding_box()
    assert box is not None and round(box["width"]) == 960 and round(box["height"]) == 540
    picture = await slide.screenshot()
    assert picture[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(picture[16:20], "big")
    height = int.from_bytes(picture[20:24], "big")
    # 254 x 142.875 mm at 96 px/in; a box starting between pixels may take one more row
    assert width == 960 and abs(height - 540) <= 1
    # the slide is drawn in the deck's theme (dark): its background is not white
    colour = await page.evaluate(
        "getComputedStyle(document.querySelector('article.slide')).backgroundColor"
    )
    background = slide_colours("dark")[0].lstrip("#")
    assert colour == "rgb({}, {}, {})".format(*(int(background[i : i + 2], 16) for i in (0, 2, 4)))


async def test_handout_layout_puts_notes_beside_slides(page, briefing) -> None:
    deck, _ = briefing
    await page.goto(export_html(deck, "--layout", "handout", "--notes").as_uri())
    rows = await page.query_selector_all("section.row")
    assert len(rows) == len(load_deck(deck).shown)
    first = await rows[1].query_selector("article.slide")
    notes = await rows[1].query_selector("aside.notes")
    assert first is not None and notes is not None
    slide_box, notes_box = await first.bounding_box(), await notes.bounding_box()
    assert slide_box is not None and notes_box is not None
    assert notes_box["x"] >= slide_box["x"] + slide_box["width"]  # beside, not below
    assert abs(notes_box["y"] - slide_box["y"]) < 2
