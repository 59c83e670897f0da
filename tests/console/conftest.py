"""A deck with budgets, pauses and notes, and apps that run on a FakeClock."""

from __future__ import annotations

import os
import time
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest

from presenter.clock import FakeClock
from presenter.deck.load import load_deck
from presenter.options import PresentOptions
from presenter.tui.app import PresenterApp

LONG_NOTES = "\n".join(f"Detail line {n}: say this slowly and clearly." for n in range(1, 41))

PACING_DECK = f"""\
---
title: Pacing test
subtitle: Clocks and notes
duration: 5m
---

<!-- time: 30s -->

Note: Welcome everyone.

---

# Agenda

<!-- time: 60s -->

- one

<!-- pause -->

- two

<!-- pause -->

- three

Note: Walk through the **three** points.

---

# Details

<!-- time: 90s -->

Body text of the details slide.

Note:
{LONG_NOTES}

---

# Close

Thanks, [bold red]not markup[/].
"""

WAIT_S = 10.0


@pytest.fixture(autouse=True)
def utc() -> Iterator[None]:
    """The wall clock shows local time: pin the zone so screens are the same everywhere."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.fixture
def deck_path(tmp_path: Path) -> Path:
    path = tmp_path / "pacing.md"
    path.write_text(PACING_DECK, encoding="utf-8")
    return path


def make_app(
    deck_path: Path, clock: FakeClock, mode: str = "console", **options: object
) -> PresenterApp:
    opts = PresentOptions(deck_path=deck_path, mode=mode, **options)  # type: ignore[arg-type]
    return PresenterApp(opts, deck=load_deck(deck_path), clock=clock, watch_file=False)


async def until(pilot_pause: Callable[[], Awaitable[None]], predicate: Callable[[], bool]) -> None:
    """Let the apps run until `predicate()` holds (an event from another app or the socket)."""
    import asyncio

    async with asyncio.timeout(WAIT_S):
        while not predicate():
            await pilot_pause()
