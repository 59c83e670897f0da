"""Command palette entries for the talk: the timer, the console, ending a rehearsal."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content


class TalkCommands(Provider):
    """Reset timer · Pause/resume timer · Presenter console / slides · End rehearsal."""

    def _commands(self) -> Iterator[tuple[str, Callable[[], object], str]]:
        from presenter.tui.app import PresenterApp

        app = self.app
        assert isinstance(app, PresenterApp)
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

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(Content(name), callback, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, text=name, help=help_text)
