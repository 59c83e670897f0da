"""What the command line asks of a presenting session, as one frozen value.

Built by `cli.py`, read by the TUI and the audience server; kept here so that
neither has to know about argument parsing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, NamedTuple

from presenter.shared.address import SharedTarget

Mode = Literal["present", "console", "rehearse"]

BUNDLED_DECKS = Path(__file__).resolve().parent.parent / "decks"
DEFAULT_DECK = BUNDLED_DECKS / "gov-1-5.md"
DEFAULT_AUDIENCE_PORT = 8765


class AudienceAddress(NamedTuple):
    """Where the vote server listens: `host` "" means all interfaces."""

    host: str = ""
    port: int = DEFAULT_AUDIENCE_PORT

    @classmethod
    def parse(cls, text: str) -> AudienceAddress:
        """`PORT`, `HOST:PORT` or `[V6HOST]:PORT`; raises ValueError with a clear message."""
        host, sep, port_text = text.rpartition(":")
        if not sep:
            host, port_text = "", text
        host = host.strip("[]")
        try:
            port = int(port_text)
        except ValueError:
            raise ValueError(f"expected [HOST:]PORT, got {text!r}") from None
        if not 0 <= port <= 65535:
            raise ValueError(f"port {port} is out of range (0-65535)")
        return cls(host, port)


class PresentOptions(NamedTuple):
    deck_path: Path
    mode: Mode = "present"
    start: int = 1
    """1-based slide number, as the footer counts."""
    theme: str | None = None
    data_dir: Path | None = None
    audience: AudienceAddress | None = None
    new_session: bool = False
    label: str | None = None
    shared: SharedTarget | None = None
    """The shared event this talk counts into (`--store`, `--event`, `--room`)."""
