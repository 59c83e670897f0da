"""What reaches the presenter, and only the presenter: notices, questions, dialogs.

The room's screen shows slides, the poll view and black, nothing else. While
a console is linked (a second terminal, or Tab in this one), every notice,
prompt and dialog for the presenter goes to the console:

- a console in this terminal (the presenter has pressed Tab): notices wait
  for it and show when it is on screen; dialogs open there (Tab is pressed
  for the presenter);
- a console in a second terminal: notices, and what the presenter is typing
  on the projected terminal (a slide number, a vote to remove, the quit
  question), are sent over the talk link and shown there; dialogs that need
  typing say which key to press in the console.

Presenting alone, a notice is one short line in the corner for a few seconds,
with no file path in it. While the link is still being set up (the first
moments of a talk), notices wait until it is known whether a console is there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from textual.notifications import SeverityLevel
from textual.screen import Screen

from presenter.tui.state import PresenterState

ALONE_TIMEOUT_S = 4.0
CONSOLE_TIMEOUT_S = 8.0
_PATH = re.compile(r"(?<![\w:/])(?:~|\.{1,2})?/(?:[^\s/'\"“”]+/)+([^\s/'\"“”]+)")
"""A file path (`/a/b/deck.md`, `~/deck.md`, `../x/y`); a URL's `//host/...` is not one."""


def without_paths(text: str) -> str:
    """`text` with every file path cut to its last part (the room never reads a path)."""
    return _PATH.sub(lambda match: match.group(1), text)


class PresenterChannel(PresenterState):
    """`tell` and `ask_presenter` for the app (see the module docstring)."""

    def init_presenter_channel(self) -> None:
        self._console_here = self.options.mode != "present"
        self._waiting_notices: list[tuple[str, SeverityLevel, str]] = []
        self._held_notices: list[tuple[str, SeverityLevel, str]] = []

    def _projecting_link(self) -> str | None:
        """The state of this terminal's link to a console elsewhere, when it projects."""
        talk = self._talk
        if self.options.mode != "present" or talk is None:
            return None
        return talk.link_status.state

    @property
    def console_elsewhere(self) -> bool:
        """True when this terminal projects and a console in another terminal is linked."""
        return self._projecting_link() == "linked"

    @property
    def link_starting(self) -> bool:
        """True while this terminal projects and its link to a console elsewhere is
        still being set up: whether a console is there is not known yet."""
        return self._projecting_link() == "starting"

    def tell(
        self, message: str, *, severity: SeverityLevel = "information", title: str = ""
    ) -> None:
        """One notice for the presenter, where only the presenter sees it."""
        if self.current_mode == "console":
            self.notify(
                message, title=title, severity=severity, timeout=CONSOLE_TIMEOUT_S, markup=False
            )
        elif self.console_elsewhere and self.talk.link is not None:
            self.talk.link.send_notice(message, severity, title)
        elif self._console_here:
            self._waiting_notices.append((message, severity, title))
        elif self.link_starting:
            self._held_notices.append((message, severity, title))
        else:
            self.notify(
                without_paths(message),
                title=title,
                severity=severity,
                timeout=ALONE_TIMEOUT_S,
                markup=False,
            )

    def watch_typed_number(self) -> None:
        self._prompt_changed()

    def watch_poll_removing(self) -> None:
        self._prompt_changed()

    def watch_quit_asked(self) -> None:
        self._prompt_changed()

    def _prompt_changed(self) -> None:
        """The projected terminal shows no prompt while a console elsewhere is linked: send it there."""
        if self.console_elsewhere and self.talk.link is not None:
            from presenter.tui.screens.slides import presenter_prompt

            self.talk.link.send_prompt(presenter_prompt(self))  # type: ignore[arg-type]

    def link_settled(self) -> None:
        """The link is set up (or will not be): what was said meanwhile goes where
        it now belongs, to a console linked elsewhere or to this footer."""
        held, self._held_notices = self._held_notices, []
        for message, severity, title in held:
            self.tell(message, severity=severity, title=title)

    def show_waiting_notices(self) -> None:
        """The console came on screen: show what was said meanwhile."""
        waiting, self._waiting_notices = self._waiting_notices, []
        for message, severity, title in waiting[-5:]:
            self.notify(
                message, title=title, severity=severity, timeout=CONSOLE_TIMEOUT_S, markup=False
            )

    def ask_presenter(self, dialog: Screen[Any], answered: Callable[[Any], None]) -> None:
        """Open `dialog` where the presenter (not the room) sees it."""
        if self.current_mode != "console" and self._console_here:
            self.switch_mode("console")
        elif self.current_mode != "console" and self.console_elsewhere:
            self.tell(
                "Answer this in the console: the room's screen shows no dialogs.",
                severity="warning",
            )
            return
        self.push_screen(dialog, answered)
