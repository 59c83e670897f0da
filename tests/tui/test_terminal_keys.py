"""Keys typed fast in a real terminal (tmux): each sequence is sent in ONE `send-keys`
call, the way a presenter's fingers send it, and the screen and the stored votes are
checked afterwards."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from presenter.deck.load import load_deck
from presenter.options import DEFAULT_DECK
from presenter.polls.ballots import VoteStore
from presenter.polls.tally import tally
from presenter.session import latest_session
from presenter.store import Store

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")

DEADLINE_S = 15.0


class Terminal:
    """One private tmux server with one 100x30 window running the presenter."""

    def __init__(self) -> None:
        self.socket = f"presenter-keys-{uuid.uuid4().hex[:12]}"

    def tmux(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True)
        return done.stdout

    def start(self, *argv: str, window: str = "talk") -> None:
        command = " ".join(["env -u COLUMNS -u LINES", sys.executable, "-m", "presenter", *argv])
        self.tmux("new-session", "-d", "-x", "100", "-y", "30", "-s", window, command)

    def send(self, *keys: str, window: str = "talk") -> None:
        """Every key in one `send-keys` call: they reach the app in one burst."""
        self.tmux("send-keys", "-t", window, *keys)

    def screen(self, window: str = "talk") -> str:
        return self.tmux("capture-pane", "-p", "-t", window)

    def wait_for(self, test: Callable[[str], bool], what: str, window: str = "talk") -> str:
        deadline = time.monotonic() + DEADLINE_S
        text = ""
        while time.monotonic() < deadline:
            text = self.screen(window)
            if test(text):
                return text
            time.sleep(0.02)  # the capture's polling interval, not a wait for the app
        raise AssertionError(f"timed out waiting for {what}; screen:\n{text}")


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    term = Terminal()
    try:
        yield term
    finally:
        term.tmux("kill-server")


def stored(data_dir: Path) -> tuple[str, dict[str, float]]:
    """The poll's state and counts in the latest talk of the bundled deck."""
    deck = load_deck(DEFAULT_DECK)
    poll = next(slide.poll for slide in deck.shown if slide.poll is not None)
    with Store.open(data_dir) as store:
        session = latest_session(store, Path(DEFAULT_DECK), "talk")
        assert session is not None
        votes = VoteStore(store)
        state = votes.state(session.id, poll.id).state
        counts = dict(tally(votes, session.id, poll).counts)
    return state, {k: v for k, v in counts.items() if v}


def launch(terminal: Terminal, data_dir: Path, start: int, *more: str) -> None:
    terminal.start(
        str(DEFAULT_DECK), "--start", str(start), "--data", str(data_dir), "--new-session", *more
    )
    terminal.wait_for(lambda s: f"{start}/14" in s, "the first frame")


def test_enter_and_votes_at_the_first_frame(terminal: Terminal, tmp_path: Path) -> None:
    launch(terminal, tmp_path, 13)
    terminal.send("Enter", "1", "1", "2")
    terminal.wait_for(lambda s: "OPEN · 3 voters" in s, "the poll open with three votes")
    state, counts = stored(tmp_path)
    assert state == "open" and sorted(counts.values()) == [1, 2]


def test_keys_while_the_phone_vote_panel_comes_up(terminal: Terminal, tmp_path: Path) -> None:
    launch(terminal, tmp_path, 13, "--audience", "127.0.0.1:0")
    terminal.send("Enter", "1", "1", "2", "3")
    terminal.wait_for(
        lambda s: "OPEN · 4 voters" in s and "█" in s, "four votes beside the QR code"
    )
    state, counts = stored(tmp_path)
    assert state == "open" and sorted(counts.values()) == [1, 1, 2]


def test_right_enter_from_the_slide_before(terminal: Terminal, tmp_path: Path) -> None:
    launch(terminal, tmp_path, 12)
    terminal.send("Right", "Enter", "3")
    terminal.wait_for(lambda s: "OPEN · 1 voter" in s, "the poll open with one vote")
    state, counts = stored(tmp_path)
    assert state == "open" and list(counts.values()) == [1]


def test_typed_number_on_a_closed_poll_goes_to_that_slide(
    terminal: Terminal, tmp_path: Path
) -> None:
    launch(terminal, tmp_path, 13)
    terminal.send("1", "2", "Enter")
    screen = terminal.wait_for(lambda s: "12/14" in s, "slide 12")
    assert "OPEN" not in screen and "go to" not in screen
    state, _counts = stored(tmp_path)
    assert state == "ready"


