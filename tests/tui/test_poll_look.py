"""The poll view in the real app at a small size: labels end in an ellipsis instead
of wrapping, options that do not fit are counted, the phone panel shrinks."""

from __future__ import annotations

from pathlib import Path

from presenter.clock import FakeClock
from presenter.deck.load import parse_deck
from presenter.options import PresentOptions
from presenter.tui.app import PresenterApp
from presenter.tui.widgets.audience_panel import AudiencePanel
from presenter.tui.widgets.poll_bars import TallyBars, TallyRow

from .conftest import screen_text
from .test_look_snapshots import AppWithPhones

OPTIONS = "\n".join(
    f"  - Option number {n} with a label far too long to fit beside its bar on a small screen"
    for n in range(1, 10)
)
DECK = f"""\
## Vote

```poll
question: Which of the nine?
options:
{OPTIONS}
```
"""


def poll_app(kind: type[PresenterApp], data_dir: Path) -> PresenterApp:
    deck = parse_deck(DECK, Path("poll.md"))
    options = PresentOptions(deck_path=Path("poll.md"), data_dir=data_dir)
    return kind(options, deck=deck, clock=FakeClock(), watch_file=False)


async def test_options_that_do_not_fit_are_counted_and_labels_truncated(
    data_dir: Path, live_poll_view
) -> None:
    app = poll_app(PresenterApp, data_dir)
    async with app.run_test(size=(80, 18)) as pilot:
        view = await live_poll_view(pilot)
        await pilot.pause()
        text = screen_text(app)
        rows = list(view.query(TallyRow))
        shown = [row for row in rows if row.display]
        assert 0 < len(shown) < 9
        hidden = 9 - len(shown)
        first = len(shown) + 1
        assert f"+{hidden} more (keys {first}-9 still count)" in text
        for row in shown:
            line = next(
                line for line in text.splitlines() if f"Option number {row.number} " in line
            )
            assert line.rstrip().endswith("%") and "…" in line
        # Each shown option is one row: nothing wrapped word by word.
        assert view.query_one(TallyBars).region.height == len(shown) + 1


async def test_the_phone_panel_shrinks_to_the_url_and_code_on_a_small_screen(
    data_dir: Path, live_poll_view
) -> None:
    app = poll_app(AppWithPhones, data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await live_poll_view(pilot)
        await pilot.pause()
        panel = app.screen.query_one(AudiencePanel)
        assert panel.has_class("-compact")
        text = screen_text(app)
        assert "room code K7M3P" in text and "http://192.168.1.20:8765" in text
        assert "▀" not in text and "▄" not in text  # no QR code
    app = poll_app(AppWithPhones, data_dir)
    async with app.run_test(size=(160, 48)) as pilot:
        await live_poll_view(pilot)
        await pilot.pause()
        panel = app.screen.query_one(AudiencePanel)
        assert panel.has_class("-right") and not panel.has_class("-compact")
        text = screen_text(app)
        assert "▀" in text or "▄" in text  # the QR code
        assert "more (keys" not in text  # all nine options show
