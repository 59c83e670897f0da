"""The phone page in a real headless Chromium: join by URL, vote, confirmation, live switch.

Runs the real `AudienceServer` on loopback in the test's event loop and drives
Debian's chromium through Playwright, with and without JavaScript.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from presenter.audience.server import Audience, AudienceServer
from presenter.polls.tally import tally

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() or shutil.which("chromium") is None,
    reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)",
)


@pytest.fixture
async def server(audience: Audience) -> AsyncIterator[AudienceServer]:
    running = AudienceServer(audience)
    await running.start("127.0.0.1", 0)
    yield running
    await running.stop()


@pytest.fixture
async def browser():  # type: ignore[no-untyped-def]
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        await launched.close()


def phone_url(server: AudienceServer) -> str:
    return f"http://127.0.0.1:{server.port}"


async def new_phone(browser, *, javascript: bool):  # type: ignore[no-untyped-def]
    context = await browser.new_context(
        java_script_enabled=javascript, viewport={"width": 360, "height": 740}
    )
    page = await context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return context, page, problems


async def test_join_by_url_vote_and_see_the_confirmation_with_javascript(
    browser, server, open_poll, close_poll, polls, votes, session_id
) -> None:
    open_poll(polls["pick"])
    context, page, problems = await new_phone(browser, javascript=True)
    # the QR code's URL, as a phone camera opens it
    await page.goto(server.join_url.replace("HTTP://127.0.0.1", "http://127.0.0.1"))
    await page.wait_for_selector("main[data-view=poll]")
    assert await page.title() == polls["pick"].question
    assert await page.evaluate("document.documentElement.scrollWidth") <= 360
    for box in [await el.bounding_box() for el in await page.query_selector_all(".option, button")]:
        assert box is not None and box["height"] >= 44  # tap targets
    await page.evaluate("window.stayed = true")  # proves later updates are not reloads

    await page.get_by_label("Beta").check()
    await page.get_by_role("button", name="Vote").click()
    await page.wait_for_selector("main[data-view=done]")
    assert "your vote is stored" in await page.inner_text("main")
    assert tally(votes, session_id, polls["pick"]).counts["beta"] == 1

    # the presenter closes this poll and opens the next: the phone follows without reload
    close_poll(polls["pick"])
    open_poll(polls["many"])
    server.poll_state_changed()
    await page.wait_for_selector("main[data-poll=many][data-view=poll]", timeout=10_000)
    assert await page.evaluate("window.stayed") is True
    await page.get_by_label("North").check()
    await page.get_by_label("West").check()
    assert await page.get_by_label("East").is_disabled()  # max 2 picks
    await page.get_by_role("button", name="Vote").click()
    await page.wait_for_selector("main[data-view=done][data-poll=many]")
    assert tally(votes, session_id, polls["many"]).voters == 1

    close_poll(polls["many"])
    server.poll_state_changed()
    await page.wait_for_selector("main[data-view=wait]", timeout=10_000)
    assert "No poll is open" in await page.inner_text("main")
    assert await page.evaluate("window.stayed") is True
    assert problems == []  # no CSP violation, no script error
    await context.close()


async def test_the_same_without_javascript(
    browser, server, open_poll, polls, votes, session_id
) -> None:
    context, page, problems = await new_phone(browser, javascript=False)
    await page.goto(phone_url(server))
    await page.get_by_label("Room code").fill(server.room_code.lower())
    await page.get_by_role("button", name="Join").click()
    await page.wait_for_selector("main[data-view=wait]")
    open_poll(polls["order"])
    await page.reload()  # what the page's meta refresh does by itself
    await page.select_option("#rank-red", "3")
    await page.select_option("#rank-green", "1")
    await page.select_option("#rank-blue", "2")
    await page.get_by_role("button", name="Vote").click()
    await page.wait_for_selector("main[data-view=done]")
    assert page.url.endswith("/done?poll=order")
    text = await page.inner_text("main")
    assert "your vote is stored" in text and text.index("Green") < text.index("Red")
    assert tally(votes, session_id, polls["order"]).ranks is not None
    assert votes.voters(session_id, "order") == 1
    assert problems == []
    await context.close()


@pytest.mark.parametrize("javascript", [True, False])
async def test_injected_suggestions_are_shown_literally(
    browser, server, open_poll, polls, votes, session_id, javascript
) -> None:
    open_poll(polls["pick"])
    context, page, _problems = await new_phone(browser, javascript=javascript)
    await page.goto(server.join_url)
    await page.wait_for_selector("main[data-view=poll]")
    hostile = "<script>window.pwned = 1</script><img src=x onerror=alert(1)> [bold]loud[/bold]"
    await page.get_by_label("Suggest an idea").fill(hostile)
    await page.get_by_role("button", name="Send suggestion").click()
    await page.locator("main").get_by_text("was sent").wait_for(timeout=10_000)
    shown = await page.inner_text("main")
    assert hostile in shown  # the very characters, not markup
    assert await page.query_selector("main img") is None
    sources = await page.eval_on_selector_all("script", "nodes => nodes.map(n => n.src)")
    assert [s.rsplit("/", 1)[-1] for s in sources] == ["app.js"]  # no injected script element
    if javascript:
        assert await page.evaluate("window.pwned === undefined")
    assert [s.text for s in votes.suggestions(session_id, "pick")] == [hostile]
    await context.close()


async def test_a_wrong_code_in_the_browser(browser, server) -> None:
    context, page, _problems = await new_phone(browser, javascript=True)
    await page.goto(phone_url(server))
    await page.get_by_label("Room code").fill("AAAAA")
    await page.get_by_role("button", name="Join").click()
    await page.wait_for_selector(".error")
    assert "not the room code" in await page.inner_text(".error")
    await context.close()


@pytest.fixture
async def other_site():  # type: ignore[no-untyped-def]
    """A page of another site on the presenter's address: another port of 127.0.0.1.

    `await other_site(html)` serves `html` at its `/` and gives its URL.
    """
    from aiohttp import web

    pages: dict[str, str] = {}

    async def serve(request: web.Request) -> web.Response:
        return web.Response(text=pages["/"], content_type="text/html")

    app = web.Application()
    app.router.add_get("/", serve)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]

    async def hosting(html: str) -> str:
        pages["/"] = html
        return f"http://127.0.0.1:{port}/"

    yield hosting
    await runner.cleanup()


async def test_a_page_on_another_port_cannot_vote_or_suggest_for_a_visiting_phone(
    browser, server, open_poll, polls, votes, session_id, other_site
) -> None:
    open_poll(polls["pick"])
    context, page, _problems = await new_phone(browser, javascript=True)
    await page.goto(server.join_url)
    await page.get_by_label("Beta").check()
    await page.get_by_role("button", name="Vote").click()
    await page.wait_for_selector("main[data-view=done]")
    target = phone_url(server)
    # Referrers off, a form that posts itself, and a fetch with credentials: the
    # cookie goes along (same site: only the port differs), the form token cannot.
    evil = await other_site(
        '<!doctype html><meta name="referrer" content="no-referrer">'
        f'<form id="v" method="post" action="{target}/vote" target="sink">'
        '<input name="poll" value="pick"><input name="sid" value="forged-vote-1">'
        '<input name="choice" value="gamma"><input name="token" value="guess"></form>'
        '<iframe name="sink"></iframe>'
        "<script>"
        f'fetch("{target}/suggest", {{method: "POST", mode: "no-cors", credentials: "include",'
        ' referrerPolicy: "no-referrer", headers: {"Content-Type": "application/x-www-form-urlencoded"},'
        ' body: "text=forged&sid=forged-suggest-1"})'
        '.finally(function () { document.getElementById("v").submit(); });'
        "</script>"
    )
    async with page.expect_response(lambda r: r.url.endswith("/vote")) as answer:
        await page.goto(evil)
    response = await answer.value
    assert response.status == 403
    assert votes.ballot_of(session_id, "pick", next(iter(_devices(votes, session_id)))) == ("beta",)
    assert votes.suggestions(session_id, "pick") == []
    await context.close()


def _devices(votes, session_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    rows = votes.conn.execute(
        "SELECT device FROM ballots WHERE session_id = ?", (session_id,)
    ).fetchall()
    return [row[0] for row in rows]


async def test_without_javascript_the_suggestion_box_has_a_page_that_never_refreshes(
    browser, server, open_poll, polls, votes, session_id
) -> None:
    open_poll(polls["pick"])
    context, page, problems = await new_phone(browser, javascript=False)
    await page.goto(server.join_url)
    await page.get_by_label("Beta").check()
    await page.get_by_role("button", name="Vote").click()
    await page.wait_for_selector("main[data-view=done]")
    # The confirmation refreshes (to follow the presenter), so it holds no text box.
    assert await page.query_selector("textarea") is None
    assert await page.query_selector("meta[http-equiv=refresh]") is not None
    await page.get_by_role("link", name="Send a suggestion").click()
    await page.wait_for_selector("main[data-view=suggest]")
    assert await page.query_selector("meta[http-equiv=refresh]") is None
    await page.get_by_label("Suggest an idea").fill("More time for questions")
    await page.get_by_role("button", name="Send suggestion").click()
    await page.locator("main").get_by_text("was sent").wait_for(timeout=10_000)
    assert [s.text for s in votes.suggestions(session_id, "pick")] == ["More time for questions"]
    assert problems == []
    await context.close()


async def test_a_page_whose_stream_was_dropped_follows_the_poll_by_asking(
    browser, deck, store, session_id, clock, open_poll, polls
) -> None:
    from presenter.audience.security import RateLimits

    audience = Audience(
        deck,
        store,
        session_id,
        clock=clock,
        max_streams=1,
        limits=RateLimits(limit_loopback=False),
    )
    running = AudienceServer(audience)
    await running.start("127.0.0.1", 0)
    try:
        context, first, problems = await new_phone(browser, javascript=True)
        await first.goto(running.join_url.replace("HTTP://127.0.0.1", "http://127.0.0.1"))
        await first.wait_for_selector("main[data-view=wait]")
        second = await context.new_page()
        await second.goto(f"http://127.0.0.1:{running.port}/")
        await second.wait_for_selector("main[data-view=wait]")
        # The second page's stream took the only place: the first one was told `bye`.
        async with first.expect_response(lambda r: r.url.endswith("/me"), timeout=15_000):
            pass
        assert audience.streams.dropped >= 1
        open_poll(polls["pick"])
        running.poll_state_changed()
        await first.wait_for_selector("main[data-view=poll][data-poll=pick]", timeout=15_000)
        await second.wait_for_selector("main[data-view=poll][data-poll=pick]", timeout=15_000)
        assert problems == []
        await context.close()
    finally:
        await running.stop()
