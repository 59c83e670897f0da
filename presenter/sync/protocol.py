"""The talk link's wire format, version 1: JSON objects, one per line.

See `presenter.sync` for the protocol as a whole; this module encodes, decodes
and validates its messages. Anything a peer says that does not fit raises
`ProtocolError`, and the link drops that peer.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

from presenter.deck.position import Position
from presenter.rehearsal.pacing import TimerState

PROTOCOL_VERSION = 1
MAX_LINE = 4096
"""Longest line accepted, in bytes (newline included); a longer one drops the peer."""
MAX_SLIDE = 1_000_000


class ProtocolError(Exception):
    """What a peer said cannot be understood; the peer is dropped."""


def encode(message: dict[str, Any]) -> bytes:
    return json.dumps(message, separators=(",", ":"), ensure_ascii=True).encode("ascii") + b"\n"


def decode(line: bytes) -> dict[str, Any]:
    """One received line as a JSON object with a string `type`; ProtocolError otherwise."""
    if len(line) > MAX_LINE:
        raise ProtocolError("line too long")
    try:
        message = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise ProtocolError("not a JSON line") from None
    if not isinstance(message, dict) or not isinstance(message.get("type"), str):
        raise ProtocolError("not a message object")
    return message


def _int(message: dict[str, Any], key: str, limit: int) -> int:
    value = message.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= limit:
        raise ProtocolError(f"bad {key!r}")
    return value


def _number(message: dict[str, Any], key: str) -> float:
    value = message.get(key)
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        raise ProtocolError(f"bad {key!r}")
    return float(value)


def hello_message(role: str, key: str) -> dict[str, Any]:
    return {"type": "hello", "v": PROTOCOL_VERSION, "role": role, "deck": key}


def check_hello(message: dict[str, Any], key: str) -> str:
    """The peer's role, if `message` is a hello for this protocol version and deck."""
    if message.get("type") != "hello":
        raise ProtocolError("expected hello")
    if message.get("v") != PROTOCOL_VERSION:
        raise ProtocolError(f"protocol version {message.get('v')!r}, expected {PROTOCOL_VERSION}")
    if message.get("deck") != key:
        raise ProtocolError("another deck")
    role = message.get("role")
    if not isinstance(role, str) or len(role) > 32:
        raise ProtocolError("bad 'role'")
    return role


def position_message(pos: Position, seq: int) -> dict[str, Any]:
    return {"type": "position", "slide": pos.slide, "step": pos.step, "seq": seq}


def parse_position(message: dict[str, Any]) -> tuple[Position, int]:
    slide = _int(message, "slide", MAX_SLIDE)
    step = _int(message, "step", MAX_SLIDE)
    return Position(slide, step), _int(message, "seq", 2**53)


def timer_message(state: TimerState, seq: int) -> dict[str, Any]:
    return {
        "type": "timer",
        "running": state.running,
        "elapsed_s": round(state.elapsed_s, 3),
        "at": state.at,
        "origin_s": state.origin_s,
        "entered_s": state.entered_s,
        "seq": seq,
    }


def parse_timer(message: dict[str, Any]) -> tuple[TimerState, int]:
    running = message.get("running")
    if not isinstance(running, bool):
        raise ProtocolError("bad 'running'")
    elapsed = _number(message, "elapsed_s")
    if elapsed < 0:
        raise ProtocolError("bad 'elapsed_s'")
    origin = _number(message, "origin_s") if "origin_s" in message else 0.0
    if origin < 0:
        raise ProtocolError("bad 'origin_s'")
    entered = None if message.get("entered_s") is None else _number(message, "entered_s")
    state = TimerState(running, elapsed, _number(message, "at"), origin, entered)
    return state, _int(message, "seq", 2**53)


NOTICE_SEVERITIES = ("information", "warning", "error")
MAX_NOTICE = 1000
"""Longest notice text sent to the console, in characters."""


def room_message(blank: bool, seq: int) -> dict[str, Any]:
    """The room's screen is blank (or shows the slides again)."""
    return {"type": "room", "blank": blank, "seq": seq}


def parse_room(message: dict[str, Any]) -> tuple[bool, int]:
    blank = message.get("blank")
    if not isinstance(blank, bool):
        raise ProtocolError("bad 'blank'")
    return blank, _int(message, "seq", 2**53)


def notice_message(text: str, severity: str, title: str) -> dict[str, Any]:
    """A notice for the presenter, from the projected terminal to the console."""
    return {"type": "notice", "text": text[:MAX_NOTICE], "severity": severity, "title": title[:80]}


MAX_PROMPT = 80
"""Longest prompt sent to the console, in characters."""


def prompt_message(text: str) -> dict[str, Any]:
    """What the presenter is in the middle of on the projected terminal ("go to 12"),
    for the console to show; "" once it is done."""
    return {"type": "prompt", "text": text[:MAX_PROMPT]}


def parse_prompt(message: dict[str, Any]) -> str:
    text = message.get("text")
    if not isinstance(text, str) or len(text) > MAX_PROMPT:
        raise ProtocolError("bad 'text'")
    return text


def parse_notice(message: dict[str, Any]) -> tuple[str, str, str]:
    text, severity, title = message.get("text"), message.get("severity"), message.get("title", "")
    if not isinstance(text, str) or len(text) > MAX_NOTICE:
        raise ProtocolError("bad 'text'")
    if severity not in NOTICE_SEVERITIES:
        raise ProtocolError("bad 'severity'")
    if not isinstance(title, str) or len(title) > 80:
        raise ProtocolError("bad 'title'")
    return text, severity, title


SHARED_STATE: dict[str, Callable[[dict[str, Any]], tuple[Any, int]]] = {
    "position": parse_position,
    "timer": parse_timer,
    "room": parse_room,
}
"""What the terminals share, each ordered by its `seq`: type -> (value, seq) parser."""
FOR_CONSOLE: dict[str, Callable[[dict[str, Any]], Any]] = {
    "notice": parse_notice,
    "prompt": parse_prompt,
}
"""What the projecting terminal says to the console alone: relayed, never kept or answered."""
