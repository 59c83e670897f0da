"""Joining, voting, retries, changes and closing, against the real app and a real store."""

from __future__ import annotations

import asyncio
import re

from presenter.audience.joining import COOKIE
from presenter.deck.model import Poll
from presenter.polls.ballots import VoteStore
from presenter.polls.tally import tally

ROOM_CODE = "HK7PXR"


async def test_join_with_the_code_sets_an_http_only_device_cookie(client, join) -> None:
    response = await client.get(f"/J/{ROOM_CODE}", allow_redirects=False)
    assert response.status == 303
    assert response.headers["Location"] == "/"
    cookie = response.cookies[COOKIE]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Strict"
    assert cookie["path"] == "/"
    assert not cookie["secure"]
    assert len(cookie.value) > 30


async def test_join_form_accepts_the_code_in_any_case_and_spacing(client) -> None:
    response = await client.post("/join", data={"code": " hk7 px r "}, allow_redirects=False)
    assert response.status == 303
    assert COOKIE in response.cookies


async def test_wrong_code_is_refused_with_the_join_page(client) -> None:
    response = await client.post("/join", data={"code": "AAAAA"}, allow_redirects=False)
    assert response.status == 403
    assert COOKIE not in response.cookies
    assert "not the room code" in await response.text()


async def test_without_joining_there_is_no_poll_and_no_vote(client, open_poll, polls) -> None:
    open_poll(polls["pick"])
    page = await (await client.get("/")).text()
    assert "Join the vote" in page and "Which first" not in page
    vote = await client.post("/vote", data={"poll": "pick", "sid": "abcdefgh1", "choice": "beta"})
    assert vote.status == 403
    assert (await client.get("/events")).status == 403
    assert (await client.get("/me")).status == 403


async def test_a_forged_or_foreign_token_is_no_device(client, open_poll, polls, join) -> None:
    open_poll(polls["pick"])
    phone = await join(client)
    device_id = phone.token.split(".")[0]
    for forged in (f"{device_id}.AAAAAAAAAAAAAAAAAAAAAA", device_id, "x" * 500, "é.é"):
        response = await client.post(
            "/vote",
            data={"poll": "pick", "sid": "abcdefgh1", "choice": "beta"},
            headers={"Cookie": f"{COOKIE}={forged}"},
        )
        assert response.status == 403, forged


async def test_waiting_page_when_no_poll_is_open(client, join) -> None:
    phone = await join(client)
    page = await (await phone.get("/")).text()
    assert "No poll is open" in page
    assert '<noscript><meta http-equiv="refresh"' in page


async def test_vote_is_stored_then_confirmed(
    client, join, open_poll, polls, votes, session_id
) -> None:
    open_poll(polls["pick"])
    phone = await join(client)
    response = await phone.vote("pick", "beta")
    assert response.status == 303
    assert response.headers["Location"] == "/done?poll=pick"
    assert tally(votes, session_id, polls["pick"]).counts["beta"] == 1
    done = await phone.get("/done?poll=pick")
    text = await done.text()
    assert done.status == 200 and "your vote is stored" in text and "Beta" in text


async def test_confirmation_page_needs_a_stored_ballot(client, join, open_poll, polls) -> None:
    open_poll(polls["pick"])
    phone = await join(client)
    response = await phone.get("/done?poll=pick")
    assert response.status == 303 and response.headers["Location"] == "/"


async def test_script_gets_json_ack_with_the_confirmation(client, join, open_poll, polls) -> None:
    open_poll(polls["pick"])
    phone = await join(client)
    response = await phone.vote("pick", "gamma", json=True)
    data = await response.json()
    assert response.status == 200
    assert data["ok"] and data["stored"] and not data["duplicate"]
    assert "Gamma" in data["html"]


async def test_retry_with_the_same_submission_counts_once(
    client, join, open_poll, polls, votes, session_id
) -> None:
    open_poll(polls["pick"])
    phone = await join(client)
    sid = await phone.form_sid()
    first = await phone.vote("pick", "alpha-b", sid=sid, json=True)
    second = await phone.vote("pick", "alpha-b", sid=sid, json=True)
    assert (await first.json())["duplicate"] is False
    assert (await second.json())["duplicate"] is True
    result = tally(votes, session_id, polls["pick"])
    assert result.voters == 1 and result.counts["alpha-b"] == 1


