"""The poll in the presenter console of the real app: run it, moderate, and the room's view follows."""

from __future__ import annotations

import asyncio

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


async def test_the_suggestion_panel_says_what_is_true(poll_app, change_first, settle, data_dir):
    """A rehearsal stores suggestions: its console never says they are not stored."""
    from presenter.tui.widgets.poll_suggestions import ModerationQueue

    app = poll_app(change_first, mode="rehearse")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        queue = app.screen.query_one(ModerationQueue)

        def shown() -> str:
            return str(queue.query_one("OptionList").get_option_at_index(0).prompt)

        # Opening first; then the store's answer, once the desk sees the store open.
        async with asyncio.timeout(10):
            while shown() == "Opening the vote store…":
                await pilot.pause()
                await app.workers.wait_for_complete()
        assert app.poll_desk.stored
        assert shown() == "Nothing waiting. a approves, x rejects."


async def test_dialogs_never_open_on_the_room_screen(change_first, settle, data_dir, screen_text):
    """With a console linked in a second terminal, `s` on the projected screen opens no
    dialog there: the console says where to type it, and its `s` opens the dialog."""
    from presenter.tui.screens.poll_dialogs import SuggestionDialog

    from .conftest import make_poll_app

    projected = make_poll_app(data_dir, change_first)
    console = make_poll_app(data_dir, change_first, mode="console")
    async with projected.run_test(size=(100, 30), notifications=True) as pp:
        await settle(pp)
        async with console.run_test(size=(120, 40), notifications=True) as cp:
            async with asyncio.timeout(10):
                while not projected.console_elsewhere:
                    await pp.pause()
                    await cp.pause()
            await pp.press("s")
            await settle(pp)
            assert not isinstance(projected.screen, SuggestionDialog)
            async with asyncio.timeout(10):
                while "Answer this in the console" not in screen_text(console):
                    await cp.pause()
            assert "Answer this in the console" not in screen_text(projected)
            await cp.press("s")
            await settle(cp)
            assert isinstance(console.screen, SuggestionDialog)
