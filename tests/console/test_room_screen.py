"""The room's screen shows the slides, the poll view and black, nothing else: notices
and prompts for the presenter go to the console when one is linked (Tab in the same
terminal, or a second terminal), `b` in the console blanks the projected screen, and
presenting alone a notice never shows a file path."""

from __future__ import annotations

from pathlib import Path

from presenter.clock import FakeClock
from presenter.tui.app import PresenterApp

from .conftest import make_app, until

SIZE = (120, 36)


def shown(app: PresenterApp) -> str:
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def linked(app: PresenterApp) -> bool:
    return app.talk.link is not None and app.talk.link.peers >= 1


async def test_alone_a_notice_is_short_and_shows_no_path(deck_path: Path, clock: FakeClock) -> None:
    app = make_app(deck_path, clock, mode="present")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.tell(
            f"Not reloaded: {deck_path.resolve()}:3:1: bad poll", title="Deck", severity="error"
        )
        await pilot.pause()
        text = shown(app)
        assert "pacing.md:3:1: bad poll" in text
        assert str(deck_path.parent) not in text.replace("\n", "")


async def test_after_tab_notices_wait_for_the_console(deck_path: Path, clock: FakeClock) -> None:
    app = make_app(deck_path, clock, mode="present")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("tab")
        await pilot.pause()
        assert app.current_mode == "console"
        await pilot.press("tab")
        await pilot.pause()
        assert app.current_mode == "slides"
        app.tell("The poll is not open.", title="Poll")
        await pilot.pause()
        assert "The poll is not open." not in shown(app)
        await pilot.press("tab")
        await pilot.pause()
        assert "The poll is not open." in shown(app)
        # Questions are the presenter's too: the console shows them.
        await pilot.press("q")
        await pilot.pause()
        assert "end the talk? q/y" in shown(app)
        await pilot.press("n")  # goes on with the talk
        await pilot.pause()
        assert app.is_running and app.current_mode == "console"


async def test_the_console_blanks_the_projected_screen(deck_path: Path, clock: FakeClock) -> None:
    projected = make_app(deck_path, clock, mode="present")
    console = make_app(deck_path, clock, mode="console")
    async with projected.run_test(size=SIZE) as pp, console.run_test(size=SIZE) as cp:
        await until(cp.pause, lambda: linked(projected) and linked(console))
        await cp.press("b")
        await until(pp.pause, lambda: projected.room_blank)
        assert shown(projected).strip() == ""
        await until(cp.pause, lambda: "room screen: blank" in shown(console))
        # Any key in the console brings the slides back, and does nothing else.
        await cp.press("right")
        await until(pp.pause, lambda: not projected.room_blank)
        assert projected.position.slide == 0 and console.position.slide == 0
        await until(cp.pause, lambda: "room screen: blank" not in shown(console))
        assert shown(projected).strip() != ""


async def test_notices_of_the_projected_terminal_show_on_the_linked_console(
    deck_path: Path, clock: FakeClock
) -> None:
    projected = make_app(deck_path, clock, mode="present")
    console = make_app(deck_path, clock, mode="console")
    async with (
        projected.run_test(size=SIZE, notifications=True) as pp,
        console.run_test(size=SIZE, notifications=True) as cp,
    ):
        await until(cp.pause, lambda: linked(projected) and linked(console))
        projected.tell("Suggestion added.", title="Poll")
        await until(cp.pause, lambda: "Suggestion added." in shown(console))
        await pp.pause()
        assert "Suggestion added." not in shown(projected)
        # A typed number is not shown to the room either.
        await pp.press("3")
        await pp.pause()
        assert "go to 3" not in shown(projected)
        await pp.press("enter")
        await until(cp.pause, lambda: console.position.slide == 2)
