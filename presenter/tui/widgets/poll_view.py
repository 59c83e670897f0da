"""The poll view: what a poll slide shows instead of its Markdown.

The question, the state (ready, open, closed), the options numbered 1-9 with
their live bars, the number of voters, and the approved suggestions. It only
shows: the keys that run the poll are the app's (presenter/tui/actions/polls.py),
which queue every action on the `PollDesk`; the view re-reads the store when
the desk's `poll_changed` signal says so, so the bars only ever show
committed votes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Label
from textual.worker import Worker

from presenter.deck.model import Poll
from presenter.polls.figures import voters_text
from presenter.tui.background import run_in_background
from presenter.tui.poll_desk import PollDesk, PollDeskError
from presenter.tui.widgets.audience_panel import AudiencePanel
from presenter.tui.widgets.poll_bars import TallyBars
from presenter.tui.widgets.poll_fit import fit_poll_view
from presenter.tui.widgets.poll_snapshot import PollSnapshot
from presenter.tui.widgets.poll_suggestions import SuggestionList
from presenter.tui.widgets.poll_text import safe_content
from presenter.tui.widgets.shared_tally import SharedTallyLine

if TYPE_CHECKING:
    from presenter.tui.audience_link import AudienceLink

EXTERNAL_CHECK_S = 0.5
"""How often the view looks for votes written by another process or connection."""


class PollView(Vertical):
    """A poll slide, live: question, state, bars, suggestions."""

    DEFAULT_CSS = """
    PollView {
        height: 1fr;
        padding: 1 0;
        align: center middle;
    }
    PollView > #poll-question {
        text-style: bold;
        color: $text-primary;
        margin-bottom: 1;
    }
    PollView > #poll-state {
        margin-bottom: 1;
        color: $text-muted;
    }
    PollView.-open > #poll-state {
        color: $text-success;
        text-style: bold;
    }
    PollView.-closed > #poll-state {
        color: $text-warning;
        text-style: bold;
    }
    PollView > #poll-store-note {
        color: $text-error;
        display: none;
    }
    PollView.-unstored > #poll-store-note {
        display: block;
    }
    PollView > SuggestionList {
        margin-top: 1;
    }
    """

    snapshot: reactive[PollSnapshot | None] = reactive(None, init=False)
    """What the store said last (set in `__init__`, so never None once built)."""

    def __init__(
        self,
        desk: PollDesk,
        poll: Poll,
        *,
        audience: AudienceLink | None = None,
        id: str | None = "poll-view",
    ) -> None:
        super().__init__(id=id)
        self.desk = desk
        self.poll = poll
        self.audience = audience
        self._reload_queued = False
        self.set_reactive(PollView.snapshot, PollSnapshot(poll, stored=desk.stored))

    def compose(self) -> ComposeResult:
        yield Label(safe_content(self.poll.question, limit=None), id="poll-question")
        yield Label("", id="poll-state")
        yield TallyBars(self.poll, id="poll-bars")
        yield SharedTallyLine(self.desk, self.poll)
        yield SuggestionList(id="poll-suggestions")
        yield Label("", id="poll-store-note")
        yield AudiencePanel(self.audience)

    def on_mount(self) -> None:
        self.desk.poll_changed.subscribe(self, self._desk_changed)
        self._show(self.current)
        self.reload()
        self.set_interval(EXTERNAL_CHECK_S, self.desk.check_external, name="poll-external")

    # -- layout (presenter/tui/widgets/poll_fit.py) ----------------------------

    def on_resize(self) -> None:
        self._fit()

    def on_audience_panel_changed(self) -> None:
        self._fit()

    def _fit(self) -> None:
        fit_poll_view(self, self.poll, len(self.current.approved))

    # -- reading -------------------------------------------------------------

    def reload(self) -> Worker[None] | None:
        """Re-read the poll from the store (coalesced: one reload waits at most)."""
        if self._reload_queued:
            return None
        self._reload_queued = True
        return run_in_background(self, self._read(), what="reading the poll", group="poll-read")

    async def _read(self) -> None:
        self._reload_queued = False
        try:
            self.snapshot = await self.desk.read(self.poll)
        except PollDeskError as error:
            self.desk.tell_presenter(str(error), "error")

    @property
    def current(self) -> PollSnapshot:
        """The last snapshot read from the store."""
        assert self.snapshot is not None
        return self.snapshot

    def _desk_changed(self, poll_id: str | None) -> None:
        if poll_id is None or poll_id == self.poll.id:
            self.reload()

    def watch_snapshot(self, snapshot: PollSnapshot | None) -> None:
        if snapshot is not None:
            self._show(snapshot)

    def _show(self, snapshot: PollSnapshot) -> None:
        if not self.is_attached or not self.is_running:
            return  # a reload that finished while the view was being removed
        for state in ("ready", "open", "closed"):
            self.set_class(snapshot.state == state, f"-{state}")
        self.set_class(not snapshot.stored, "-unstored")
        self.query_one("#poll-state", Label).update(self._state_line(snapshot))
        self.query_one(TallyBars).snapshot = snapshot
        suggestions = self.query_one(SuggestionList)
        refit = len(suggestions.texts) != len(snapshot.approved)
        suggestions.texts = snapshot.approved
        if refit:
            self._fit()  # the ideas take rows from the options
        if not snapshot.stored:
            told = self.desk.problem_to_tell()
            if told:
                self.desk.tell_presenter(told, "warning")
            self.query_one("#poll-store-note", Label).update(
                Content("Votes are not being stored: ")
                + safe_content(self.desk.problem or "no store", limit=None)
            )

    def _state_line(self, snapshot: PollSnapshot) -> Content:
        voters = voters_text(snapshot.voters)
        if snapshot.state == "ready":
            line = "Not open yet"
        elif snapshot.state == "open":
            line = f"● OPEN · {voters}"
            if snapshot.hidden:
                line += " · results shown after the poll closes"
        else:
            line = f"■ CLOSED · {voters}"
            if snapshot.hidden:
                line += " · results not revealed yet"
        return Content(line)
