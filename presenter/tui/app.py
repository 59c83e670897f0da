"""`PresenterApp`: modes, bindings, styles and wiring; the work lives elsewhere.

The app owns the talk's state that every screen shares:

- `deck` (the loaded `Deck`; replaced on live reload),
- `position` (a reactive `Position`: slide among `deck.shown`, step),
- `slide_theme` (dark, light or projector), `typed_number` (digits typed for "go to"),
- `poll_removing` (after `-` on a poll), `room_blank`, `quit_asked`,
- `clock` (injectable `Clock`), `options` (`PresentOptions`), `slide_cache`,
- `talk` (presenter/tui/talk.py) and `poll_desk` (presenter/tui/poll_desk.py),
  made beside it.

Screens and widgets watch these (`self.watch(self.app, "position", ...)`).
The keys are app actions, grouped by what they act on in
presenter/tui/actions/ (navigation, polls, views), so every mode (slides,
console) gets the same keys; presenter/tui/keys.py applies them in the order
typed, and presenter/tui/presenter_channel.py keeps what is meant for the
presenter off the room's screen.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from presenter.clock import Clock, SystemClock
from presenter.deck.model import Deck
from presenter.deck.position import Position, clamp, goto_slide
from presenter.options import PresentOptions
from presenter.tui.actions.navigation import NAVIGATION_BINDINGS
from presenter.tui.actions.polls import POLL_BINDINGS, PollActions
from presenter.tui.actions.views import VIEW_BINDINGS, ViewActions
from presenter.tui.background import STARTING_PHONE_VOTES, report_failure, run_in_background
from presenter.tui.keys import KeyOrder
from presenter.tui.reload import (
    POLL_S,
    DeckWatcher,
    PlaceKeeper,
    ReloadRefused,
    load_for_reload,
)
from presenter.tui.render.palette import THEMES, theme_name
from presenter.tui.slide_cache import SlideCache
from presenter.tui.state import PresenterState
from presenter.tui.themes import use_theme

if TYPE_CHECKING:
    from textual.command import Provider


THEME_DIR = Path(__file__).parent / "themes"


def _slide_screen() -> Screen[None]:
    from presenter.tui.screens.slides import SlideScreen

    return SlideScreen()


def _console_screen() -> Screen[None]:
    from presenter.tui.screens.console import ConsoleScreen

    return ConsoleScreen()


def _talk_commands() -> type[Provider]:
    from presenter.tui.screens.console_commands import TalkCommands

    return TalkCommands


def _slide_commands() -> type[Provider]:
    from presenter.tui.commands import SlideCommands

    return SlideCommands


def _poll_commands() -> type[Provider]:
    from presenter.tui.screens.poll_commands import PollCommands

    return PollCommands


class PresenterApp(PollActions, ViewActions, KeyOrder):
    """Presents a deck full screen."""

    TITLE = "presenter"
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        THEME_DIR / "app.tcss",
        *(THEME_DIR / f"{name}.tcss" for name in THEMES),
    ]
    """Every stylesheet; at start only app.tcss and the theme in use are read
    (see `_use_theme_css`), the others when the presenter switches to them."""
    MODES: ClassVar[dict[str, str | Callable[[], Screen]]] = {}
    """"slides" and "console", each with its own screen stack (Tab switches);
    added by `__init__` and `on_mount` (see there)."""
    DEFAULT_MODE = "slides"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {
        *App.COMMANDS,
        _slide_commands,
        _talk_commands,
        _poll_commands,
    }
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        *NAVIGATION_BINDINGS,
        *POLL_BINDINGS,
        *VIEW_BINDINGS,
    ]

    def __init__(
        self,
        options: PresentOptions,
        deck: Deck | None = None,
        clock: Clock | None = None,
        *,
        watch_file: bool = True,
    ) -> None:
        # `presenter console` and `presenter rehearse` open on the console.
        self.DEFAULT_MODE = "slides" if options.mode == "present" else "console"  # type: ignore[misc]
        super().__init__()
        # Presenting, the slides mode is registered only once the app is up
        # (`on_mount`): Textual then opens on it as the app's default screen
        # (`get_default_screen`), which spares slide 1 a second parse of every
        # stylesheet and a first frame drawn only to be thrown away (~20 ms).
        self._slides_after_mount = options.mode == "present"
        self.add_mode("console", _console_screen)
        if not self._slides_after_mount:
            self.add_mode("slides", _slide_screen)
        self.options = options
        self.clock: Clock = clock or SystemClock()
        self.slide_cache = SlideCache()
        if deck is None:
            from presenter.deck.load import load_deck

            deck = load_deck(options.deck_path, options.dialect)
        self.set_reactive(PresenterState.deck, deck)
        opening = goto_slide(deck, options.start)
        opening = clamp(deck, Position(opening.slide, options.start_step))
        self.set_reactive(PresenterState.position, opening)
        self.set_reactive(PresenterState.slide_theme, theme_name(options.theme or deck.meta.theme))
        self.watcher = (
            DeckWatcher(deck.path, clock=self.clock.monotonic) if watch_file and deck.path else None
        )
        self.place_keeper = PlaceKeeper()
        self._reload_error_shown = False
        self.css_path = [THEME_DIR / "app.tcss", THEME_DIR / f"{self.slide_theme}.tcss"]
        self._apply_theme_classes()
        self.init_key_order()
        self.init_presenter_channel()

    # -- lifecycle -------------------------------------------------------------

    def get_default_screen(self) -> Screen[None]:
        # Only used when presenting: the console always opens as a mode.
        return _slide_screen()

    async def on_mount(self) -> None:
        if self._slides_after_mount:
            self.add_mode("slides", _slide_screen)
        if self.watcher is not None:
            self.set_interval(POLL_S, self.check_deck_changed, name="deck-watch")
        if self.options.mode != "present":
            await self._start_talk()

    async def on_ready(self) -> None:
        # Sent as the first frame is painted. Presenting, the talk's store, link
        # and timer start now rather than delaying slide 1.
        self.call_after_refresh(self._after_first_frame)
        if self.options.mode == "present":
            # Let slide 1 reach the terminal first. Keys pressed meanwhile wait
            # in the app's queue, so the talk still sees every move.
            await self.screen.wait_for_refresh()
            await self._start_talk()

    def _after_first_frame(self) -> None:
        # Everything loaded so far lives as long as the app: moving it out of
        # the collector's sight keeps full collections (which would otherwise
        # walk all of Textual and Rich) short enough not to delay a key press.
        # `run_app` turned the collector off for start-up; it is back on now.
        gc.freeze()
        gc.enable()

    async def _start_talk(self) -> None:
        await self.talk.start()
        run_in_background(self, self._ready_for_keys(), what="reading the polls' states")
        if self.options.audience is not None:
            run_in_background(self, self.audience.start(), what=STARTING_PHONE_VOTES)

    async def _ready_for_keys(self) -> None:
        """Once the store is open, the polls' states are known: held keys go on."""
        try:
            await self.talk.started()
            if self.deck.polls:
                await self.poll_desk.load_states()
        finally:
            self.release_keys()

    def interrupt(self, return_code: int) -> None:
        """The window closed or the process was told to stop: the talk is left to
        be resumed. What the talk has queued for the store goes to it first, so
        it is kept even if closing never finishes (a terminal gone mid-write)."""
        if self._talk is not None:
            self._talk.write_queued()
        self.exit(return_code=return_code)

    async def on_unmount(self) -> None:
        if self._audience is not None:
            await self._audience.stop()
        if self._talk is not None:
            await self._talk.close()
        if self._poll_desk is not None:
            self._poll_desk.close_thread()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.check_poll_action(action)

    # -- state ---------------------------------------------------------------

    def validate_position(self, position: Position) -> Position:
        return clamp(self.deck, position)

    def watch_slide_theme(self) -> None:
        self._use_theme_css()
        self._apply_theme_classes()

    def _use_theme_css(self) -> None:
        """Read a theme's stylesheet the first time the theme is used."""
        path = THEME_DIR / f"{self.slide_theme}.tcss"
        if path not in self.css_path:
            self.css_path = [*self.css_path, path]
            self.stylesheet.read(path)
            self.refresh_css(animate=False)

    def _apply_theme_classes(self) -> None:
        for name in THEMES:
            self.set_class(name == self.slide_theme, f"theme-{name}")
        # Every other screen (and Textual's own widgets) takes the slide theme's colours.
        use_theme(self, self.slide_theme)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Textual's own theme picker would offer themes the slides do not have;
        # the slide commands provider offers ours instead.
        yield SystemCommand("Quit", "Quit the presentation", self.exit)

    # -- live reload -------------------------------------------------------------

    def check_deck_changed(self) -> None:
        """Reload the deck if its file changed on disk (called by a timer)."""
        if self.watcher is not None and self.watcher.changed():
            self.reload_deck()

    def reload_deck(self) -> Worker[Deck | ReloadRefused]:
        """Load the deck file again in a thread; `_apply_reloaded` applies a good one."""
        path = self.deck.path or self.options.deck_path
        return run_in_background(
            self,
            lambda: load_for_reload(path, self.options.dialect),
            what="reloading the deck",
            group="reload",
            thread=True,
            exclusive=True,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place worker results and failures are handled (see tui/background.py)."""
        worker = event.worker
        if event.state == WorkerState.SUCCESS and worker.group == "reload":
            result = worker.result
            if isinstance(result, ReloadRefused):
                self._show_reload_error(result.reason)
            elif isinstance(result, Deck):
                self._apply_reloaded(result)
        elif event.state == WorkerState.ERROR and worker.error is not None:
            report_failure(self, worker.name or "a background job", worker.error)

    def _apply_reloaded(self, deck: Deck) -> None:
        old = self.deck
        if self._reload_error_shown:
            self._reload_error_shown = False
            self.tell("Deck reloaded: the saved file is good again.")
        self.slide_cache.clear()
        position = self.place_keeper.place(old, deck, self.position)
        self.deck = deck
        self.position = position

    def _show_reload_error(self, reason: str) -> None:
        """The last good deck stays; the presenter reads one line (no path) saying why."""
        self.tell(reason, severity="warning")
        self._reload_error_shown = True
