"""Security rules: headers everywhere, body limits, strict parsing, rate limits, escaping."""

from __future__ import annotations

import re

import pytest

from presenter.audience.joining import COOKIE
from presenter.audience.security import (
    CONTENT_SECURITY_POLICY,
    Bucket,
    RateLimiter,
    RateLimits,
)

ROOM_CODE = "HK7PXR"
EXPECTED_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


def assert_secured(response) -> None:  # type: ignore[no-untyped-def]
    for name, value in EXPECTED_HEADERS.items():
        assert response.headers.get(name) == value, (response.status, name)


async def test_security_headers_on_every_kind_of_response(client, join, open_poll, polls) -> None:
    open_poll(polls["pick"])
    phone = await join(client)
    responses = [
        await client.get("/"),
        await client.get(f"/J/{ROOM_CODE}", allow_redirects=False),
        await client.post("/join", data={"code": "WRONG"}),
        await client.get("/nowhere"),
        await client.put("/vote", data="x"),
        await client.get("/static/app.css"),
        await client.get("/static/app.js"),
        await client.get("/static/nothing.js"),
        await client.get("/events"),
        await phone.get("/"),
        await phone.vote("pick", "beta"),
        await phone.post(
            "/vote", b"x" * 20000, headers={"Content-Type": "application/x-www-form-urlencoded"}
        ),
        await phone.post("/vote", b"{}", headers={"Content-Type": "application/json"}),
    ]
    statuses = [r.status for r in responses]
    assert statuses == [200, 303, 403, 404, 405, 200, 200, 404, 403, 200, 303, 413, 415]
    for response in responses:
        assert_secured(response)
    stream = await phone.get("/events")
    assert stream.status == 200 and stream.headers["Content-Type"] == "text/event-stream"
    assert_secured(stream)
    stream.close()


async def test_static_assets_are_served_with_their_types(client) -> None:
    css = await client.get("/static/app.css")
    js = await client.get("/static/app.js")
    assert css.headers["Content-Type"] == "text/css; charset=utf-8"
    assert js.headers["Content-Type"] == "text/javascript; charset=utf-8"
    assert "EventSource" in await js.text()
    assert "url(" not in await css.text()  # no external fonts or images


async def test_pages_have_no_inline_script_or_style(client, join, open_poll, polls) -> None:
    open_poll(polls["pick"])
    phone = await join(client)
    for page in (await (await client.get("/")).text(), await (await phone.get("/")).text()):
        assert "<script>" not in page and "<script " not in page.replace(
            '<script src="/static/app.js" defer>', ""
        )
        assert "style=" not in page and "<style" not in page
        assert not re.search(r"<[^>]+\son[a-z]+=", page)  # no inline event handlers
        assert "http://" not in page and "https://" not in page


async def test_deck_text_is_escaped_on_the_phone_page(client, join, open_poll, polls) -> None:
    open_poll(polls["pick"])
    phone = await join(client)
    page = await (await phone.get("/")).text()
    assert "Which first? &lt;i&gt;really&lt;/i&gt; [bold]" in page
    assert "Alpha &lt;b&gt;" in page
    assert "Room &lt;b&gt;votes&lt;/b&gt;" in page
    assert "<i>" not in page and "<b>" not in page


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"poll=pick&sid=abcdefgh1&choice=%FF", "application/x-www-form-urlencoded", 400),
        (b"poll=pick&sid=abcdefgh1&choice=\xff", "application/x-www-form-urlencoded", 400),
        (b"poll=pick&sid=abcdefgh1&choice=beta&extra=1", "application/x-www-form-urlencoded", 400),
        (
            b"poll=pick&poll=pick&sid=abcdefgh1&choice=beta",
            "application/x-www-form-urlencoded",
            400,
        ),
        (b"poll=pick&sid=short&choice=beta", "application/x-www-form-urlencoded", 400),
        (b"poll=pick&sid=abc%00defgh&choice=beta", "application/x-www-form-urlencoded", 400),
        (b"poll=pi%0Ack&sid=abcdefgh1&choice=beta", "application/x-www-form-urlencoded", 400),
        (b"&&&===", "application/x-www-form-urlencoded", 400),
        (b"", "application/x-www-form-urlencoded", 400),
        (b"poll=pick&sid=abcdefgh1&choice=beta", "multipart/form-data; boundary=x", 415),
        (b"poll=pick&sid=abcdefgh1&choice=beta", "text/plain", 415),
        (
            "&".join(f"f{n}=1" for n in range(100)).encode(),
            "application/x-www-form-urlencoded",
            400,
        ),
    ],
)
async def test_malformed_vote_bodies_get_a_4xx(
    client, join, open_poll, polls, votes, session_id, body, content_type, status
) -> None:
    open_poll(polls["pick"])
    phone = await join(client)
    response = await phone.post("/vote", body, headers={"Content-Type": content_type})
    assert response.status == status
    assert "Traceback" not in await response.text()
    assert votes.voters(session_id, "pick") == 0


