"""A full hall: open-file limit, capped event streams, idle connections, raw 400s, addresses.

Real servers on loopback (in this process, or a child process started with the
small soft open-file limit a shell gives). The test with several network
addresses runs inside a network namespace it creates (root only).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import resource
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from presenter.audience.capacity import raise_open_file_limit
from presenter.audience.joining import COOKIE
from presenter.audience.security import TRUST_LOOPBACK_ENV, RateLimits
from presenter.audience.server import Audience, AudienceServer

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
FORM_TOKEN = re.compile(r'name="token" value="([^"]+)"')


class Wire:
    """One raw HTTP/1.1 connection (so the test controls every socket it holds)."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int, host: str = "127.0.0.1", source: str | None = None) -> Wire:
        reader, writer = await asyncio.open_connection(
            host, port, local_addr=(source, 0) if source else None
        )
        return cls(reader, writer)

    async def send(
        self, method: str, path: str, headers: dict[str, str] | None = None, body: bytes = b""
    ) -> None:
        lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        if method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await self.writer.drain()

    async def head(self) -> tuple[int, dict[str, str]]:
        status = int((await self.reader.readline()).split()[1])
        found: dict[str, str] = {}
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            found.setdefault(name.strip().lower(), value.strip())
        return status, found

    async def response(self) -> tuple[int, dict[str, str], bytes]:
        status, headers = await self.head()
        length = int(headers.get("content-length", "0"))
        return status, headers, await self.reader.readexactly(length) if length else b""

    async def request(
        self, method: str, path: str, headers: dict[str, str] | None = None, body: bytes = b""
    ) -> tuple[int, dict[str, str], bytes]:
        await self.send(method, path, headers, body)
        return await self.response()

    def close(self) -> None:
        self.writer.close()


async def join(
    port: int, code: str, source: str | None = None, host: str = "127.0.0.1"
) -> dict[str, str]:
    """A joined phone's headers (cookie) and its form token."""
    wire = await Wire.open(port, host, source)
    try:
        status, headers, _ = await wire.request("GET", f"/J/{code}")
        assert status == 303, status
        token = headers["set-cookie"].split(";", 1)[0].split("=", 1)[1]
        cookie = {"Cookie": f"{COOKIE}={token}"}
        _, _, page = await wire.request("GET", "/", cookie)
        found = FORM_TOKEN.search(page.decode())
        return {**cookie, "token": found.group(1) if found else ""}
    finally:
        wire.close()


async def vote(
    port: int, phone: dict[str, str], poll: str, choice: str, sid: str, host: str = "127.0.0.1"
) -> int:
    wire = await Wire.open(port, host)
    try:
        body = f"poll={poll}&sid={sid}&choice={choice}&token={phone['token']}".encode()
        headers = {
            "Cookie": phone["Cookie"],
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
        }
        status, _, _ = await wire.request("POST", "/vote", headers, body)
        return status
    finally:
        wire.close()


# -- in this process -----------------------------------------------------------


@pytest.fixture
async def served(audience: Audience) -> AsyncIterator[AudienceServer]:
    server = AudienceServer(audience, own_thread=False, keepalive_timeout=0.5)
    await server.start("127.0.0.1", 0)
    yield server
    await server.stop()


