"""The poll in the presenter console of the real app: run it, moderate, and the room's view follows."""

from __future__ import annotations

from presenter.clock import FakeClock
from presenter.options import DEFAULT_DECK, PresentOptions
from presenter.tui.app import PresenterApp
from presenter.tui.widgets.poll_console import PollConsolePanel


async def test_console_runs_the_poll_and_moderates(
    data_dir, settle, screen_text, widget_text, live_poll_view
):
    app = PresenterApp(
        PresentOptions(DEFAULT_DECK, data_dir=data_dir), clock=FakeClock(), watch_file=False
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await app.talk.started()
        number = next(i for i, s in enumerate(app.deck.shown, 1) if s.poll is not None)
        app.go_to_slide(number)
        await live_poll_view(pilot)
        await pilot.press("tab")
        await settle(pilot)
        assert isinstance(app.focused, PollConsolePanel)  # a/x/[/] are its keys
        await pilot.press("enter", "1", "1", "s", *"[red]Open data[/red]", "enter")
        await settle(pilot)
        panel = widget_text(app, "#poll-console")
        assert "OPEN · 2 voters" in panel
        assert "Suggestions to moderate (1)" in panel and "[red]Open data[/red]" in panel

        # Not on the room's view before approval ...
        await pilot.press("tab")
        await settle(pilot)
        assert "OPEN · 2 voters" in screen_text(app)
        assert "Open data" not in screen_text(app)

        # ... approved in the console, it is.
        await pilot.press("tab", "a")
        await settle(pilot)
        assert "Nothing waiting" in widget_text(app, "#poll-console")
        await pilot.press("tab")
        await settle(pilot)
        assert "• [red]Open data[/red]" in screen_text(app)
