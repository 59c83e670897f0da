"""Server-sent events: a phone's page learns at once that a poll opened or closed."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from presenter.deck.load import parse_deck


async def read_event(response) -> dict[str, object]:  # type: ignore[no-untyped-def]
    while True:
        chunk = (await response.content.readuntil(b"\n\n")).decode()
        if chunk.startswith("event: poll"):
            return json.loads(chunk.split("data: ", 1)[1])  # type: ignore[no-any-return]


async def test_the_stream_announces_each_open_and_close(
    client, join, polls, votes, session_id, clock, audience
) -> None:
    phone = await join(client)
    stream = await phone.get("/events")
    assert stream.headers["Content-Type"] == "text/event-stream"
    assert await read_event(stream) == {"poll": None}

    votes.open_poll(session_id, polls["pick"], clock=clock)
    audience.board.refresh()  # what AudienceServer.poll_state_changed() does
    assert await asyncio.wait_for(read_event(stream), 5) == {"poll": "pick"}

    votes.close_poll(session_id, polls["pick"], clock=clock)
    votes.open_poll(session_id, polls["many"], clock=clock)
    audience.board.refresh()
    assert await asyncio.wait_for(read_event(stream), 5) == {"poll": "many"}

    votes.close_poll(session_id, polls["many"], clock=clock)
    audience.board.refresh()
    assert await asyncio.wait_for(read_event(stream), 5) == {"poll": None}
    stream.close()


async def test_the_board_notices_a_change_made_elsewhere(
    client, join, polls, votes, session_id, clock, audience
) -> None:
    """Without being told, the server re-reads the store every `board_interval`."""
    audience.board_interval = 0.01
    phone = await join(client)
    stream = await phone.get("/events")
    assert await read_event(stream) == {"poll": None}
    votes.open_poll(session_id, polls["order"], clock=clock)
    assert await asyncio.wait_for(read_event(stream), 5) == {"poll": "order"}
    stream.close()


async def test_the_latest_opened_poll_is_shown(
    client, join, polls, votes, session_id, clock, audience
) -> None:
    votes.open_poll(session_id, polls["pick"], clock=clock)
    clock.advance(5)
    votes.open_poll(session_id, polls["many"], clock=clock)
    audience.board.refresh()
    phone = await join(client)
    page = await (await phone.get("/")).text()
    assert 'data-poll="many"' in page


async def test_a_reloaded_deck_shows_its_new_wording(
    client, join, polls, votes, session_id, clock, audience, deck_text
) -> None:
    votes.open_poll(session_id, polls["pick"], clock=clock)
    audience.board.refresh()
    phone = await join(client)
    stream = await phone.get("/events")
    assert await read_event(stream) == {"poll": "pick"}
    edited = parse_deck(deck_text.replace("Which first?", "Which one first?"), Path("room.md"))
    audience.set_deck(edited)
    assert await asyncio.wait_for(read_event(stream), 5) == {"poll": "pick"}
    assert "Which one first?" in await (await phone.get("/")).text()
    stream.close()
