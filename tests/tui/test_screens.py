"""Overview, search, help, blanking, the command palette and themes."""

from __future__ import annotations

from pathlib import Path

from textual.color import Color

from presenter.deck.load import parse_deck
from presenter.deck.model import Deck
from presenter.deck.position import Position
from presenter.tui.actions.polls import POLL_ACTIONS
from presenter.tui.screens.help import HelpScreen
from presenter.tui.screens.overview import OverviewScreen
from presenter.tui.screens.search import SearchScreen
from presenter.tui.screens.slides import SlideScreen

from .conftest import make_app, many_slides, screen_text

SIZE = (100, 30)


async def test_overview_lists_slides_and_jumps(sample_deck: Deck) -> None:
    app = make_app(sample_deck)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        text = screen_text(app)
        for title in ("Where we stand", "The numbers", "Three steps", "Questions"):
            assert title in text
        assert "● now" in text
        await pilot.press("right", "right", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SlideScreen)
        assert app.position == Position(2, 0)
        assert "The numbers" in screen_text(app)


async def test_overview_rows_and_escape(sample_deck: Deck) -> None:
    app = make_app(sample_deck)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o", "down")
        grid = app.screen.query_one("#grid")
        columns = grid.columns  # type: ignore[attr-defined]
        assert grid.cursor == min(columns, 5)  # type: ignore[attr-defined]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SlideScreen)
        assert app.position == Position(0, 0)


async def test_overview_of_a_large_deck_scrolls_to_the_cursor() -> None:
    deck = parse_deck(many_slides(300), Path("big.md"))
    app = make_app(deck, start=250)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await pilot.pause()
        assert "Slide number 250" in screen_text(app)
        await pilot.press("end", "enter")
        await pilot.pause()
        assert app.position.slide == len(deck.shown) - 1


async def test_overview_click_jumps(sample_deck: Deck) -> None:
    app = make_app(sample_deck)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await pilot.pause()
        # Second cell of the first row: the grid starts under a one-line title.
        await pilot.click("#grid", offset=(40, 1))
        await pilot.pause()
        assert app.position.slide == 1


async def test_search_finds_slide_text_and_jumps(sample_deck: Deck) -> None:
    app = make_app(sample_deck)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"predict future")
        await pilot.pause()
        text = screen_text(app)
        assert "Code and quotes" in text
        assert "Where we stand" not in text
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SlideScreen)
        assert app.position.slide == 4


async def test_search_results_can_be_picked_with_arrows(sample_deck: Deck) -> None:
    app = make_app(sample_deck)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"q")  # "Quarterly", "Quarter" table, "quotes", "Questions"
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        matches = screen.matches("q")
        assert len(matches) >= 2
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.position.slide == matches[1]


async def test_search_with_no_match_keeps_the_slide(sample_deck: Deck) -> None:
    app = make_app(sample_deck, start=2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"zzzz", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.position.slide == 1


async def test_help_on_a_poll_slide_lists_the_vote_keys_once() -> None:
    deck = parse_deck(
        "# Vote\n\n```poll\nquestion: Which?\noptions: [A, B, C]\n```\n", Path("p.md")
    )
    app = make_app(deck)
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = [line.split() for line in screen_text(app).splitlines()]
        assert [
            "0-9",
            "Type",
            "a",
            "slide",
            "number",
            "(open",
            "poll:",
            "1-9",
            "add",
            "a",
            "vote)",
        ] in rows
        assert ["shift+1-9", "Remove", "a", "vote", "from", "that", "option"] in rows
        assert "option 1" not in screen_text(app)


async def test_help_lists_every_binding_with_its_description(sample_deck: Deck) -> None:
    app = make_app(sample_deck)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for _key, binding in app._bindings:
            if binding.action.split("(")[0] in POLL_ACTIONS:
                continue  # a deck without polls shows no poll keys
            assert binding.description, binding
            assert binding.description in text, binding.description
        assert "0-9 then Enter" in text
        assert "Focus Next" not in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SlideScreen)


async def test_blank_hides_the_slide_in_true_black_and_any_key_returns(
    sample_deck: Deck,
) -> None:
    for theme in ("dark", "light", "projector"):
        for blank_key in ("b", "full_stop"):
            app = make_app(sample_deck, start=2, theme=theme)
            async with app.run_test(size=SIZE) as pilot:
                await pilot.press(blank_key)
                await pilot.pause()
                assert app.room_blank
                assert screen_text(app).strip() == ""
                # Every cell of the room's screen is true black, whatever the theme.
                backgrounds = {
                    segment.style.bgcolor.get_truecolor().hex
                    for strip in app.screen._compositor.render_strips()
                    for segment in strip
                    if segment.style is not None and segment.style.bgcolor is not None
                }
                assert backgrounds == {"#000000"}, (theme, backgrounds)
                # The key that wakes the screen is swallowed: the slide does not change.
                await pilot.press("right")
                await pilot.pause()
                assert not app.room_blank
                assert app.position.slide == 1
                assert "Where we stand" in screen_text(app)


async def test_theme_key_cycles_themes(sample_deck: Deck) -> None:
    app = make_app(sample_deck)
    async with app.run_test(size=SIZE) as pilot:
        assert app.slide_theme == "dark"
        view = app.screen.slide_view  # type: ignore[attr-defined]
        assert view.styles.background == Color.parse("#1b1d23")
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.slide_theme == "light"
        assert app.has_class("theme-light") and not app.has_class("theme-dark")
        # The light stylesheet is read on first use and applies.
        assert view.styles.background == Color.parse("#fafafa")
        await pilot.press("ctrl+t")
        assert app.slide_theme == "projector"
        await pilot.press("ctrl+t")
        assert app.slide_theme == "dark"


async def test_theme_from_front_matter_and_option() -> None:
    deck = parse_deck("---\ntheme: projector\n---\n\n## A\n", Path("a.md"))
    assert make_app(deck).slide_theme == "projector"
    assert make_app(deck, theme="light").slide_theme == "light"


async def test_palette_goes_to_slide_by_title(sample_deck: Deck) -> None:
    app = make_app(sample_deck)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"numbers")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.position.slide == 2


async def test_palette_toggles_theme_and_opens_help(sample_deck: Deck) -> None:
    app = make_app(sample_deck)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"theme: projector")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.slide_theme == "projector"
        await pilot.press("ctrl+p", *"toggle theme")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.slide_theme == "dark"
        await pilot.press("ctrl+p", *"help")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_deck_text_is_never_markup() -> None:
    deck = parse_deck(
        "## [bold red]Title[/] \x1b[31m\n\n- [link=https://x]click[/link]\n", Path("m.md")
    )
    app = make_app(deck)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "[bold red]Title[/]" in text
        assert "[link=https://x]click[/link]" in text
        assert "\x1b" not in text
        await pilot.press("o")
        await pilot.pause()
        assert "[bold red]Title[/]" in screen_text(app)


async def test_help_says_where_the_log_file_is(sample_deck: Deck) -> None:
    from textual.widgets import Static

    from presenter.logs import log_path

    app = make_app(sample_deck)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        line = app.screen.query_one("#help-log", Static)
        assert str(line.render()) == f"Log file: {log_path()}"
