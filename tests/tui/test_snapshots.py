"""Snapshots at 100x30 of the overview and the help screen, in every theme (the
slides and the poll view are in test_look_snapshots.py). Update with
`pytest --snapshot-update` after checking the new SVGs by eye."""

from __future__ import annotations

from pathlib import Path

import pytest

from presenter.clock import FakeClock
from presenter.deck.load import parse_deck
from presenter.logs import ENV_LOG_DIR
from presenter.options import PresentOptions
from presenter.tui.app import PresenterApp
from presenter.tui.render.palette import THEMES

from .conftest import SAMPLE

SIZE = (100, 30)
VIEWS = {
    "overview": (3, ("o",)),
    "help": (1, ("question_mark",)),
}


def snapshot_app(theme: str, start: int) -> PresenterApp:
    deck = parse_deck(SAMPLE, Path("sample.md"))
    options = PresentOptions(deck_path=Path("sample.md"), theme=theme, start=start)
    return PresenterApp(options, deck=deck, clock=FakeClock(), watch_file=False)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("view", list(VIEWS))
def test_snapshot(snap_compare, theme: str, view: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(ENV_LOG_DIR, "/var/log/presenter")  # the help shows the log file
    start, keys = VIEWS[view]
    assert snap_compare(snapshot_app(theme, start), press=keys, terminal_size=SIZE)
