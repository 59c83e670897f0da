"""One process's end of the talk link: serve or connect, relay, re-join.

See `presenter.sync` for how the two terminals find each other and the protocol.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar

from presenter.deck.position import Position
from presenter.rehearsal.pacing import TimerState
from presenter.sync.peer import Peer, PeerGone, read_message
from presenter.sync.place import (
    SyncUnavailable,
    default_runtime_dir,
    private_dir,
    socket_path_for,
    talk_id,
)
from presenter.sync.protocol import (
    FOR_CONSOLE,
    MAX_LINE,
    SHARED_STATE,
    ProtocolError,
    check_hello,
    hello_message,
    notice_message,
    position_message,
    prompt_message,
    room_message,
    timer_message,
)
from presenter.sync.server_lock import ServerLock

HELLO_TIMEOUT_S = 5.0
_RETRY_FIRST_S = 0.05
_RETRY_MAX_S = 2.0
_SOCKET_PATH_MAX = 100
"""AF_UNIX paths are limited to about 107 bytes; keep a margin."""

T = TypeVar("T")
log = logging.getLogger(__name__)

LinkState = Literal["starting", "alone", "linked", "offline", "closed"]


@dataclass(frozen=True)
class LinkStatus:
    """What the link is doing, for a status line: alone, linked to N peers, or offline."""

    state: LinkState
    peers: int = 0
    serving: bool = False
    detail: str = ""

    @property
    def label(self) -> str:
        if self.state == "linked":
            return "linked" if self.peers == 1 else f"linked ({self.peers})"
        return self.state


class TalkLink:
    """One process's end of the talk link; see the module docstring for the protocol.

    `on_position` and `on_timer` are called (in the event loop) when another
    process changes the talk; `send_position` and `send_timer` tell the others
    about a local change. Sending what was just received is a no-op, so a view
    that sends every position it shows causes no echo.
    """

    def __init__(
        self,
        deck_path: Path,
        role: str,
        on_position: Callable[[Position], None],
        on_timer: Callable[[TimerState], None] | None = None,
        *,
        runtime_dir: Path | None = None,
        on_status: Callable[[LinkStatus], None] | None = None,
        on_room: Callable[[bool], None] | None = None,
        on_notice: Callable[[tuple[str, str, str]], None] | None = None,
        on_prompt: Callable[[str], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> None:
        self.deck_path = deck_path
        self.role = role
        self.key = talk_id(deck_path)
        self._on_status = on_status
        # Messages for the console alone: relayed, never kept or answered.
        self._for_console: dict[str, Callable[[Any], None] | None] = {
            "notice": on_notice,
            "prompt": on_prompt,
        }
        self._shared: dict[str, _Shared[Any]] = {
            "position": _Shared(position_message, on_position),
            "timer": _Shared(timer_message, on_timer),
            "room": _Shared(room_message, on_room),
        }
        self._on_failure = on_failure
        """Told when the link stops on an unexpected error (it does not restart)."""
        self._runtime_dir = runtime_dir
        self.socket_path: Path | None = None
        self._lock: ServerLock | None = None
        self._server: asyncio.AbstractServer | None = None
        self._peers: list[Peer] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self._runner: asyncio.Task[None] | None = None
        self._closing = asyncio.Event()
        self._changed = asyncio.Event()
        self.status = LinkStatus("starting")

    # -- public API --

    async def start(self) -> None:
        """Find or become the server in the background; never raises for sync trouble."""
        try:
            runtime_dir = (
                private_dir(self._runtime_dir) if self._runtime_dir else default_runtime_dir()
            )
            self.socket_path = socket_path_for(self.deck_path, runtime_dir)
            if len(os.fsencode(self.socket_path)) > _SOCKET_PATH_MAX:
                raise SyncUnavailable(f"socket path too long: {self.socket_path}")
            self._lock = ServerLock(self.socket_path.with_suffix(".lock"))
        except SyncUnavailable as error:
            self._set_status(LinkStatus("offline", detail=str(error)))
            return
        self._runner = asyncio.create_task(self._run(), name="talk-link")
        self._runner.add_done_callback(self._runner_done)

    def _runner_done(self, task: asyncio.Task[None]) -> None:
        if task.cancelled() or task.exception() is None:
            return
        error = task.exception()
        assert error is not None
        self._set_status(LinkStatus("offline", detail="stopped after an error"))
        if self._on_failure is not None:
            self._on_failure(error)
        else:
            log.error("the talk link stopped", exc_info=error)

    def send_position(self, pos: Position) -> None:
        self._send("position", pos)

    def send_timer(self, state: TimerState) -> None:
        self._send("timer", state)

    def send_room(self, blank: bool) -> None:
        """The room's screen is blank (or not): every linked terminal follows."""
        self._send("room", blank)

    def _send(self, kind: str, value: object) -> None:
        shared = self._shared[kind]
        if value == shared.value:
            return  # what was just received, or no change: no echo
        shared.value = value
        shared.seq += 1
        self._broadcast(shared.encode(value, shared.seq))

    def send_notice(self, text: str, severity: str, title: str = "") -> None:
        """A notice for the presenter, shown by the linked console."""
        self._broadcast(notice_message(text, severity, title))

    def send_prompt(self, text: str) -> None:
        """What the presenter is typing on the projected terminal, shown by the console."""
        self._broadcast(prompt_message(text))

    async def close(self) -> None:
        """Say bye, stop serving (the socket file goes), and let another process take over."""
        if self._closing.is_set():
            return
        self._closing.set()
        for peer in list(self._peers):
            peer.send({"type": "bye"})
        if self._runner is not None:
            # A runner that failed was reported by `_runner_done`.
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._runner
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._set_status(LinkStatus("closed"))

    @property
    def peers(self) -> int:
        return len(self._peers)

    @property
    def serving(self) -> bool:
        return self._server is not None

    async def wait_for(self, predicate: Callable[[TalkLink], bool]) -> None:
        """Wait until `predicate(self)` holds; checked after every change of status."""
        while not predicate(self):
            self._changed.clear()
            await self._changed.wait()

    # -- connecting and serving --

    async def _run(self) -> None:
        retry = _RETRY_FIRST_S
        while not self._closing.is_set():
            if self._take_lock():
                try:
                    await self._serve()
                except OSError as error:
                    self._release_lock()
                    self._set_status(LinkStatus("offline", detail=f"cannot listen: {error}"))
                    await self._pause(retry)
                    retry = min(retry * 2, _RETRY_MAX_S)
                    continue
                return
            assert self.socket_path is not None
            try:
                reader, writer = await asyncio.open_unix_connection(
                    str(self.socket_path), limit=MAX_LINE
                )
            except OSError:
                # The lock holder is about to listen, or is going away: try again soon.
                self._set_status(LinkStatus("alone", detail="waiting for the other terminal"))
                await self._pause(retry)
                retry = min(retry * 2, _RETRY_MAX_S)
                continue
            clean = await self._session(reader, writer, peer_is_server=True)
            retry = _RETRY_FIRST_S if clean else min(retry * 4, _RETRY_MAX_S)
            if not clean:
                await self._pause(retry)

    async def _pause(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closing.wait(), seconds)

    def _take_lock(self) -> bool:
        assert self._lock is not None
        try:
            return self._lock.take()
        except OSError as error:
            self._set_status(LinkStatus("offline", detail=f"cannot open lock: {error.strerror}"))
            return False

    def _release_lock(self) -> None:
        assert self._lock is not None
        self._lock.release()

    async def _serve(self) -> None:
        """Listen until closed. We hold the lock, so any socket file here is stale."""
        assert self.socket_path is not None
        with contextlib.suppress(FileNotFoundError):
            self.socket_path.unlink()
        self._server = await asyncio.start_unix_server(
            self._accept, path=str(self.socket_path), limit=MAX_LINE
        )
        try:
            os.chmod(self.socket_path, 0o600)
            self._set_status(self._current_status())
            await self._closing.wait()
        finally:
            self._server.close()
            for peer in list(self._peers):
                peer.writer.close()
            # Unlink before dropping the lock, so we never remove a successor's socket.
            with contextlib.suppress(FileNotFoundError):
                self.socket_path.unlink()
            self._server = None
            self._release_lock()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        try:
            await self._session(reader, writer, peer_is_server=False)
        finally:
            if task is not None:
                self._tasks.discard(task)

    async def _session(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, *, peer_is_server: bool
    ) -> bool:
        """Talk to one peer until it leaves; True if it left cleanly (bye or end of stream)."""
        peer = Peer(writer, is_server=peer_is_server)
        peer.send(hello_message(self.role, self.key))
        clean = True
        closing = asyncio.create_task(self._closing.wait())
        try:
            peer.role = check_hello(await read_message(reader, closing, HELLO_TIMEOUT_S), self.key)
            self._peers.append(peer)
            self._set_status(self._current_status())
            for shared in self._shared.values():
                if shared.value is not None:
                    peer.send(shared.encode(shared.value, shared.seq))
            while True:
                message = await read_message(reader, closing, None)
                if message["type"] == "bye":
                    break
                self._handle(message, peer)
        except PeerGone:
            pass
        except (ProtocolError, TimeoutError) as error:
            clean = False
            log.info("dropped a talk peer: %s", error or "no hello in time")
            if peer_is_server:
                self._set_status(
                    LinkStatus("offline", detail=f"the other terminal: {error or 'silent'}")
                )
        except (ConnectionError, OSError):
            pass
        finally:
            closing.cancel()
            if peer in self._peers:
                self._peers.remove(peer)
            writer.close()
            with contextlib.suppress(ConnectionError, OSError):
                await writer.wait_closed()
            if not self._closing.is_set():
                self._set_status(self._current_status())
        return clean

    # -- changes from peers --

    def _handle(self, message: dict[str, Any], sender: Peer) -> None:
        kind = message["type"]
        if kind in self._shared:
            value, seq = SHARED_STATE[kind](message)
            shared = self._shared[kind]
            if self._wins(seq, shared.seq, sender) and value != shared.value:
                shared.value, shared.seq = value, seq
                self._relay(message, sender)
                if shared.on_change is not None:
                    self._call(shared.on_change, value)
            else:
                shared.seq = max(shared.seq, seq)
        elif kind in self._for_console:
            value = FOR_CONSOLE[kind](message)
            self._relay(message, sender)
            callback = self._for_console[kind]
            if callback is not None:
                self._call(callback, value)
        elif kind == "hello":
            raise ProtocolError("hello twice")
        # Other types: from a later minor version; ignored.

    @staticmethod
    def _wins(seq: int, mine: int, sender: Peer) -> bool:
        return seq > mine or (seq == mine and sender.is_server)

    def _relay(self, message: dict[str, Any], sender: Peer) -> None:
        if self.serving:
            for peer in self._peers:
                if peer is not sender:
                    peer.send(message)

    def _broadcast(self, message: dict[str, Any]) -> None:
        for peer in list(self._peers):
            peer.send(message)

    @staticmethod
    def _call(callback: Callable[[Any], None], value: Any) -> None:
        try:
            callback(value)
        except Exception:  # a view's bug must not cut the link
            log.exception("talk link callback failed")

    # -- status --

    def _current_status(self) -> LinkStatus:
        if self._peers:
            return LinkStatus("linked", len(self._peers), self.serving)
        return LinkStatus("alone", 0, self.serving, "waiting for the other terminal")

    def _set_status(self, status: LinkStatus) -> None:
        changed = status != self.status
        self.status = status
        self._changed.set()
        if changed and self._on_status is not None:
            self._call(self._on_status, status)


@dataclass
class _Shared(Generic[T]):
    """One piece of the talk the terminals share (position, timer, room screen),
    ordered by `seq`, a Lamport clock: see the module docstring."""

    encode: Callable[[T, int], dict[str, Any]]
    on_change: Callable[[T], None] | None
    value: T | None = None
    seq: int = 0
