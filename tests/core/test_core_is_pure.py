"""The core (deck, polls, rehearsal, store) never imports Textual or aiohttp."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "presenter.deck",
    "presenter.deck.model",
    "presenter.deck.position",
    "presenter.clock",
    "presenter.options",
    "presenter.cli",
]
OPTIONAL_CORE = [
    "presenter.deck.load",
    "presenter.deck.check",
    "presenter.polls",
    "presenter.polls.ballots",
    "presenter.polls.tally",
    "presenter.polls.results",
    "presenter.rehearsal",
    "presenter.rehearsal.timings",
    "presenter.rehearsal.report",
    "presenter.store",
    "presenter.sync",
]


def test_core_imports_neither_textual_nor_aiohttp() -> None:
    code = f"""
import importlib, importlib.util, sys
for name in {CORE!r}:
    importlib.import_module(name)
for name in {OPTIONAL_CORE!r}:
    if importlib.util.find_spec(name) is not None:
        importlib.import_module(name)
leaked = sorted(m for m in ("textual", "aiohttp", "rich") if m in sys.modules)
print(",".join(leaked))
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
