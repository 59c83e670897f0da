"""`SlideScreen`: the slide the room sees, with the footer under it.

It follows the app's `deck`, `position`, `slide_theme` and `typed_number`.
A poll view can be mounted into `#stage` beside the `SlideView` and shown in
its place on poll slides.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Container
from textual.screen import Screen

from presenter.tui.widgets.slide_footer import SlideFooter
from presenter.tui.widgets.slide_view import SlideView


class SlideScreen(Screen[None], inherit_bindings=False):
    """The presenting view (no focus keys of its own: every key is the app's)."""

    MERGES_NAVIGATION = True
    """Bursts of next/previous keys here are merged into one move (see keys.py)."""

    def compose(self) -> ComposeResult:
        from presenter.tui.app import PresenterApp

        app = self.app
        assert isinstance(app, PresenterApp)
        with Container(id="stage"):
            yield SlideView(app.slide_cache, id="slide")
        yield SlideFooter(id="footer")

    def on_mount(self) -> None:
        self._poll_stage_shown = False
        self._poll_stage_loaded = False
        self.stage = self.query_one("#stage", Container)
        self.slide_view = self.query_one(SlideView)
        self.footer = self.query_one(SlideFooter)
        app = self.app
        self.watch(app, "deck", self._deck_changed, init=False)
        self.watch(app, "position", self._update, init=False)
        self.watch(app, "slide_theme", self._update, init=False)
        self.watch(app, "typed_number", self._update, init=False)
        self._deck_changed()

    def _deck_changed(self) -> None:
        from presenter.tui.app import PresenterApp

        app = self.app
        assert isinstance(app, PresenterApp)
        self.footer.display = app.deck.meta.show_footer
        self._update()

    def _update(self) -> None:
        from presenter.tui.app import PresenterApp

        app = self.app
        assert isinstance(app, PresenterApp)
        self.slide_view.show(app.deck, app.position, app.slide_theme)
        self.footer.show(app.deck, app.position, app.typed_number)
        # A poll slide shows its live poll view instead of the slide's Markdown.
        # Called on poll slides and once after leaving one; so a deck without
        # polls never imports the poll machinery, and key presses stay cheap.
        shown = app.deck.shown
        on_poll = bool(shown) and shown[min(app.position.slide, len(shown) - 1)].poll is not None
        if on_poll or self._poll_stage_shown:
            from presenter.tui.screens.poll_stage import show_poll_stage

            show_poll_stage(self, self.stage, self.slide_view)
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
