"""Benchmark of `presenter export`: the briefing with its results, and a 500-slide deck.

Run: python3 tests/benchmarks/bench_export.py

What is timed (in-process, best of several runs, after one warm-up run): the
whole command, `run_export` — load the deck, read the results from a real
store with a recorded talk (keyboard and phone votes, suggestions), render the
self-contained HTML handout, write it.

Baseline, measured in the same run: markdown-it (the same parser the export
uses) rendering the same deck's text to HTML in one call, with no deck model,
no store, no page furniture. Verdicts are ratios, never absolute times:

- the 15-minute briefing with results: at most 20 x the baseline;
- a 500-slide deck with 25 polls and results: at most 20 x its baseline;
- and the 500-slide export takes at most 1.5 x what the briefing's export time
  grows to when scaled by the decks' sizes (exporting stays linear).

Absolute times, and the PDF export's time, are printed as information (the
issue's budget on the developers' machine: under 1 s for the briefing, under
5 s for 500 slides). Exit code 1 when a verdict fails.
"""

from __future__ import annotations

import io
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "export"))

from conftest import record_talk  # noqa: E402

from presenter.deck.markdown import make_parser  # noqa: E402
from presenter.export.options import ExportOptions  # noqa: E402
from presenter.export.run import run_export  # noqa: E402

RUNS = 7
RATIO_TARGET = 20.0
LINEAR_SLACK = 1.5
BIG_SLIDES = 500
BIG_POLLS = 25


def best(action: Callable[[], object], runs: int = RUNS) -> float:
    action()  # warm-up: imports, caches
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def big_deck(slides: int, polls: int) -> str:
    """A deck of `slides` slides in the briefing's style, every 20th a poll."""
    out = ["---", "title: A long briefing", "author: Bench", "duration: 500m", "---", ""]
    for n in range(slides):
        if n % (slides // polls) == 0 and n // (slides // polls) < polls:
            out += [
                f"## Vote {n}",
                "",
                "```poll",
                f"id: vote-{n}",
                f"question: Which option for item {n}?",
                "options: [First option, Second option, Third option, Fourth option]",
                "suggestions: true",
                "```",
            ]
        else:
            out += [
                f"## Slide {n}: a point worth making",
                "",
                f"- A first bullet with **emphasis** and `code` on slide {n}",
                "- A second bullet that runs a little longer, as real bullets do",
                "<!-- pause -->",
                "- A third bullet, revealed after a pause",
                "",
                "| Before | After |",
                "| --- | --- |",
                "| Informing | Listening |",
                "",
                f"Note: What to say on slide {n}: the point, the evidence, the ask.",
            ]
        out += ["", "---", ""]
    return "\n".join(out[:-3]) + "\n"


def measure(deck: Path, data: Path, target: Path, fmt: str = "html") -> float:
    options = ExportOptions(fmt=fmt, layout="handout", notes=True)  # type: ignore[arg-type]

    def export() -> None:
        out, err = io.StringIO(), io.StringIO()
        code = run_export(deck, options, output=target, data_dir=data, out=out, err=err)
        if code != 0:
            raise SystemExit(f"export failed: {err.getvalue()}")

    return best(export, runs=RUNS if fmt == "html" else 2)


def baseline(deck: Path) -> float:
    text = deck.read_text(encoding="utf-8")
    parser = make_parser()
    return best(lambda: parser.render(text))


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="bench-export-") as folder:
        work = Path(folder)
        briefing = work / "gov-1-5.md"
        shutil.copy(ROOT / "decks" / "gov-1-5.md", briefing)
        long_deck = work / "long.md"
        long_deck.write_text(big_deck(BIG_SLIDES, BIG_POLLS), encoding="utf-8")
        data = work / "data"
        for deck in (briefing, long_deck):
            record_talk(data, deck)

        small_export = measure(briefing, data, work / "briefing.html")
        small_base = baseline(briefing)
        big_export = measure(long_deck, data, work / "long.html")
        big_base = baseline(long_deck)
        pdf = measure(briefing, data, work / "briefing.pdf", fmt="pdf")

        small_ratio = small_export / small_base
        big_ratio = big_export / big_base
        size_ratio = long_deck.stat().st_size / briefing.stat().st_size
        growth = big_export / small_export
        checks = [
            (
                f"briefing with results: {small_export * 1000:.1f} ms, "
                f"{small_ratio:.1f} x markdown-it's {small_base * 1000:.2f} ms "
                f"(target <= {RATIO_TARGET:g} x)",
                small_ratio <= RATIO_TARGET,
            ),
            (
                f"{BIG_SLIDES} slides with results: {big_export * 1000:.1f} ms, "
                f"{big_ratio:.1f} x markdown-it's {big_base * 1000:.2f} ms "
                f"(target <= {RATIO_TARGET:g} x)",
                big_ratio <= RATIO_TARGET,
            ),
            (
                f"linear: {BIG_SLIDES} slides took {growth:.1f} x the briefing for a deck "
                f"{size_ratio:.1f} x its size (target <= {LINEAR_SLACK:g} x {size_ratio:.1f})",
                growth <= LINEAR_SLACK * size_ratio,
            ),
        ]
        for line, ok in checks:
            print(f"{verdict(ok)}  {line}")
        print(f"info  PDF of the briefing (WeasyPrint, handout layout): {pdf * 1000:.0f} ms")
        print(
            "info  issue budget, absolute (this machine): briefing HTML "
            f"{small_export:.3f} s (< 1 s), {BIG_SLIDES} slides {big_export:.3f} s (< 5 s)"
        )
        return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    raise SystemExit(main())
