"""Two real links over a real Unix socket in a private runtime dir."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import stat
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest

from presenter.deck.position import Position
from presenter.rehearsal.pacing import TimerState
from presenter.sync import MAX_LINE, PROTOCOL_VERSION, TalkLink, socket_path_for, talk_id

WAIT = 5.0


class Recorder:
    """A link plus what it was told, as queues a test can await."""

    def __init__(self, deck: Path, runtime: Path, role: str = "present", *, follow: bool = True):
        self.positions: asyncio.Queue[Position] = asyncio.Queue()
        self.timers: asyncio.Queue[TimerState] = asyncio.Queue()
        self.told: asyncio.Queue[object] = asyncio.Queue()
        """Notices and prompts, in the order they came."""
        self.follow = follow
        self.link = TalkLink(
            deck,
            role,
            self._position,
            self._timer,
            runtime_dir=runtime,
            on_notice=self.told.put_nowait,
            on_prompt=self.told.put_nowait,
        )

    def _position(self, pos: Position) -> None:
        self.positions.put_nowait(pos)
        if self.follow:
            # What a view does: show it, then report what it shows (must not echo).
            self.link.send_position(pos)

    def _timer(self, state: TimerState) -> None:
        self.timers.put_nowait(state)

    async def next_position(self) -> Position:
        async with asyncio.timeout(WAIT):
            return await self.positions.get()

    async def until(self, predicate: Callable[[TalkLink], bool]) -> None:
        async with asyncio.timeout(WAIT):
            await self.link.wait_for(predicate)


@pytest.fixture
def runtime(tmp_path: Path) -> Path:
    return tmp_path / "run"


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    path = tmp_path / "talk.md"
    path.write_text("# One\n\n---\n\n# Two\n")
    return path


@pytest.fixture
async def links() -> AsyncIterator[list[Recorder]]:
    made: list[Recorder] = []
    yield made
    for recorder in made:
        await recorder.link.close()


async def started(links: list[Recorder], recorder: Recorder) -> Recorder:
    links.append(recorder)
    await recorder.link.start()
    return recorder


def linked(link: TalkLink) -> bool:
    return link.peers >= 1


async def pair(links: list[Recorder], deck: Path, runtime: Path) -> tuple[Recorder, Recorder]:
    a = await started(links, Recorder(deck, runtime, "present"))
    await a.until(lambda link: link.serving)
    b = await started(links, Recorder(deck, runtime, "console"))
    await a.until(linked)
    await b.until(linked)
    return a, b


async def test_positions_flow_both_ways_without_echo(links, deck, runtime) -> None:
    a, b = await pair(links, deck, runtime)
    assert a.link.serving and not b.link.serving

    a.link.send_position(Position(2, 0))
    assert await b.next_position() == Position(2, 0)
    b.link.send_position(Position(3, 1))
    assert await a.next_position() == Position(3, 1)
    # b re-sent (2, 0) when it showed it; had that echoed, a would see it before (3, 1).
    a.link.send_position(Position(4, 0))
    assert await b.next_position() == Position(4, 0)
    assert a.positions.empty()


async def test_notices_and_prompts_go_to_the_other_terminal_in_order(links, deck, runtime) -> None:
    projected, console = await pair(links, deck, runtime)
    projected.link.send_prompt("go to 12▏ Enter")
    projected.link.send_notice("Deck reloaded.", "information")
    projected.link.send_prompt("")  # the number was entered: nothing typed any more
    async with asyncio.timeout(WAIT):
        told = [await console.told.get() for _ in range(3)]
    assert told == ["go to 12▏ Enter", ("Deck reloaded.", "information", ""), ""]
    assert projected.told.empty()  # never echoed back


async def test_runtime_dir_and_socket_are_private(links, deck, runtime) -> None:
    a, _ = await pair(links, deck, runtime)
    assert stat.S_IMODE(os.stat(runtime).st_mode) == 0o700
    path = a.link.socket_path
    assert path == socket_path_for(deck, runtime)
    info = os.stat(path)
    assert stat.S_ISSOCK(info.st_mode)
    assert stat.S_IMODE(info.st_mode) == 0o600


async def test_newcomer_follows_the_running_talk(links, deck, runtime) -> None:
    a = await started(links, Recorder(deck, runtime))
    a.link.send_position(Position(0, 0))
    a.link.send_position(Position(5, 2))
    await a.until(lambda link: link.serving)
    b = Recorder(deck, runtime, "console")
    b.link.send_position(Position(0, 0))  # where a fresh process starts
    await started(links, b)
    assert await b.next_position() == Position(5, 2)
    # a never followed the newcomer's start position: the next thing it sees is b's move.
    b.link.send_position(Position(6, 0))
    assert await a.next_position() == Position(6, 0)


async def test_fresh_server_follows_a_console_that_moved(links, deck, runtime) -> None:
    """The projected side restarts while the console is ahead: the console's slide wins."""
    a, b = await pair(links, deck, runtime)
    for n in range(1, 4):
        b.link.send_position(Position(n, 0))
        assert await a.next_position() == Position(n, 0)
    await a.link.close()
    await b.until(lambda link: link.serving)  # the console took over
    a2 = Recorder(deck, runtime)
    a2.link.send_position(Position(0, 0))
    await started(links, a2)
    assert await a2.next_position() == Position(3, 0)


