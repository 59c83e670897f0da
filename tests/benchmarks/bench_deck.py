"""Benchmark: opening and checking a 1,000-slide deck.

Run: python3 tests/benchmarks/bench_deck.py [--slides N] [--repeat N]

Generates a realistic deck (headings, bullets, pauses, notes, code fences with
`---` inside, raw HTML, comments, a poll) and judges, against baselines measured in
the same run (machines are shared and noisy, so no verdict is an absolute time):

- load (read + dialect detection + scan + model, no Markdown parse) against
  markdown-it parsing the same text once, measured in turns: the load must cost
  less than 1/6 of that parse (markdown-it takes about 250-300 ms here on a quiet
  machine, so that is about 50 ms);
- `presenter check --json` in a subprocess against a subprocess that only imports
  the deck code and loads the deck: check must cost less than 1.5 times that;
- `presenter check` exit statuses (counts, not times): 0 and a JSON report of every
  slide for the good deck, 1 for the same deck with a broken poll.
Each time is the best (in process) or the median (subprocess) of several runs
made in turns with its baseline;
the exit code is 1 when a verdict fails.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))

LOAD_RATIO_TARGET = 1 / 6
CHECK_RATIO_TARGET = 1.5


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
        if number % 25 == 0:
            out += ['<div class="aside">', "<p>Raw HTML, shown as text.</p>", "</div>", ""]
        out += [
            "Note: Two or three sentences a presenter can speak from. They carry the",
            "argument and the example, and end with a question to the room.",
            "",
        ]
    return "\n".join(out) + "\n"


def interleaved_best_ms(measured, baseline, repeat: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Best times of `measured` (`repeat` runs) and `baseline` (every third run), taken in
    turns so that both see the same moments of a noisy machine."""
    measured_times: list[float] = []
    baseline_times: list[float] = []
    for number in range(max(repeat, 3)):
        start = time.perf_counter()
        measured()
        measured_times.append((time.perf_counter() - start) * 1000)
        if number % 3 == 0:
            start = time.perf_counter()
            baseline()
            baseline_times.append((time.perf_counter() - start) * 1000)
    return min(measured_times), min(baseline_times)


def run_ms_in_turns(first: list[str], second: list[str], repeat: int) -> tuple[float, float]:
    """Median wall times of two commands, run in turns."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for args, found in ((first, times[0]), (second, times[1])):
            start = time.perf_counter()
            subprocess.run(args, check=False, capture_output=True, cwd=ROOT)
            found.append((time.perf_counter() - start) * 1000)
    return statistics.median(times[0]), statistics.median(times[1])


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def check_statuses(path: Path, slides: int) -> tuple[bool, str]:
    """`presenter check` exit statuses and report on the good deck and a broken copy."""
    python = sys.executable
    good = subprocess.run(
        [python, "-m", "presenter", "check", "--json", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    try:
        report = json.loads(good.stdout)
    except json.JSONDecodeError:
        return False, f"check --json printed no JSON (exit {good.returncode})"
    broken_path = path.with_name("broken.md")
    broken_path.write_text(
        path.read_text(encoding="utf-8").replace("options:\n  - A dedicated", "options:\n  - ["),
        encoding="utf-8",
    )
    broken = subprocess.run(
        [python, "-m", "presenter", "check", str(broken_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    ok = (
        good.returncode == 0
        and len(report["slides"]) == slides
        and report["dialect"] == "presenter"
        and broken.returncode == 1
        and "Traceback" not in broken.stdout + broken.stderr
    )
    summary = (
        f"good deck: exit {good.returncode}, {len(report['slides'])} slides, "
        f"dialect {report['dialect']}; broken poll: exit {broken.returncode}"
    )
    return ok, summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slides", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()

    from presenter.deck.load import load_deck
    from presenter.deck.markdown import make_parser

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.md"
        text = generate_deck(args.slides)
        path.write_text(text, encoding="utf-8")
        lines = text.count("\n")
        deck = load_deck(path)
        assert len(deck.slides) == args.slides, len(deck.slides)

        parser_md = make_parser()
        load_ms, parse_ms = interleaved_best_ms(
            lambda: load_deck(path), lambda: parser_md.parse(text), args.repeat
        )
        python = sys.executable
        loader = (
            "import sys; from pathlib import Path; from presenter.deck.load import load_deck; "
            "load_deck(Path(sys.argv[1]))"
        )
        baseline_ms, check_ms = run_ms_in_turns(
            [python, "-c", loader, str(path)],
            [python, "-m", "presenter", "check", "--json", str(path)],
            args.repeat,
        )
        statuses_ok, statuses = check_statuses(path, args.slides)

    load_ratio = load_ms / parse_ms
    check_ratio = check_ms / baseline_ms
    load_ok = load_ratio < LOAD_RATIO_TARGET
    check_ok = check_ratio < CHECK_RATIO_TARGET
    print(f"deck: {args.slides} slides, {lines} lines")
    print(f"baseline: markdown-it parsing the whole text once: {parse_ms:7.1f} ms")
    print(
        f"load (read + dialect + scan + model, no Markdown parse): {load_ms:7.1f} ms   "
        f"ratio {load_ratio:.3f}   target < {LOAD_RATIO_TARGET:.3f}   {verdict(load_ok)}"
    )
    print(
        f"baseline: a process that imports the deck code and loads the deck: {baseline_ms:7.1f} ms"
    )
    print(
        f"`presenter check --json`: {check_ms:7.1f} ms   ratio {check_ratio:.2f}   "
        f"target < {CHECK_RATIO_TARGET:.2f}   {verdict(check_ok)}"
    )
    print(f"`presenter check` exit statuses: {statuses}   {verdict(statuses_ok)}")
    return 0 if load_ok and check_ok and statuses_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
