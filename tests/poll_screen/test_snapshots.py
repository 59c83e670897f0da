"""Snapshots of the poll view at 100x30: live, hidden (after-close, not revealed), closed."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer

from presenter.deck.model import Poll
from presenter.tui.poll_desk import PollDesk
from presenter.tui.widgets.poll_view import PollView

SIZE = (100, 30)


class ProjectedPoll(App[None]):
    """The poll view as the room sees it, with the key footer under it."""

    def __init__(self, desk: PollDesk, poll: Poll) -> None:
        super().__init__()
        self.desk = desk
        self.poll = poll

    def compose(self) -> ComposeResult:
        yield PollView(self.desk, self.poll)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(PollView).focus()


def keys_then_settle(settle, *keys: str, approve: bool = False):
    async def run_before(pilot) -> None:
        await pilot.press(*keys)
        await settle(pilot)
        if approve:
            app = pilot.app
            desk = app.desk
            desk.votes.suggest(
                desk.session_id,
                app.poll,
                "[bold]Open data[/bold] by default",
                "phone-1",
                clock=desk.clock,
            )
            (pending,) = desk.pending([app.poll])
            desk.moderate(pending.id, "approved")
            desk.changed(app.poll.id)
            await settle(pilot)

    return run_before


def test_live(snap_compare, desk, change_first, settle) -> None:
    app = ProjectedPoll(desk, change_first)
    run_before = keys_then_settle(settle, "enter", "1", "1", "1", "2", "3", approve=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_hidden(snap_compare, desk, hidden_poll, settle) -> None:
    app = ProjectedPoll(desk, hidden_poll)
    run_before = keys_then_settle(settle, "enter", "1", "2", "2", "c")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_closed_with_winner(snap_compare, desk, change_first, settle) -> None:
    app = ProjectedPoll(desk, change_first)
    run_before = keys_then_settle(settle, "enter", "1", "2", "2", "2", "3", "c")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
