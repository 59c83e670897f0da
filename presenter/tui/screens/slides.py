"""`SlideScreen`: the slide the room sees, with the footer under it.

It follows the app's `deck`, `position`, `slide_theme`, `typed_number`,
`poll_removing`, `quit_asked` and `room_blank`. A poll view can be mounted
into `#stage` beside the `SlideView` and shown in its place on poll slides.
`#room-blank` covers everything in true black while the room's screen is
blanked (`b` here or in the console).

The footer's prompt (a typed slide number, the poll's remove mode, "end the
talk?") shows here only while no console in a second terminal is linked:
then the console is where the presenter reads it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.containers import Container
from textual.screen import Screen
from textual.widgets import Static

from presenter.tui.widgets.slide_footer import SlideFooter
from presenter.tui.widgets.slide_view import SlideView

if TYPE_CHECKING:
    from presenter.tui.app import PresenterApp
    from presenter.tui.screens.poll_stage import PollStage


def presenter_prompt(app: PresenterApp) -> str:
    """What the presenter is in the middle of: a typed number, a removal, a question."""
    if app.quit_asked:
        return "end the talk? q/y"
    if app.poll_removing:
        return "remove a vote: 1-9"
    if app.typed_number:
        return f"go to {app.typed_number}▏ Enter"
    return ""


class SlideScreen(Screen[None], inherit_bindings=False):
    """The presenting view (no focus keys of its own: every key is the app's)."""

    MERGES_NAVIGATION = True
    """Keys here are the app's, applied in the order typed (see keys.py)."""

    @property
    def presenter(self) -> PresenterApp:
        return cast("PresenterApp", self.app)

    def compose(self) -> ComposeResult:
        with Container(id="stage"):
            yield SlideView(self.presenter.slide_cache, id="slide")
        yield SlideFooter(id="footer")
        yield Static("", id="room-blank")

    def on_mount(self) -> None:
        self._poll_stage: PollStage | None = None
        self._poll_stage_shown = False
        self._poll_stage_loaded = False
        self.stage = self.query_one("#stage", Container)
        self.slide_view = self.query_one(SlideView)
        self.footer = self.query_one(SlideFooter)
        self.blank = self.query_one("#room-blank")
        app = self.app
        self.watch(app, "deck", self._deck_changed, init=False)
        for name in ("position", "slide_theme", "typed_number", "poll_removing", "quit_asked"):
            self.watch(app, name, self._update, init=False)
        self.watch(app, "room_blank", self._blank_changed)
        self._deck_changed()

    def _blank_changed(self, blank: bool) -> None:
        self.blank.display = blank

    def _deck_changed(self) -> None:
        self.footer.display = self.presenter.deck.meta.show_footer
        self._update()

    def _update(self) -> None:
        app = self.presenter
        self.slide_view.show(app.deck, app.position, app.slide_theme)
        prompt = "" if app.console_elsewhere else presenter_prompt(app)
        self.footer.show(app.deck, app.position, prompt)
        # A poll slide shows its live poll view instead of the slide's Markdown.
        # Called on poll slides and once after leaving one; so a deck without
        # polls never imports the poll machinery, and key presses stay cheap.
        shown = app.deck.shown
        on_poll = bool(shown) and shown[min(app.position.slide, len(shown) - 1)].poll is not None
        if on_poll or self._poll_stage_shown:
            if self._poll_stage is None:
                from presenter.tui.screens.poll_stage import PollStage

                self._poll_stage = PollStage(
                    self, app.poll_desk, app.audience, self.stage, self.slide_view
                )
            self._poll_stage.show()
            self._poll_stage_shown = on_poll
        elif not self._poll_stage_loaded and shown:
            # Next to a poll slide, load the poll machinery now, off the key
            # path, so arriving there costs only mounting the view.
            index = min(app.position.slide, len(shown) - 1)
            near = shown[max(0, index - 1) : index + 2]
            if any(slide.poll is not None for slide in near):
                self._poll_stage_loaded = True
                self.call_after_refresh(_load_poll_stage)

    # Hooks the app's navigation actions use: a tall slide scrolls before it advances.
    # A key typed before the screen is mounted (at start-up) has nothing to
    # scroll: it moves, and `on_mount` shows where it moved to.

    def _mounted_view(self) -> SlideView | None:
        view: SlideView | None = getattr(self, "slide_view", None)
        return view

    def scroll_forward(self) -> bool:
        view = self._mounted_view()
        return view is not None and view.scroll_forward()

    def scroll_back(self) -> bool:
        view = self._mounted_view()
        return view is not None and view.scroll_back()

    def scroll_lines(self, delta: int) -> None:
        view = self._mounted_view()
        if view is not None:
            view.scroll_lines(delta)


def _load_poll_stage() -> None:
    import presenter.tui.screens.poll_stage  # noqa: F401
