"""`AudiencePanel`: where phones join, on the poll view: URL, room code, QR code.

Hidden until the vote server runs. The QR code is drawn with half blocks in
black on white whatever the theme, with its quiet zone, so phone cameras read
it from the projected screen. Nothing here is markup: every line is plain text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from presenter.tui.render.poll_layout import PANEL_HELP

if TYPE_CHECKING:
    from presenter.tui.audience_link import AudienceLink


class AudiencePanel(Vertical):
    """The room's way in: scan the code, or type the URL and the room code."""

    DEFAULT_CSS = """
    AudiencePanel {
        width: auto;
        height: auto;
        padding: 0 1;
        display: none;
    }
    AudiencePanel.-running {
        display: block;
    }
    AudiencePanel.-right {
        dock: right;
        height: 100%;
        align-vertical: middle;
    }
    AudiencePanel.-compact > #audience-qr,
    AudiencePanel.-compact > .audience-help {
        display: none;
    }
    AudiencePanel > #audience-qr {
        width: auto;
        color: black;
        background: white;
    }
    AudiencePanel > #audience-url {
        text-style: bold;
        width: auto;
    }
    AudiencePanel > #audience-code {
        width: auto;
        text-style: bold;
        color: $text-accent;
    }
    AudiencePanel > .audience-help {
        color: $text-muted;
        width: auto;
    }
    """

    class Changed(Message):
        """The panel appeared, or its QR code changed size: the poll view lays out again."""

    qr_size: tuple[int, int] | None = None
    """(columns, rows) of the QR code shown, None while no server runs."""
    url_width: int = 0

    def compose(self) -> ComposeResult:
        yield Static("", id="audience-qr")
        yield Static(PANEL_HELP, classes="audience-help")
        yield Static("", id="audience-url")
        yield Static("", id="audience-code")

    def __init__(self, audience: AudienceLink | None = None) -> None:
        super().__init__()
        self.audience = audience

    def on_mount(self) -> None:
        if self.audience is not None:
            self.audience.audience_changed.subscribe(self, self.show_server)
        self.show_server()

    def show_server(self, _: object = None) -> None:
        server = self.audience.server if self.audience is not None else None
        self.set_class(server is not None, "-running")
        if server is None:
            if self.qr_size is not None:
                self.qr_size = None
                self.post_message(self.Changed())
            return
        lines = server.qr_lines()
        size = (max((len(line) for line in lines), default=0), len(lines))
        self.url_width = len(server.url)
        if size != self.qr_size:
            self.qr_size = size
            self.post_message(self.Changed())
        self.query_one("#audience-qr", Static).update(Content("\n".join(lines)))
        self.query_one("#audience-url", Static).update(Content(server.url))
        self.query_one("#audience-code", Static).update(Content(f"room code {server.room_code}"))
