"""The simulated room of `presenter simulate`: phones that talk HTTP to a running talk.

Each simulated phone does what a real one does: joins with the room code,
reads the open poll from the phone page, votes; some change their mind, some
resend the same submission (a retry or a double tap). A `Report` keeps the
acknowledged votes, the refusals and the latencies; at the end each phone
reads its own stored ballot back (`/me`), for `simulate` to check.
"""

from __future__ import annotations

import asyncio
import random
import secrets
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import aiohttp

COOKIE = "presenter_device"
JSON = {"Accept": "application/json"}


class SimulationError(Exception):
    """The simulation cannot run (server unreachable, code refused, no poll open)."""


@dataclass
class PagePoll:
    """The open poll as a phone page shows it."""

    poll_id: str
    kind: str
    max: int
    options: list[str]
    token: str = ""
    """This phone's form token (each form of the page carries it)."""


class _PollPageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.view = ""
        self.poll_id = ""
        self.kind = "single"
        self.max = 1
        self.options: list[str] = []
        self.token = ""
        self._in_vote = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "main":
            self.view, self.poll_id = a.get("data-view", ""), a.get("data-poll", "")
        elif tag == "form":
            self._in_vote = a.get("action") == "/vote"
            if self._in_vote:
                self.kind = a.get("data-kind", "single")
                self.max = int(a.get("data-max", "1") or 1)
        elif self._in_vote and tag == "input" and a.get("name") == "token":
            self.token = a.get("value", "")
        elif self._in_vote and tag == "input" and a.get("name") == "choice":
            self.options.append(a.get("value", ""))
        elif self._in_vote and tag == "select" and a.get("name", "").startswith("rank-"):
            self.options.append(a["name"][len("rank-") :])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_vote = False


def read_poll_page(html: str) -> PagePoll | None:
    parser = _PollPageParser()
    parser.feed(html)
    if parser.view != "poll" or not parser.poll_id or not parser.options:
        return None
    return PagePoll(parser.poll_id, parser.kind, parser.max, parser.options, parser.token)


@dataclass
class SimPhone:
    number: int
    token: str = ""
    form_token: str = ""
    acked: tuple[str, ...] | None = None
    stored: tuple[str, ...] | None = None


@dataclass
class Report:
    first: int = 0
    changed: int = 0
    retries: int = 0
    duplicates: int = 0
    refused: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def acknowledged(self) -> int:
        return self.first + self.changed + self.retries

    def percentile(self, q: float) -> float:
        """The latency in ms that a fraction `q` (0.01 to 0.99) of the acknowledgements beat."""
        if len(self.latencies) < 2:
            return self.latencies[0] * 1000 if self.latencies else 0.0
        cuts = statistics.quantiles(self.latencies, n=100, method="inclusive")
        return cuts[round(q * 100) - 1] * 1000


def base_of(url: str) -> str:
    parts = urlsplit(url.strip() if "://" in url else f"http://{url.strip()}")
    if not parts.netloc:
        raise SimulationError(f"{url!r} is not a URL such as http://192.168.1.20:8765")
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def choose(poll: PagePoll, rng: random.Random) -> tuple[str, ...]:
    if poll.kind == "rank":
        order = poll.options[:]
        rng.shuffle(order)
        return tuple(order)
    if poll.kind == "multi":
        picked = rng.sample(poll.options, rng.randint(1, min(poll.max, len(poll.options))))
        return tuple(o for o in poll.options if o in picked)
    return (rng.choice(poll.options),)


def form_for(
    poll: PagePoll, choices: tuple[str, ...], sid: str, token: str = ""
) -> list[tuple[str, str]]:
    data = [("poll", poll.poll_id), ("sid", sid), ("token", token or poll.token)]
    if poll.kind == "rank":
        return data + [(f"rank-{o}", str(choices.index(o) + 1)) for o in poll.options]
    return data + [("choice", c) for c in choices]


