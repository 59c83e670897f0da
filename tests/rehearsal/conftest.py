"""Fixtures for rehearsal tests: a small deck with budgets, a real store, a fake clock."""

from __future__ import annotations

from pathlib import Path

import pytest

from presenter.deck.load import load_deck
from presenter.deck.model import Deck

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