async def test_body_size_is_capped(client, join, open_poll, polls) -> None:
    open_poll(polls["pick"])
    phone = await join(client)
    body = b"poll=pick&sid=abcdefgh1&choice=" + b"a" * (64 * 1024)
    response = await phone.post(
        "/vote", body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status == 413


async def test_cross_site_form_posts_are_refused(client, join, open_poll, polls) -> None:
    open_poll(polls["pick"])
    phone = await join(client)
    response = await phone.post(
        "/vote",
        {"poll": "pick", "sid": "abcdefgh1", "choice": "beta"},
        headers={"Origin": "http://evil.example"},
    )
    assert response.status == 403


async def test_suggestions_are_stored_literally_and_escaped_back(
    client, join, open_poll, polls, votes, session_id, recorded
) -> None:
    open_poll(polls["pick"])
    phone = await join(client)
    text = "<script>alert(1)</script> [bold]loud[/bold]"
    response = await phone.post("/suggest", {"text": text, "sid": "suggest-001"})
    page = await response.text()
    assert response.status == 200 and "was sent" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [bold]loud[/bold]" in page
    assert "<script>alert" not in page
    again = await phone.post(
        "/suggest", {"text": text, "sid": "suggest-001"}, headers={"Accept": "application/json"}
    )
    assert (await again.json())["ok"] is True
    stored = votes.suggestions(session_id, "pick")
    assert [s.text for s in stored] == [text]
    assert stored[0].status == "pending"
    assert [s.text for s in recorded.suggestions] == [text]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("x" * 281, 400),
        ("   ", 400),
        ("\x07\x1b[31m\u202e\uffff", 400),
    ],
)
async def test_bad_suggestions_are_refused(
    client, join, open_poll, polls, votes, session_id, text, status
) -> None:
    open_poll(polls["pick"])
    phone = await join(client)
    response = await phone.post("/suggest", {"text": text, "sid": "suggest-002"})
    assert response.status == status
    assert votes.suggestions(session_id, "pick") == []


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("bell\x07", "bell"),
        ("escape \x1b[31mred", "escape red"),
        ("c1 \x9b", "c1"),
        ("rtl \u202eevil", "rtl evil"),
        ("stray \uffffbar\u0378", "stray bar"),
    ],
)
async def test_suggestions_are_stored_as_the_one_rule_cleans_them(
    client, join, open_poll, polls, votes, session_id, text, stored
) -> None:
    open_poll(polls["pick"])
    phone = await join(client)
    response = await phone.post("/suggest", {"text": text, "sid": "suggest-002"})
    assert response.status == 200
    assert [s.text for s in votes.suggestions(session_id, "pick")] == [stored]


async def test_suggestions_only_where_the_poll_takes_them(client, join, open_poll, polls) -> None:
    phone = await join(client)
    assert (await phone.post("/suggest", {"text": "idea", "sid": "suggest-003"})).status == 409
    open_poll(polls["many"])
    assert (await phone.post("/suggest", {"text": "idea", "sid": "suggest-004"})).status == 409


async def test_per_device_limit(client, join, open_poll, polls, clock) -> None:
    open_poll(polls["pick"])
    phone = await join(client)
    sid = await phone.form_sid()
    statuses = [(await phone.vote("pick", "beta", sid=sid)).status for _ in range(31)]
    assert statuses[:30] == [303] * 30
    assert statuses[30] == 429
    limited = await phone.vote("pick", "beta", sid=sid)
    assert limited.headers["Retry-After"] == "5"
    clock.advance(4.0)  # 30 per minute: two more
    assert (await phone.vote("pick", "beta", sid=sid)).status == 303
    other = await join(client)
    assert (await other.vote("pick", "beta")).status == 303


TIGHT = RateLimits(per_address=Bucket(capacity=5, per_minute=60), limit_loopback=True)


@pytest.mark.parametrize("limits", [TIGHT])
async def test_per_address_limit(client, clock) -> None:
    statuses = [(await client.get("/")).status for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    clock.advance(1.0)
    assert (await client.get("/")).status == 200


async def test_loopback_is_not_limited_per_address_by_default(client) -> None:
    statuses = {(await client.get("/static/app.css")).status for _ in range(700)}
    assert statuses == {200}


@pytest.mark.parametrize("limits", [RateLimits(limit_loopback=True)])
async def test_wrong_codes_lock_the_address_out_right_code_included(client, clock) -> None:
    statuses = [(await client.post("/join", data={"code": "AAAAAA"})).status for _ in range(10)]
    assert statuses == [403] * 9 + [429]
    right = await client.get(f"/J/{ROOM_CODE}", allow_redirects=False)
    assert right.status == 429  # locked out: the right code does not join either
    assert int(right.headers["Retry-After"]) == 30
    clock.advance(31)
    assert (await client.get(f"/J/{ROOM_CODE}", allow_redirects=False)).status == 303
    statuses = [(await client.post("/join", data={"code": "AAAAAA"})).status for _ in range(10)]
    assert statuses[-1] == 429
    clock.advance(31)  # the second lock-out lasts twice as long
    assert (await client.get(f"/J/{ROOM_CODE}", allow_redirects=False)).status == 429
    clock.advance(30)
    assert (await client.get(f"/J/{ROOM_CODE}", allow_redirects=False)).status == 303


def test_rate_limiter_memory_stays_bounded(clock) -> None:  # type: ignore[no-untyped-def]
    limiter = RateLimiter(Bucket(capacity=2, per_minute=60), clock.monotonic)
    limiter.MAX_KEYS = 100
    for n in range(1000):
        assert limiter.allow(f"device-{n}")
    assert len(limiter._state) <= 101


async def test_an_unexpected_failure_is_a_plain_500_and_reported(
    client, join, open_poll, polls, audience, recorded
) -> None:
    open_poll(polls["pick"])
    phone = await join(client)
    audience.votes.conn.close()  # the server's reading connection is gone under it
    response = await phone.get("/")
    text = await response.text()
    assert response.status == 500
    assert "Traceback" not in text and "sqlite" not in text.lower()
    assert_secured(response)
    assert recorded.problems and "ProgrammingError" in recorded.problems[0]


async def test_cookie_is_the_only_credential(client, join, open_poll, polls) -> None:
    open_poll(polls["pick"])
    phone = await join(client)
    # the token in a query string or another cookie name grants nothing
    assert (await client.get(f"/me?{COOKIE}={phone.token}")).status == 403
    assert (await client.get("/me", headers={"Cookie": f"device={phone.token}"})).status == 403
