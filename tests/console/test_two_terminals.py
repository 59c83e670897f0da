"""Two app instances of one talk in one event loop, linked over a real Unix socket."""

from __future__ import annotations

import contextlib
from pathlib import Path

from presenter.clock import FakeClock
from presenter.deck.position import Position
from presenter.tui.app import PresenterApp
from presenter.tui.screens.console import ConsoleScreen
from presenter.tui.screens.slides import SlideScreen

from .conftest import make_app, until

SIZE = (120, 36)


def linked(app: PresenterApp) -> bool:
    return app.talk.link is not None and app.talk.link.peers >= 1


def serving(app: PresenterApp) -> bool:
    return app.talk.link is not None and app.talk.link.serving


async def test_console_and_projected_view_follow_each_other(
    deck_path: Path, clock: FakeClock
) -> None:
    projected = make_app(deck_path, clock, mode="present")
    console = make_app(deck_path, clock, mode="console")
    async with projected.run_test(size=SIZE) as pp, console.run_test(size=SIZE) as cp:
        await until(cp.pause, lambda: linked(projected) and linked(console))
        assert isinstance(projected.screen, SlideScreen)
        assert isinstance(console.screen, ConsoleScreen)
        await cp.press("right")  # the console drives
        await until(pp.pause, lambda: projected.position == Position(1, 0))
        await pp.press("right", "right")  # the projected side drives
        await until(cp.pause, lambda: console.position == Position(1, 2))
        assert console.screen.query_one("#current").step == 2
        await cp.press("3", "enter")
        await until(pp.pause, lambda: projected.position == Position(2, 0))
        # The timer follows too: the console pauses it, the projected side sees it paused.
        clock.advance(42)
        await cp.press("t")
        await until(pp.pause, lambda: projected.talk.pacing.timer.phase == "paused")
        assert projected.talk.pacing.timer.elapsed() == console.talk.pacing.timer.elapsed()


async def test_either_side_restarts_and_rejoins(deck_path: Path, clock: FakeClock) -> None:
    projected = make_app(deck_path, clock, mode="present")
    async with projected.run_test(size=SIZE) as pp:
        first = make_app(deck_path, clock, mode="console")
        async with first.run_test(size=SIZE) as cp:
            await until(cp.pause, lambda: linked(first))
            await cp.press("right", "right", "right", "right")
            await until(pp.pause, lambda: projected.position == Position(2, 0))
        # The console quit; the talk goes on alone and moves on.
        await until(pp.pause, lambda: projected.talk.link.peers == 0)
        await pp.press("right")
        again = make_app(deck_path, clock, mode="console")
        async with again.run_test(size=SIZE) as cp:
            # A fresh console opens on slide 1 but joins the talk where it is.
            await until(cp.pause, lambda: again.position == Position(3, 0))
            assert again.talk.link is not None and not again.talk.link.serving
    # Now the projected side is gone: a console alone takes over the socket,
    # and a projected view started again follows the console.
    console = make_app(deck_path, clock, mode="console")
    async with console.run_test(size=SIZE) as cp:
        await cp.press("2", "enter")
        restarted = make_app(deck_path, clock, mode="present")
        async with restarted.run_test(size=SIZE) as pp:
            await until(pp.pause, lambda: restarted.position == Position(1, 0))
            await pp.press("end")
            await until(cp.pause, lambda: console.position == Position(3, 0))


async def test_a_hostile_local_client_does_not_disturb_the_talk(
    deck_path: Path, clock: FakeClock
) -> None:
    import asyncio

    projected = make_app(deck_path, clock, mode="present")
    async with projected.run_test(size=SIZE) as pp:
        # Presenting, the talk (and its link) starts once slide 1 is on screen.
        await until(pp.pause, lambda: serving(projected))
        link = projected.talk.link
        assert link is not None
        reader, writer = await asyncio.open_unix_connection(str(link.socket_path))
        writer.write(b"\x00\x01 not the protocol\n")
        async with asyncio.timeout(10):
            await reader.read()  # dropped: end of stream
        with contextlib.suppress(ConnectionError):
            writer.close()
        await pp.press("right")
        assert projected.position == Position(1, 0)
        assert link.serving
