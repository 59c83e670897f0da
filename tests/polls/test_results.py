"""`presenter results`: every format checked field by field, against a real store."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from presenter.cli import main
from presenter.clock import FakeClock
from presenter.deck.load import load_deck
from presenter.polls.ballots import VoteStore
from presenter.polls.validation import Ballot
from presenter.session import end_session, start_session
from presenter.store import Store

DECK = """---
title: Room test
---

# Welcome

---

```poll
id: pick
question: Which one?
options:
  - id: a
    label: Alpha | first
  - id: b
    label: Beta
suggestions: true
```

---

```poll
id: many
question: Which ones?
kind: multi
max: 2
options:
  - id: x
    label: Ex
  - id: y
    label: Why
  - id: z
    label: Zed
```

---

```poll
id: order
question: In which order?
kind: rank
options:
  - id: p
    label: Pea
  - id: q
    label: Queue
  - id: r
    label: Are
```
"""


@pytest.fixture
def deck_path(tmp_path: Path) -> Path:
    path = tmp_path / "room.md"
    path.write_text(DECK, encoding="utf-8")
    return path


@pytest.fixture
def recorded(deck_path: Path, data_dir: Path) -> dict[str, int]:
    """Two talks of the deck: the first with votes on every poll, ended; the second empty."""
    clock = FakeClock()
    deck = load_deck(deck_path)
    pick, many, order = deck.polls
    with Store.open(data_dir) as store:
        votes = VoteStore(store)
        first = start_session(store, deck_path, "talk", clock=clock, label="Board").id
        for poll in deck.polls:
            votes.open_poll(first, poll, clock=clock)
        votes.add_keyboard_vote(first, pick, "a", clock=clock)
        votes.add_keyboard_vote(first, pick, "a", clock=clock)
        votes.cast(first, pick, Ballot("ph1", "phone", ("b",)), clock=clock)
        votes.cast(first, many, Ballot("ph1", "phone", ("x", "y")), clock=clock)
        votes.cast(first, many, Ballot("ph2", "phone", ("y",)), clock=clock)
        votes.cast(first, order, Ballot("ph1", "phone", ("q", "p", "r")), clock=clock)
        votes.cast(first, order, Ballot("ph2", "phone", ("q", "r")), clock=clock)
        kept = votes.suggest(first, pick, "Ask *everyone* <b>now</b>", "ph1", clock=clock)
        votes.moderate(kept.id, "approved")
        dropped = votes.suggest(first, pick, "spam", "ph2", clock=clock)
        votes.moderate(dropped.id, "rejected")
        votes.suggest(first, pick, "later", "ph2", clock=clock)
        clock.advance(120)
        votes.close_poll(first, pick, clock=clock)
        end_session(store, first, clock=clock)
        clock.advance(3600)
        second = start_session(store, deck_path, "talk", clock=clock).id
    return {"first": first, "second": second}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["results", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_field_by_field(capsys, deck_path: Path, recorded: dict[str, int]) -> None:
    code, out, _ = run(
        capsys, str(deck_path), "--session", str(recorded["first"]), "--format", "json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["deck"] == str(deck_path.resolve())
    [session] = data["sessions"]
    assert session["id"] == recorded["first"]
    assert session["label"] == "Board"
    assert session["started"] == "2026-01-01T09:00:00.000+00:00"
    assert session["ended"] == "2026-01-01T09:02:00.000+00:00"
    pick, many, order = session["polls"]

    assert pick["id"] == "pick" and pick["question"] == "Which one?"
    assert pick["kind"] == "single" and pick["state"] == "closed"
    assert pick["voters"] == 3
    assert pick["voters_by_source"] == {"keyboard": 2, "phone": 1}
    assert [(o["id"], o["label"], o["votes"]) for o in pick["options"]] == [
        ("a", "Alpha | first", 2),
        ("b", "Beta", 1),
    ]
    assert pick["options"][0]["by_source"] == {"keyboard": 2, "phone": 0}
    assert "ranks" not in pick["options"][0]
    # Approved suggestions only, by default.
    assert pick["suggestions"] == [
        {
            "text": "Ask *everyone* <b>now</b>",
            "status": "approved",
            "created": "2026-01-01T09:00:00.000+00:00",
        }
    ]
    assert pick["opened_at"] == "2026-01-01T09:00:00.000+00:00"
    assert pick["closed_at"] == "2026-01-01T09:02:00.000+00:00"

    assert many["kind"] == "multi" and many["state"] == "open" and many["voters"] == 2
    assert {o["id"]: o["votes"] for o in many["options"]} == {"x": 1, "y": 2, "z": 0}

    assert order["kind"] == "rank" and order["voters"] == 2
    # Borda, n = 3: 1st = 2 points, 2nd = 1, 3rd = 0, unranked = 0.
    assert {o["id"]: o["votes"] for o in order["options"]} == {"p": 1, "q": 4, "r": 1}
    assert {o["id"]: o["ranks"] for o in order["options"]} == {
        "p": [0, 1, 0],
        "q": [2, 0, 0],
        "r": [0, 1, 1],
    }


def test_default_is_the_latest_talk_and_include_rejected(
    capsys, deck_path: Path, recorded: dict[str, int]
) -> None:
    code, out, _ = run(capsys, str(deck_path), "--format", "json")
    assert code == 0
    [session] = json.loads(out)["sessions"]
    assert session["id"] == recorded["second"]
    assert [p["state"] for p in session["polls"]] == ["ready", "ready", "ready"]
    assert all(p["voters"] == 0 for p in session["polls"])

    code, out, _ = run(
        capsys,
        str(deck_path),
        "--session",
        str(recorded["first"]),
        "--format",
        "json",
        "--include-rejected",
    )
    statuses = [s["status"] for s in json.loads(out)["sessions"][0]["polls"][0]["suggestions"]]
    assert statuses == ["approved", "rejected", "pending"]


def test_csv_field_by_field(capsys, deck_path: Path, recorded: dict[str, int]) -> None:
    code, out, _ = run(
        capsys, str(deck_path), "--session", str(recorded["first"]), "--format", "csv"
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    options = [r for r in rows if r["record"] == "option"]
    assert [(r["poll_id"], r["option_id"], r["votes"]) for r in options] == [
        ("pick", "a", "2"),
        ("pick", "b", "1"),
        ("many", "x", "1"),
        ("many", "y", "2"),
        ("many", "z", "0"),
        ("order", "p", "1"),
        ("order", "q", "4"),
        ("order", "r", "1"),
    ]
    first = options[0]
    assert first["session_id"] == str(recorded["first"])
    assert first["session_label"] == "Board"
    assert first["question"] == "Which one?"
    assert first["option_label"] == "Alpha | first"
    assert first["state"] == "closed" and first["voters"] == "3"
    assert (first["keyboard"], first["phone"]) == ("2", "0")
    assert options[-2]["ranks"] == "2 0 0"
    [suggestion] = [r for r in rows if r["record"] == "suggestion"]
    assert suggestion["text"] == "Ask *everyone* <b>now</b>"
    assert suggestion["status"] == "approved"


def test_md_is_a_results_slide(capsys, deck_path: Path, recorded: dict[str, int]) -> None:
    code, out, _ = run(
        capsys, str(deck_path), "--session", str(recorded["first"]), "--format", "md"
    )
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "## Results: Room test"
    assert "### Which one?" in lines
    assert "| Option | Votes | Share |" in lines
    # The winner of a closed poll is bold; a pipe in a label is escaped.
    assert "| **Alpha \\| first** | 2 | 67% |" in lines
    assert "| Beta | 1 | 33% |" in lines
    assert "| Option | Points | Share |" in lines  # the rank poll
    assert "| Queue | 4 | 67% |" in lines
    assert "- Ask \\*everyone\\* \\<b\\>now\\</b\\>" in lines
    assert "*3 voters · Board, 2026-01-01*" in lines
    # It is a deck slide: the deck parser reads it back without error.
    from presenter.deck.load import parse_deck

    assert parse_deck(out).slides[0].title.startswith("Results")


def test_table_is_aligned_text_without_escapes(
    capsys, deck_path: Path, recorded: dict[str, int], data_dir: Path
) -> None:
    with Store.open(data_dir) as store, store.transaction() as conn:
        # Even if a control character got into the store, the table does not print it.
        conn.execute("UPDATE suggestions SET text = 'evil \x1b[2J' WHERE status = 'approved'")
    code, out, _ = run(capsys, str(deck_path), "--session", str(recorded["first"]))
    assert code == 0
    assert "\x1b" not in out
    assert "Which one?" in out
    assert 'Session 1 "Board"' in out
    assert "keyboard 2, phone 1" in out
    assert "[approved] evil" in out and "[2J" not in out
    row = next(line for line in out.splitlines() if "Alpha | first" in line)
    assert "2 votes" in row and "67%" in row


def test_all_compares_sessions_and_other_decks_with_the_same_poll(
    capsys, deck_path: Path, recorded: dict[str, int], data_dir: Path, tmp_path: Path
) -> None:
    other = tmp_path / "short.md"
    other.write_text(DECK.split("---\n\n```poll\nid: many")[0], encoding="utf-8")
    clock = FakeClock()
    short = load_deck(other)
    with Store.open(data_dir) as store:
        votes = VoteStore(store)
        sid = start_session(store, other, "talk", clock=clock, label="Short").id
        votes.open_poll(sid, short.polls[0], clock=clock)
        votes.add_keyboard_vote(sid, short.polls[0], "b", clock=clock)
        start_session(store, tmp_path / "unrelated.md", "talk", clock=clock)
    code, out, _ = run(capsys, str(deck_path), "--all", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert [s["id"] for s in data["sessions"]] == [recorded["first"], recorded["second"], sid]
    assert data["sessions"][2]["deck"] == str(other.resolve())
    assert [p["id"] for p in data["sessions"][2]["polls"]] == ["pick"]
    code, out, _ = run(capsys, str(deck_path), "--all", "--format", "md")
    assert (
        "| Option | Board, 2026-01-01 | session 2, 2026-01-01 | Short (short), 2026-01-01 |" in out
    )
    assert "| Beta | 1 | 0 | 1 |" in out
    code, out, _ = run(capsys, str(deck_path), "--all")
    assert code == 0
    beta = next(line for line in out.splitlines() if line.strip().startswith("Beta"))
    assert beta.split()[1:] == ["1", "0", "1"]


def test_no_store_yet(capsys, deck_path: Path, data_dir: Path) -> None:
    code, out, _ = run(capsys, str(deck_path))
    assert code == 0
    assert "No talk of" in out and "recorded yet" in out
    assert not (data_dir / "presenter.sqlite3").exists()  # a report does not create a store
    code, out, err = run(capsys, str(deck_path), "--format", "json")
    assert code == 0
    assert json.loads(out) == {"deck": str(deck_path.resolve()), "sessions": []}
    assert "recorded yet" in err


def test_unknown_session(capsys, deck_path: Path, recorded: dict[str, int]) -> None:
    code, out, err = run(capsys, str(deck_path), "--session", "999")
    assert code == 1
    assert out == ""
    assert "no session 999" in err and "Traceback" not in err


def test_a_session_of_another_deck_is_not_this_decks(
    capsys, deck_path: Path, recorded: dict[str, int], data_dir: Path, tmp_path: Path
) -> None:
    with Store.open(data_dir) as store:
        other = start_session(store, tmp_path / "other.md", "talk", clock=FakeClock()).id
    code, _, err = run(capsys, str(deck_path), "--session", str(other))
    assert code == 1 and f"no session {other}" in err


def test_missing_and_broken_decks(capsys, tmp_path: Path, data_dir: Path) -> None:
    code, out, err = run(capsys, str(tmp_path / "missing.md"))
    assert code == 2 and out == "" and "missing.md" in err
    broken = tmp_path / "broken.md"
    broken.write_text("# Poll\n\n```poll\nquestion: Only one?\noptions:\n  - one\n```\n")
    code, out, err = run(capsys, str(broken))
    assert code == 1 and out == ""
    assert "broken.md:" in err and "Traceback" not in err


def test_an_unreadable_store(capsys, deck_path: Path, data_dir: Path) -> None:
    (data_dir / "presenter.sqlite3").write_bytes(b"not a database at all" * 100)
    code, out, err = run(capsys, str(deck_path))
    assert code == 1 and out == ""
    assert "is not a presenter store" in err


def test_csv_guards_room_text_against_spreadsheet_formulas(
    capsys, deck_path: Path, recorded: dict[str, int], data_dir: Path
) -> None:
    with Store.open(data_dir) as store:
        votes = VoteStore(store)
        deck = load_deck(deck_path)
        hostile = votes.suggest(
            recorded["first"], deck.polls[0], '=HYPERLINK("http://x","y")', "ph9", clock=FakeClock()
        )
        votes.moderate(hostile.id, "approved")
    code, out, _ = run(
        capsys, str(deck_path), "--session", str(recorded["first"]), "--format", "csv"
    )
    assert code == 0
    texts = [r["text"] for r in csv.DictReader(io.StringIO(out)) if r["record"] == "suggestion"]
    assert texts == ["Ask *everyone* <b>now</b>", '\'=HYPERLINK("http://x","y")']
