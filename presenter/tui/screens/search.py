"""`SearchScreen`: find slides by their text; Enter jumps to the highlighted match."""

from __future__ import annotations

import re
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from presenter.deck.model import Deck
from presenter.tui.render.inline import clean

_MARKUP = re.compile(r"[#*_`>|~\[\]]+|\(https?://[^)]*\)")
MAX_RESULTS = 200


def plain_text(markdown: str) -> str:
    """Slide Markdown reduced to the words a presenter would search for."""
    return " ".join(_MARKUP.sub(" ", clean(markdown)).split())


class SearchScreen(ModalScreen[int | None]):
    """Dismisses with the chosen slide's index in `deck.shown`, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close the search"),
        Binding("down", "focus_results", "Move into the results", show=False),
    ]

    def __init__(self, deck: Deck) -> None:
        super().__init__()
        self.deck = deck
        self.texts = [f"{s.title} {plain_text(s.markdown)}" for s in deck.shown]

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box"):
            yield Static("Search slides · Enter goes · Esc closes", id="search-title")
            yield Input(placeholder="words on the slide…", id="search-input")
            yield OptionList(id="search-results")

    def on_mount(self) -> None:
        self._fill("")

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        results = self.query_one(OptionList)
        index = results.highlighted if results.highlighted is not None else 0
        if results.option_count:
            option = results.get_option_at_index(index)
            self.dismiss(int(option.id or 0))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))

    def matches(self, query: str) -> list[int]:
        words = query.lower().split()
        return [i for i, text in enumerate(self.texts) if all(w in text.lower() for w in words)]

    def _fill(self, query: str) -> None:
        results = self.query_one(OptionList)
        results.clear_options()
        words = query.lower().split()
        options = []
        for index in self.matches(query)[:MAX_RESULTS]:
            slide = self.deck.shown[index]
            label = Text(f"{index + 1:>3}  ", style="bold")
            label.append(clean(slide.title) or "(untitled)")
            snippet = _snippet(self.texts[index], words)
            if snippet:
                label.append(f"  {snippet}", style="dim")
            for word in words:
                label.highlight_words([word], style="reverse", case_sensitive=False)
            options.append(Option(label, id=str(index)))
        results.add_options(options)
        if options:
            results.highlighted = 0

    def action_focus_results(self) -> None:
        self.query_one(OptionList).focus()

    def action_close(self) -> None:
        self.dismiss(None)


def _snippet(text: str, words: list[str], width: int = 60) -> str:
    if not words:
        return ""
    at = text.lower().find(words[0])
    if at < 0:
        return ""
    start = max(0, at - 20)
    piece = text[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")
