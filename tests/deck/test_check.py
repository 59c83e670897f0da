"""`presenter check` as an author runs it: `python -m presenter check` in a subprocess."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from presenter.deck.check import run_check
from presenter.deck.model import Deck

HERE = Path(__file__).parent
DIALECTS = HERE / "fixtures" / "dialects"
ERRORS = HERE / "fixtures" / "errors"
ROOT = HERE.parent.parent
CASES = yaml.safe_load((HERE / "fixtures" / "dialects.yaml").read_text(encoding="utf-8"))

GOOD = """---
title: A small talk
duration: 3m
---

<!-- time: 20s -->
Note: Welcome.

---

# First point

- one
<!-- pause -->
- two

Note: Say it.

---

# Vote

```poll
id: pick
question: Which one?
options: [Tea, Coffee]
suggestions: true
```

Note: Ask.
"""


def check(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "presenter", "check", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.md"
    path.write_text(GOOD, encoding="utf-8")
    return path


def test_a_good_deck_exits_0_with_a_report(good: Path) -> None:
    result = check(good)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert out.startswith(f"{good}: A small talk\n3 slides, 4 steps, budgets 3:00 of 3:00\n")
    assert "  1      6      1     0:20    yes  A small talk  [title page]" in out
    assert "  2     11      2     1:20    yes  First point" in out
    assert "  3     21      1     1:20    yes  Vote          [poll pick]" in out
    assert "slide 3: pick (single, 2 options, results live, suggestions on): Which one?" in out
    assert "Slides without notes: none" in out
    assert out.rstrip().endswith("OK: 0 errors, 0 warnings")
    assert result.stderr == ""


def test_json_report(good: Path) -> None:
    result = check(good, "--json")
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert set(report) == {
        "path",
        "dialect",
        "dialect_reason",
        "dialect_assumption",
        "title",
        "duration_s",
        "slides",
        "errors",
        "warnings",
    }
    assert (report["path"], report["title"], report["duration_s"]) == (
        str(good),
        "A small talk",
        180.0,
    )
    assert report["dialect"] == "presenter"
    assert "directives on line 6" in report["dialect_reason"]
    assert report["dialect_assumption"] is None
    assert report["errors"] == [] and report["warnings"] == []
    assert report["slides"][1] == {
        "index": 1,
        "title": "First point",
        "line": 11,
        "steps": 2,
        "notes": "Say it.",
        "budget_s": 80.0,
        "skip": False,
        "poll": None,
    }
    assert report["slides"][2]["poll"] == {
        "id": "pick",
        "question": "Which one?",
        "kind": "single",
        "options": [{"id": "tea", "label": "Tea"}, {"id": "coffee", "label": "Coffee"}],
        "suggestions": True,
        "results": "live",
    }


@pytest.mark.parametrize("name", sorted(p.name for p in DIALECTS.glob("*.md")))
def test_json_on_other_presenters_decks(name: str) -> None:
    result = check(DIALECTS / name, "--json")
    report = json.loads(result.stdout)
    expected = CASES[name]
    assert [s["title"] for s in report["slides"]] == expected["titles"]
    assert [s["notes"] for s in report["slides"]] == expected["notes"]
    assert [s["steps"] for s in report["slides"]] == expected["steps"]
    assert report["dialect"] == expected["dialect"]
    assert report["errors"] == []
    assert result.returncode == 0


def test_a_broken_deck_exits_1_listing_every_error() -> None:
    path = ERRORS / "poll-many-problems.md"
    result = check(path)
    assert result.returncode == 1
    expected = (ERRORS / "poll-many-problems.expected").read_text(encoding="utf-8").splitlines()
    problem_lines = [
        line
        for line in result.stdout.splitlines()
        if re.match(rf"{re.escape(str(path))}:\d+:\d+: ", line)
    ]
    # The expectation files name the severity; errors print without it.
    assert problem_lines == [f"{path}:{line.replace(' error: ', ' ', 1)}" for line in expected]
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.rstrip().endswith(f"FAILED: {len(expected)} errors, 0 warnings")


def test_broken_deck_json_keeps_the_slides_it_could_read() -> None:
    result = check(ERRORS / "bad-time.md", "--json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert [s["title"] for s in report["slides"]] == ["One", "Two"]
    assert [(e["line"], e["column"]) for e in report["errors"]] == [(3, 12), (11, 25)]
    assert report["errors"][0]["message"].startswith("bad slide time: 'soon' is not a duration")


def test_warnings_pass_unless_strict() -> None:
    path = ERRORS / "warnings.md"
    relaxed = check(path)
    assert relaxed.returncode == 0
    assert f"{path}:14:1: warning: the slide before this separator is empty" in relaxed.stdout
    strict = check(path, "--strict")
    assert strict.returncode == 1
    assert "FAILED: 0 errors, 3 warnings (--strict: warnings fail)" in strict.stdout
    strict_json = json.loads(check(path, "--strict", "--json").stdout)
    assert [w["line"] for w in strict_json["warnings"]] == [3, 14, 16]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.md", "1:1: the file does not exist; check the path"),
        (
            lambda d: d,
            "1:1: this is a directory, not a deck; give the path of a Markdown file",
        ),
    ],
)
def test_unreadable_exits_2(tmp_path: Path, make, message: str) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path)
    result = check(path)
    assert result.returncode == 2
    assert result.stdout == f"{path}:{message}\n"
    report = json.loads(check(path, "--json").stdout)
    assert report["slides"] == [] and report["title"] is None
    assert report["errors"][0]["message"] == message.split(": ", 1)[1]


def test_binary_and_latin1_files_exit_2(tmp_path: Path) -> None:
    binary = tmp_path / "b.md"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    latin = tmp_path / "l.md"
    latin.write_bytes("# Caf\xe9\n".encode("latin-1"))
    assert check(binary).returncode == 2
    result = check(latin)
    assert result.returncode == 2
    assert result.stdout.startswith(f"{latin}:1:6: the file is not valid UTF-8")


def test_deck_text_cannot_inject_terminal_escapes(tmp_path: Path) -> None:
    path = tmp_path / "evil.md"
    path.write_text("# Evil \x1b[2J title\x07\n\nNote: n\n", encoding="utf-8")
    result = check(path)
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "Evil title" in result.stdout


def test_overflow_marks_slides_and_warns(good: Path) -> None:
    seen: list[Deck] = []

    def overflow(deck: Deck) -> dict[int, bool]:
        seen.append(deck)
        return {1: True, 2: False}

    out = io.StringIO()
    code = run_check(good, as_json=True, strict=False, overflow=overflow, out=out)
    report = json.loads(out.getvalue())
    assert code == 0 and len(seen) == 1
    assert [s["overflow"] for s in report["slides"]] == [False, True, False]
    assert report["warnings"] == [
        {
            "line": 11,
            "column": 1,
            "message": "slide 2 does not fit the terminal size checked; shorten it or split it in two",
        }
    ]
    strict = io.StringIO()
    assert run_check(good, as_json=False, strict=True, overflow=overflow, out=strict) == 1
    assert f"{good}:11:1: warning: slide 2 does not fit" in strict.getvalue()


def test_without_overflow_json_has_no_overflow_field(good: Path) -> None:
    out = io.StringIO()
    run_check(good, as_json=True, strict=False, overflow=None, out=out)
    assert all("overflow" not in s for s in json.loads(out.getvalue())["slides"])


def test_check_does_not_import_the_markdown_parser_or_the_ui(good: Path) -> None:
    code = (
        "import io, sys; from pathlib import Path; from presenter.deck.check import run_check;"
        f"run_check(Path({str(good)!r}), as_json=True, strict=False, overflow=None, out=io.StringIO());"
        "print(sorted(m for m in ('markdown_it', 'textual', 'rich', 'aiohttp') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