async def test_changed_vote_replaces_the_ballot(
    client, join, open_poll, polls, votes, session_id
) -> None:
    open_poll(polls["pick"])
    phone = await join(client)
    await phone.vote("pick", "beta")
    page = await (await phone.get("/")).text()
    assert "Your vote is stored: Beta" in page
    assert re.search(r'value="beta" checked', page)
    response = await phone.vote("pick", "gamma", json=True)
    assert (await response.json())["replaced"] is True
    result = tally(votes, session_id, polls["pick"])
    assert result.voters == 1
    assert dict(result.counts) == {"alpha-b": 0, "beta": 0, "gamma": 1}


async def test_a_form_resent_with_other_choices_is_a_change_not_a_duplicate(
    client, join, open_poll, polls, votes, session_id
) -> None:
    """The back button can restore a form with its old submission id."""
    open_poll(polls["pick"])
    phone = await join(client)
    sid = await phone.form_sid()
    await phone.vote("pick", "beta", sid=sid)
    await phone.vote("pick", "gamma", sid=sid)
    await phone.vote("pick", "beta", sid=sid)  # a late retry of the first: no-op
    assert dict(tally(votes, session_id, polls["pick"]).counts)["gamma"] == 1


async def test_many_phones_one_ballot_each(
    client, join, open_poll, polls, votes, session_id
) -> None:
    open_poll(polls["pick"])
    phones = [await join(client) for _ in range(12)]
    for n, phone in enumerate(phones):
        assert (await phone.vote("pick", ("beta", "gamma")[n % 2])).status == 303
        assert (await phone.vote("pick", ("beta", "gamma")[n % 2])).status == 303
    result = tally(votes, session_id, polls["pick"])
    assert result.voters == 12
    assert result.counts["beta"] == 6 and result.counts["gamma"] == 6


async def test_votes_after_close_are_refused_with_a_clear_message(
    client, join, open_poll, close_poll, polls, votes, session_id
) -> None:
    open_poll(polls["pick"])
    phone = await join(client)
    sid = await phone.form_sid()
    close_poll(polls["pick"])
    response = await phone.vote("pick", "beta", sid=sid)
    assert response.status == 409
    assert "closed" in await response.text()
    assert tally(votes, session_id, polls["pick"]).voters == 0


async def test_the_store_refuses_a_vote_the_server_thought_open(
    client, join, open_poll, close_poll, polls, votes, session_id
) -> None:
    """Closed in the store but the board not yet told: the store's check still holds."""
    open_poll(polls["pick"])
    phone = await join(client)
    close_poll(polls["pick"], tell_server=False)
    response = await phone.vote("pick", "beta", json=True)
    assert response.status == 409
    assert "closed" in (await response.json())["error"]
    assert tally(votes, session_id, polls["pick"]).voters == 0


async def test_vote_for_another_poll_than_the_open_one(client, join, open_poll, polls) -> None:
    open_poll(polls["pick"])
    phone = await join(client)
    assert (await phone.vote("many", "north")).status == 409
    assert (await phone.vote("nosuchpoll", "north")).status == 400


async def test_multi_takes_up_to_max_distinct_options(
    client, join, open_poll, polls, votes, session_id
) -> None:
    open_poll(polls["many"])
    phone = await join(client)
    assert (await phone.vote("many", "north", "west")).status == 303
    assert (await phone.vote("many", "north", "east", "west")).status == 400
    assert (await phone.vote("many", "north", "north")).status == 400
    assert (await phone.vote("many")).status == 400
    result = tally(votes, session_id, polls["many"])
    assert result.voters == 1 and result.counts["north"] == 1 and result.counts["west"] == 1


async def test_single_takes_exactly_one_known_option(client, join, open_poll, polls) -> None:
    open_poll(polls["pick"])
    phone = await join(client)
    assert (await phone.vote("pick", "beta", "gamma")).status == 400
    assert (await phone.vote("pick", "delta")).status == 400
    assert (await phone.vote("pick")).status == 400


async def rank_vote(phone, ranks: dict[str, str], sid: str | None = None):  # type: ignore[no-untyped-def]
    data = [("poll", "order"), ("sid", sid or await phone.form_sid())]
    data += [(f"rank-{option}", rank) for option, rank in ranks.items()]
    return await phone.post("/vote", data)


async def test_rank_must_be_a_permutation(
    client, join, open_poll, polls, votes, session_id
) -> None:
    open_poll(polls["order"])
    phone = await join(client)
    assert (await rank_vote(phone, {"red": "1", "green": "1", "blue": "2"})).status == 400
    assert (await rank_vote(phone, {"red": "1", "green": "2"})).status == 400
    assert (await rank_vote(phone, {"red": "1", "green": "2", "blue": "4"})).status == 400
    assert (await rank_vote(phone, {"red": "1", "green": "2", "blue": "x"})).status == 400
    assert (await rank_vote(phone, {"red": "1", "green": "2", "blue": "٣"})).status == 400
    assert (await rank_vote(phone, {"red": "3", "green": "1", "blue": "2"})).status == 303
    stored = votes.ballot_of(session_id, "order", phone.token.split(".")[0])
    assert stored == ("green", "blue", "red")


