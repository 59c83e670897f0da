"""The shared store's address: a `postgresql://` URL that never carries a password.

The password comes from the standard places only (`~/.pgpass`, `PGPASSFILE`,
`PGPASSWORD`), which the driver reads itself. A URL holding a password is
refused, and the refusal never repeats the URL (it would land in shell history,
logs and screenshots anyway, but not from us).
"""

from __future__ import annotations

import socket
from typing import NamedTuple
from urllib.parse import parse_qsl, urlsplit

SCHEMES = ("postgresql", "postgres")
MAX_LABEL_CHARS = 60


class AddressError(ValueError):
    """The URL, event or room is not usable; the message never contains a password."""


class SharedTarget(NamedTuple):
    """Where and as what a room joins: the store URL, the event name and this room's label."""

    url: str
    event: str
    room: str


def check_url(url: str) -> str:
    """The URL if it is a password-free PostgreSQL URL; else `AddressError`."""
    try:
        parts = urlsplit(url.strip())
        # Reading .password/.port raises on some malformed netlocs.
        password = parts.password
        _ = parts.port
    except ValueError:
        raise AddressError("the --store URL is not a valid postgresql:// URL") from None
    if parts.scheme not in SCHEMES:
        raise AddressError("--store takes a PostgreSQL URL such as postgresql://HOST/DATABASE")
    query = dict(parse_qsl(parts.query))
    if password is not None or "password" in query:
        raise AddressError(
            "the --store URL holds a password; remove it and put the password in "
            "~/.pgpass (or PGPASSFILE, or PGPASSWORD) instead"
        )
    if not parts.path.strip("/"):
        raise AddressError("the --store URL names no database: postgresql://HOST/DATABASE")
    return url.strip()


def safe_display(url: str) -> str:
    """`postgresql://host:port/db`, without user, password or query (safe to print)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or "localhost"
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "postgresql://?"
    return f"{parts.scheme}://{host}{port}{parts.path}"


def check_label(text: str, what: str) -> str:
    """An event or room name: printable, 1 to 60 characters."""
    label = " ".join(str(text).split())
    if not label or len(label) > MAX_LABEL_CHARS or not label.isprintable():
        raise AddressError(f"{what} must be 1 to {MAX_LABEL_CHARS} printable characters")
    return label


def default_room() -> str:
    """The room label when --room is not given: this machine's host name."""
    return check_label(socket.gethostname().split(".")[0] or "room", "the room name")


def shared_target(url: str, event: str | None, room: str | None) -> SharedTarget:
    """The checked triple; --store needs --event, --room defaults to the host name."""
    checked = check_url(url)
    if not event:
        raise AddressError("--store needs --event NAME (the same name in every room)")
    return SharedTarget(
        checked,
        check_label(event, "the event name"),
        check_label(room, "the room name") if room else default_room(),
    )
