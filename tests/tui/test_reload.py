"""Live reload: good saves, broken saves, slides that moved; and resizing."""

from __future__ import annotations

from pathlib import Path

from presenter.clock import FakeClock
from presenter.deck.load import load_deck, parse_deck
from presenter.deck.position import Position
from presenter.options import PresentOptions
from presenter.tui.app import PresenterApp
from presenter.tui.reload import SETTLE_S, DeckWatcher, position_after_reload

from .conftest import SAMPLE, make_app, screen_text, tall_slide

SIZE = (100, 30)


def watched_app(path: Path, start: int = 1) -> PresenterApp:
    return PresenterApp(
        PresentOptions(deck_path=path, start=start), deck=load_deck(path), clock=FakeClock()
    )


async def reload_now(app: PresenterApp, pilot: object) -> None:
    """What the file-watch timer does once a save has settled, without waiting for it."""
    assert isinstance(app.clock, FakeClock)
    app.check_deck_changed()  # sees the save
    app.clock.advance(SETTLE_S + 0.05)
    app.check_deck_changed()  # the same file 200 ms later: taken
    await app.workers.wait_for_complete()
    await pilot.pause()  # type: ignore[attr-defined]


def notices(app: PresenterApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_a_good_save_shows_the_new_text_on_the_same_slide(tmp_path: Path) -> None:
    path = tmp_path / "deck.md"
    path.write_text(SAMPLE, encoding="utf-8")
    app = watched_app(path, start=3)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert "The numbers" in screen_text(app)
        path.write_text(SAMPLE.replace("| Q2 | 12 | 8 |", "| Q2 | 99 | 7 |"), encoding="utf-8")
        await reload_now(app, pilot)
        assert app.position == Position(2, 0)
        assert "99" in screen_text(app)


async def test_slides_inserted_before_keep_the_slide_by_title(tmp_path: Path) -> None:
    path = tmp_path / "deck.md"
    path.write_text(SAMPLE, encoding="utf-8")
    app = watched_app(path, start=3)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        moved = SAMPLE.replace(
            "## Where we stand", "## New one\n\ntext\n\n---\n\n## Where we stand"
        )
        path.write_text(moved, encoding="utf-8")
        await reload_now(app, pilot)
        assert app.position.slide == 3
        assert "The numbers" in screen_text(app)


async def test_a_broken_save_keeps_the_last_good_deck_with_one_line_for_the_presenter(
    tmp_path: Path,
) -> None:
    path = tmp_path / "deck.md"
    path.write_text(SAMPLE, encoding="utf-8")
    app = watched_app(path, start=2)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        good_deck = app.deck
        broken = (
            SAMPLE + "\n---\n\n## Vote\n\n```poll\nquestion: Which?\noptions:\n  - only one\n```\n"
        )
        path.write_text(broken, encoding="utf-8")
        await reload_now(app, pilot)
        assert app.deck is good_deck
        assert app.position == Position(1, 0)
        assert "Where we stand" in screen_text(app)
        (reason,) = notices(app)
        assert reason.startswith("Deck not reloaded: line ")
        assert "\n" not in reason and str(tmp_path) not in reason

        path.write_text(SAMPLE.replace("Hiring paused", "Hiring resumes"), encoding="utf-8")
        await reload_now(app, pilot)
        assert app.deck is not good_deck
        assert "Hiring resumes" in screen_text(app)
        assert notices(app)[-1] == "Deck reloaded: the saved file is good again."


async def test_an_empty_save_is_not_shown_to_the_room(tmp_path: Path) -> None:
    path = tmp_path / "deck.md"
    path.write_text(SAMPLE, encoding="utf-8")
    app = watched_app(path, start=3)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        good_deck = app.deck
        path.write_text("", encoding="utf-8")
        await reload_now(app, pilot)
        assert app.deck is good_deck and app.position == Position(2, 0)
        assert "The numbers" in screen_text(app)
        assert "no slides" not in screen_text(app).split("Deck not reloaded")[0]
        assert notices(app) == ["Deck not reloaded: the saved file has no slides to show."]


async def test_after_a_half_save_the_whole_file_brings_the_talk_back_to_its_slide(
    tmp_path: Path,
) -> None:
    path = tmp_path / "deck.md"
    path.write_text(SAMPLE, encoding="utf-8")
    app = watched_app(path, start=5)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        assert "Code and quotes" in screen_text(app)
        # Half the file: the first three slides, which load fine.
        path.write_text(SAMPLE[: SAMPLE.index("## Three steps")], encoding="utf-8")
        await reload_now(app, pilot)
        assert len(app.deck.shown) == 3 and app.position.slide == 2
        # Then the whole file again (a second half save first changes nothing).
        path.write_text(SAMPLE[: SAMPLE.index("## Code and quotes")], encoding="utf-8")
        await reload_now(app, pilot)
        path.write_text(SAMPLE, encoding="utf-8")
        await reload_now(app, pilot)
        assert app.position == Position(4, 0)
        assert "Code and quotes" in screen_text(app)


async def test_a_move_after_a_half_save_is_the_new_place(tmp_path: Path) -> None:
    path = tmp_path / "deck.md"
    path.write_text(SAMPLE, encoding="utf-8")
    app = watched_app(path, start=5)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        path.write_text(SAMPLE[: SAMPLE.index("## Three steps")], encoding="utf-8")
        await reload_now(app, pilot)
        await pilot.press("left")  # the presenter chose a slide: stay there
        await pilot.pause()
        assert app.position == Position(1, 0)
        path.write_text(SAMPLE, encoding="utf-8")
        await reload_now(app, pilot)
        assert app.position == Position(1, 0)


async def test_an_unreadable_save_is_reported_not_raised(tmp_path: Path) -> None:
    path = tmp_path / "deck.md"
    path.write_text(SAMPLE, encoding="utf-8")
    app = watched_app(path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        path.write_bytes(b"\xff\xfe\x00 not utf-8 \xff")
        await reload_now(app, pilot)
        (reason,) = notices(app)
        assert reason.startswith("Deck not reloaded: ") and str(tmp_path) not in reason
        assert app.deck.meta.title == "Quarterly briefing"


def test_a_save_is_taken_once_the_file_has_settled(tmp_path: Path) -> None:
    path = tmp_path / "deck.md"
    path.write_text("## A\n", encoding="utf-8")
    clock = FakeClock()
    watcher = DeckWatcher(path, clock=clock.monotonic)
    assert not watcher.changed()
    path.write_text("## A longer\n", encoding="utf-8")
    assert not watcher.changed()  # just saved: maybe only half of it
    clock.advance(0.1)
    assert not watcher.changed()
    path.write_text("## A longer still\n", encoding="utf-8")  # the rest of the save
    clock.advance(0.1)
    assert not watcher.changed()  # changed again: the wait starts over
    clock.advance(SETTLE_S + 0.01)
    assert watcher.changed()  # the same size and time for 150 ms: taken, once
    clock.advance(1)
    assert not watcher.changed()
    path.unlink()
    assert not watcher.changed()
    clock.advance(1)
    assert not watcher.changed()  # a missing file is never a change


def test_position_after_reload_rules() -> None:
    old = parse_deck("## A\n\n---\n\n## B\n\n---\n\n## C\n", Path("d.md"))
    same = parse_deck("## A\n\n---\n\n## B\n\nmore\n\n---\n\n## C\n", Path("d.md"))
    removed = parse_deck("## B\n\n---\n\n## C\n", Path("d.md"))
    renamed = parse_deck("## A\n\n---\n\n## Bee\n\n---\n\n## C\n", Path("d.md"))
    shorter = parse_deck("## A\n", Path("d.md"))
    assert position_after_reload(old, same, Position(1, 0)) == Position(1, 0)
    assert position_after_reload(old, removed, Position(1, 0)) == Position(0, 0)
    assert position_after_reload(old, renamed, Position(1, 0)) == Position(1, 0)
    assert position_after_reload(old, shorter, Position(2, 0)) == Position(0, 0)


async def test_resize_keeps_the_slide_and_reflows(sample_deck) -> None:  # type: ignore[no-untyped-def]
    app = make_app(sample_deck, start=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        narrow = screen_text(app).splitlines()
        assert "Where we stand" in "\n".join(narrow)
        assert len(narrow[0]) == 80
        await pilot.resize_terminal(240, 70)
        await pilot.pause()
        wide = screen_text(app).splitlines()
        assert len(wide) == 70 and len(wide[0]) == 240
        assert app.position == Position(1, 0)
        assert "Where we stand" in "\n".join(wide)
        # Content is centred with a readable measure on a very wide terminal.
        heading = next(line for line in wide if "Where we stand" in line)
        assert heading.index("Where we stand") > 40


async def test_resize_makes_a_slide_overflow_and_fit_again() -> None:
    deck = parse_deck(tall_slide(25), Path("t.md"))
    app = make_app(deck)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert "more below" not in screen_text(app)
        await pilot.resize_terminal(100, 24)
        await pilot.pause()
        assert "more below" in screen_text(app)
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert "more below" not in screen_text(app)
        assert "point number 25" in screen_text(app)
