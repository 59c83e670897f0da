"""`presenter decks` and `presenter new`, run as a user runs them, from a folder of their own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from presenter.bundled import AUTHORING_DECK_NAME, bundled_deck, bundled_decks
from presenter.options import DEFAULT_DECK

ROOT = Path(__file__).resolve().parents[2]


def _presenter(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "presenter", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_bundled_decks_are_the_repository_decks() -> None:
    assert [p.name for p in bundled_decks()] == sorted(
        p.name for p in (ROOT / "decks").glob("*.md")
    )
    assert DEFAULT_DECK.name == "gov-1-5.md"
    assert DEFAULT_DECK.read_bytes() == (ROOT / "decks" / "gov-1-5.md").read_bytes()


def test_decks_lists_each_bundled_deck_with_its_title(tmp_path: Path) -> None:
    result = _presenter("decks", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    for path in bundled_decks():
        (row,) = [line for line in lines if line.startswith(path.name + " ")]
        assert "slides" in row
    assert any(line.startswith("authoring.md") and "Writing a deck" in line for line in lines)
    assert f"in {bundled_deck('gov-1-5.md').parent}" in lines


def test_new_copies_the_authoring_deck_and_it_checks_clean(tmp_path: Path) -> None:
    result = _presenter("new", "talk.md", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = tmp_path / "talk.md"
    assert written.read_bytes() == bundled_deck(AUTHORING_DECK_NAME).read_bytes()
    assert "presenter check talk.md" in result.stdout
    check = _presenter("check", "talk.md", cwd=tmp_path)
    assert check.returncode == 0, check.stdout


def test_new_never_overwrites(tmp_path: Path) -> None:
    mine = tmp_path / "talk.md"
    mine.write_text("# my own work\n", encoding="utf-8")
    result = _presenter("new", "talk.md", cwd=tmp_path)
    assert result.returncode == 1
    assert "already exists" in result.stderr
    assert "Traceback" not in result.stderr
    assert mine.read_text(encoding="utf-8") == "# my own work\n"


def test_new_into_a_missing_folder_says_so(tmp_path: Path) -> None:
    result = _presenter("new", "no/such/talk.md", cwd=tmp_path)
    assert result.returncode == 1
    assert "does not exist" in result.stderr
    assert "Traceback" not in result.stderr
