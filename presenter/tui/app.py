"""`PresenterApp`: modes, bindings, styles and wiring; the work lives elsewhere.

The app owns the talk's state that every screen shares:

- `deck` (the loaded `Deck`; replaced on live reload),
- `position` (a reactive `Position`: slide among `deck.shown`, step),
- `slide_theme` (dark, light or projector), `typed_number` (digits typed for "go to"),
- `clock` (injectable `Clock`), `options` (`PresentOptions`), `slide_cache`.

Screens and widgets watch these (`self.watch(self.app, "position", ...)`);
navigation is a set of app actions, so every mode (slides, console) gets the
same keys. A widget with its own keys (e.g. a poll view's 1-9) takes them
first when focused, because app bindings are checked last.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.reactive import var
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from presenter.clock import Clock, SystemClock
from presenter.deck.model import Deck, DeckError, DeckMeta
from presenter.deck.position import (
    Position,
    advance,
    clamp,
    first_position,
    goto_slide,
    last_position,
)
from presenter.options import PresentOptions
from presenter.tui.keys import NEXT_KEYS, PREVIOUS_KEYS, direction, merges_here, take_burst
from presenter.tui.reload import (
    DeckWatcher,
    load_or_error,
    position_after_reload,
    reload_error_text,
)
from presenter.tui.render.palette import THEMES, theme_name
from presenter.tui.slide_cache import SlideCache
from presenter.tui.themes import use_theme

if TYPE_CHECKING:
    from textual.command import Provider

    from presenter.tui.audience_link import AudienceLink
    from presenter.tui.talk import Talk

THEME_DIR = Path(__file__).parent / "themes"
EMPTY_DECK = Deck(path=None, meta=DeckMeta(), slides=())
RELOAD_INTERVAL_S = 0.5
MAX_TYPED_DIGITS = 4


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


class PresenterApp(App[int]):
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
        Binding(",".join(NEXT_KEYS), "next", "Next step or slide"),
        Binding(",".join(PREVIOUS_KEYS), "previous", "Previous step or slide"),
        Binding("home,g", "first", "First slide"),
        Binding("end,G", "last", "Last slide"),
        *(
            Binding(str(d), f"type_digit({d})", "Type a slide number", show=False)
            for d in range(10)
        ),
        Binding("enter", "go_to_typed", "Go to the typed slide number", show=False),
        Binding("escape", "clear_typed", "Forget the typed number", show=False),
        Binding("j", "scroll_lines(2)", "Scroll a tall slide down"),
        Binding("k", "scroll_lines(-2)", "Scroll a tall slide up"),
        Binding("b,full_stop", "blank", "Blank the screen (any key returns)"),
        Binding("o", "overview", "Overview of all slides"),
        Binding("slash", "search", "Search slide text"),
        Binding("t", "toggle_timer", "Pause or resume the talk timer"),
        Binding("T", "reset_timer", "Reset the talk timer"),
        Binding("ctrl+t", "toggle_theme", "Next theme (dark, light, projector)"),
        Binding("w", "phone_votes", "Phone votes: start the server, show where to join"),
        Binding("question_mark", "help", "Help: every key"),
        Binding("tab", "toggle_console", "Presenter console / slides", priority=True),
        Binding("ctrl+p", "command_palette", "Command palette", priority=True),
        Binding("q", "quit", "Quit"),
        Binding("ctrl+c", "quit", "Quit", priority=True),
    ]

    deck: var[Deck] = var(EMPTY_DECK, init=False, always_update=True)
    position: var[Position] = var(Position(), init=False)
    slide_theme: var[str] = var("dark", init=False)
    typed_number: var[str] = var("", init=False)

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

            deck = load_deck(options.deck_path)
        self.set_reactive(PresenterApp.deck, deck)
        self.set_reactive(PresenterApp.position, goto_slide(deck, options.start))
        self.set_reactive(PresenterApp.slide_theme, theme_name(options.theme or deck.meta.theme))
        self.watcher = DeckWatcher(deck.path) if watch_file and deck.path else None
        self._reload_error_shown = False
        self.css_path = [THEME_DIR / "app.tcss", THEME_DIR / f"{self.slide_theme}.tcss"]
        self._apply_theme_classes()
        self._talk: Talk | None = None
        self._audience: AudienceLink | None = None

    @property
    def talk(self) -> Talk:
        """Timer, two-terminal link, session and timing recording (presenter/tui/talk.py).

        Made on first use (in present mode: once slide 1 is on screen), so its
        imports never delay the first frame."""
        if self._talk is None:
            from presenter.tui.talk import Talk

            self._talk = Talk(self)
        return self._talk

    @property
    def audience(self) -> AudienceLink:
        """The phone vote server (presenter/tui/audience_link.py), started by --audience or w."""
        if self._audience is None:
            from presenter.tui.audience_link import AudienceLink

            self._audience = AudienceLink(self)
        return self._audience

    # -- lifecycle -------------------------------------------------------------

    def get_default_screen(self) -> Screen[None]:
        # Only used when presenting: the console always opens as a mode.
        return _slide_screen()

    async def on_mount(self) -> None:
        if self._slides_after_mount:
            self.add_mode("slides", _slide_screen)
        if self.watcher is not None:
            self.set_interval(RELOAD_INTERVAL_S, self.check_deck_changed, name="deck-watch")
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
        if self.options.audience is not None:
            self.run_worker(self.audience.start(), name="phone votes", exit_on_error=False)

    async def on_unmount(self) -> None:
        if self._audience is not None:
            await self._audience.stop()
        if self._talk is not None:
            await self._talk.close()

    async def action_quit(self) -> None:
        if await self.talk.before_quit():
            return  # a rehearsal shows its report first
        self.exit()

    def action_toggle_console(self) -> None:
        from textual.actions import SkipAction

        if len(self.screen_stack) > 1:
            raise SkipAction()  # a dialog is open: Tab is its own
        self.switch_mode("slides" if self.current_mode == "console" else "console")

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

    # -- navigation ------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        # While the slide view has the keyboard, keys are handled here in the order
        # they came: a burst of queued navigation keys becomes one move (see
        # keys.py), and any other key runs its binding now. Sent on the usual round
        # trip through the focused widget, Home or a typed number would be overtaken
        # by the arrow keys queued behind it.
        if (
            isinstance(event, events.Key)
            and not event.is_forwarded
            and merges_here(self, event.key)
        ):
            step = direction(event)
            if step:
                self.move(take_burst(self, step))
                return
            if await self._check_bindings(event.key, priority=True) or await self._check_bindings(
                event.key
            ):
                return
        await super().on_event(event)

    def move(self, count: int) -> None:
        """`count` presses of next (negative: previous), a tall slide scrolling first."""
        self.typed_number = ""
        scroll_name = "scroll_forward" if count > 0 else "scroll_back"
        scroll: Callable[[], bool] | None = getattr(self.screen, scroll_name, None)
        remaining = abs(count)
        while remaining and scroll is not None and scroll():
            remaining -= 1
        if remaining:
            self.position = advance(
                self.deck, self.position, remaining if count > 0 else -remaining
            )

    def action_next(self) -> None:
        self.move(1)

    def action_previous(self) -> None:
        self.move(-1)

    def action_first(self) -> None:
        self.typed_number = ""
        self.position = first_position(self.deck)

    def action_last(self) -> None:
        self.typed_number = ""
        self.position = last_position(self.deck)

    def action_type_digit(self, digit: int) -> None:
        if len(self.typed_number) < MAX_TYPED_DIGITS:
            self.typed_number += str(digit)

    def action_go_to_typed(self) -> None:
        if self.typed_number:
            self.go_to_slide(int(self.typed_number))
        self.typed_number = ""

    def action_clear_typed(self) -> None:
        self.typed_number = ""

    def go_to_slide(self, number: int) -> None:
        """Slide `number` as the footer counts it (1-based)."""
        self.position = goto_slide(self.deck, number)

    def action_scroll_lines(self, delta: int) -> None:
        scroll: Callable[[int], None] | None = getattr(self.screen, "scroll_lines", None)
        if scroll is not None:
            scroll(delta)

    # -- screens ---------------------------------------------------------------

    def action_blank(self) -> None:
        from presenter.tui.screens.blank import BlankScreen

        self.push_screen(BlankScreen())

    def action_overview(self) -> None:
        from presenter.tui.screens.overview import OverviewScreen

        self.push_screen(OverviewScreen(self.deck, self.position.slide), self._go_to_index)

    def action_search(self) -> None:
        from presenter.tui.screens.search import SearchScreen

        self.push_screen(SearchScreen(self.deck), self._go_to_index)

    async def action_phone_votes(self) -> None:
        await self.audience.start()

    def action_help(self) -> None:
        from presenter.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.screen.active_bindings))

    def _go_to_index(self, index: int | None) -> None:
        if index is not None:
            self.position = clamp(self.deck, Position(index, 0))

    # -- the talk timer: one meaning for `t` in every view, so pausing it on the
    # projected terminal never restyles what the room sees ------------------

    def action_toggle_timer(self) -> None:
        self.talk.toggle_timer()

    def action_reset_timer(self) -> None:
        self.talk.reset_timer()

    # -- themes ----------------------------------------------------------------

    def action_toggle_theme(self) -> None:
        index = THEMES.index(self.slide_theme)
        self.slide_theme = THEMES[(index + 1) % len(THEMES)]

    def action_set_theme(self, name: str) -> None:
        self.slide_theme = theme_name(name)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Textual's own theme picker would offer themes the slides do not have;
        # the slide commands provider offers ours instead.
        yield SystemCommand("Quit", "Quit the presentation", self.exit)

    # -- live reload -------------------------------------------------------------

    def check_deck_changed(self) -> None:
        """Reload the deck if its file changed on disk (called by a timer)."""
        if self.watcher is not None and self.watcher.changed():
            self.reload_deck()

    def reload_deck(self) -> Worker[Deck | DeckError]:
        """Load the deck file again in a thread; `_on_deck_loaded` applies it."""
        path = self.deck.path or self.options.deck_path
        return self.run_worker(
            lambda: load_or_error(path),
            thread=True,
            exclusive=True,
            group="reload",
            exit_on_error=False,
            name="reload",
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The one place worker results and failures are handled."""
        worker = event.worker
        if event.state == WorkerState.SUCCESS and worker.name == "reload":
            result = worker.result
            if isinstance(result, DeckError):
                self._show_reload_error(result)
            elif isinstance(result, Deck):
                self._apply_reloaded(result)
        elif event.state == WorkerState.ERROR:
            error = worker.error
            self.notify(
                f"{type(error).__name__}: {error}",
                title=f"{worker.name or 'background task'} failed",
                severity="error",
                markup=False,
            )

    def _apply_reloaded(self, deck: Deck) -> None:
        old = self.deck
        if self._reload_error_shown:
            self.clear_notifications()
            self._reload_error_shown = False
            self.notify("The deck is valid again.", title="Deck reloaded", markup=False)
        self.slide_cache.clear()
        position = position_after_reload(old, deck, self.position)
        self.deck = deck
        self.position = position

    def _show_reload_error(self, error: DeckError) -> None:
        self.clear_notifications()
        self.notify(
            reload_error_text(error),
            title="Deck not reloaded",
            severity="error",
            timeout=24 * 3600,
            markup=False,
        )
        self._reload_error_shown = True
