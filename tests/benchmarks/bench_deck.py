"""Benchmark: opening and checking a 1,000-slide deck.

Run: python3 tests/benchmarks/bench_deck.py [--slides N]

Generates a realistic deck (headings, bullets, pauses, notes, code fences with
`---` inside, comments, a poll) and prints:
- load time (read + scan + model, no Markdown parse), target < 50 ms;
- full Markdown parse per slide (markdown-it over every slide), for information;
- `presenter check --json` wall time in a subprocess, against the time the same
  interpreter needs for `import presenter.deck.load` (the baseline, measured in the
  same run); target: less than 150 ms more than the baseline.
Each figure is the best of several runs; the exit code is 1 when a target fails.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

LOAD_TARGET_MS = 50.0
CHECK_OVER_BASELINE_TARGET_MS = 150.0


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


def run_ms(args: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(args, check=False, capture_output=True, cwd=ROOT)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(sorted(times)[: max(1, repeat - 2)])


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slides", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()

    from presenter.deck.load import load_deck
    from presenter.deck.markdown import make_parser

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.md"
        path.write_text(generate_deck(args.slides), encoding="utf-8")
        lines = path.read_text(encoding="utf-8").count("\n")
        deck = load_deck(path)
        assert len(deck.slides) == args.slides, len(deck.slides)

        load_ms = best_ms(lambda: load_deck(path), args.repeat)
        parser_md = make_parser()
        parse_ms = best_ms(lambda: [parser_md.parse(slide.markdown) for slide in deck.slides], 3)
        python = sys.executable
        baseline_ms = run_ms([python, "-c", "import presenter.deck.load"], args.repeat)
        check_ms = run_ms([python, "-m", "presenter", "check", "--json", str(path)], args.repeat)

    over = check_ms - baseline_ms
    load_ok = load_ms < LOAD_TARGET_MS
    check_ok = over < CHECK_OVER_BASELINE_TARGET_MS
    print(f"deck: {args.slides} slides, {lines} lines")
    print(
        f"load (read + scan + model, no Markdown parse): {load_ms:7.1f} ms   "
        f"target < {LOAD_TARGET_MS:.0f} ms   ratio {load_ms / LOAD_TARGET_MS:.2f}   "
        f"{verdict(load_ok)}"
    )
    print(
        f"full Markdown parse: {parse_ms / args.slides:7.3f} ms per slide "
        f"({parse_ms:.1f} ms for all; done only for the slides being drawn)"
    )
    print(f"baseline `python -c 'import presenter.deck.load'`: {baseline_ms:7.1f} ms")
    print(
        f"`presenter check --json`: {check_ms:7.1f} ms = baseline + {over:.1f} ms   "
        f"target < baseline + {CHECK_OVER_BASELINE_TARGET_MS:.0f} ms   "
        f"ratio {over / CHECK_OVER_BASELINE_TARGET_MS:.2f}   {verdict(check_ok)}"
    )
    return 0 if load_ok and check_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
