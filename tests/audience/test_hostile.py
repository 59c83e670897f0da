"""Hypothesis-generated requests: whatever a phone (or anyone) sends, never a 500."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from aiohttp import DummyCookieJar
from aiohttp.test_utils import TestClient, TestServer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from presenter.audience.joining import COOKIE
from presenter.audience.room import RoomKey
from presenter.audience.security import RateLimits
from presenter.audience.server import Audience, make_app
from presenter.clock import FakeClock
from presenter.deck.load import parse_deck
from presenter.polls.ballots import VoteStore
from presenter.session import start_session
from presenter.store import Store

DECK = """# Poll

```poll
id: pick
question: Pick?
options: [Alpha, Beta, Gamma]
suggestions: true
```

---

# Rank

```poll
id: order
question: Rank?
kind: rank
options: [Red, Green, Blue]
```
"""

NAMES = st.sampled_from(
    [
        "poll",
        "sid",
        "choice",
        "text",
        "rank-red",
        "rank-green",
        "rank-blue",
        "code",
        "x",
        "",
        "poll\x00",
        "é",
    ]
)
VALUES = st.one_of(
    st.sampled_from(
        [
            "pick",
            "order",
            "alpha",
            "beta",
            "gamma",
            "red",
            "1",
            "2",
            "3",
            "0",
            "-1",
            "abcdefgh12",
            "",
        ]
    ),
    st.text(max_size=40),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=300),
)


class Harness:
    """A real server on loopback with its own event loop, driven from synchronous code."""

    def __init__(self, tmp: Path) -> None:
        self.loop = asyncio.new_event_loop()
        clock = FakeClock()
        self.store = Store.open(tmp / "data")
        deck = parse_deck(DECK, Path("hostile.md"))
        session = start_session(self.store, "hostile.md", "talk", clock=clock).id
        self.votes = VoteStore(self.store)
        self.votes.open_poll(session, deck.polls[0], clock=clock)
        self.audience = Audience(
            deck,
            self.store,
            session,
            clock=clock,
            room=RoomKey("HK7PXR", b"k" * 32),
            limits=RateLimits(limit_loopback=False),
        )
        self.client = self.run(self._start())
        response = self.run(self.client.get("/J/HK7PXR", allow_redirects=False))
        token = response.cookies[COOKIE].value
        self.cookie = {"Cookie": f"{COOKIE}={token}"}
        self.form_token = self.audience.key.form_token(token.partition(".")[0])

    async def _start(self) -> TestClient:  # type: ignore[type-arg]
        client = TestClient(TestServer(make_app(self.audience)), cookie_jar=DummyCookieJar())
        await client.start_server()
        return client

    def run(self, coroutine):  # type: ignore[no-untyped-def]
        return self.loop.run_until_complete(coroutine)

    def request(self, method: str, path: str, body: bytes, headers: dict[str, str]) -> int:
        async def go() -> int:
            async with self.client.request(
                method, path, data=body, headers=headers, allow_redirects=False
            ) as response:
                await response.read()
                return response.status

        return self.run(go())  # type: ignore[no-any-return]

    def close(self) -> None:
        self.run(self.client.close())
        self.loop.close()
        self.store.close()


@pytest.fixture(scope="module")
def harness(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Harness]:
    made = Harness(tmp_path_factory.mktemp("hostile"))
    yield made
    made.close()


FORM = "application/x-www-form-urlencoded"


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    path=st.sampled_from(["/vote", "/suggest", "/join"]),
    fields=st.lists(st.tuples(NAMES, VALUES), max_size=8),
    joined=st.booleans(),
    accept_json=st.booleans(),
    with_token=st.booleans(),
)
def test_generated_forms_never_cause_a_server_error(
    harness, path, fields, joined, accept_json, with_token
) -> None:  # type: ignore[no-untyped-def]
    if with_token:
        fields = [*fields, ("token", harness.form_token)]
    body = "&".join(
        f"{quote(name.encode('utf-8', 'surrogatepass'))}={quote(value.encode('utf-8', 'surrogatepass'))}"
        for name, value in fields
    ).encode()
    headers = {"Content-Type": FORM, **(harness.cookie if joined else {})}
    if accept_json:
        headers["Accept"] = "application/json"
    status = harness.request("POST", path, body, headers)
    assert status < 500, (path, body)
    assert status in (200, 303, 400, 403, 409, 413, 415, 429)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    body=st.binary(max_size=2000),
    content_type=st.sampled_from(
        [FORM, "text/plain", "", "application/json", FORM + "; charset=latin-1"]
    ),
)
def test_generated_raw_bodies_never_cause_a_server_error(harness, body, content_type) -> None:  # type: ignore[no-untyped-def]
    headers = {"Content-Type": content_type, **harness.cookie}
    for path in ("/vote", "/suggest", "/join"):
        assert harness.request("POST", path, body, headers) < 500


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    path=st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x2FF), max_size=60),
    method=st.sampled_from(["GET", "POST", "HEAD", "DELETE", "OPTIONS", "PATCH"]),
)
def test_generated_paths_never_cause_a_server_error(harness, path, method) -> None:  # type: ignore[no-untyped-def]
    target = "/" + quote(path.lstrip("/"), safe="/?=&%")  # "//x" would name another host
    if target.startswith("/events"):
        return  # a stream that never ends by design; covered elsewhere
    status = harness.request(method, target, b"", dict(harness.cookie))
    assert status < 500, (method, target)


def test_a_huge_header_or_cookie_is_refused_cleanly(harness) -> None:  # type: ignore[no-untyped-def]
    assert harness.request("GET", "/", b"", {"Cookie": f"{COOKIE}=" + "a" * 7000}) == 200
    assert harness.request("GET", "/", b"", {"X-Big": "a" * 20000}) in (400, 431)