async def test_client_rejoins_after_restart(links, deck, runtime) -> None:
    a, b = await pair(links, deck, runtime)
    await b.link.close()
    await a.until(lambda link: link.peers == 0)
    a.link.send_position(Position(7, 0))
    b2 = await started(links, Recorder(deck, runtime, "console"))
    assert await b2.next_position() == Position(7, 0)
    b2.link.send_position(Position(8, 0))
    assert await a.next_position() == Position(8, 0)


async def test_timer_state_is_shared(links, deck, runtime) -> None:
    a, b = await pair(links, deck, runtime)
    state = TimerState(True, 61.5, 1_767_258_000.0)
    a.link.send_timer(state)
    async with asyncio.timeout(WAIT):
        assert await b.timers.get() == state
    paused = TimerState(False, 70.0, 1_767_258_010.0)
    b.link.send_timer(paused)
    async with asyncio.timeout(WAIT):
        assert await a.timers.get() == paused


async def test_stale_socket_file_is_replaced(links, deck, runtime) -> None:
    runtime.mkdir(mode=0o700)
    path = socket_path_for(deck, runtime)
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(path))  # bound, never listening, closed without unlinking
    stale.close()
    path.with_suffix(".lock").write_text("")  # a lock file nobody holds
    with pytest.raises(ConnectionRefusedError):
        await asyncio.open_unix_connection(str(path))
    a, b = await pair(links, deck, runtime)
    a.link.send_position(Position(1, 0))
    assert await b.next_position() == Position(1, 0)


KILLED_SERVER = """
import asyncio, sys
from pathlib import Path
from presenter.sync import TalkLink

async def main():
    link = TalkLink(Path(sys.argv[1]), "present", lambda pos: None, runtime_dir=Path(sys.argv[2]))
    await link.start()
    await link.wait_for(lambda l: l.serving)
    print("serving", flush=True)
    await asyncio.Event().wait()

asyncio.run(main())
"""


async def test_a_killed_server_leaves_a_socket_the_next_one_reclaims(links, deck, runtime) -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        KILLED_SERVER,
        str(deck),
        str(runtime),
        stdout=subprocess.PIPE,
    )
    try:
        async with asyncio.timeout(20):
            assert (await proc.stdout.readline()).strip() == b"serving"
    finally:
        proc.kill()
        await proc.wait()
    assert socket_path_for(deck, runtime).exists()  # SIGKILL: nothing cleaned up
    a, b = await pair(links, deck, runtime)
    b.link.send_position(Position(2, 0))
    assert await a.next_position() == Position(2, 0)


async def test_two_decks_do_not_cross(links, deck, tmp_path, runtime) -> None:
    other = tmp_path / "other.md"
    other.write_text("# Other\n")
    a = await started(links, Recorder(deck, runtime))
    x = await started(links, Recorder(other, runtime))
    await a.until(lambda link: link.serving)
    await x.until(lambda link: link.serving)
    assert a.link.socket_path != x.link.socket_path
    b = await started(links, Recorder(deck, runtime, "console"))
    await b.until(linked)
    x.link.send_position(Position(9, 0))
    a.link.send_position(Position(1, 0))
    assert await b.next_position() == Position(1, 0)
    assert x.link.peers == 0 and b.positions.empty()


async def raw_peer(path: Path) -> tuple[asyncio.StreamReader, asyncio.StreamWriter, dict]:
    reader, writer = await asyncio.open_unix_connection(str(path), limit=2**20)
    async with asyncio.timeout(WAIT):
        hello = json.loads(await reader.readline())
    return reader, writer, hello


async def dropped(reader: asyncio.StreamReader) -> bool:
    """True when the server closes the connection (only end of stream is left)."""
    async with asyncio.timeout(WAIT):
        return await reader.read() == b""


