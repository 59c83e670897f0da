"""Snapshots of the poll slide in the real app at 100x30: live, hidden (after-close,
not revealed), closed."""

from __future__ import annotations

SIZE = (100, 30)


def keys_then_settle(settle, *keys: str, approve: bool = False):
    async def run_before(pilot) -> None:
        await pilot.press(*keys)
        await settle(pilot)
        if approve:
            app = pilot.app
            desk = app.poll_desk
            poll = app.current_poll()
            desk.votes.suggest(
                desk.session_id,
                poll,
                "[bold]Open data[/bold] by default",
                "phone-1",
                clock=desk.clock,
            )
            (pending,) = desk.pending([poll])
            desk.moderate(pending.id, "approved")
            desk.changed(poll.id)
            await settle(pilot)

    return run_before


def test_live(snap_compare, poll_app, change_first, settle) -> None:
    app = poll_app(change_first)
    run_before = keys_then_settle(settle, "enter", "1", "1", "1", "2", "3", approve=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_hidden(snap_compare, poll_app, hidden_poll, settle) -> None:
    app = poll_app(hidden_poll)
    run_before = keys_then_settle(settle, "enter", "1", "2", "2", "c")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_closed_with_winner(snap_compare, poll_app, change_first, settle) -> None:
    app = poll_app(change_first)
    run_before = keys_then_settle(settle, "enter", "1", "2", "2", "2", "3", "c")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
