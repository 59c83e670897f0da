"""Every navigation key, go-to by number, pauses and key bursts, through the real app."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from textual import events

from presenter.deck.load import parse_deck
from presenter.deck.model import Deck
from presenter.deck.position import Position

from .conftest import make_app, many_slides, screen_text, tall_slide

SIZE = (100, 30)
NEXT_KEYS = ["right", "down", "space", "n", "l", "pagedown"]
PREVIOUS_KEYS = ["left", "up", "backspace", "p", "h", "pageup"]


async def test_opens_on_the_title_page(sample_deck: Deck) -> None:
    app = make_app(sample_deck)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Quarterly briefing" in text
        assert "What changed and what we do next" in text
        assert "Ann Example" in text
        assert "1/6" in text


async def test_the_garbage_collector_is_back_on_once_slide_one_is_up(sample_deck: Deck) -> None:
    gc.disable()  # as `run_app` leaves it while the app starts
    try:
        app = make_app(sample_deck)
        async with app.run_test(size=SIZE) as pilot:
            for _ in range(50):
                if gc.isenabled():
                    break
                await pilot.pause()
            assert gc.isenabled()
            assert "Quarterly briefing" in screen_text(app)
    finally:
        gc.enable()


@pytest.mark.parametrize("key", NEXT_KEYS)
async def test_each_next_key_moves_forward(sample_deck: Deck, key: str) -> None:
    app = make_app(sample_deck)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(key)
        await pilot.pause()
        assert app.position == Position(1, 0)
        assert "Where we stand" in screen_text(app)
        assert "2/6" in screen_text(app)


@pytest.mark.parametrize("key", PREVIOUS_KEYS)
async def test_each_previous_key_moves_back(sample_deck: Deck, key: str) -> None:
    app = make_app(sample_deck, start=3)
    async with app.run_test(size=SIZE) as pilot:
        assert app.position == Position(2, 0)
        await pilot.press(key)
        await pilot.pause()
        assert app.position == Position(1, 0)
        assert "Where we stand" in screen_text(app)


@pytest.mark.parametrize(("key", "expected"), [("home", 0), ("g", 0), ("end", 5), ("G", 5)])
async def test_first_and_last(sample_deck: Deck, key: str, expected: int) -> None:
    app = make_app(sample_deck, start=3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(key)
        await pilot.pause()
        assert app.position.slide == expected


async def test_ends_stay_put(sample_deck: Deck) -> None:
    app = make_app(sample_deck)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("left")
        assert app.position == Position(0, 0)
        await pilot.press("end", "right")
        assert app.position.slide == 5


async def test_type_a_number_then_enter(sample_deck: Deck) -> None:
    app = make_app(sample_deck)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        assert "go to 3" in screen_text(app)
        assert app.position.slide == 0
        await pilot.press("enter")
        await pilot.pause()
        assert app.position == Position(2, 0)
        assert "The numbers" in screen_text(app)
        assert "go to" not in screen_text(app)


async def test_typed_number_is_clamped_and_escape_forgets_it(sample_deck: Deck) -> None:
    app = make_app(sample_deck)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("9", "9", "enter")
        assert app.position.slide == 5
        await pilot.press("2", "escape", "enter")
        assert app.position.slide == 5
        assert app.typed_number == ""


async def test_pauses_reveal_step_by_step_and_back(sample_deck: Deck) -> None:
    app = make_app(sample_deck, start=4)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Listen first" in text and "Decide together" not in text
        assert "●○○" in text
        await pilot.press("right")
        await pilot.pause()
        text = screen_text(app)
        assert "Decide together" in text and "Report back" not in text
        assert "●●○" in text
        await pilot.press("right")
        await pilot.pause()
        assert "Report back" in screen_text(app)
        await pilot.press("left")
        await pilot.pause()
        assert app.position == Position(3, 1)
        assert "Report back" not in screen_text(app)
        await pilot.press("right", "right")
        assert app.position == Position(4, 0)
        await pilot.press("left")
        # Going back into a slide shows it fully revealed.
        assert app.position == Position(3, 2)


async def test_start_option_counts_from_one(sample_deck: Deck) -> None:
    app = make_app(sample_deck, start=6)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.position.slide == 5
        assert "Questions" in screen_text(app)


async def test_burst_of_presses_lands_without_rendering_every_slide() -> None:
    deck = parse_deck(many_slides(300), Path("big.md"))
    app = make_app(deck)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = app.slide_cache.renders
        # Posted at once, as a terminal delivers a burst: no pause between keys.
        for _ in range(249):
            app.post_message(events.Key("right", None))
        await pilot.pause()
        assert app.position.slide == 249
        assert "Slide number 249" in screen_text(app)
        # The slides passed over were never rendered: only the target and its neighbours.
        assert app.slide_cache.renders - before < 10


async def test_opening_renders_only_slide_one_and_neighbours() -> None:
    deck = parse_deck(many_slides(200), Path("big.md"))
    app = make_app(deck)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.slide_cache.renders <= 3


async def test_tall_slide_scrolls_before_advancing() -> None:
    deck = parse_deck(
        f"## Short\n\ntext\n\n---\n\n{tall_slide(60)}\n---\n\n## After\n", Path("t.md")
    )
    app = make_app(deck, start=2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "more below" in text
        assert "point number 1\n" in text + "\n" or "point number 1 " in text
        assert "point number 60" not in text
        pages = 0
        while "point number 60" not in screen_text(app):
            await pilot.press("right")
            await pilot.pause()
            pages += 1
            assert app.position.slide == 1
            assert pages < 10
        assert "more above" in screen_text(app)
        await pilot.press("right")
        assert app.position.slide == 2
        await pilot.press("left")
        await pilot.pause()
        assert app.position.slide == 1
        assert "more below" in screen_text(app)


async def test_j_and_k_scroll_a_tall_slide() -> None:
    deck = parse_deck(tall_slide(60), Path("t.md"))
    app = make_app(deck)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = app.screen.slide_view  # type: ignore[attr-defined]
        await pilot.press("j", "j")
        assert view.scroll_row == 4
        await pilot.press("k")
        assert view.scroll_row == 2
        assert app.position.slide == 0


async def test_quitting_a_talk_asks_once_and_a_second_key_confirms(sample_deck: Deck) -> None:
    for first, second in (("q", "q"), ("q", "y"), ("ctrl+c", "ctrl+c"), ("ctrl+c", "y")):
        app = make_app(sample_deck)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press(first)
            await pilot.pause()
            assert app.is_running and app.quit_asked
            assert "end the talk? q/y" in screen_text(app)
            await pilot.press(second)
            await pilot.pause()
        assert app.return_code == 0, (first, second)


async def test_any_other_key_after_q_goes_on_with_the_talk(sample_deck: Deck) -> None:
    for other in ("right", "n", "escape", "3"):
        app = make_app(sample_deck, start=2)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("q", other)
            await pilot.pause()
            assert app.is_running and not app.quit_asked
            # The answer is used up: it neither moves nor types.
            assert app.position.slide == 1
            assert app.typed_number == ""
            assert "end the talk?" not in screen_text(app)
            await pilot.press("right")
            await pilot.pause()
            assert app.position.slide == 2


async def test_a_rehearsal_console_quits_at_once(sample_deck: Deck) -> None:
    app = make_app(sample_deck, mode="console")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_a_burst_is_merged_into_one_move() -> None:
    deck = parse_deck(many_slides(300), Path("big.md"))
    app = make_app(deck)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        moves: list[Position] = []

        def moved(position: Position) -> None:
            moves.append(position)

        app.watch(app, "position", moved, init=False)
        for _ in range(100):
            app.post_message(events.Key("right", None))
        for _ in range(30):
            app.post_message(events.Key("left", None))
        await pilot.pause()
        assert app.position.slide == 70
        # Queued presses are merged: the position changed once, not 130 times.
        assert len(moves) == 1


@pytest.mark.parametrize(
    ("keys", "slide"),
    [
        (("end", "left"), 299),
        (("home", "right", "right", "left"), 1),
        (("2", "0", "enter", "right"), 20),
        (("G", "left", "g", "right"), 1),
    ],
)
async def test_a_burst_keeps_the_order_of_its_keys(keys: tuple[str, ...], slide: int) -> None:
    deck = parse_deck(many_slides(300), Path("big.md"))
    app = make_app(deck)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right", "right", "right")
        # Posted at once, as a terminal delivers keys typed faster than frames.
        for key in keys:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await pilot.pause()
        assert app.position.slide == slide


async def test_keys_are_not_merged_under_a_dialog(sample_deck: Deck) -> None:
    app = make_app(sample_deck)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", "right", "left")
        await pilot.pause()
        # The search field took the arrows; the slide did not move.
        assert app.position.slide == 0
