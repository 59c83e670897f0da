"""The presenter console through Textual's real pilot, on a FakeClock (no sleeps)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Label

from presenter.clock import FakeClock
from presenter.deck.position import Position
from presenter.tui.screens.console import ConsoleScreen
from presenter.tui.widgets.notes import NotesPanel
from presenter.tui.widgets.slide_preview import SlidePreview

from .conftest import LONG_NOTES, make_app

SIZE = (120, 36)


def label(screen: ConsoleScreen, name: str) -> Label:
    return screen.query_one(f"#{name}", Label)


def text(screen: ConsoleScreen, name: str) -> str:
    return str(label(screen, name).content)


def tick(app) -> ConsoleScreen:
    """What the 1 s interval does: read the clock, redraw."""
    screen = app.screen
    assert isinstance(screen, ConsoleScreen)
    screen.refresh_clocks()
    return screen


async def test_console_shows_now_next_notes_and_clocks(deck_path: Path, clock: FakeClock) -> None:
    app = make_app(deck_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = tick(app)
        assert screen.query_one("#current", SlidePreview).slide == 0
        assert screen.query_one("#next", SlidePreview).slide == 1
        assert screen.query_one(NotesPanel).text == "Welcome everyone."
        assert str(screen.query_one("#current").border_title) == "Now 1/4 · Pacing test"
        assert str(screen.query_one("#next").border_title) == "Next 2/4 · Agenda"
        assert text(screen, "wall") == "Time   09:00:00"
        assert text(screen, "elapsed") == "Talk   00:00 of 05:00  (ready)"
        assert text(screen, "slide-time") == "Slide  00:00 / 00:30"
        assert text(screen, "pace") == "Pace"  # nothing to say before the talk clock runs
        assert label(screen, "elapsed").has_class("ready")


async def test_next_panel_previews_the_next_step_then_the_next_slide(
    deck_path: Path, clock: FakeClock
) -> None:
    app = make_app(deck_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right")
        screen = app.screen
        current, upcoming = screen.query_one("#current"), screen.query_one("#next")
        assert (current.slide, current.step) == (1, 0)
        assert (upcoming.slide, upcoming.step) == (1, 1)
        assert str(upcoming.border_title) == "Next: step 2/3"
        assert str(current.border_subtitle) == "step 1/3"
        await pilot.press("right", "right")
        assert (upcoming.slide, upcoming.step) == (2, 0)
        assert str(upcoming.border_title) == "Next 3/4 · Details"
        await pilot.press("end")
        assert upcoming.slide is None  # the end of the deck
        assert screen.query_one(NotesPanel).text == ""


async def test_pacing_follows_the_fake_clock_in_colour(deck_path: Path, clock: FakeClock) -> None:
    app = make_app(deck_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        clock.advance(120)  # the title slide is up while the room fills: not talk time
        await pilot.press("right")  # the first move starts the talk timer
        screen = tick(app)
        assert text(screen, "elapsed") == "Talk   00:00 of 05:00"
        clock.advance(40)
        screen = tick(app)
        assert text(screen, "slide-time") == "Slide  00:40 / 01:00"
        assert text(screen, "pace") == "Pace   on time"
        assert label(screen, "pace").has_class("on-time")
        clock.advance(30)  # 10 s over this slide's budget
        screen = tick(app)
        assert label(screen, "slide-time").has_class("over")
        assert text(screen, "pace") == "Pace   behind 00:10"
        assert label(screen, "pace").has_class("behind")
        await pilot.press("right", "right")  # steps: same slide, same slide clock
        assert text(tick(app), "slide-time") == "Slide  01:10 / 01:00"
        await pilot.press("right", "right")  # skip through details straight to the close
        screen = tick(app)
        assert app.position == Position(3, 0)
        assert text(screen, "pace") == "Pace   ahead 01:20"
        assert label(screen, "pace").has_class("ahead")
        assert not label(screen, "pace").has_class("behind")


async def test_t_pauses_and_resumes_and_shift_t_resets(deck_path: Path, clock: FakeClock) -> None:
    app = make_app(deck_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")  # start by hand on the title slide
        clock.advance(65)
        assert text(tick(app), "elapsed") == "Talk   01:05 of 05:00"
        await pilot.press("t")
        clock.advance(600)  # questions from the floor
        screen = tick(app)
        assert text(screen, "elapsed") == "Talk   01:05 of 05:00  (paused)"
        assert label(screen, "elapsed").has_class("paused")
        await pilot.press("right")  # moving on does not restart a paused timer
        assert app.talk.pacing.timer.phase == "paused"
        await pilot.press("t")
        clock.advance(5)
        assert text(tick(app), "elapsed") == "Talk   01:10 of 05:00"
        await pilot.press("T")
        assert text(tick(app), "elapsed") == "Talk   00:00 of 05:00  (ready)"
        assert app.position == Position(1, 0)  # the timer keys never move the slides


async def test_the_timer_keys_work_in_the_slide_view_too(deck_path: Path, clock: FakeClock) -> None:
    app = make_app(deck_path, clock, mode="present")
    async with app.run_test(size=SIZE) as pilot:
        theme = app.slide_theme
        await pilot.press("t")
        clock.advance(42)
        assert app.talk.pacing.timer.phase == "running"
        await pilot.press("t")
        assert app.talk.pacing.timer.phase == "paused"
        await pilot.press("tab")  # the console shows the same timer
        assert text(tick(app), "elapsed") == "Talk   00:42 of 05:00  (paused)"
        await pilot.press("tab", "T")
        assert app.talk.pacing.timer.phase == "ready"
        assert app.slide_theme == theme  # `t` is the timer, never the theme


async def test_palette_resets_the_timer(deck_path: Path, clock: FakeClock) -> None:
    app = make_app(deck_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        clock.advance(30)
        await pilot.press("ctrl+p")
        await pilot.press(*"reset timer")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.talk.pacing.timer.phase == "ready"
        assert app.talk.pacing.timer.elapsed() == 0


async def test_notes_scroll_with_keys_that_do_not_move_slides(
    deck_path: Path, clock: FakeClock
) -> None:
    app = make_app(deck_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "enter")
        assert app.position == Position(2, 0)
        notes = app.screen.query_one(NotesPanel)
        assert notes.text == LONG_NOTES
        assert notes.max_scroll_y > 0
        await pilot.press("j", "j")
        await pilot.pause()
        assert notes.scroll_y == 6
        await pilot.press("ctrl+down")
        await pilot.pause()
        assert notes.scroll_y == 9
        await pilot.press("k", "ctrl+up")
        await pilot.pause()
        assert notes.scroll_y == 3
        assert app.position == Position(2, 0)
        await pilot.press("right")  # a new slide's notes start at the top
        await pilot.pause()
        assert notes.scroll_y == 0


async def test_every_slide_key_works_in_the_console(deck_path: Path, clock: FakeClock) -> None:
    app = make_app(deck_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        for key in ("right", "down", "space", "n", "l", "pagedown"):
            await pilot.press(key)
        assert app.position == Position(3, 0)  # 1 + 3 steps + 1 + 1 = the last slide
        for key in ("left", "up", "backspace", "p", "h", "pageup"):
            await pilot.press(key)
        assert app.position == Position(0, 0)
        await pilot.press("end")
        assert app.position == Position(3, 0)
        await pilot.press("home")
        assert app.position == Position(0, 0)
        await pilot.press("G")
        assert app.position == Position(3, 0)
        await pilot.press("g")
        await pilot.press("2", "enter")
        assert app.position == Position(1, 0)
        assert isinstance(app.screen, ConsoleScreen)


async def test_tab_toggles_console_and_slides_on_the_same_position(
    deck_path: Path, clock: FakeClock
) -> None:
    app = make_app(deck_path, clock, mode="present")
    async with app.run_test(size=SIZE) as pilot:
        from presenter.tui.screens.slides import SlideScreen

        assert isinstance(app.screen, SlideScreen)
        await pilot.press("right")
        await pilot.press("tab")
        assert isinstance(app.screen, ConsoleScreen)
        assert app.screen.query_one("#current").slide == 1
        await pilot.press("right")  # steps of slide 2
        await pilot.press("tab")
        assert isinstance(app.screen, SlideScreen)
        assert app.position == Position(1, 1)
        await pilot.press("slash")  # a dialog keeps Tab for itself
        screen = app.screen
        await pilot.press("tab")
        assert app.screen is screen


async def test_moderation_room_is_empty_until_the_queue_mounts(
    deck_path: Path, clock: FakeClock
) -> None:
    app = make_app(deck_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        room = app.screen.query_one("#moderation")
        await pilot.pause()
        assert room.region.height == 0
        next_rows = app.screen.query_one("#next").region.height
        await room.mount(Label("1 suggestion waiting", id="queue"))
        await pilot.pause()
        assert room.region.height > 0
        assert app.screen.query_one("#queue").region.height == 1
        assert app.screen.query_one("#next").region.height == next_rows - 1


async def test_deck_text_is_shown_literally(tmp_path: Path, clock: FakeClock) -> None:
    deck = tmp_path / "hostile.md"
    deck.write_text(
        "# [bold]Title[/bold] \x1b[31mred\n\nBody\n\nNote: [link=x]click[/link] \x1b]0;pwn\x07\n",
        encoding="utf-8",
    )
    app = make_app(deck, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        title = screen.query_one("#current")._border_title.plain  # as drawn
        assert "[bold]Title[/bold]" in title and "\x1b" not in title
        rendered = "\n".join(
            "".join(segment.text for segment in strip)
            for strip in screen._compositor.render_strips()
        )
        assert "[link=x]click[/link]" in rendered and "\x1b" not in rendered