def test_backspace_deletes_the_typed_digit(terminal: Terminal, tmp_path: Path) -> None:
    launch(terminal, tmp_path, 5)
    terminal.send("1", "3", "BSpace", "0", "Enter")
    terminal.wait_for(lambda s: "10/14" in s, "slide 10")


def test_escape_cancels_the_remove_mode(terminal: Terminal, tmp_path: Path) -> None:
    launch(terminal, tmp_path, 13)
    terminal.send("Enter", "1", "1", "-", "Escape", "1")
    terminal.wait_for(lambda s: "OPEN · 3 voters" in s, "three votes, none removed")
    _state, counts = stored(tmp_path)
    assert list(counts.values()) == [3]


def phone_vote(data_dir: Path, option: str) -> None:
    """A ballot stored by another connection, as the phone vote writer stores it."""
    from presenter.clock import SystemClock
    from presenter.polls.validation import Ballot

    deck = load_deck(DEFAULT_DECK)
    poll = next(slide.poll for slide in deck.shown if slide.poll is not None)
    with Store.open(data_dir) as store:
        session = latest_session(store, Path(DEFAULT_DECK), "talk")
        assert session is not None
        ballot = Ballot(f"phone-{option}", "phone", (option,))
        VoteStore(store).cast(session.id, poll, ballot, clock=SystemClock())


def test_tab_back_after_a_phone_vote_shows_the_slides(terminal: Terminal, tmp_path: Path) -> None:
    launch(terminal, tmp_path, 13)
    terminal.send("Enter")
    terminal.wait_for(lambda s: "OPEN · 0 voters" in s, "the poll open")
    terminal.send("Tab")
    terminal.wait_for(lambda s: "Clocks" in s, "the console")
    phone_vote(tmp_path, "unit")
    terminal.wait_for(lambda s: "1 voter" in s, "the vote on the console")
    terminal.send("Tab")
    screen = terminal.wait_for(
        lambda s: "OPEN · 1 voter" in s and "Clocks" not in s, "the poll on the slides"
    )
    assert "Notes" not in screen and "13/14" in screen


def test_b_in_a_second_terminal_blanks_the_room(terminal: Terminal, tmp_path: Path) -> None:
    launch(terminal, tmp_path, 3)
    terminal.start("console", str(DEFAULT_DECK), "--data", str(tmp_path), window="console")
    terminal.wait_for(lambda s: "linked" in s, "the console linked", window="console")
    terminal.send("b", window="console")
    terminal.wait_for(lambda s: not s.strip(), "a black room screen")
    terminal.wait_for(lambda s: "room screen: blank" in s, "the console saying so", "console")
    terminal.send("Right", window="console")  # any key brings the slides back, and only that
    terminal.wait_for(lambda s: "3/14" in s, "the slides again")
    terminal.wait_for(lambda s: "room screen" not in s, "the console's line", "console")


def test_a_number_typed_on_the_room_screen_shows_on_the_console(
    terminal: Terminal, tmp_path: Path
) -> None:
    launch(terminal, tmp_path, 3)
    terminal.start("console", str(DEFAULT_DECK), "--data", str(tmp_path), window="console")
    terminal.wait_for(lambda s: "linked" in s, "the console linked", window="console")
    terminal.send("1", "2")  # typed on the projected terminal
    terminal.wait_for(lambda s: "go to 12" in s, "the typed number on the console", "console")
    assert "go to" not in terminal.screen()  # never on the room's screen
    terminal.send("Enter")
    terminal.wait_for(lambda s: "12/14" in s, "slide 12 in the room")
    terminal.wait_for(lambda s: "go to" not in s, "the console's prompt gone", "console")


def test_a_console_opened_before_the_talk_joins_it(terminal: Terminal, tmp_path: Path) -> None:
    terminal.start("console", str(DEFAULT_DECK), "--data", str(tmp_path), window="console")
    terminal.wait_for(lambda s: "no projected view linked" in s, "no talk yet", "console")
    launch(terminal, tmp_path, 13)  # the talk, on its poll slide: the console follows it
    terminal.wait_for(lambda s: "Now 13/14" in s, "the console on the talk's slide", "console")
    terminal.send("Enter", "1")  # open the poll, one hand
    terminal.wait_for(
        lambda s: "OPEN · 1 voter" in s, "the console's poll panel on the talk", "console"
    )
