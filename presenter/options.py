"""What the command line asks of a presenting session, as one frozen value.

Built by `cli.py`, read by the TUI and the audience server; kept here so that
neither has to know about argument parsing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal, NamedTuple

from presenter.bundled import DEFAULT_DECK_NAME, bundled_deck
from presenter.shared.address import SharedTarget

Mode = Literal["present", "console", "rehearse"]

DEFAULT_DECK = bundled_deck(DEFAULT_DECK_NAME)
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
    dialect: str | None = None
    """The tool the deck was written for (`--dialect`), overriding the deck's own signs."""
    resume: bool = False
    """Reopen the deck's last session of this kind, ended or interrupted (`--resume`)."""
    start_step: int = 0
    """The step of slide `start` to open at (a resumed talk's)."""
    shared: SharedTarget | None = None
    """The shared event this talk counts into (`--store`, `--event`, `--room`)."""
