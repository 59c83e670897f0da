"""A console opened through a symlink to the deck is the same talk: it links and shares the session."""

from __future__ import annotations

from pathlib import Path

from presenter.clock import FakeClock
from presenter.deck.position import Position
from presenter.tui.app import PresenterApp

from .conftest import make_app, until

SIZE = (120, 36)


def linked(app: PresenterApp) -> bool:
    return app.talk.link is not None and app.talk.link.peers >= 1


async def test_a_console_through_a_symlink_links_to_the_talk(
    deck_path: Path, clock: FakeClock, tmp_path: Path
) -> None:
    alias = tmp_path / "elsewhere" / "talk.md"
    alias.parent.mkdir()
    alias.symlink_to(deck_path)
    projected = make_app(deck_path, clock, mode="present")
    console = make_app(alias, clock, mode="console")
    async with projected.run_test(size=SIZE) as pp:
        # The talk's session exists before the console looks for it.
        await until(pp.pause, lambda: projected.talk.session is not None)
        async with console.run_test(size=SIZE) as cp:
            await until(cp.pause, lambda: linked(projected) and linked(console))
            await cp.press("right")
            await until(pp.pause, lambda: projected.position == Position(1, 0))
            await until(cp.pause, lambda: console.talk.session is not None)
            assert console.talk.session is not None and projected.talk.session is not None
            assert console.talk.session.id == projected.talk.session.id
