"""Suggestions: typed or sent, pending in the queue only, shown on the poll view once approved,
and always shown literally (no markup, no escape sequences)."""

from __future__ import annotations

from textual.app import App, ComposeResult

from presenter.tui.screens.poll_dialogs import SuggestionDialog
from presenter.tui.widgets.poll_suggestions import ModerationQueue, SuggestionList
from presenter.tui.widgets.poll_text import clean_text

HOSTILE = [
    "[bold]Bold[/bold] idea",
    "[link=https://example.invalid]click me[/link]",
    "red\x1b[31m alert\x1b[0m",
    "title\x1b]0;pwned\x07 change",
    "bell\x07 and \x9b2J c1 csi",
]


def test_clean_text_strips_sequences_and_caps_length():
    assert clean_text("red\x1b[31m alert\x1b[0m") == "red alert"
    assert clean_text("title\x1b]0;pwned\x07 change") == "title change"
    assert clean_text("a\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\b") == "alinkb"
    assert clean_text("bell\x07 and \x9b2J c1") == "bell and c1"
    assert clean_text("tab\there\nnew line\r") == "tab here new line"
    assert clean_text("abc\u202egnp.exe") == "abcgnp.exe"
    assert clean_text("[bold]x[/]") == "[bold]x[/]"
    long = clean_text("word " * 100)
    assert len(long) == 280 and long.endswith("…")


async def test_type_moderate_and_show(change_first, poll_app, settle, widget_text):
    app = poll_app(change_first)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter")
        await settle(pilot)
        desk = app.poll_desk

        # The presenter types one (with markup in it) ...
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SuggestionDialog)
        await pilot.press(*"[b]Open data[/b] first", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, SuggestionDialog)
        # ... and two arrive from phones, hostile ones.
        desk.votes.suggest(desk.session_id, change_first, HOSTILE[0], "phone-1", clock=desk.clock)
        desk.votes.suggest(desk.session_id, change_first, HOSTILE[1], "phone-2", clock=desk.clock)
        desk.changed(change_first.id)
        await settle(pilot)

        # The queue is the console's (Tab); the room sees none of it.
        poll_view = widget_text(app, "PollView")
        assert "Open data" not in poll_view and "Bold" not in poll_view
        assert "Ideas from the room" not in poll_view
        await pilot.press("tab")
        await settle(pilot)
        queue = widget_text(app, ModerationQueue)
        assert "Suggestions to moderate (3)" in queue
        assert "[b]Open data[/b] first" in queue
        assert "[bold]Bold[/bold] idea" in queue
        assert "[link=https://example.invalid]cl" in queue and "ick me[/link]" in queue

        # Approve the first (highlighted), then `]` to the last and approve it, reject the rest.
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("right_square_bracket", "a")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)

        statuses = {s.text: s.status for s in desk.votes.suggestions(desk.session_id)}
        assert statuses == {
            "[b]Open data[/b] first": "approved",
            HOSTILE[0]: "rejected",
            HOSTILE[1]: "approved",
        }
        assert "Nothing waiting" in widget_text(app, ModerationQueue)
        await pilot.press("tab")
        await settle(pilot)
        poll_view = widget_text(app, "PollView")
        assert "Ideas from the room" in poll_view
        assert "• [b]Open data[/b] first" in poll_view
        assert "• [link=https://example.invalid]click me[/link]" in poll_view
        assert "Bold" not in poll_view

        # Nothing left: `a` says so instead of failing.
        await pilot.press("tab", "a")
        await settle(pilot)
        assert "No suggestion is waiting." in [n.message for n in app._notifications]


async def test_suggestion_refused_when_the_poll_takes_none(hidden_poll, poll_app, settle):
    app = poll_app(hidden_poll)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s")
        await settle(pilot)
        assert not isinstance(app.screen, SuggestionDialog)
        assert any("does not take suggestions" in n.message for n in app._notifications)


class _Shown(App[None]):
    def __init__(self, texts: tuple[str, ...]) -> None:
        super().__init__()
        self.texts = texts

    def compose(self) -> ComposeResult:
        yield SuggestionList()

    def on_mount(self) -> None:
        self.query_one(SuggestionList).texts = self.texts


async def test_raw_escape_sequences_never_reach_the_terminal(screen_text):
    """Even text that skipped the store's cleaning is drawn without its control characters."""
    app = _Shown(tuple(HOSTILE))
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "• [bold]Bold[/bold] idea" in text
        assert "• [link=https://example.invalid]click me[/link]" in text
        assert "• red alert" in text
        assert "• title change" in text
        assert "• bell and c1 csi" in text
        assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text
        # The terminal output itself: no OSC title change, no stray BEL.
        frame = "".join(
            segment.text for strip in app.screen._compositor.render_strips() for segment in strip
        )
        assert "pwned" not in frame and "\x07" not in frame
