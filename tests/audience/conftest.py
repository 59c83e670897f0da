"""Fixtures for the vote server: a real deck, a real SQLite store, the real application.

`join(client)` gives a joined phone: it keeps its own device cookie and sends
it explicitly, so one test client can play several phones; its votes and
suggestions carry its form token, as the page's forms do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiohttp import DummyCookieJar
from aiohttp.test_utils import TestClient

from presenter.audience.joining import COOKIE
from presenter.audience.room import RoomKey
from presenter.audience.security import RateLimits
from presenter.audience.server import Audience, AudienceEvents, make_app
from presenter.audience.stuffing import StuffingFlag
from presenter.clock import FakeClock
from presenter.deck.load import parse_deck
from presenter.deck.model import Deck, Poll
from presenter.polls.ballots import Suggestion, VoteStore
from presenter.session import start_session
from presenter.store import Store

ROOM_CODE = "HK7PXR"

DECK_TEXT = """---
title: Room <b>votes</b> [bold]
---
# Pick one

```poll
id: pick
question: Which first? <i>really</i> [bold]
options:
  - Alpha <b>
  - Beta
  - Gamma
suggestions: true
```

---

# Pick two

```poll
id: many
question: Which ones?
kind: multi
max: 2
options: [North, East, South, West]
```

---

# Rank

```poll
id: order
question: Rank them
kind: rank
options: [Red, Green, Blue]
results: after-close
```
"""


@dataclass
class Recorded:
    """What the server told the terminal."""

    votes: list[str] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    stuffing: list[StuffingFlag] = field(default_factory=list)

    def events(self) -> AudienceEvents:
        return AudienceEvents(
            votes_changed=self.votes.append,
            suggestion_arrived=self.suggestions.append,
            problem=self.problems.append,
            stuffing_suspected=self.stuffing.append,
        )


@dataclass
class Phone:
    """A joined phone: its device token, sent with every request."""

    client: TestClient  # type: ignore[type-arg]
    token: str
    form_token: str = ""

    def headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        return {"Cookie": f"{COOKIE}={self.token}", **(extra or {})}

    async def get(self, path: str, **kwargs: Any):  # type: ignore[no-untyped-def]
        headers = self.headers(kwargs.pop("headers", None))
        return await self.client.get(path, headers=headers, allow_redirects=False, **kwargs)

    async def post(self, path: str, data: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
        headers = self.headers(kwargs.pop("headers", None))
        if path in ("/vote", "/suggest") and self.form_token:
            if isinstance(data, dict) and "token" not in data:
                data = {**data, "token": self.form_token}
            elif isinstance(data, list) and not any(name == "token" for name, _ in data):
                data = [*data, ("token", self.form_token)]
            elif isinstance(data, bytes) and b"token=" not in data:
                data += b"&token=" + self.form_token.encode()
        return await self.client.post(
            path, data=data, headers=headers, allow_redirects=False, **kwargs
        )

    async def form_sid(self) -> str:
        page = await (await self.get("/")).text()
        found = re.search(r'action="/vote".*?name="sid" value="([^"]+)"', page)
        assert found, page
        return found.group(1)

    async def vote(self, poll: str, *choices: str, sid: str | None = None, json: bool = False):  # type: ignore[no-untyped-def]
        data: list[tuple[str, str]] = [("poll", poll), ("sid", sid or await self.form_sid())]
        data += [("choice", c) for c in choices]
        headers = {"Accept": "application/json"} if json else None
        return await self.post("/vote", data, headers=headers)


@pytest.fixture
def deck_text() -> str:
    return DECK_TEXT


@pytest.fixture
def deck() -> Deck:
    return parse_deck(DECK_TEXT, Path("room.md"))


@pytest.fixture
def polls(deck: Deck) -> dict[str, Poll]:
    return {p.id: p for p in deck.polls}


@pytest.fixture
def session_id(store: Store, clock: FakeClock) -> int:
    return start_session(store, "room.md", "talk", clock=clock).id


@pytest.fixture
def recorded() -> Recorded:
    return Recorded()


@pytest.fixture
def limits() -> RateLimits:
    return RateLimits(limit_loopback=False)


@pytest.fixture
def audience(
    deck: Deck,
    store: Store,
    session_id: int,
    clock: FakeClock,
    recorded: Recorded,
    limits: RateLimits,
) -> Audience:
    return Audience(
        deck,
        store,
        session_id,
        clock=clock,
        events=recorded.events(),
        limits=limits,
        room=RoomKey(ROOM_CODE, b"k" * 32),
        notify_interval=0.0,
    )


@pytest.fixture
async def client(aiohttp_client, audience: Audience) -> TestClient:  # type: ignore[no-untyped-def,type-arg]
    return await aiohttp_client(make_app(audience), cookie_jar=DummyCookieJar())


@pytest.fixture
def join(audience: Audience):  # type: ignore[no-untyped-def]
    """`await join(client)`: a new phone that joined with the room code."""

    async def joined(client: TestClient, code: str = ROOM_CODE, **kwargs: Any) -> Phone:  # type: ignore[type-arg]
        response = await client.get(f"/J/{code}", allow_redirects=False, **kwargs)
        assert response.status == 303, await response.text()
        token = response.cookies[COOKIE].value
        return Phone(client, token, audience.key.form_token(token.partition(".")[0]))

    return joined


@pytest.fixture
def open_poll(votes: VoteStore, session_id: int, clock: FakeClock, audience: Audience):  # type: ignore[no-untyped-def]
    """`open_poll(poll)`: open it in the store as the terminal would, and tell the server."""

    def opener(poll: Poll) -> None:
        votes.open_poll(session_id, poll, clock=clock)
        audience.board.refresh()

    return opener


@pytest.fixture
def close_poll(votes: VoteStore, session_id: int, clock: FakeClock, audience: Audience):  # type: ignore[no-untyped-def]
    def closer(poll: Poll, *, tell_server: bool = True) -> None:
        votes.close_poll(session_id, poll, clock=clock)
        if tell_server:
            audience.board.refresh()

    return closer