class Room:
    """The simulated phones and the session they share."""

    def __init__(self, base: str, code: str, session: aiohttp.ClientSession) -> None:
        self.base, self.code, self.session = base, code, session
        self.report = Report()

    def headers(self, phone: SimPhone, extra: dict[str, str] | None = None) -> dict[str, str]:
        return {"Cookie": f"{COOKIE}={phone.token}", **(extra or {})}

    async def request(
        self,
        method: str,
        path: str,
        phone: SimPhone | None,
        *,
        data: list[tuple[str, str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, str]:
        """One request; a 429 waits as asked and tries again (a phone's user would)."""
        sent = self.headers(phone, headers) if phone else dict(headers or {})
        for _attempt in range(20):
            async with self.session.request(
                method, self.base + path, headers=sent, data=data, allow_redirects=False
            ) as response:
                text = await response.text()
                if response.status != 429:
                    if path.startswith("/J/") and response.status == 303 and phone is not None:
                        phone.token = response.cookies[COOKIE].value
                    return response.status, text
                self.report.refused["429 (rate limit)"] += 1
                await asyncio.sleep(float(response.headers.get("Retry-After", "1")))
        return 429, ""

    async def join(self, phone: SimPhone) -> None:
        status, _ = await self.request("GET", f"/J/{self.code}", phone)
        if status != 303 or not phone.token:
            raise SimulationError(f"the room code {self.code!r} was refused (HTTP {status})")

    async def poll(self, phone: SimPhone) -> PagePoll | None:
        status, html = await self.request("GET", "/", phone)
        if status != 200:
            raise SimulationError(f"the phone page answered HTTP {status}")
        return read_poll_page(html)

    async def vote(
        self, phone: SimPhone, poll: PagePoll, choices: tuple[str, ...], sid: str
    ) -> dict[str, object] | None:
        import json

        started = time.perf_counter()
        status, text = await self.request(
            "POST",
            "/vote",
            phone,
            data=form_for(poll, choices, sid, phone.form_token),
            headers=JSON,
        )
        elapsed = time.perf_counter() - started
        try:
            body = json.loads(text) if text else {}
        except ValueError:
            body = {}
        if status == 200 and body.get("stored"):
            self.report.latencies.append(elapsed)
            phone.acked = choices
            return body  # type: ignore[no-any-return]
        self.report.refused[f"{status}: {body.get('error', text[:80])}"] += 1
        return None

    async def read_back(self, phone: SimPhone, poll: PagePoll) -> None:
        import json

        status, text = await self.request("GET", "/me", phone)
        if status == 200:
            data = json.loads(text)
            if data.get("poll") == poll.poll_id:
                phone.stored = tuple(data.get("choices") or ())


async def play_phone(room: Room, phone: SimPhone, poll: PagePoll, rng: random.Random) -> None:
    await room.join(phone)
    seen = await room.poll(phone)
    if seen is None or seen.poll_id != poll.poll_id:
        return
    phone.form_token = seen.token
    choices = choose(poll, rng)
    sid = secrets.token_urlsafe(12)
    if await room.vote(phone, poll, choices, sid):
        room.report.first += 1
    if rng.random() < 0.2:  # a retry or a double tap: the same submission again
        answer = await room.vote(phone, poll, choices, sid)
        if answer:
            room.report.retries += 1
            room.report.duplicates += bool(answer.get("duplicate"))
    if rng.random() < 0.3:  # changes their mind
        other = choose(poll, rng)
        if await room.vote(phone, poll, other, secrets.token_urlsafe(12)):
            room.report.changed += 1


async def simulate(
    url: str, code: str, voters: int, *, seed: int | None = None
) -> tuple[PagePoll, list[SimPhone], Report]:
    base = base_of(url)
    rng = random.Random(seed)
    connector = aiohttp.TCPConnector(limit=min(max(voters, 1), 256))
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(
        connector=connector, cookie_jar=aiohttp.DummyCookieJar(), timeout=timeout
    ) as session:
        room = Room(base, code, session)
        scout = SimPhone(-1)
        try:
            await room.join(scout)
            poll = await room.poll(scout)
        except aiohttp.ClientError as error:
            raise SimulationError(
                f"cannot reach {base} ({error}); is the presenter running with --audience?"
            ) from None
        if poll is None:
            raise SimulationError("no poll is open: open one on the presenter's screen first")
        phones = [SimPhone(n) for n in range(voters)]
        started = time.perf_counter()
        outcomes = await asyncio.gather(
            *(play_phone(room, phone, poll, random.Random(rng.random())) for phone in phones),
            return_exceptions=True,
        )
        room.report.seconds = time.perf_counter() - started
        for outcome in outcomes:
            if isinstance(outcome, SimulationError):
                raise outcome
            if isinstance(outcome, BaseException):
                room.report.refused[f"error: {type(outcome).__name__}"] += 1
        await asyncio.gather(*(room.read_back(p, poll) for p in phones if p.acked))
    return poll, phones, room.report
