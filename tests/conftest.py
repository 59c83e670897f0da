"""Fixtures shared by every test folder."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DECKS = ROOT / "decks"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private store directory, also exported as PRESENTER_DATA for subprocesses."""
    path = tmp_path / "data"
    path.mkdir()
    monkeypatch.setenv("PRESENTER_DATA", str(path))
    return path
