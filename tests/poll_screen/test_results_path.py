"""The whole path: keys in the real app, then `presenter results` on the same store.

The app runs under Pilot on a small poll deck with a temporary store; after
a clean quit the `results` command (a real subprocess) must report exactly
what was tallied, in JSON, CSV and Markdown.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

from presenter.clock import FakeClock
from presenter.deck.load import load_deck
from presenter.options import PresentOptions
from presenter.tui.app import PresenterApp

DECK = """\
---
title: Results path
---

# Context

Why we ask.

---

# Your call

```poll
id: change-first
question: What would you change first?
options:
  - id: unit
    label: A social media unit
  - id: mentoring
    label: Reverse mentoring
  - id: listen
    label: Ministers who listen
suggestions: true
```
"""


def results(deck: Path, data_dir: Path, fmt: str) -> str:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "presenter",
            "results",
            str(deck),
            "--format",
            fmt,
            "--data",
            str(data_dir),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stdout


async def test_keys_then_results(
    tmp_path: Path, data_dir: Path, settle, screen_text, live_poll_view
) -> None:
    deck_path = tmp_path / "results.md"
    deck_path.write_text(DECK, encoding="utf-8")
    options = PresentOptions(deck_path, start=2, data_dir=data_dir, label="board")
    app = PresenterApp(options, deck=load_deck(deck_path), clock=FakeClock(), watch_file=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.talk.started()
        await live_poll_view(pilot)
        # 3 for option 1, 1 for option 2, one more for 2 then undone; a suggestion approved.
        await pilot.press("enter", "1", "1", "1", "2", "2", "u")
        await settle(pilot)
        await pilot.press("s", *"More [b]open[/b] data", "enter")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert "CLOSED · 4 voters" in screen_text(app)
        assert "★ 3   75%" in screen_text(app)
        desk = app.poll_desk  # type: ignore[attr-defined]
        (pending,) = desk.pending(app.deck.polls)
        desk.moderate(pending.id, "approved")
        desk.changed(pending.poll_id)
        await settle(pilot)
        assert "• More [b]open[/b] data" in screen_text(app)
        await pilot.press("q", "q")
    await app.talk.started()

    report = json.loads(results(deck_path, data_dir, "json"))
    assert report["deck"].endswith("results.md")
    (session,) = report["sessions"]
    assert session["label"] == "board"
    assert session["started"] and session["ended"]  # the clean quit ended the talk
    (poll,) = session["polls"]
    assert poll["id"] == "change-first"
    assert poll["question"] == "What would you change first?"
    assert poll["kind"] == "single"
    assert poll["state"] == "closed"
    assert poll["voters"] == 4
    assert [(o["id"], o["label"], o["votes"]) for o in poll["options"]] == [
        ("unit", "A social media unit", 3),
        ("mentoring", "Reverse mentoring", 1),
        ("listen", "Ministers who listen", 0),
    ]
    assert poll["suggestions"] == [
        {**poll["suggestions"][0], "text": "More [b]open[/b] data", "status": "approved"}
    ]

    rows = list(csv.DictReader(io.StringIO(results(deck_path, data_dir, "csv"))))
    votes = {row.get("option_id") or row.get("option"): row for row in rows}
    assert {k: int(float(v["votes"])) for k, v in votes.items() if k} == {
        "unit": 3,
        "mentoring": 1,
        "listen": 0,
    }

    markdown = results(deck_path, data_dir, "md")
    assert "What would you change first?" in markdown
    assert "A social media unit" in markdown and "75%" in markdown
