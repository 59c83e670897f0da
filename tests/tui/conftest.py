"""Decks and helpers for the presenting TUI tests.

Decks are parsed by the real deck core from Markdown text, and apps run through
Textual's real `run_test()` pilot.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from presenter.deck.load import parse_deck
from presenter.deck.model import Deck
from presenter.options import PresentOptions
from presenter.tui.app import PresenterApp

SAMPLE = """\
---
title: Quarterly briefing
subtitle: What changed and what we do next
author: Ann Example
event: Board meeting
date: March 2026
---

<!-- time: 20s -->

Note: Welcome everyone.

---

## Where we stand

- Revenue up, costs flat
- Two teams merged
  - Platform and tools
  - Support
- Hiring paused

---

## The numbers

| Quarter | Revenue | Cost |
| --- | --: | --: |
| Q1 | 10 | 8 |
| Q2 | 12 | 8 |

---

## Three steps

1. Listen first

<!-- pause -->

2. Decide together

<!-- pause -->

3. Report back

---

## Code and quotes

> The best way to predict the future is to invent it.

```python
def answer() -> int:
    return 42
```

Some *emphasis*, **strong**, `code`, ~~gone~~ and a [link](https://example.org).

---

## Questions

Thank you.
"""


def tall_slide(lines: int = 60) -> str:
    items = "\n".join(f"- point number {i}" for i in range(1, lines + 1))
    return f"## A very long slide\n\n{items}\n"


@pytest.fixture(autouse=True)
def private_store(data_dir: Path) -> Path:
    """Every app here (and every subprocess) records into a private store."""
    return data_dir


@pytest.fixture
def sample_deck() -> Deck:
    return parse_deck(SAMPLE, Path("sample.md"))


def make_app(deck: Deck, **options: object) -> PresenterApp:
    """An app over `deck` that does not watch any file."""
    opts = PresentOptions(deck_path=deck.path or Path("deck.md"), **options)  # type: ignore[arg-type]
    return PresenterApp(opts, deck=deck, watch_file=False)


def screen_text(app: PresenterApp) -> str:
    """What the terminal shows now, as plain text (one line per row)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def many_slides(count: int) -> str:
    parts = ["---\ntitle: Big deck\n---\n"]
    for number in range(1, count + 1):
        parts.append(f"## Slide number {number}\n\n- first point of {number}\n- second point\n")
    return "\n---\n\n".join(parts)
