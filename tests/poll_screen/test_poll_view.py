"""The poll view driven by keys, with a real store: open, tally, remove, undo, close, reveal."""

from __future__ import annotations

from presenter.polls.ballots import Ballot
from presenter.polls.tally import tally
from presenter.tui.screens.poll_dialogs import ConfirmDialog
from presenter.tui.widgets.poll_bars import TallyRow
from presenter.tui.widgets.poll_view import PollView


def stored_counts(desk, poll) -> dict[str, float]:
    return dict(tally(desk.votes, desk.session_id, poll).counts)


def notices(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_open_tally_remove_undo_close(desk, change_first, poll_app, settle, screen_text):
    app = poll_app(desk, change_first)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "Not open yet" in screen_text(app)

        await pilot.press("enter")
        await settle(pilot)
        assert desk.votes.state(desk.session_id, change_first.id).state == "open"
        assert "OPEN · 0 voters" in screen_text(app)

        await pilot.press("1", "1", "1", "2", "3")
        await settle(pilot)
        assert stored_counts(desk, change_first) == {"unit": 3, "mentoring": 1, "listen": 1}
        assert "OPEN · 5 voters" in screen_text(app)

        # Shift+3 as a US terminal sends it, then `-` followed by a digit.
        await pilot.press("number_sign")
        await pilot.press("minus", "1")
        await settle(pilot)
        assert stored_counts(desk, change_first) == {"unit": 2, "mentoring": 1, "listen": 0}

        # Undo reverts the last keyboard action: the removal from option 1.
        await pilot.press("u")
        await settle(pilot)
        assert stored_counts(desk, change_first) == {"unit": 3, "mentoring": 1, "listen": 0}
        text = screen_text(app)
        assert "OPEN · 4 voters" in text
        assert "3   75%" in text and "1   25%" in text

        await pilot.press("c")
        await settle(pilot)
        assert desk.votes.state(desk.session_id, change_first.id).state == "closed"
        text = screen_text(app)
        assert "CLOSED · 4 voters" in text
        assert "★ 3   75%" in text
        assert app.query_one("#tally-1", TallyRow).has_class("-winner")
        assert not app.query_one("#tally-2", TallyRow).has_class("-winner")

        # Closed: a digit is refused with a message and nothing is stored.
        await pilot.press("2")
        await settle(pilot)
        assert stored_counts(desk, change_first)["mentoring"] == 1
        assert "The poll is not open: Enter opens it." in notices(app)


async def test_bars_follow_the_store(desk, change_first, poll_app, settle, screen_text):
    """A vote written by someone else (a phone) shows once `desk.changed` is called."""
    app = poll_app(desk, change_first)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("v")
        await settle(pilot)
        desk.votes.cast(
            desk.session_id,
            change_first,
            Ballot("phone-1", "phone", ("listen",)),
            clock=desk.clock,
        )
        assert "OPEN · 0 voters" in screen_text(app)
        desk.changed(change_first.id)
        await settle(pilot)
        assert "OPEN · 1 voter" in screen_text(app)
        assert "1  100%" in screen_text(app)


async def test_hidden_until_revealed(desk, hidden_poll, poll_app, settle, screen_text):
    app = poll_app(desk, hidden_poll)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "1", "1", "2")
        await settle(pilot)
        text = screen_text(app)
        assert "OPEN · 3 voters · results shown after the poll closes" in text
        assert "Privacy" in text and "%" not in text and "█" not in text

        await pilot.press("r")
        await settle(pilot)
        assert "Close the poll first (c), then reveal its results." in notices(app)
        assert not desk.votes.state(desk.session_id, hidden_poll.id).revealed

        await pilot.press("c")
        await settle(pilot)
        text = screen_text(app)
        assert "results not revealed yet" in text and "%" not in text

        await pilot.press("r")
        await settle(pilot)
        assert desk.votes.state(desk.session_id, hidden_poll.id).revealed
        text = screen_text(app)
        assert "★ 2   67%" in text and "1   33%" in text and "█" in text


async def test_reopen_asks_first(desk, change_first, poll_app, settle, screen_text):
    app = poll_app(desk, change_first)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "2", "c")
        await settle(pilot)
        assert app.query_one(PollView).current.state == "closed"

        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "Re-open the poll" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert desk.votes.state(desk.session_id, change_first.id).state == "closed"

        # Enter on the dialog presses the focused button, which is "Keep closed".
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmDialog)
        assert desk.votes.state(desk.session_id, change_first.id).state == "closed"

        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert desk.votes.state(desk.session_id, change_first.id).state == "open"
        assert "OPEN · 1 voter" in screen_text(app)