async def test_rank_page_offers_a_rank_per_option(client, join, open_poll, polls) -> None:
    open_poll(polls["order"])
    phone = await join(client)
    page = await (await phone.get("/")).text()
    for option in ("red", "green", "blue"):
        assert f'<select id="rank-{option}" name="rank-{option}">' in page
        assert f'<label for="rank-{option}">' in page


async def test_the_terminal_is_told_about_stored_ballots(
    client, join, open_poll, polls, recorded
) -> None:
    open_poll(polls["pick"])
    phone = await join(client)
    await phone.vote("pick", "beta")
    await phone.vote("pick", "gamma")
    assert recorded.votes and set(recorded.votes) == {"pick"}


async def test_me_shows_only_the_phones_own_ballot(client, join, open_poll, polls) -> None:
    open_poll(polls["pick"])
    first, second = await join(client), await join(client)
    await first.vote("pick", "beta")
    assert await (await first.get("/me")).json() == {"poll": "pick", "choices": ["beta"]}
    assert await (await second.get("/me")).json() == {"poll": "pick", "choices": []}


async def test_after_close_results_never_reach_a_phone(
    client, join, open_poll, close_poll, polls, votes: VoteStore, session_id
) -> None:
    """What a phone receives never depends on what others voted: no counts leave."""
    poll: Poll = polls["order"]
    open_poll(poll)
    phones = [await join(client) for _ in range(3)]
    watcher = phones[2]

    async def first_event() -> str:
        response = await watcher.get("/events")
        chunk = await response.content.readuntil(b"\n\n")
        chunk += await response.content.readuntil(b"\n\n")
        response.close()
        return chunk.decode()

    before = await seen_pages(watcher)
    event_before = await first_event()
    for phone in phones[:2]:
        assert (await rank_vote(phone, {"red": "1", "green": "2", "blue": "3"})).status == 303
    assert await seen_pages(watcher) == before
    assert await first_event() == event_before
    close_poll(poll)
    closed = await seen_pages(watcher)
    votes.reveal(session_id, poll)
    assert await seen_pages(watcher) == closed
    assert all("Red" not in body for body in closed)


async def seen_pages(phone) -> list[str]:  # type: ignore[no-untyped-def]
    bodies = [await (await phone.get(path)).text() for path in ("/", "/me")]
    return [re.sub(r'name="sid" value="[^"]+"', "", body) for body in bodies]


async def test_confirmation_page_moves_on_when_the_poll_closes(
    client, join, open_poll, close_poll, polls
) -> None:
    open_poll(polls["pick"])
    phone = await join(client)
    await phone.vote("pick", "beta")
    page = await (await phone.get("/done?poll=pick")).text()
    assert '<noscript><meta http-equiv="refresh" content="10">' in page
    close_poll(polls["pick"])
    open_poll(polls["many"])
    moved = await phone.get("/done?poll=pick")
    assert moved.status == 303 and moved.headers["Location"] == "/"
    assert 'data-poll="many"' in await (await phone.get("/")).text()


async def test_a_full_disk_refuses_votes_clearly_and_acknowledges_nothing_unstored(
    client, join, open_poll, polls, audience, votes, session_id, recorded
) -> None:
    """SQLite's own "database or disk is full", forced with max_page_count on the writer."""
    open_poll(polls["pick"])
    first = await join(client)
    assert (await first.vote("pick", "beta", json=True)).status == 200
    pages = await asyncio.wrap_future(
        audience.writer.run(lambda sink: sink.conn.execute("PRAGMA page_count").fetchone()[0])
    )
    await asyncio.wrap_future(
        audience.writer.run(lambda sink: sink.conn.execute(f"PRAGMA max_page_count = {pages}"))
    )
    statuses = []
    for n in range(400):  # new phones, new ballots: the last free pages fill up
        phone = await join(client)
        response = await phone.vote("pick", ("beta", "gamma")[n % 2], json=True)
        statuses.append(response.status)
        if response.status != 200:
            assert response.status == 503
            assert "could not be stored" in (await response.json())["error"]
            break
    assert statuses[-1] == 503
    assert recorded.problems and "full" in recorded.problems[-1]
    stored = tally(votes, session_id, polls["pick"])
    assert stored.voters == len(statuses)  # every acknowledged vote, and not the refused one
