"""Command palette entries for polls: "Open poll: QUESTION" goes to the poll slide and opens it.

One entry per poll of the deck (in slide order). Choosing one moves to the
poll's slide and opens the poll (a closed poll asks before it re-opens, as
the `Enter` key does).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from presenter.deck.model import Poll
from presenter.tui.commands import Command, CommandList
from presenter.tui.widgets.poll_text import clean_text


class PollCommands(CommandList):
    """Open poll: QUESTION (one per poll slide)."""

    def _commands(self) -> Iterator[Command]:
        deck = getattr(self.app, "deck", None)
        if deck is None:
            return
        for index, slide in enumerate(deck.shown):
            if slide.poll is not None:
                question = clean_text(slide.poll.question, limit=60)
                yield (
                    f"Open poll: {question}",
                    partial(self._open, index, slide.poll),
                    f"Go to slide {index + 1} and open its poll",
                )

    def _open(self, index: int, poll: Poll) -> None:
        app = self.app
        go_to_slide: Callable[[int], None] = app.go_to_slide  # type: ignore[attr-defined]
        go_to_slide(index + 1)
        # Once the palette has closed: the poll keys are for the slide on screen.
        app.call_later(app.run_action, "open_poll")
