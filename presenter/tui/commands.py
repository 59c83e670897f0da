"""Command palette entries for presenting: go to a slide by title, themes, help.

Other parts add their own entries the same way: a `CommandList` subclass with a
`_commands()` generator, listed in `PresenterApp.COMMANDS` (through a function
that imports it lazily).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

from presenter.tui.actions.views import ViewActions
from presenter.tui.render.inline import clean
from presenter.tui.render.palette import THEMES

Command = tuple[str, Callable[[], object], str]
"""What the palette lists: the entry's name, what it does, a line of help."""


class CommandList(Provider):
    """A provider whose entries come from `_commands()`; names are matched fuzzily
    and highlighted without ever being read as markup (they may hold deck text)."""

    def _commands(self) -> Iterator[Command]:
        raise NotImplementedError

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(Content(name), callback, text=name, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, _highlight(matcher, name), callback, text=name, help=help_text)


class SlideCommands(CommandList):
    """Go to slide N: title · Toggle theme · Theme: NAME · Help · Overview · Search."""

    def _commands(self) -> Iterator[Command]:
        app = self.app
        assert isinstance(app, ViewActions)
        yield ("Toggle theme", app.action_toggle_theme, "Switch to the next theme")
        for name in THEMES:
            yield (
                f"Theme: {name}",
                partial(app.action_set_theme, name),
                f"Show slides in the {name} theme",
            )
        yield ("Help", app.action_help, "Every key and what it does")
        yield ("Overview", app.action_overview, "All slides in a grid")
        yield ("Search slides", app.action_search, "Find a slide by its text")
        yield (
            "Exclude flagged ballots",
            app.action_exclude_flagged,
            "Phone votes: stop counting ballots flagged as possible stuffing",
        )
        for index, slide in enumerate(app.deck.shown):
            title = clean(slide.title) or "(untitled)"
            yield (
                f"Go to slide {index + 1}: {title}",
                partial(app.go_to_slide, index + 1),
                "Jump to this slide",
            )


def _highlight(matcher: Matcher, candidate: str) -> Content:
    """Like `Matcher.highlight`, but deck text is never read as markup."""
    content = Content(candidate)
    score, offsets = matcher.fuzzy_search.match(matcher.query, candidate)
    if not score:
        return content
    for offset in offsets:
        if not candidate[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
