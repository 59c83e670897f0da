"""Fixtures of the poll screen tests: a small app around the poll widgets, a real
store in a temporary folder, and the text on screen."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Footer

from presenter.clock import FakeClock
from presenter.deck.model import Poll, PollOption
from presenter.polls.ballots import VoteStore
from presenter.session import start_session
from presenter.store import Store
from presenter.tui.poll_desk import PollDesk
from presenter.tui.widgets.poll_suggestions import ModerationQueue
from presenter.tui.widgets.poll_view import PollView

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


class PollHarness(App[None]):
    """The poll view (focused), the moderation queue below it, a footer."""

    CSS = """
    PollView { height: auto; }
    """

    def __init__(self, desk: PollDesk, poll: Poll, polls: Sequence[Poll] = ()) -> None:
        super().__init__()
        self.desk = desk
        self.poll = poll
        self.polls = tuple(polls) or (poll,)

    def compose(self) -> ComposeResult:
        yield PollView(self.desk, self.poll)
        yield ModerationQueue(self.desk, self.polls)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(PollView).focus()


async def _settle(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
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
def desk(data_dir: Path) -> Iterator[PollDesk]:
    """A desk on a real store in the test's data folder, for a new talk session."""
    clock = FakeClock()
    store = Store.open(data_dir)
    try:
        session = start_session(store, data_dir / "deck.md", "talk", clock=clock)
        yield PollDesk(VoteStore(store), session.id, clock=clock)
    finally:
        store.close()


@pytest.fixture
def change_first() -> Poll:
    return CHANGE_FIRST


@pytest.fixture
def hidden_poll() -> Poll:
    return HIDDEN


@pytest.fixture
def poll_app() -> type[PollHarness]:
    return PollHarness


@pytest.fixture
def settle() -> Callable[[Pilot[None]], object]:
    """`await settle(pilot)`: wait until every write and re-read the keys started is done."""
    return _settle


@pytest.fixture
def screen_text() -> Callable[[App[None]], str]:
    """`screen_text(app)`: the characters on the terminal now (the top screen, composited)."""
    return _screen_text
