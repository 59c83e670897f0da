"""Fixtures for poll tests: a real store in a temporary folder, a session, sample polls."""

from __future__ import annotations

from pathlib import Path

import pytest

from presenter.clock import FakeClock
from presenter.deck.model import Poll, PollOption
from presenter.session import start_session
from presenter.store import Store


def make_poll(
    poll_id: str = "change-first",
    kind: str = "single",
    options: tuple[str, ...] = ("a", "b", "c"),
    *,
    max: int = 1,
    suggestions: bool = True,
    results: str = "live",
) -> Poll:
    return Poll(
        id=poll_id,
        question=f"Question {poll_id}?",
        options=tuple(PollOption(o, f"Option {o.upper()}") for o in options),
        kind=kind,  # type: ignore[arg-type]
        max=max,
        suggestions=suggestions,
        results=results,  # type: ignore[arg-type]
    )


@pytest.fixture(name="make_poll")
def make_poll_fixture():
    """The `make_poll` factory, for tests (conftest modules cannot be imported)."""
    return make_poll


@pytest.fixture
def session_id(store: Store, clock: FakeClock, tmp_path: Path) -> int:
    return start_session(store, tmp_path / "deck.md", "talk", clock=clock).id