def good_hello(deck: Path) -> bytes:
    return (
        json.dumps({"type": "hello", "v": PROTOCOL_VERSION, "role": "x", "deck": talk_id(deck)})
        + "\n"
    ).encode()


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param(lambda deck: b"this is not json\n", id="bad-json"),
        pytest.param(lambda deck: b"[1, 2, 3]\n", id="not-an-object"),
        pytest.param(
            lambda deck: b'{"type": "position", "slide": 1, "step": 0, "seq": 9}\n', id="no-hello"
        ),
        pytest.param(
            lambda deck: good_hello(deck).replace(b'"v": 1', b'"v": 99'), id="wrong-version"
        ),
        pytest.param(
            lambda deck: good_hello(deck).replace(talk_id(deck).encode(), b"0" * 64),
            id="wrong-deck",
        ),
        pytest.param(lambda deck: b'{"type": "' + b"x" * (MAX_LINE * 4) + b'"}\n', id="huge-line"),
        pytest.param(
            lambda deck: (
                good_hello(deck) + b'{"type": "position", "slide": -1, "step": 0, "seq": 9}\n'
            ),
            id="bad-slide",
        ),
        pytest.param(
            lambda deck: (
                good_hello(deck) + b'{"type": "position", "slide": "2", "step": 0, "seq": 9}\n'
            ),
            id="slide-not-int",
        ),
        pytest.param(
            lambda deck: (
                good_hello(deck)
                + b'{"type": "timer", "running": true, "elapsed_s": NaN, "at": 0, "seq": 1}\n'
            ),
            id="nan-timer",
        ),
        pytest.param(lambda deck: good_hello(deck) + good_hello(deck), id="hello-twice"),
        pytest.param(lambda deck: b"\xff\xfe\x00garbage\n", id="not-utf8"),
    ],
)
async def test_a_peer_speaking_nonsense_is_dropped_and_the_talk_goes_on(
    links, deck, runtime, payload
) -> None:
    a, b = await pair(links, deck, runtime)
    reader, writer, hello = await raw_peer(a.link.socket_path)
    assert hello == {
        "type": "hello",
        "v": PROTOCOL_VERSION,
        "role": "present",
        "deck": talk_id(deck),
    }
    writer.write(payload(deck))
    assert await dropped(reader)
    writer.close()
    assert a.link.serving
    a.link.send_position(Position(3, 0))
    assert await b.next_position() == Position(3, 0)
    assert a.positions.empty()  # the nonsense never moved the talk
    b.link.send_position(Position(4, 0))
    assert await a.next_position() == Position(4, 0)


async def test_a_raw_peer_that_speaks_the_protocol_drives_the_talk(links, deck, runtime) -> None:
    a, b = await pair(links, deck, runtime)
    reader, writer, _ = await raw_peer(a.link.socket_path)
    writer.write(good_hello(deck))
    writer.write(b'{"type": "later-feature", "x": 1}\n')  # unknown types are ignored
    writer.write(b'{"type": "position", "slide": 6, "step": 1, "seq": 100}\n')
    assert await a.next_position() == Position(6, 1)
    assert await b.next_position() == Position(6, 1)  # relayed by the server
    writer.write(b'{"type": "bye"}\n')
    assert await dropped(reader)


async def test_a_silent_peer_is_dropped_after_the_hello_timeout(
    links, deck, runtime, monkeypatch
) -> None:
    monkeypatch.setattr("presenter.sync.link.HELLO_TIMEOUT_S", 0.05)
    a, _ = await pair(links, deck, runtime)
    reader, writer, _ = await raw_peer(a.link.socket_path)
    assert await dropped(reader)
    writer.close()


async def test_closing_removes_the_socket_file(links, deck, runtime) -> None:
    a = await started(links, Recorder(deck, runtime))
    await a.until(lambda link: link.serving)
    path = a.link.socket_path
    assert path.exists()
    await a.link.close()
    assert not path.exists()
    assert a.link.status.state == "closed"


async def test_an_unusable_runtime_dir_leaves_the_link_offline(links, deck, tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    a = await started(links, Recorder(deck, blocker / "run"))
    assert a.link.status.state == "offline"
    a.link.send_position(Position(1, 0))  # harmless while offline


async def test_a_burst_of_moves_settles_on_the_last_one_on_both_sides(links, deck, runtime) -> None:
    a, b = await pair(links, deck, runtime)
    for n in range(1, 6):
        a.link.send_position(Position(n, 0))  # faster than b can follow and report back
    seen = [await b.next_position() for _ in range(5)]
    assert seen == [Position(n, 0) for n in range(1, 6)]
    b.link.send_position(Position(9, 0))
    assert await a.next_position() == Position(9, 0)  # nothing bounced back before it


async def test_simultaneous_moves_settle_on_the_servers(links, deck, runtime) -> None:
    a, b = await pair(links, deck, runtime)
    a.link.send_position(Position(1, 0))
    b.link.send_position(Position(2, 0))  # before either hears of the other
    assert await b.next_position() == Position(1, 0)
    b.link.send_position(Position(3, 0))
    assert await a.next_position() == Position(3, 0)  # a never took b's (2, 0)


async def test_a_console_opened_through_a_symlink_links_to_the_talk(
    links, deck, runtime, tmp_path
) -> None:
    alias = tmp_path / "elsewhere" / "alias.md"
    alias.parent.mkdir()
    alias.symlink_to(deck)
    talk = await started(links, Recorder(deck, runtime, "present"))
    await talk.until(lambda link: link.serving)
    console = await started(links, Recorder(alias, runtime, "console"))
    await talk.until(linked)
    await console.until(linked)
    assert console.link.socket_path == talk.link.socket_path
    talk.link.send_position(Position(1, 0))
    assert await console.next_position() == Position(1, 0)
