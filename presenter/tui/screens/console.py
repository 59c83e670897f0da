"""`ConsoleScreen`: the presenter's own view: now, next, notes, clocks and pacing.

Tab toggles it with the slide view in one terminal; `presenter console DECK`
opens it on its own and links to the projected `presenter DECK`. Every slide
key of the slide view works here (they are app bindings); the console adds
the timer keys and scrolls the notes with `j`/`k` (and Ctrl+Down/Ctrl+Up),
keys that never move the slides.

`#moderation` (right column, under the next slide) is where the poll
moderation queue mounts its widget: a borderless container of automatic
height, so it takes no room while it is empty and the queue brings its frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Label

from presenter.deck.position import next_position, previous_position
from presenter.tui.render.inline import clean
from presenter.tui.render.palette import palette_for
from presenter.tui.screens.slides import presenter_prompt
from presenter.tui.widgets.clocks import ClockPanel
from presenter.tui.widgets.notes import SCROLL_LINES, NotesPanel
from presenter.tui.widgets.slide_preview import SlidePreview

if TYPE_CHECKING:
    from presenter.tui.app import PresenterApp

CLOCK_INTERVAL_S = 1.0
TITLE_WIDTH = 48


class ConsoleScreen(Screen[None]):
    """Current slide, next slide or step, notes, clocks, pacing, and room for moderation."""

    CSS_PATH = "console.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,ctrl+down", f"scroll_notes({SCROLL_LINES})", "Notes down", key_display="j"),
        Binding("k,ctrl+up", f"scroll_notes(-{SCROLL_LINES})", "Notes up", key_display="k"),
    ]
    MERGES_NAVIGATION = True
    """Keys here are the app's, applied in the order typed (see keys.py)."""

    @property
    def presenter(self) -> PresenterApp:
        return cast("PresenterApp", self.app)

    def compose(self) -> ComposeResult:
        app = self.presenter
        with Horizontal(id="console-body"):
            with Vertical(id="console-left"):
                yield SlidePreview(app.slide_cache, "No slides", id="current")
                yield NotesPanel(id="notes")
            with Vertical(id="console-right"):
                yield ClockPanel(id="clocks")
                yield SlidePreview(app.slide_cache, "End of the deck", id="next")
                yield Vertical(id="moderation")
        yield Label(id="console-status")
        yield Footer()

    def on_mount(self) -> None:
        app = self.presenter
        self.current = self.query_one("#current", SlidePreview)
        self.next = self.query_one("#next", SlidePreview)
        self.notes = self.query_one(NotesPanel)
        self.clocks = self.query_one(ClockPanel)
        self.status = self.query_one("#console-status", Label)
        self.notes.border_title = "Notes"
        self.notes.border_subtitle = "j/k scroll"
        self.clocks.border_title = "Clocks"
        from presenter.tui.widgets.poll_console import mount_poll_console

        mount_poll_console(self.query_one("#moderation"))
        for name in ("deck", "position", "slide_theme"):
            self.watch(app, name, self.update_view, init=False)
        for name in (
            "typed_number",
            "poll_removing",
            "quit_asked",
            "room_blank",
            "projected_prompt",
        ):
            self.watch(app, name, self.refresh_clocks, init=False)
        app.talk.talk_changed.subscribe(self, self.refresh_clocks)
        self.set_interval(CLOCK_INTERVAL_S, self.refresh_clocks, name="console-clock")
        self.update_view()

    # -- what is shown ---------------------------------------------------------------

    def update_view(self) -> None:
        app = self.presenter
        deck, pos, theme = app.deck, app.position, app.slide_theme
        shown = deck.shown
        total = len(shown)
        self.current.show(deck, pos.slide if shown else None, pos.step, theme)
        if shown:
            slide = shown[pos.slide]
            step = f" · step {pos.step + 1}/{slide.steps}" if slide.steps > 1 else ""
            self.current.border_title = _title(f"Now {pos.slide + 1}/{total} · {slide.title}")
            self.current.border_subtitle = Content(step.strip(" ·"))
            self.notes.show(slide.notes, palette_for(theme))
        else:
            self.current.border_title = Content("Now")
            self.notes.show("", palette_for(theme))
        upcoming = next_position(deck, pos) if shown else pos
        if not shown or upcoming == pos:
            self.next.show(deck, None, 0, theme)
            self.next.border_title = Content("Next")
        elif upcoming.slide == pos.slide:
            self.next.show(deck, upcoming.slide, upcoming.step, theme)
            steps = shown[pos.slide].steps
            self.next.border_title = Content(f"Next: step {upcoming.step + 1}/{steps}")
        else:
            self.next.show(deck, upcoming.slide, upcoming.step, theme)
            title = shown[upcoming.slide].title
            self.next.border_title = _title(f"Next {upcoming.slide + 1}/{total} · {title}")
        if shown:
            # Off the key path: what each panel shows after one move either way.
            self.current.prepare([upcoming, previous_position(deck, pos)])
            self.next.prepare([next_position(deck, upcoming), pos])
        self.refresh_clocks()

    def refresh_clocks(self, _: object = None) -> None:
        """Read the clock and redraw the clocks and the status line (1 s timer, tests)."""
        app = self.presenter
        self.clocks.show(app.talk.pacing.pace(), app.clock.wall())
        self.status.update(self._status_text())

    def _status_text(self) -> Content:
        app = self.presenter
        talk = app.talk
        parts: list[str] = []
        if app.room_blank:
            parts.append("room screen: blank (any key brings it back)")
        prompt = presenter_prompt(app) or app.projected_prompt
        if prompt:
            parts.append(prompt)
        parts.append("REHEARSAL" if talk.mode == "rehearse" else "console")
        status = talk.link_status
        if status.state == "linked":
            parts.append("⇄ linked to the other terminal")
        elif status.state == "alone":
            parts.append("alone: no projected view linked")
        elif status.state == "offline":
            parts.append(f"link off: {status.detail}")
        if talk.records:
            parts.append("recording" if talk.store_problem is None else "NOT recording")
        return Content(clean("  ·  ".join(parts)))

    # -- actions -------------------------------------------------------------------

    def action_scroll_notes(self, lines: int) -> None:
        self.notes.scroll_notes(lines)

    def scroll_lines(self, delta: int) -> None:
        """The app's `j`/`k` hook: in the console they scroll the notes."""
        self.notes.scroll_notes(delta)


def _title(text: str) -> Content:
    text = clean(text).replace("\n", " ")
    if len(text) > TITLE_WIDTH:
        text = text[: TITLE_WIDTH - 1] + "…"
    return Content(text)
