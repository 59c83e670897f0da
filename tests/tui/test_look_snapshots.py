"""Snapshots of what the room sees, in every theme, at 80x24, 120x36 and 200x60:
the title page, a bullet slide, a table, a code slide, an image slide, and the
poll view with and without the phone panel (QR code, URL, room code).

Each runs the real app on a real deck (the image is the authoring deck's).
For the phone panel, the app shows a fixed address and room code instead of
a server's random port and code, so the picture is the same on every run;
the server itself is tested in tests/audience. Update with
`pytest tests/tui/test_look_snapshots.py --snapshot-update` after looking at
the new pictures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.signal import Signal

from presenter.audience.qr import qr_lines
from presenter.audience.room import join_url
from presenter.clock import FakeClock
from presenter.deck.load import parse_deck
from presenter.options import PresentOptions
from presenter.tui.app import PresenterApp
from presenter.tui.render.palette import THEMES

DECKS = Path(__file__).resolve().parents[2] / "decks"

LOOK_DECK = """\
---
title: Budget 2027
subtitle: What changes for the regions
author: Finance team
event: Regional board
date: 3 March 2027
---

---

## Where we stand

- Regional grants rise by a tenth, and reporting gets simpler for every region
- Two teams merged
  - Platform and tools
  - Support
- Hiring paused until the review reports

---

## The numbers

| Quarter | Grants | Cost | Change |
| --- | --: | --: | :-: |
| Q1 | 10.2 | 8.1 | ▲ |
| Q2 | 12.4 | 8.0 | ▲ |
| Q3 | 11.9 | 8.3 | ▼ |

> Figures in millions, before the autumn revision.

---

## The rule in code

```python
# Every region gets its share, rounded down to the euro.
def share(total: int, regions: list[str]) -> dict[str, int]:
    each = total // len(regions)  # the remainder stays in reserve
    return {region: each for region in regions}
```

#### Worked example

`share(100, ["north", "south", "east"])` gives each region 33.

---

## Where the money goes

![A bar chart on a projection screen](authoring-chart.png)

---

## Vote

```poll
question: Which region should pilot the new reporting first?
options:
  - North, where the old system is the oldest and the teams asked first
  - South
  - East
  - West
  - The islands, with their own rules for everything
  - All at once
  - None until the review reports
```
"""

VIEWS = {"title": 1, "bullets": 2, "table": 3, "code": 4, "image": 5, "poll": 6, "poll-qr": 6}
SIZES = {"80x24": (80, 24), "120x36": (120, 36), "200x60": (200, 60)}


class FixedServer:
    """What the phone panel shows of a running vote server, at a fixed address."""

    url = "http://192.168.1.20:8765"
    room_code = "K7M3P"

    def qr_lines(self) -> list[str]:
        return qr_lines(join_url(self.url, self.room_code))


class ShownLink:
    """The app's phone-vote link with the server above running."""

    def __init__(self, app: PresenterApp) -> None:
        self.server = FixedServer()
        self.audience_changed: Signal[None] = Signal(app, "audience-changed")

    async def stop(self) -> None:
        pass


class AppWithPhones(PresenterApp):
    _shown_link: ShownLink | None = None

    @property
    def audience(self) -> Any:  # type: ignore[override]
        if self._shown_link is None:
            self._shown_link = ShownLink(self)
        return self._shown_link


def look_app(view: str, theme: str, data_dir: Path) -> PresenterApp:
    deck = parse_deck(LOOK_DECK, DECKS / "look.md")
    # A poll slide is reached from the slide before it, once the talk (and its
    # store) is up, as in a talk: the poll view then records votes.
    start = VIEWS[view] - 1 if view.startswith("poll") else VIEWS[view]
    options = PresentOptions(
        deck_path=DECKS / "look.md", theme=theme, start=start, data_dir=data_dir
    )
    kind = AppWithPhones if view == "poll-qr" else PresenterApp
    return kind(options, deck=deck, clock=FakeClock(), watch_file=False)


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("view", list(VIEWS))
def test_look(
    snap_compare, live_poll_view, data_dir: Path, view: str, theme: str, size: str
) -> None:  # type: ignore[no-untyped-def]
    app = look_app(view, theme, data_dir)

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await app.talk.started()
        if view.startswith("poll"):
            await pilot.press("right")
            await live_poll_view(pilot)
            # Open the poll and count a few votes from the keyboard.
            await pilot.press("enter", "1", "1", "1", "2", "5")
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)
