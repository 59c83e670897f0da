"""Benchmark: opening and checking a 1,000-slide deck.

Run: python3 tests/benchmarks/bench_deck.py [--slides N] [--repeat N]

Generates a realistic deck (headings, bullets, pauses, notes, code fences with
`---` inside, comments, a poll). Every verdict is a ratio against a baseline
measured in the same run, or a count; absolute times are printed for information:
- load (read + scan + model, no Markdown parse) against one markdown-it
  (CommonMark) parse of the same text: at most LOAD_RATIO_TARGET of it, since
  opening a deck must not parse its Markdown;
- full Markdown parse per slide (markdown-it over every slide), for information;
- `presenter check --json` wall time in a subprocess against a bare `python -c`
  that imports the deck core and loads the same deck: at most CHECK_RATIO_TARGET
  of it (`check` must not pay for the TUI). Every run must exit 0 and print the
  deck's JSON with every slide and no error; a broken deck must exit 1 and name
  the line. A run that fails so counts as a failure, whatever its time.
Each time is the best (load) or a trimmed median (subprocesses) of several runs;
the exit code is 1 when a verdict fails.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

LOAD_RATIO_TARGET = 0.25
"""Load time over one markdown-it parse of the same text (a full parse is about 1.0)."""
CHECK_RATIO_TARGET = 1.5
"""`presenter check` time over a bare `python -c` that imports the deck core and loads the
deck: what check adds (its checks, the JSON) stays small; importing the TUI would add about 1x."""
LOAD_DESIGN_MS = 50.0
"""The design's figure for a 1,000-slide deck, printed beside the measured time only."""


def generate_deck(slides: int) -> str:
    """A deck of `slides` slides in the style of a real briefing."""
    out = [
        "---",
        "title: Benchmark briefing",
        "subtitle: A thousand slides",
        "author: Bench",
        f"duration: {slides}m",
        "---",
        "",
        "<!-- time: 20s -->",
        "",
        "Note: The title page.",
    ]
    for number in range(1, slides):
        out.append("---")
        out.append("")
        if number == slides // 2:
            out += [
                "## Your call",
                "",
                "```poll",
                "id: change-first",
                "question: What would you change first?",
                "suggestions: true",
                "options:",
                "  - A dedicated social media unit",
                "  - Reverse mentoring",
                "  - id: listen",
                "    label: Ministers who listen online",
                "```",
                "",
                "Note: Ask the room and wait.",
            ]
            continue
        out += [
            f"## Slide {number}: the point in a few words",
            "",
            f"<!-- time: {30 + number % 60}s -->" if number % 3 == 0 else "",
            "- A first short bullet with **bold** text",
            "- A second bullet with a [link](https://example.org)",
            "<!-- pause -->",
            "- A third bullet, revealed later",
            "",
        ]
        if number % 10 == 0:
            out += ["```python", "def f(x):", "    return x", "---", "print(f(1))", "```", ""]
        if number % 7 == 0:
            out += ["<!-- A comment that is a note for the presenter. -->", ""]
        out += [
            "Note: Two or three sentences a presenter can speak from. They carry the",
            "argument and the example, and end with a question to the room.",
            "",
        ]
    return "\n".join(out) + "\n"


