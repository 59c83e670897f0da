"""Poll keys in the real app, with a real store: open, tally, remove, undo, close, reveal,
and the keys that must never be lost or misapplied (typed at once, typed numbers,
Backspace, Escape)."""

from __future__ import annotations

from presenter.polls.tally import tally
from presenter.polls.validation import Ballot
from presenter.tui.screens.poll_dialogs import ConfirmDialog
from presenter.tui.widgets.poll_bars import TallyRow


def stored_counts(app, poll) -> dict[str, float]:
    desk = app.poll_desk
    return dict(tally(desk.votes, desk.session_id, poll).counts)


def stored_state(app, poll) -> str:
    desk = app.poll_desk
    return desk.votes.state(desk.session_id, poll.id).state


def notices(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_open_tally_remove_undo_close(change_first, poll_app, settle, screen_text):
    app = poll_app(change_first)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "Not open yet" in screen_text(app)

        await pilot.press("enter")
        await settle(pilot)
        assert stored_state(app, change_first) == "open"
        assert "OPEN · 0 voters" in screen_text(app)

        await pilot.press("1", "1", "1", "2", "3")
        await settle(pilot)
        assert stored_counts(app, change_first) == {"unit": 3, "mentoring": 1, "listen": 1}
        assert "OPEN · 5 voters" in screen_text(app)

        # Shift+3 as a US terminal sends it, then `-` followed by a digit.
        await pilot.press("number_sign")
        await pilot.press("minus", "1")
        await settle(pilot)
        assert stored_counts(app, change_first) == {"unit": 2, "mentoring": 1, "listen": 0}

        # Undo reverts the last keyboard action: the removal from option 1.
        await pilot.press("u")
        await settle(pilot)
        assert stored_counts(app, change_first) == {"unit": 3, "mentoring": 1, "listen": 0}
        text = screen_text(app)
        assert "OPEN · 4 voters" in text
        assert "3   75%" in text and "1   25%" in text

        await pilot.press("c")
        await settle(pilot)
        assert stored_state(app, change_first) == "closed"
        text = screen_text(app)
        assert "CLOSED · 4 voters" in text
        assert "★ 3   75%" in text
        assert app.screen.query_one("#tally-1", TallyRow).has_class("-winner")
        assert not app.screen.query_one("#tally-2", TallyRow).has_class("-winner")

        # Closed: a digit is a slide number again; nothing is stored.
        await pilot.press("2")
        await settle(pilot)
        assert stored_counts(app, change_first)["mentoring"] == 1
        assert app.typed_number == "2"


async def test_keys_typed_at_the_first_frame_count(change_first, poll_app, settle):
    """Enter and tallies typed before the store is open are applied, in order."""
    app = poll_app(change_first)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "1", "1", "2")
        await settle(pilot)
        assert stored_state(app, change_first) == "open"
        assert stored_counts(app, change_first) == {"unit": 2, "mentoring": 1, "listen": 0}
        assert not any("try again" in n for n in notices(app))


async def test_a_typed_number_and_enter_go_to_that_slide(data_dir, settle):
    """On a poll that is not open, `12` Enter goes to slide 12 and opens nothing."""
    from pathlib import Path

    from presenter.clock import FakeClock
    from presenter.options import DEFAULT_DECK, PresentOptions
    from presenter.tui.app import PresenterApp

    options = PresentOptions(
        deck_path=Path(DEFAULT_DECK), data_dir=data_dir, new_session=True, start=13
    )
    app = PresenterApp(options, clock=FakeClock(), watch_file=False)
    async with app.run_test(size=(100, 30)) as pilot:
        poll = app.current_poll()
        assert poll is not None
        await pilot.press("1", "2", "enter")
        await settle(pilot)
        assert app.position.slide == 11
        assert stored_state(app, poll) == "ready"
        assert notices(app) == []
        # Backspace deletes the last typed digit; it does not move.
        await pilot.press("1", "3", "backspace")
        await settle(pilot)
        assert app.typed_number == "1"
        assert app.position.slide == 11
        await pilot.press("backspace", "backspace")
        await settle(pilot)
        assert app.typed_number == ""
        assert app.position.slide == 10  # with nothing typed, Backspace is previous


async def test_escape_cancels_the_remove_mode(change_first, poll_app, settle, screen_text):
    app = poll_app(change_first)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "1", "1")
        await settle(pilot)
        await pilot.press("minus")
        await settle(pilot)
        assert "remove a vote: 1-9" in screen_text(app)
        await pilot.press("escape", "1")
        await settle(pilot)
        assert stored_counts(app, change_first)["unit"] == 3
        assert "remove a vote" not in screen_text(app)


async def test_bars_follow_the_store(change_first, poll_app, settle, screen_text):
    """A vote written by someone else (a phone) shows once `desk.changed` is called."""
    app = poll_app(change_first)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("v")
        await settle(pilot)
        desk = app.poll_desk
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


async def test_hidden_until_revealed(hidden_poll, poll_app, settle, screen_text):
    app = poll_app(hidden_poll)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "1", "1", "2")
        await settle(pilot)
        text = screen_text(app)
        assert "OPEN · 3 voters · results shown after the poll closes" in text
        assert "Privacy" in text and "%" not in text and "█" not in text

        await pilot.press("r")
        await settle(pilot)
        assert "Close the poll first (c), then reveal its results." in notices(app)
        desk = app.poll_desk
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


async def test_reopen_asks_first(change_first, poll_app, settle, screen_text):
    app = poll_app(change_first)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "2", "c")
        await settle(pilot)
        assert stored_state(app, change_first) == "closed"

        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "Re-open the poll" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert stored_state(app, change_first) == "closed"

        # Enter on the dialog presses the focused button, which is "Keep closed".
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmDialog)
        assert stored_state(app, change_first) == "closed"

        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert stored_state(app, change_first) == "open"
        assert "OPEN · 1 voter" in screen_text(app)
