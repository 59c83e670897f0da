"""What the presenter's keys show and hide: blanking, overview, search, help,
the console, themes, the talk timer, phone votes, and quitting.

`b` (or `.`) blanks the room's screen to black: in the slides, and from the
console too (in this terminal, or over the link in a second one); the
console then says "room screen: blank" until any key brings the slides back.

`q` (or Ctrl+C) during a talk asks once: a second `q` (or `y`, or Ctrl+C)
ends it, any other key goes on with the talk. A rehearsal and a console in a
second terminal quit at once.
"""

from __future__ import annotations

from typing import ClassVar

from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer

from presenter.tui.actions.navigation import NavigationActions
from presenter.tui.background import STARTING_PHONE_VOTES, run_in_background
from presenter.tui.presenter_channel import PresenterChannel
from presenter.tui.render.palette import THEMES, theme_name

QUIT_KEYS = ("q", "y", "ctrl+c")
SWITCH_SETTLE_S = 0.1
"""Longer than Textual's pause of screen updates on a mode switch (50 ms)."""

VIEW_BINDINGS: list[BindingType] = [
    Binding("b,full_stop", "blank", "Blank the room's screen (any key returns)"),
    Binding("o", "overview", "Overview of all slides"),
    Binding("slash", "search", "Search slide text"),
    Binding("t", "toggle_timer", "Pause or resume the talk timer"),
    Binding("T", "reset_timer", "Reset the talk timer"),
    Binding("ctrl+t", "toggle_theme", "Next theme (dark, light, projector)"),
    Binding("w", "phone_votes", "Phone votes: start the server, show where to join"),
    Binding("X", "exclude_flagged", "Phone votes: exclude ballots flagged as stuffing"),
    Binding("question_mark", "help", "Help: every key"),
    Binding("tab", "toggle_console", "Presenter console / slides", priority=True),
    Binding("ctrl+p", "command_palette", "Command palette", priority=True),
    Binding("q", "quit", "Quit (during a talk: asks once)"),
    Binding("ctrl+c", "quit", "Quit (during a talk: asks once)", priority=True),
]


class ViewActions(NavigationActions, PresenterChannel):
    """The app's view actions (mixed into `PresenterApp`)."""

    BINDINGS: ClassVar[list[BindingType]] = []

    def before_key(self, key: str) -> bool:
        """Answers to a question, and the key that brings back a blank screen."""
        if self.quit_asked:
            self.quit_asked = False
            if key in QUIT_KEYS:
                self.exit()
            else:
                self.tell("The talk goes on.")
            return True
        if self.room_blank and key != "tab":
            self.set_room_blank(False)
            return True
        if self.poll_removing and key not in ("minus", *"0123456789"):
            self.poll_removing = False
            return key == "escape"
        return False

    async def action_quit(self) -> None:
        if await self.talk.before_quit():
            return  # a rehearsal shows its report first
        if self.options.mode == "present" and not self.talk.finished:
            self.quit_asked = True
            self.tell("End the talk? q or y ends it; any other key goes on.", severity="warning")
            return
        self.exit()

    async def action_toggle_console(self) -> None:
        if len(self.screen_stack) > 1:
            raise SkipAction()  # a dialog is open: Tab is its own
        if self.current_mode == "console":
            self.clear_notifications()  # what the console said stays there
            console = self.screen
            self.switch_mode("slides")
            run_in_background(
                self,
                self._repaint_room(console),
                what="repainting the room's screen",
                group="repaint",
                exclusive=True,
            )
        else:
            self._console_here = True
            self.clear_notifications()
            self.switch_mode("console")
            self.show_waiting_notices()

    # -- the room's screen -------------------------------------------------------

    async def _repaint_room(self, console: Screen[object]) -> None:
        """Paint the whole room's screen once the switch from the console is done.

        Textual holds screen updates while a mode switch settles and while a
        footer rebuilds itself (the console's, after its keys changed, e.g. on
        a vote); when the two overlap, the slides are never repainted and the
        console stays in the terminal. Waiting for the footer, then for the
        switch's pause, and painting everything closes that gap."""
        for footer in console.query(Footer):
            async with footer.lock:
                pass
        self.set_timer(SWITCH_SETTLE_S, self._refresh_room)

    def _refresh_room(self) -> None:
        if self.current_mode == "slides":
            self.screen.refresh(layout=True)

    def action_blank(self) -> None:
        self.set_room_blank(True)

    def set_room_blank(self, blank: bool) -> None:
        """Blank the room's screen (or bring it back), here and over the link."""
        self.room_blank = blank
        if self._talk is not None and self._talk.link is not None:
            self._talk.link.send_room(blank)

    def action_overview(self) -> None:
        from presenter.tui.screens.overview import OverviewScreen

        self.push_screen(OverviewScreen(self.deck, self.position.slide), self.go_to_index)

    def action_search(self) -> None:
        from presenter.tui.screens.search import SearchScreen

        self.push_screen(SearchScreen(self.deck), self.go_to_index)

    def action_phone_votes(self) -> None:
        run_in_background(self, self.audience.start(), what=STARTING_PHONE_VOTES)

    def action_exclude_flagged(self) -> None:
        run_in_background(
            self, self.audience.exclude_flagged(), what="excluding flagged phone ballots"
        )

    def action_help(self) -> None:
        from presenter.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.screen.active_bindings))

    # -- the talk timer: one meaning for `t` in every view, so pausing it on the
    # projected terminal never restyles what the room sees ------------------

    def action_toggle_timer(self) -> None:
        self.talk.toggle_timer()

    def action_reset_timer(self) -> None:
        self.talk.reset_timer()

    # -- themes ----------------------------------------------------------------

    def action_toggle_theme(self) -> None:
        index = THEMES.index(self.slide_theme)
        self.slide_theme = THEMES[(index + 1) % len(THEMES)]

    def action_set_theme(self, name: str) -> None:
        self.slide_theme = theme_name(name)
