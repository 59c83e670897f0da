"""A poll slide in the real app: the live view swapped in, and the slide back in
the same move when the presenter leaves (the view taken apart after that frame)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from presenter.clock import FakeClock
from presenter.deck.load import load_deck
from presenter.options import PresentOptions
from presenter.tui.app import PresenterApp
from presenter.tui.widgets.slide_view import SlideView

DECK = """---
title: Stage
notes: false
---

## Before

The slide before the vote.

---

## Vote

```poll
question: Which comes first?
options:
  - Listening
  - Broadcasting
```

---

## After

The slide after the vote.
"""


async def until(pilot: Pilot[None], predicate: Callable[[], bool]) -> None:
    """Let the app run until `predicate()` holds (its timers fire meanwhile)."""
    async with asyncio.timeout(10):
        while not predicate():
            await pilot.pause()


async def test_poll_view_swaps_in_after_the_slide_and_out_at_once(
    tmp_path: Path, data_dir: Path, screen_text, live_poll_view
) -> None:
    path = tmp_path / "stage.md"
    path.write_text(DECK, encoding="utf-8")
    options = PresentOptions(path, start=2, data_dir=data_dir)
    app = PresenterApp(options, deck=load_deck(path), clock=FakeClock(), watch_file=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.talk.started()
        slide_view = app.screen.query_one(SlideView)
        view = await live_poll_view(pilot)
        assert not slide_view.display

        await pilot.press("right")
        # In the same move: the slide is shown and the poll view hidden ...
        assert slide_view.display and not view.display
        await pilot.pause()
        assert "The slide after the vote." in screen_text(app)
        # ... and taken apart once that frame is out.
        await until(pilot, lambda: not view.is_attached)

        await pilot.press("left")
        assert await live_poll_view(pilot) is not view
        assert not slide_view.display
