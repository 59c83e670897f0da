"""Fixtures of the poll screen tests: the real app on a one-poll deck, a real store in
a temporary folder, and the text on screen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.app import App
from textual.pilot import Pilot

from presenter.clock import FakeClock
from presenter.deck.load import load_deck
from presenter.deck.model import Poll, PollOption
from presenter.options import PresentOptions
from presenter.tui.app import PresenterApp

CHANGE_FIRST = Poll(
    id="change-first",
    question="What would you change first?",
    options=(
        PollOption("unit", "A dedicated social media unit"),
        PollOption("mentoring", "Reverse mentoring"),
        PollOption("listen", "Ministers who listen online"),
    ),
    suggestions=True,
)
HIDDEN = Poll(
    id="hidden",
    question="Which risk worries you most?",
    options=(
        PollOption("privacy", "Privacy"),
        PollOption("trolls", "Trolls"),
        PollOption("cost", "Cost"),
    ),
    results="after-close",
)


def poll_deck_text(poll: Poll) -> str:
    """A one-slide deck whose slide is `poll`, as Markdown."""
    lines = [
        "---",
        "title: Polls",
        "---",
        "",
        "# Your call",
        "",
        "```poll",
        f"id: {poll.id}",
        f"question: {poll.question}",
        "options:",
    ]
    for option in poll.options:
        lines += [f"  - id: {option.id}", f"    label: {option.label}"]
    lines += [
        f"suggestions: {str(poll.suggestions).lower()}",
        f"results: {poll.results}",
        "```",
        "",
    ]
    return "\n".join(lines)


def make_poll_app(data_dir: Path, poll: Poll, **options: object) -> PresenterApp:
    """The real app on a one-slide deck of `poll`, storing in `data_dir`."""
    path = data_dir.parent / f"{poll.id}.md"
    path.write_text(poll_deck_text(poll), encoding="utf-8")
    opts = PresentOptions(
        deck_path=path,
        data_dir=data_dir,
        new_session=True,
        **options,  # type: ignore[arg-type]
    )
    return PresenterApp(opts, deck=load_deck(path), clock=FakeClock(), watch_file=False)


async def _settle(pilot: Pilot[None]) -> None:
    app = pilot.app
    await pilot.pause()
    if isinstance(app, PresenterApp):
        await app.talk.started()
        for _ in range(3):
            await app.poll_desk.settled()
            await app.workers.wait_for_complete()
            await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def _screen_text(app: App[None]) -> str:
    return "\n".join(strip.text.rstrip() for strip in app.screen._compositor.render_strips())


def _widget_text(app: App[None], selector: str) -> str:
    region = app.screen.query_one(selector).region
    lines = _screen_text(app).split("\n")[region.y : region.bottom]
    return "\n".join(line[region.x : region.right].rstrip() for line in lines)


@pytest.fixture
def widget_text() -> Callable[[App[None], str], str]:
    """`widget_text(app, "#poll-view")`: the characters inside one widget's region."""
    return _widget_text


@pytest.fixture
def change_first() -> Poll:
    return CHANGE_FIRST


@pytest.fixture
def hidden_poll() -> Poll:
    return HIDDEN


@pytest.fixture
def poll_app(data_dir: Path) -> Callable[..., PresenterApp]:
    """`poll_app(poll)`: the real `PresenterApp` on a deck of that one poll slide."""
    return lambda poll, **options: make_poll_app(data_dir, poll, **options)


@pytest.fixture
def settle() -> Callable[[Pilot[None]], object]:
    """`await settle(pilot)`: wait until every write and re-read the keys started is done."""
    return _settle


@pytest.fixture
def screen_text() -> Callable[[App[None]], str]:
    """`screen_text(app)`: the characters on the terminal now (the top screen, composited)."""
    return _screen_text
