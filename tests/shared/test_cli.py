"""The command line of the shared tally: refused URLs, the driver imported only with --store,
`presenter results --store` with a column per room and a total."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rooms import RoomProcess

from presenter.shared.address import AddressError, check_url, safe_display, shared_target

ROOT = Path(__file__).resolve().parents[2]
SECRET = "s3cr3t-never-shown"


def _presenter(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(
        [sys.executable, "-m", "presenter", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql://user:{SECRET}@db.example/votes",
        f"postgresql://db.example/votes?password={SECRET}",
    ],
)
def test_a_url_with_a_password_is_refused_and_never_echoed(url: str) -> None:
    done = _presenter("--store", url, "--event", "briefing")
    assert done.returncode == 2
    assert "holds a password" in done.stderr and "~/.pgpass" in done.stderr
    assert SECRET not in done.stdout + done.stderr
    done = _presenter("results", str(ROOT / "decks" / "gov-1-5.md"), "--store", url, "--event", "x")
    assert done.returncode == 1 and SECRET not in done.stdout + done.stderr


def test_store_flags_are_checked() -> None:
    with pytest.raises(AddressError, match="--event"):
        shared_target("postgresql://db/votes", None, None)
    with pytest.raises(AddressError, match="PostgreSQL URL"):
        check_url("mysql://db/votes")
    with pytest.raises(AddressError, match="names no database"):
        check_url("postgresql://db")
    assert shared_target("postgresql://db/votes", "b", None).room  # the host name
    assert safe_display("postgresql://me@db:5433/votes?sslmode=require") == (
        "postgresql://db:5433/votes"
    )
    done = _presenter("--event", "briefing")
    assert done.returncode == 2 and "--event and --room need --store" in done.stderr


PROBE = """
import sys
from presenter.cli import _shared
from presenter.command_line import build_parser
from presenter.options import PresentOptions
args = build_parser().parse_args(["present", "deck.md"])
assert _shared(args) is None
import presenter.tui.talk, presenter.tui.widgets.poll_view, presenter.shared.room
print("psycopg" in sys.modules)
args = build_parser().parse_args(["present", "deck.md", "--store", "postgresql://h/db", "--event", "e"])
_shared(args)
print("psycopg" in sys.modules)
"""


def test_without_store_the_driver_is_not_imported() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True"]


def test_results_give_a_column_per_room_and_a_total(pg, event: str, tmp_path: Path) -> None:
    rooms = [
        RoomProcess(
            tmp_path / name, pg.url, event, name, pg.env, "--phones", "30", "--seed", str(i)
        )
        for i, name in enumerate(("ottawa", "halifax"))
    ]
    try:
        for room in rooms:
            room.finish()
    finally:
        for room in rooms:
            room.kill()
    deck = tmp_path / "deck.md"
    deck.write_text(
        "# Vote\n\n```poll\nid: change-first\nquestion: What first?\noptions:\n"
        + "".join(f"  - id: {o}\n    label: Option {o.upper()}\n" for o in "abcd")
        + "```\n",
        encoding="utf-8",
    )
    done = _presenter(
        "results", str(deck), "--store", pg.url, "--event", event, "--format", "json", env=pg.env
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    names = [s["id"] for s in data["sessions"]]
    assert sorted(names[:2]) == ["halifax", "ottawa"] and names[2] == "total"  # joining order
    polls = [s["polls"][0] for s in data["sessions"]]
    assert polls[2]["voters"] == polls[0]["voters"] + polls[1]["voters"] >= 60
    for index, option in enumerate(polls[2]["options"]):
        assert (
            option["votes"]
            == polls[0]["options"][index]["votes"] + polls[1]["options"][index]["votes"]
        )
    for fmt in ("table", "csv", "md"):
        shown = _presenter(
            "results", str(deck), "--store", pg.url, "--event", event, "--format", fmt, env=pg.env
        )
        assert shown.returncode == 0, shown.stderr
        assert "ottawa" in shown.stdout and "halifax" in shown.stdout and "total" in shown.stdout
    table = _presenter("results", str(deck), "--store", pg.url, "--event", event, env=pg.env)
    assert str(polls[2]["voters"]) in table.stdout

    # The handout prints the same: a column per room and the total.
    shared = ("--store", pg.url, "--event", event)
    minutes = _presenter("export", str(deck), *shared, "--format", "md", "-o", "-", env=pg.env)
    assert minutes.returncode == 0, minutes.stderr
    header = next(line for line in minutes.stdout.splitlines() if "ottawa" in line)
    assert "halifax" in header and "total" in header
    votes = [option["votes"] for option in polls[2]["options"]]
    rows = [line for line in minutes.stdout.splitlines() if line.startswith("| Option ")]
    assert [int(row.split("|")[-2].split()[0]) for row in rows[1:]] == votes  # the total
    page = tmp_path / "event.html"
    done = _presenter("export", str(deck), *shared, "-o", str(page), env=pg.env)
    assert done.returncode == 0, done.stderr
    assert 'data-session="total"' in page.read_text(encoding="utf-8")
    done = _presenter("export", str(deck), *shared, "--all", env=pg.env)
    assert done.returncode == 2 and "--session and --all" in done.stderr
    done = _presenter("export", str(deck), "--store", pg.url, "--event", "nobody", env=pg.env)
    assert done.returncode == 1 and "no room has joined the event 'nobody'" in done.stderr


def test_without_a_password_the_message_says_where_to_put_it(pg, tmp_path: Path) -> None:
    empty = tmp_path / "pgpass"
    empty.write_text("")
    empty.chmod(0o600)
    deck = str(ROOT / "decks" / "gov-1-5.md")
    done = _presenter(
        "results", deck, "--store", pg.url, "--event", "e", env={"PGPASSFILE": str(empty)}
    )
    assert done.returncode == 1
    assert "no password found" in done.stderr and "~/.pgpass" in done.stderr
    assert pg.password not in done.stdout + done.stderr