def best_ms(function, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return min(times)


class Run:
    """Subprocess runs of one command: their times, and how many went wrong."""

    def __init__(self, args: list[str], expect: Callable[[subprocess.CompletedProcess[str]], str]):
        self.args = args
        self.expect = expect
        self.times: list[float] = []
        self.problems: list[str] = []

    def once(self) -> None:
        start = time.perf_counter()
        result = subprocess.run(self.args, check=False, capture_output=True, text=True, cwd=ROOT)
        self.times.append((time.perf_counter() - start) * 1000)
        problem = self.expect(result)
        if problem:
            self.problems.append(problem)

    @property
    def ms(self) -> float:
        """The median of the fastest runs (the slowest two dropped as noise)."""
        return statistics.median(sorted(self.times)[: max(1, len(self.times) - 2)])


def exits_zero(result: subprocess.CompletedProcess[str]) -> str:
    if result.returncode != 0:
        return f"exit {result.returncode}: {result.stderr.strip()[-300:]}"
    return ""


def checked_clean(slides: int) -> Callable[[subprocess.CompletedProcess[str]], str]:
    def expect(result: subprocess.CompletedProcess[str]) -> str:
        if result.returncode != 0:
            return f"exit {result.returncode}: {(result.stderr or result.stdout).strip()[-300:]}"
        try:
            report = json.loads(result.stdout)
        except ValueError:
            return f"not JSON: {result.stdout[:200]!r}"
        if len(report.get("slides", ())) != slides or report.get("errors"):
            return f"{len(report.get('slides', ()))} slides, errors {report.get('errors')}"
        return ""

    return expect


def broken_deck_fails(result: subprocess.CompletedProcess[str]) -> str:
    if result.returncode != 1:
        return f"a broken deck exited {result.returncode}, not 1"
    if not re.search(r"broken\.md:\d+:\d+: ", result.stdout):
        return f"a broken deck's report names no line: {result.stdout[:200]!r}"
    return ""


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slides", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()

    from markdown_it import MarkdownIt

    from presenter.deck.load import load_deck
    from presenter.deck.markdown import make_parser

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.md"
        text = generate_deck(args.slides)
        path.write_text(text, encoding="utf-8")
        broken = Path(tmp) / "broken.md"
        broken.write_text(text.replace("id: change-first", "id: change-first\nkind: nonsense"))
        lines = text.count("\n")
        deck = load_deck(path)
        assert len(deck.slides) == args.slides, len(deck.slides)

        commonmark = MarkdownIt("commonmark")
        load_ms = best_ms(lambda: load_deck(path), args.repeat)
        baseline_parse_ms = best_ms(lambda: commonmark.parse(text), 3)
        parser_md = make_parser()
        parse_ms = best_ms(lambda: [parser_md.parse(slide.markdown) for slide in deck.slides], 3)
        python = sys.executable
        load_code = f"from presenter.deck.load import load_deck; load_deck({str(path)!r})"
        baseline = Run([python, "-c", load_code], exits_zero)
        check = Run(
            [python, "-m", "presenter", "check", "--json", str(path)], checked_clean(args.slides)
        )
        for _ in range(args.repeat):  # taking turns, so load on the machine falls on both
            baseline.once()
            check.once()
        broken_run = Run([python, "-m", "presenter", "check", str(broken)], broken_deck_fails)
        broken_run.once()

    load_ratio = load_ms / baseline_parse_ms
    check_ratio = check.ms / baseline.ms
    problems = baseline.problems + check.problems + broken_run.problems
    verdicts = [
        (
            "load / one markdown-it parse of the text",
            load_ratio,
            f"<= {LOAD_RATIO_TARGET}x",
            load_ratio <= LOAD_RATIO_TARGET,
        ),
        (
            "`presenter check --json` / loading it in a bare python",
            check_ratio,
            f"<= {CHECK_RATIO_TARGET}x",
            check_ratio <= CHECK_RATIO_TARGET,
        ),
        ("runs with a wrong exit status or output", len(problems), "0", not problems),
    ]
    print(f"deck: {args.slides} slides, {lines} lines")
    print(
        f"load (read + scan + model, no Markdown parse): {load_ms:7.1f} ms "
        f"(design figure {LOAD_DESIGN_MS:.0f} ms, for information)"
    )
    print(f"one markdown-it (CommonMark) parse of the whole text: {baseline_parse_ms:7.1f} ms")
    print(
        f"full Markdown parse: {parse_ms / args.slides:7.3f} ms per slide "
        f"({parse_ms:.1f} ms for all; done only for the slides being drawn)"
    )
    print(f"`python -c 'load_deck(...)'` (import the deck core, load): {baseline.ms:7.1f} ms")
    print(f"`presenter check --json`: {check.ms:7.1f} ms")
    for problem in problems:
        print(f"  wrong run: {problem}")
    print()
    for name, value, target, ok in verdicts:
        print(f"  {name:<52} {value:>7.2f}  target {target:<8} {verdict(ok)}")
    return 0 if all(ok for *_, ok in verdicts) else 1


if __name__ == "__main__":
    raise SystemExit(main())
