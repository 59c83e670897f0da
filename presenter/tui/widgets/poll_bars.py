"""The live bar chart of a poll: one row per option, numbered for the keyboard.

`TallyBars` draws a `PollSnapshot`: the option's key (1-9), its label, a bar
scaled to the leading option, the count and the share. While an `after-close`
poll is not revealed the bars and figures are hidden (class `-hidden`) so the
room sees the options but not the split. Once closed the leader (all leaders
on a tie) gets the class `-winner`.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Label

from presenter.deck.model import Poll
from presenter.polls.figures import count_text
from presenter.tui.widgets.poll_snapshot import PollSnapshot
from presenter.tui.widgets.poll_text import safe_content

_EIGHTHS = " ▏▎▍▌▋▊▉"


def figures(snapshot: PollSnapshot, option_id: str) -> str:
    """`12  40%` (or `34 pts  28%` for a rank poll)."""
    count = count_text(snapshot.count(option_id))
    unit = " pts" if snapshot.poll.kind == "rank" else ""
    return f"{count}{unit}  {snapshot.share(option_id):4.0%}"


class TallyBar(Widget):
    """A horizontal bar `fraction` of its width long, drawn in eighths of a cell."""

    DEFAULT_CSS = """
    TallyBar {
        height: 1;
        width: 1fr;
        color: $primary;
    }
    """

    fraction: reactive[float] = reactive(0.0)

    def render(self) -> Content:
        eighths = round(max(0.0, min(1.0, self.fraction)) * self.size.width * 8)
        full, part = divmod(eighths, 8)
        return Content("█" * full + (_EIGHTHS[part] if part else ""))


class TallyRow(Horizontal):
    """One option: key, label, bar, figures."""

    DEFAULT_CSS = """
    TallyRow {
        height: auto;
    }
    TallyRow > .tally-key {
        width: 4;
        text-style: bold;
        color: $text-accent;
    }
    TallyRow > .tally-label {
        width: 2fr;
        padding-right: 2;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    TallyRow > .tally-figures {
        width: 14;
        text-align: right;
    }
    TallyRow.-winner > .tally-label,
    TallyRow.-winner > .tally-figures {
        text-style: bold;
        color: $text-success;
    }
    TallyRow.-winner > TallyBar {
        color: $success;
    }
    """

    def __init__(self, number: int, option_id: str, label: str) -> None:
        super().__init__(id=f"tally-{number}")
        self.number = number
        self.option_id = option_id
        self._label = label

    def compose(self) -> ComposeResult:
        yield Label(Content(f"{self.number}"), classes="tally-key")
        yield Label(safe_content(self._label, limit=None), classes="tally-label")
        yield TallyBar()
        yield Label("", classes="tally-figures")

    def show(self, snapshot: PollSnapshot) -> None:
        winner = self.option_id in snapshot.winners
        self.set_class(winner, "-winner")
        self.query_one(TallyBar).fraction = snapshot.scale(self.option_id)
        mark = "★ " if winner else ""
        self.query_one(".tally-figures", Label).update(
            Content(mark + figures(snapshot, self.option_id))
        )


class TallyBars(Vertical):
    """The options of a poll with their bars; `snapshot` drives what is shown."""

    DEFAULT_CSS = """
    TallyBars {
        height: auto;
    }
    TallyBars.-hidden TallyBar,
    TallyBars.-hidden .tally-figures {
        display: none;
    }
    TallyBars > #tally-more {
        display: none;
        color: $text-muted;
        padding-left: 4;
    }
    TallyBars.-more > #tally-more {
        display: block;
    }
    """

    snapshot: reactive[PollSnapshot | None] = reactive(None, init=False)
    shown: reactive[int | None] = reactive(None, init=False)
    """How many options fit (None: all); the rest are counted in a "+N more" line."""

    def __init__(self, poll: Poll, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.poll = poll

    def compose(self) -> ComposeResult:
        for number, option in enumerate(self.poll.options, start=1):
            yield TallyRow(number, option.id, option.label)
        yield Label("", id="tally-more")

    def watch_shown(self, shown: int | None) -> None:
        total = len(self.poll.options)
        limit = total if shown is None else max(0, min(shown, total))
        for index, row in enumerate(self.query(TallyRow)):
            row.display = index < limit
        hidden = total - limit
        self.set_class(hidden > 0, "-more")
        if hidden:
            first = limit + 1
            keys = f"{first}" if hidden == 1 else f"{first}-{total}"
            self.query_one("#tally-more", Label).update(
                Content(f"+{hidden} more (keys {keys} still count)")
            )

    def on_mount(self) -> None:
        if self.snapshot is not None:
            self.watch_snapshot(self.snapshot)

    def watch_snapshot(self, snapshot: PollSnapshot | None) -> None:
        if snapshot is None:
            return
        self.set_class(snapshot.hidden, "-hidden")
        for row in self.query(TallyRow):
            row.show(snapshot)
