"""Fixtures for rehearsal tests: a small deck with budgets, a real store, a fake clock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from presenter.clock import FakeClock
from presenter.deck.load import load_deck
from presenter.deck.model import Deck
from presenter.store import Store

DECK = """---
title: Timing test
duration: 3m
---

<!-- time: 30s -->

# One

Hello.

<!-- pause -->

More.

---

<!-- time: 60s -->

# Two

Body two.

---

<!-- skip -->

# Hidden

---

# Three

No own budget: gets what is left.
"""


@pytest.fixture
def deck_file(tmp_path: Path) -> Path:
    path = tmp_path / "talk.md"
    path.write_text(DECK, encoding="utf-8")
    return path


@pytest.fixture
def deck(deck_file: Path) -> Deck:
    return load_deck(deck_file)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    with Store.open(data_dir) as opened:
        yield opened
