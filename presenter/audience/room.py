"""The room: its join code, the device tokens that prove a phone joined, and the URL.

A talk gets a room code of six characters from an alphabet of 22 without
look-alikes (no 0/O/Q, 1/I/L, 2/Z, 5/S, 8/B, U/V), drawn with `secrets`: 22^6,
about 113 million codes (docs/audience.md has the guessing arithmetic). A phone
that joins with the code receives a device token: a random device id and an
HMAC of it under the room's secret, so the server can check a token without
keeping a list and a token from another talk (another secret) is worthless.
Each page's forms carry the device's form token, another HMAC of its id, which
a page of another site cannot read (cross-site request forgery).

The code and secret of a talk session are kept in a small file beside the
store, so that a presenter who restarts after a crash resumes the same talk
and the room's phones keep working; a new talk gets a new code.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import hashlib
import hmac
import ipaddress
import json
import os
import secrets
import socket
from dataclasses import dataclass
from pathlib import Path

ROOM_ALPHABET = "ACDEFGHJKMNPRTWXY34679"
"""No characters that read alike on a projector: 0/O/Q, 1/I/L, 2/Z, 5/S, 8/B, U/V."""
ROOM_CODE_LENGTH = 6
_DEVICE_ID_BYTES = 12
_MAC_BYTES = 16
_VERIFIED_MAX = 20_000
_verified: dict[tuple[bytes, str], str] = {}
"""Tokens already checked (each phone sends its token with every request)."""


def new_room_code() -> str:
    return "".join(secrets.choice(ROOM_ALPHABET) for _ in range(ROOM_CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What a person typed, as a code to compare: case and spaces ignored."""
    return "".join(text.split()).upper()[:16]


@dataclass(frozen=True)
class RoomKey:
    """The room code shown to the room and the secret that signs device tokens."""

    code: str
    secret: bytes

    @classmethod
    def new(cls) -> RoomKey:
        return cls(new_room_code(), secrets.token_bytes(32))

    @classmethod
    def load_or_create(cls, path: Path) -> RoomKey:
        """The key saved at `path` (a resumed talk), else a new one saved there.

        A file that cannot be read or written is not fatal: the talk gets a
        fresh key that lives only in memory.
        """
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            code, secret = str(data["code"]), bytes.fromhex(str(data["secret"]))
            if (
                len(code) == ROOM_CODE_LENGTH
                and all(c in ROOM_ALPHABET for c in code)
                and len(secret) >= 16
            ):
                return cls(code, secret)
        except (OSError, ValueError, KeyError, TypeError):
            pass
        key = cls.new()
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                json.dump({"code": key.code, "secret": key.secret.hex()}, file)
        return key

    def matches(self, typed: str) -> bool:
        return hmac.compare_digest(normalise_code(typed).encode(), self.code.encode())

    def _mac(self, device_id: str) -> str:
        digest = hmac.new(self.secret, device_id.encode("ascii"), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:_MAC_BYTES]).decode("ascii").rstrip("=")

    def form_token(self, device_id: str) -> str:
        """The token every form of this device carries (never the cookie itself)."""
        return _form_token(self.secret, device_id)

    def form_token_matches(self, device_id: str, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(
            str(token).encode("utf-8", "replace"), self.form_token(device_id).encode()
        )

    def issue_token(self) -> tuple[str, str]:
        """A new device: `(device_id, token)`; the token goes into the cookie."""
        device_id = secrets.token_urlsafe(_DEVICE_ID_BYTES)
        return device_id, f"{device_id}.{self._mac(device_id)}"

    def device_of(self, token: str | None) -> str | None:
        """The device id a token was issued for, or None for a forged or foreign token."""
        if not token or len(token) > 80:
            return None
        known = _verified.get((self.secret, token))
        if known is not None:
            return known
        device_id, sep, mac = token.partition(".")
        if not sep or not device_id.isascii() or not mac.isascii():
            return None
        try:
            expected = self._mac(device_id)
        except UnicodeEncodeError:
            return None
        if not hmac.compare_digest(mac, expected):
            return None
        if len(_verified) >= _VERIFIED_MAX:
            _verified.clear()
        _verified[(self.secret, token)] = device_id
        return device_id


@functools.lru_cache(maxsize=_VERIFIED_MAX)
def _form_token(secret: bytes, device_id: str) -> str:
    """Cached: each phone's pages and votes ask for it again and again."""
    digest = hmac.new(secret, ("form:" + device_id).encode("utf-8"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:_MAC_BYTES]).decode("ascii").rstrip("=")


def room_file(data_dir: Path, session_id: int) -> Path:
    return data_dir / f"audience-room-{session_id}.json"


def lan_address(bound_host: str = "") -> str:
    """The address a phone on the same network should use to reach this machine.

    A server bound to one address is reached there. Bound to all interfaces, the
    address of the interface that routes to the local network is found by
    "connecting" a UDP socket (which sends no packet) and reading its own
    address; failing that, the host name's address; failing that, loopback.
    """
    if bound_host and bound_host not in ("0.0.0.0", "::", "*"):
        return bound_host
    for probe in ("10.255.255.255", "192.168.255.255", "172.31.255.255"):
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
                sock.connect((probe, 9))
                address = str(sock.getsockname()[0])
        except OSError:
            continue
        if not ipaddress.ip_address(address).is_loopback and address != "0.0.0.0":
            return address
    try:
        address = socket.gethostbyname(socket.gethostname())
        if not ipaddress.ip_address(address).is_loopback:
            return address
    except (OSError, ValueError):
        pass
    return "127.0.0.1"


def base_url(host: str, port: int) -> str:
    """`http://HOST:PORT` with an IPv6 host in brackets."""
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


def join_url(base: str, code: str) -> str:
    """The URL a QR code carries: opening it joins the room.

    Written in capitals (`HTTP://HOST:PORT/J/CODE`): scheme and host are case
    blind and the server answers `/J/`, and capitals let the QR code use its
    compact alphanumeric mode, a size smaller on the projected screen.
    """
    return f"{base}/J/{code}".upper()