@pytest.mark.parametrize("audience_streams", [3])
async def test_the_oldest_idle_stream_is_dropped_and_told_to_poll(
    deck, store, session_id, clock, open_poll, polls, audience_streams
) -> None:
    audience = Audience(
        deck,
        store,
        session_id,
        clock=clock,
        max_streams=audience_streams,
        limits=RateLimits(limit_loopback=False),
    )
    server = AudienceServer(audience, own_thread=False)
    await server.start("127.0.0.1", 0)
    try:
        phone = await join(server.port, server.room_code)
        streams = []
        for _ in range(3):
            wire = await Wire.open(server.port)
            await wire.send("GET", "/events", {"Cookie": phone["Cookie"]})
            assert (await wire.head())[0] == 200
            await asyncio.wait_for(wire.reader.readuntil(b"event: poll"), 10)
            streams.append(wire)
        newest = await Wire.open(server.port)
        await newest.send("GET", "/events", {"Cookie": phone["Cookie"]})
        assert (await newest.head())[0] == 200
        # The first stream hears `bye` (poll instead) and is closed by the server.
        rest = await asyncio.wait_for(streams[0].reader.read(), 10)
        assert b"event: bye" in rest and b"poll_every_s" in rest
        assert len(audience.streams) == 3 and audience.streams.dropped == 1
        open_poll(polls["pick"])
        server.poll_state_changed()
        for wire in (*streams[1:], newest):  # the others still hear of the open poll
            seen = await asyncio.wait_for(wire.reader.readuntil(b'"pick"'), 10)
            assert b"event: poll" in seen
        assert (
            await vote(
                server.port,
                await join(server.port, server.room_code),
                "pick",
                "beta",
                "after-drop-1",
            )
            == 200
        )
        for wire in (*streams, newest):
            wire.close()
    finally:
        await server.stop()


async def test_idle_keep_alive_connections_are_closed(served: AudienceServer) -> None:
    wire = await Wire.open(served.port)
    status, headers, _ = await wire.request("GET", "/")
    assert status == 200 and headers.get("connection", "").lower() != "close"
    assert await asyncio.wait_for(wire.reader.read(), 10) == b""  # the server hung up
    wire.close()


@pytest.mark.parametrize(
    "raw",
    [
        b"G<script>T / HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /<script>alert(1)</script> HTTP/1.1\r\nHost: x\r\nBad<script> Header\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"<script>" * 2000 + b"\r\n\r\n",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03<script>\r\n\r\n",
    ],
)
async def test_low_level_400s_never_echo_the_request_and_carry_the_headers(
    served: AudienceServer, raw: bytes
) -> None:
    wire = await Wire.open(served.port)
    wire.writer.write(raw)
    status, headers, body = await wire.response()
    assert 400 <= status < 500
    assert b"script" not in body and b"Header" not in body
    assert headers["content-security-policy"].startswith("default-src 'none'")
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    wire.close()


def test_the_open_file_limit_is_raised_to_the_hard_limit() -> None:
    probe = (
        "import resource; from presenter.audience.capacity import raise_open_file_limit; "
        "limit = raise_open_file_limit(); "
        "print(limit.before, limit.after, resource.getrlimit(resource.RLIMIT_NOFILE)[0])"
    )
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard <= 256:
        pytest.skip(f"the hard open-file limit is {hard}: nothing to raise")
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (256, hard)),
    )
    before, after, now = map(int, result.stdout.split())
    assert before == 256 and after == now and after > 256
    assert raise_open_file_limit().after >= soft  # never lowered


# -- a child process with a shell's small limit ----------------------------------


