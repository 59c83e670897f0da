"""Command palette entries for the talk: the timer, the console, ending a rehearsal."""

from __future__ import annotations

from collections.abc import Iterator

from presenter.tui.actions.views import ViewActions
from presenter.tui.commands import Command, CommandList


class TalkCommands(CommandList):
    """Reset timer · Pause/resume timer · Presenter console / slides · End rehearsal."""

    def _commands(self) -> Iterator[Command]:
        app = self.app
        assert isinstance(app, ViewActions)
        talk = app.talk
        yield ("Reset timer", talk.reset_timer, "Talk time back to 00:00 (starts on the next move)")
        yield ("Pause/resume timer", talk.toggle_timer, "Stop or restart the talk clock (Q&A)")
        yield (
            "Presenter console / slides",
            app.action_toggle_console,
            "Notes, next slide and clocks, or the slide the room sees",
        )
        if talk.mode == "rehearse" and not talk.finished:
            yield ("End rehearsal", talk.end_rehearsal, "Stop recording and show the report")
