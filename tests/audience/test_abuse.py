"""One person, one ballot as far as an anonymous room allows; forged forms; late retries.

Against the real application on loopback, with a fake clock for the limits.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from presenter.audience.guards import address_key
from presenter.audience.joining import COOKIE
from presenter.audience.security import TRUST_LOOPBACK_ENV, Bucket, RateLimits
from presenter.polls.results import run_results

ROOM_CODE = "HK7PXR"
STRICT = RateLimits(limit_loopback=True)


# -- new device identities cost something ------------------------------------------


@pytest.mark.parametrize("limits", [RateLimits(device_minting=Bucket(capacity=3, per_minute=60))])
async def test_new_device_cookies_are_rate_limited_per_address(client, clock) -> None:
    for _ in range(3):
        assert (await client.get(f"/J/{ROOM_CODE}", allow_redirects=False)).status == 303
    busy = await client.get(f"/J/{ROOM_CODE}", allow_redirects=False)
    assert busy.status == 429 and COOKIE not in busy.cookies
    page = await busy.text()
    # The page tries again by itself (script or not), with the code in its link.
    assert f'content="3;url=/J/{ROOM_CODE}"' in page
    assert busy.headers["Retry-After"] == "3"
    clock.advance(1.0)  # 60 a minute: one more
    assert (await client.get(f"/J/{ROOM_CODE}", allow_redirects=False)).status == 303


@pytest.mark.parametrize("limits", [RateLimits(device_minting=Bucket(capacity=1, per_minute=1))])
async def test_a_joined_phone_rejoining_costs_nothing(client, join, clock) -> None:
    phone = await join(client)
    again = await client.get(f"/J/{ROOM_CODE}", headers=phone.headers(), allow_redirects=False)
    assert again.status == 303 and COOKIE not in again.cookies


@pytest.mark.parametrize("limits", [STRICT])
async def test_a_room_of_300_behind_one_address_joins_and_votes_within_a_minute(
    client, join, open_poll, polls, votes, session_id, clock
) -> None:
    """300 phones arriving over 30 s through one NAT address (finding 4), with the
    default limits; each phone waits as the server asks and tries again."""
    open_poll(polls["pick"])
    started = clock.monotonic()
    waiting: list[int] = list(range(300))
    joined = 0
    arrival = 0
    while waiting:
        retry: list[int] = []
        for n in waiting:
            response = await client.get(f"/J/{ROOM_CODE}", allow_redirects=False)
            if response.status == 429:
                retry.append(n)
                continue
            assert response.status == 303, await response.text()
            token = response.cookies[COOKIE].value
            device = token.partition(".")[0]
            answer = await client.post(
                "/vote",
                data={
                    "poll": "pick",
                    "sid": f"nat-phone-{n:04d}",
                    "choice": "beta",
                    "token": _form_token(client, device),
                },
                headers={"Cookie": f"{COOKIE}={token}", "Accept": "application/json"},
            )
            assert answer.status == 200, await answer.text()
            joined += 1
            if arrival < 30:  # arrivals spread over 30 s: 10 a second
                clock.advance(0.1)
                arrival = int(clock.monotonic() - started)
        waiting = retry
        if waiting:
            clock.advance(3.0)  # Retry-After
    assert joined == 300
    assert clock.monotonic() - started <= 60
    assert votes.voters(session_id, "pick") == 300


def _form_token(client, device: str) -> str:  # type: ignore[no-untyped-def]
    from presenter.audience.state import AUDIENCE

    return client.server.app[AUDIENCE].key.form_token(device)  # type: ignore[no-any-return]


def test_loopback_is_limited_unless_the_presenter_trusts_it(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv(TRUST_LOOPBACK_ENV, raising=False)
    assert RateLimits.from_environment().applies_to("127.0.0.1")
    monkeypatch.setenv(TRUST_LOOPBACK_ENV, "1")
    trusted = RateLimits.from_environment()
    assert not trusted.applies_to("127.0.0.1") and not trusted.applies_to("::1")
    assert trusted.applies_to("192.168.1.20")


def test_an_ipv6_address_counts_with_its_whole_64() -> None:
    assert address_key("2001:db8:1:2::5") == address_key("2001:db8:1:2:ffff::9")
    assert address_key("2001:db8:1:3::5") != address_key("2001:db8:1:2::5")
    assert address_key("::ffff:10.0.0.7") == "10.0.0.7"
    assert address_key("10.0.0.7") != address_key("10.0.0.8")


# -- ballots minted in a burst are flagged, and can be excluded -----------------------


@pytest.mark.parametrize("limits", [RateLimits(limit_loopback=True, burst_devices=5)])
async def test_a_burst_of_minted_ballots_is_flagged_and_can_be_excluded(
    client,
    join,
    open_poll,
    polls,
    votes,
    session_id,
    clock,
    recorded,
    audience,
    store,
    tmp_path,
    deck_text,
) -> None:
    open_poll(polls["pick"])
    honest = await join(client)
    assert (await honest.vote("pick", "beta", json=True)).status == 200
    clock.advance(120)  # the honest phone joined long before the burst
    for _ in range(8):  # one person, eight fresh cookies
        phone = await join(client)
        assert (await phone.vote("pick", "gamma", json=True)).status == 200
        clock.advance(0.5)
    assert recorded.stuffing, "no flag raised"
    flag = recorded.stuffing[-1]
    assert flag.poll_id == "pick"
    assert flag.message == "possible stuffing: 6 ballots from one address in 2 s"
    assert votes.voters(session_id, "pick") == 9

    excluded = await audience.exclude_flagged("pick")
    assert excluded == 8  # every ballot of the burst, the two before it was one included
    assert votes.voters(session_id, "pick") == 1
    assert votes.tally(session_id, polls["pick"]).counts["gamma"] == 0
    kept = votes.excluded(session_id, "pick")
    assert len(kept) == 8 and {b.choices for b in kept} == {("gamma",)}
    assert all(b.reason.startswith("possible stuffing: ") for b in kept)

    # `results --include-rejected` shows them; the plain results do not count them.
    # The session was started for "room.md" in the folder the tests run from.
    (deck_path,) = (Path(row[0]) for row in store.read("SELECT deck_path FROM sessions"))
    deck_path = tmp_path / deck_path.name
    deck_path.write_text(deck_text, encoding="utf-8")
    store.conn.execute("UPDATE sessions SET deck_path = ?", (str(deck_path.resolve()),))
    data_dir = store.path.parent
    for include, expected in ((False, None), (True, 8)):
        out = io.StringIO()
        code = run_results(
            deck_path,
            session=session_id,
            all_sessions=False,
            data_dir=data_dir,
            fmt="json",
            include_rejected=include,
            out=out,
            err=out,
        )
        assert code == 0, out.getvalue()
        poll = next(
            p for p in json.loads(out.getvalue())["sessions"][0]["polls"] if p["id"] == "pick"
        )
        assert poll["voters"] == 1
        assert (len(poll["excluded_ballots"]) if "excluded_ballots" in poll else None) == expected


# -- forged forms ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Origin": "http://evil.example"}, 403),
        ({"Origin": "http://127.0.0.1:1"}, 403),  # another port is another origin
        ({"Origin": "null", "Sec-Fetch-Site": "same-site"}, 403),
        ({"Origin": "null", "Sec-Fetch-Site": "cross-site"}, 403),
        ({"Sec-Fetch-Site": "same-origin"}, 200),
        ({}, 200),  # no browser sends neither; the form token decides
    ],
)
async def test_votes_must_come_from_the_servers_own_page(
    client, join, open_poll, polls, headers, status
) -> None:
    open_poll(polls["pick"])
    phone = await join(client)
    response = await phone.vote("pick", "beta", json=True) if not headers else None
    if headers:
        response = await phone.post(
            "/vote",
            {"poll": "pick", "sid": "origin-test-1", "choice": "beta"},
            headers={**headers, "Accept": "application/json"},
        )
    assert response is not None and response.status == status


async def test_a_vote_without_this_devices_form_token_is_refused(
    client, join, open_poll, polls, votes, session_id
) -> None:
    open_poll(polls["pick"])
    phone, other = await join(client), await join(client)
    form = {"poll": "pick", "sid": "token-test-1", "choice": "beta"}
    for token in ("", "guess", other.form_token):
        answer = await phone.post("/vote", {**form, "token": token})
        assert answer.status == 403
    assert votes.voters(session_id, "pick") == 0
    assert (await phone.post("/vote", form)).status == 303  # its own token


async def test_joining_from_another_site_is_refused(client) -> None:
    response = await client.post(
        "/join", data={"code": ROOM_CODE}, headers={"Origin": "http://evil.example"}
    )
    assert response.status == 403 and COOKIE not in response.cookies


# -- late retries, the no-script confirmation ------------------------------------------


async def test_a_retry_after_the_close_gets_the_stored_confirmation(
    client, join, open_poll, close_poll, polls, votes, session_id
) -> None:
    open_poll(polls["pick"])
    phone = await join(client)
    sid = await phone.form_sid()
    assert (await phone.vote("pick", "beta", sid=sid, json=True)).status == 200
    close_poll(polls["pick"])
    again = await phone.vote("pick", "beta", sid=sid, json=True)
    body = await again.json()
    assert again.status == 200 and body["stored"] and body["duplicate"]
    assert "already stored" in body["html"] and "closed" in body["html"]
    plain = await phone.vote("pick", "beta", sid=sid)  # the form, without script
    text = await plain.text()
    assert plain.status == 200 and "already stored" in text and "Beta" in text
    # A new ballot after the close is still refused, and nothing changed.
    late = await phone.vote("pick", "gamma", sid="late-after-close", json=True)
    assert late.status == 409
    assert votes.ballot_of(session_id, "pick", phone.token.partition(".")[0]) == ("beta",)


async def test_the_no_script_confirmation_refreshes_but_holds_no_text_box(
    client, join, open_poll, polls
) -> None:
    open_poll(polls["pick"])
    phone = await join(client)
    voted = await phone.vote("pick", "beta")
    assert voted.status == 303
    page = await (await phone.get(voted.headers["Location"])).text()
    assert 'http-equiv="refresh"' in page
    assert "<textarea" not in page and 'href="/suggest"' in page
    box = await (await phone.get("/suggest")).text()
    assert "<textarea" in box and "refresh" not in box


def test_the_trusted_loopback_override_is_documented() -> None:
    docs = (Path(__file__).parents[2] / "docs" / "audience.md").read_text(encoding="utf-8")
    assert TRUST_LOOPBACK_ENV in docs
