"""The core, and the handout export, never import Textual, Rich or aiohttp (ARCHITECTURE.md).

Every module of the core packages is found by walking them, so a new module
is checked without anyone remembering to list it.
"""

from __future__ import annotations

import subprocess
import sys

CORE_PACKAGES = [
    "presenter.deck",
    "presenter.polls",
    "presenter.rehearsal",
    "presenter.sync",
    "presenter.shared",
]
CORE_PACKAGES.append("presenter.export")  # handouts: like the core, no Textual (ARCHITECTURE.md)
CORE_MODULES = [
    "presenter.clock",
    "presenter.options",
    "presenter.store",
    "presenter.session",
    "presenter.resume",
    "presenter.logs",
    "presenter.exporting",
    "presenter.outside_text",
    "presenter.command_line",
    "presenter.cli",
]

PROBE = f"""
import importlib, pkgutil, sys
names = list({CORE_MODULES!r})
for package in {CORE_PACKAGES!r}:
    names.append(package)
    module = importlib.import_module(package)
    names += [info.name for info in pkgutil.walk_packages(module.__path__, package + ".")]
for name in names:
    importlib.import_module(name)
leaked = sorted(m for m in ("textual", "rich", "aiohttp", "psycopg") if m in sys.modules)
print(len(names), ",".join(leaked))
"""


def test_core_imports_neither_textual_rich_nor_aiohttp() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True
    )
    count, _, leaked = result.stdout.strip().partition(" ")
    assert int(count) > 30  # the walk found the core, not an empty list
    assert leaked == ""
