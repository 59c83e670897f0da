"""The PostgreSQL driver (psycopg 3), imported only when a shared store is used.

`connect(url)` gives a connection in autocommit mode (each function that uses
it opens its own short transaction, and no read leaves one open) with short
timeouts, so that an unreachable server is noticed in seconds rather than
minutes.
"""

from __future__ import annotations

from typing import Any

from presenter.shared.address import safe_display

CONNECT_TIMEOUT_S = 3
# Forwarding and reading are short statements; one that takes longer than
# this is a server in trouble, and the forwarder retries later.
STATEMENT_TIMEOUT_MS = 10_000


class SharedStoreError(Exception):
    """The shared store cannot be reached or used; the message is one sentence, no password."""


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError:
        raise SharedStoreError(
            "--store needs the PostgreSQL driver: pip install 'presenter[postgres]'"
        ) from None
    return psycopg


def require_driver() -> None:
    """Raise `SharedStoreError` now (not mid-talk) when the driver is not installed."""
    _psycopg()


def driver_errors() -> tuple[type[BaseException], ...]:
    """The exceptions that mean "the shared store is not answering right now"."""
    return (SharedStoreError, _psycopg().Error, OSError)


def connect(url: str, *, application_name: str = "presenter") -> Any:
    """A new connection; raises `SharedStoreError` (never showing the password)."""
    psycopg = _psycopg()
    try:
        return psycopg.connect(
            url,
            connect_timeout=CONNECT_TIMEOUT_S,
            application_name=application_name,
            autocommit=True,
            options=f"-c statement_timeout={STATEMENT_TIMEOUT_MS}",
            # TCP keepalives: a server that vanished without closing is noticed.
            keepalives=1,
            keepalives_idle=5,
            keepalives_interval=2,
            keepalives_count=3,
        )
    except psycopg.Error as error:
        raise SharedStoreError(describe(error, url)) from None


def describe(error: BaseException, url: str) -> str:
    """One sentence about a driver error, naming the server without credentials."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    lowered = text.lower()
    if "no password supplied" in lowered:
        text = "no password found: put it in ~/.pgpass (or the file PGPASSFILE names) or PGPASSWORD"
    elif "password" in lowered and "authentication" not in lowered:
        # The driver's own message may quote the connection string; never repeat it.
        text = "authentication failed"
    return f"shared store {safe_display(url)}: {text}"