async def test_thousands_of_open_pages_still_leave_room_to_vote(tmp_path: Path) -> None:
    """1,500 pages hold their event streams on a server started with a soft limit of
    1,024 open files; a phone still votes, and the server raised its own limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 4096:
        pytest.skip(f"the hard open-file limit is {hard}; 1,500 pages need more")
    if soft < 3300:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4096), hard))
    deck = tmp_path / "hall.md"
    deck.write_text(
        "# Vote\n\n```poll\nid: hall\nquestion: Which?\noptions: [One, Two]\n```\n",
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [sys.executable, str(HERE / "run_server.py"), str(tmp_path / "data"), str(deck)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, TRUST_LOOPBACK_ENV: "1"},
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (1024, hard)),
    )
    wires: list[Wire] = []
    try:
        assert process.stdout is not None
        info = json.loads(process.stdout.readline())
        port, code = int(info["port"]), str(info["code"])
        limits = Path(f"/proc/{process.pid}/limits")
        if limits.exists():
            line = next(x for x in limits.read_text().splitlines() if "open files" in x)
            assert int(line.split()[3]) > 1024  # the soft limit was raised
        phone = await join(port, code)
        for _ in range(1500):
            wire = await Wire.open(port)
            await wire.send("GET", "/events", {"Cookie": phone["Cookie"]})
            wires.append(wire)
        for wire in wires:
            assert (await asyncio.wait_for(wire.head(), 30))[0] == 200
        voter = await join(port, code)
        assert await asyncio.wait_for(vote(port, voter, "hall", "one", "hall-vote-1"), 30) == 200
    finally:
        for wire in wires:
            wire.close()
        process.kill()
        process.wait(10)


# -- several addresses, in a network namespace made here ---------------------------

NAMESPACE_SCRIPT = r"""
import asyncio, json, sys
sys.path.insert(0, {root!r})
from pathlib import Path
from tests.audience.test_capacity import Wire, join, vote
from presenter.audience.security import RateLimits
from presenter.audience.guards import LockoutRule
from presenter.audience.server import Audience, AudienceServer
from presenter.clock import SystemClock
from presenter.deck.load import parse_deck
from presenter.polls.ballots import VoteStore
from presenter.session import start_session
from presenter.store import Store

async def main():
    deck = parse_deck("# V\n\n```poll\nid: v\nquestion: Q?\noptions: [A, B]\n```\n", Path("v.md"))
    store = Store.open(Path({data!r}))
    clock = SystemClock()
    session = start_session(store, "v.md", "talk", clock=clock).id
    VoteStore(store).open_poll(session, deck.polls[0], clock=clock)
    # Loopback trusted (as for `presenter simulate`): the 10.77.0.x guests are not loopback.
    limits = RateLimits(limit_loopback=False, lockout=LockoutRule(wrong_allowed=3))
    server = AudienceServer(Audience(deck, store, session, clock=clock, limits=limits),
                            own_thread=False)
    await server.start("10.77.0.1", 0)
    port, code = server.port, server.room_code
    out = {{}}
    async def wrong(source):
        w = await Wire.open(port, "10.77.0.1", source)
        statuses = [(await w.request("GET", "/J/AAAAAA"))[0] for _ in range(3)]
        statuses.append((await w.request("GET", "/J/" + code))[0])
        w.close()
        return statuses
    out["guesser"] = await wrong("10.77.0.2")
    # another address of the same room is not locked out by the guesser
    phone = await join(port, code, "10.77.0.3", "10.77.0.1")
    out["neighbour_vote"] = await vote(port, phone, "v", "a", "neighbour-1", "10.77.0.1")
    print(json.dumps(out))
    await server.stop()
    store.close()

asyncio.run(main())
"""


def test_a_lock_out_holds_one_address_and_spares_its_neighbours(tmp_path: Path) -> None:
    unshare = shutil.which("unshare")
    if os.geteuid() != 0 or unshare is None:
        pytest.skip("network namespaces need root and unshare(1)")
    setup = "ip link set lo up && ip addr add 10.77.0.1/24 dev lo"
    setup += " && ip addr add 10.77.0.2/24 dev lo && ip addr add 10.77.0.3/24 dev lo"
    script = NAMESPACE_SCRIPT.format(root=str(ROOT), data=str(tmp_path / "data"))
    (tmp_path / "inside.py").write_text(script, encoding="utf-8")
    probe = subprocess.run([unshare, "-n", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"cannot create a network namespace: {probe.stderr.decode().strip()}")
    result = subprocess.run(
        [
            unshare,
            "-n",
            "sh",
            "-c",
            f'{setup} && exec "{sys.executable}" "{tmp_path / "inside.py"}"',
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["guesser"] == [403, 403, 429, 429]  # locked out, the right code included
    assert out["neighbour_vote"] == 200
