"""Benchmark: the presenting TUI in a real terminal (tmux, 120x36).

Run: python3 tests/benchmarks/bench_tui.py [--presses N] [--launches N]

Measures, for the bundled deck and a generated 500-slide deck:
  - launch to slide 1's text on screen,
  - key press (Right) to the next slide's text on screen (median, p95),
  - peak RSS (VmHWM) after moving through the deck,
  - a burst of 249 Right presses sent at once, to slide 250's text (500-slide deck).
In the same run it measures a baseline (a minimal Textual app showing the same
Markdown in one `Markdown` widget) and a zero-cost program (`cat` for launch; a
raw-mode loop that prints the next marker per key) for the harness floor, then
prints ratios and PASS/FAIL against the targets of the presenting TUI. Every
verdict is a ratio against a figure of the same run (the baseline app, the
bundled deck, the presenter's own single moves) or a count (a burst that does
not land on slide 250, a run of the presenter that quits on its own); absolute
times and sizes are printed as information. A program that quits leaves its
last screen on stderr.

Timing polls `tmux capture-pane` in a tight loop until the expected text shows.
Timed key presses are paced (a presenter does not press faster than ~6 keys a
second); untimed step reveals are waited for on screen. Figures that are
compared are measured taking turns (launches one after the other, key presses
in rounds), so a change in the machine's load falls on both sides alike.
"""

from __future__ import annotations

import argparse
import compileall
import json
import math
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from presenter.deck.load import load_deck  # noqa: E402
from presenter.deck.model import Deck  # noqa: E402

WIDTH, HEIGHT = 120, 36
SESSION = f"bench-tui-{os.getpid()}"
PACE_S = 0.15
TIMEOUT_S = 15.0
ROUNDS = 2
IMAGE = "authoring-chart.png"
"""Key presses are timed in this many rounds, every program on every deck in turn."""

BASELINE_APP = """
import json, sys
from textual.app import App
from textual.widgets import Markdown

SLIDES = json.load(open(sys.argv[1], encoding="utf-8"))

class Baseline(App):
    BINDINGS = [("right", "next"), ("left", "previous"), ("q", "quit")]
    index = 0
    def compose(self):
        yield Markdown(SLIDES[0])
    def action_next(self):
        if self.index + 1 < len(SLIDES):
            self.index += 1
            self.query_one(Markdown).update(SLIDES[self.index])
    def action_previous(self):
        if self.index:
            self.index -= 1
            self.query_one(Markdown).update(SLIDES[self.index])

Baseline().run()
"""

FLOOR_KEYS = """
import os, sys, tty, json
markers = json.load(open(sys.argv[1], encoding="utf-8"))
tty.setraw(0)
index = 0
sys.stdout.write(markers[0] + "\\r\\n"); sys.stdout.flush()
while True:
    data = os.read(0, 1024)
    if not data or data.startswith(b"q"):
        break
    index += data.count(b"\\x1b[C") - data.count(b"\\x1b[D")
    index = min(max(index, 0), len(markers) - 1)
    sys.stdout.write("\\x1b[2J\\x1b[H" + markers[index] + "\\r\\n"); sys.stdout.flush()
"""


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=False).stdout


def screen() -> str:
    return tmux("capture-pane", "-p", "-t", SESSION)


def wait_for(test: Callable[[str], bool], timeout: float = TIMEOUT_S) -> float:
    """Poll the pane until `test(text)`; seconds waited (inf on timeout)."""
    start = time.perf_counter()
    while True:
        if test(screen()):
            return time.perf_counter() - start
        if time.perf_counter() - start > timeout:
            return float("inf")


def start(command: str) -> float:
    tmux("kill-session", "-t", SESSION)
    begin = time.perf_counter()
    # remain-on-exit: a program that quits (or crashes) leaves its last screen to read.
    tmux(
        "new-session", "-d", "-s", SESSION, "-x", str(WIDTH), "-y", str(HEIGHT), f"exec {command}",
        ";", "set-option", "-t", SESSION, "remain-on-exit", "on",
    )  # fmt: skip
    return begin


def stop() -> None:
    tmux("kill-session", "-t", SESSION)


def pane_pid() -> int:
    return int(tmux("list-panes", "-t", SESSION, "-F", "#{pane_pid}").split()[0])


def pane_dead() -> bool:
    """The program in the pane has quit (or the pane is gone)."""
    return tmux("list-panes", "-t", SESSION, "-F", "#{pane_dead}").split()[:1] != ["0"]


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], q: float) -> float:
    """The value a fraction `q` (0.01 to 0.99) of `values` stay under."""
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


@dataclass
class Figures:
    launch_ms: float = float("nan")
    next_median_ms: float = float("nan")
    next_p95_ms: float = float("nan")
    rss_mib: float = float("nan")
    burst_ms: float = float("nan")
    burst_landed: bool | None = None
    """After the burst: the target slide showed and stayed (no press lost or doubled)."""
    quit: bool = False
    """The program quit on its own before the measurements were done."""
    samples: list[float] = field(default_factory=list)


def markers_for(deck: Deck) -> list[str]:
    """Text that shows only when that slide is up: its title, or a poll's question
    (a poll slide shows the live poll in place of the slide)."""
    return [slide.poll.question if slide.poll else slide.title.strip() for slide in deck.shown]


def presenter_markers(deck: Deck) -> list[str]:
    """`markers_for`, except where the presenter draws the title in block letters
    (title page, section slides): there, the top row of those letters."""
    from presenter.tui.render.layout import rows_for_content, view_height
    from presenter.tui.render.palette import palette_for, theme_name
    from presenter.tui.render.slide import big_title, render_slide

    palette = palette_for(theme_name(deck.meta.theme))
    rows = rows_for_content(view_height(HEIGHT, footer=deck.meta.show_footer))
    markers = markers_for(deck)
    for index, slide in enumerate(deck.shown):
        if big_title(slide, 0, deck.meta) is None:
            continue
        rendered = render_slide(slide, 0, WIDTH, palette, deck.meta, rows=rows)
        text = ["".join(segment.text for segment in line).strip() for line in rendered.lines]
        markers[index] = next(line for line in text if line)
    return markers


def launch_ms(command: str, marker: str) -> float:
    """Milliseconds from starting `command` in a fresh pane to `marker` on screen."""
    begin = start(command)
    waited = wait_for(lambda text: marker in text)
    elapsed = time.perf_counter() - begin if waited != float("inf") else float("inf")
    stop()
    return elapsed * 1000


def measure_launches(
    commands: dict[tuple[str, str], tuple[str, str]], launches: int
) -> dict[tuple[str, str], float]:
    """Median launch time per (deck, program): `commands` maps each to its command
    and the text slide 1 shows. They take turns, so that load on the machine
    falls on all of them alike."""
    times: dict[tuple[str, str], list[float]] = {key: [] for key in commands}
    for _ in range(launches):
        for key, (command, marker) in commands.items():
            times[key].append(launch_ms(command, marker))
    return {key: statistics.median(values) for key, values in times.items()}


def measure_program(
    command: str,
    markers: list[str],
    steps: list[int],
    *,
    presses: int,
    first_press: int = 0,
    burst_target: str | None = None,
    rss: bool = False,
) -> Figures:
    """Start `command`, then time `presses` slide changes: forward to the last
    slide, back to the first, and so on (so a short deck gives as many samples
    as a long one). On a slide with pauses, the steps up to the slide's edge are
    revealed (or hidden) first, untimed, waiting for the footer's step dots."""
    figures = Figures()
    start(command)
    wait_for(lambda text: markers[first_press] in text)
    time.sleep(0.5)  # let the program settle before timing key presses
    samples: list[float] = []
    index, step, forward = first_press, 0, True
    for _ in range(presses):
        if forward and index + 1 >= len(markers):
            forward = False
        elif not forward and index == 0:
            forward = True
        if len(markers) < 2:
            break
        key = "Right" if forward else "Left"
        edge = steps[index] - 1 if forward else 0
        while step != edge:
            step += 1 if forward else -1
            tmux("send-keys", "-t", SESSION, key)
            dots = "●" * (step + 1) + "○" * (steps[index] - step - 1)
            wait_for(lambda text, dots=dots: dots in text)
        time.sleep(PACE_S)
        index += 1 if forward else -1
        step = 0 if forward else steps[index] - 1
        target = markers[index]
        begin = time.perf_counter()
        tmux("send-keys", "-t", SESSION, key)
        wait_for(lambda text, target=target: target in text)
        samples.append((time.perf_counter() - begin) * 1000)
        if os.environ.get("BENCH_VERBOSE"):
            print(f"  {command[:40]}... -> {target!r}: {samples[-1]:.1f} ms", file=sys.stderr)
    figures.samples = samples
    if samples:
        figures.next_median_ms = statistics.median(samples)
        figures.next_p95_ms = percentile(samples, 0.95)
    if burst_target is not None:
        time.sleep(PACE_S)
        tmux("send-keys", "-t", SESSION, "Home")
        wait_for(lambda text: markers[0] in text)
        time.sleep(0.3)
        begin = time.perf_counter()
        tmux("send-keys", "-t", SESSION, *["Right"] * 249)
        waited = wait_for(lambda text: burst_target in text, timeout=10)
        figures.burst_ms = (
            (time.perf_counter() - begin) * 1000 if waited != float("inf") else float("inf")
        )
        # A doubled press would carry the view past the target: look again once it settles.
        time.sleep(0.5)
        figures.burst_landed = waited != float("inf") and burst_target in screen()
    if pane_dead():
        figures.quit = True
        print(f"{command[:60]} quit on its own; its last screen:\n{screen()}", file=sys.stderr)
    elif rss:
        figures.rss_mib = peak_rss_mib(pane_pid())
    stop()
    return figures


def generated_deck(path: Path, source: Path, count: int = 500) -> None:
    """`count` slides: the source deck's front matter and title page, then its
    content slides over and over, so each slide carries the same kind of content
    (lists, tables, quotes) as the bundled deck and slide 1 is the same; only
    the number of slides differs. Every tenth slide (8, 18, ...) is a section
    slide, a title in block letters, and every tenth (4, 14, ...) shows the
    authoring deck's picture."""
    shutil.copy(ROOT / "decks" / IMAGE, path.parent / IMAGE)
    text = source.read_text(encoding="utf-8")
    deck = load_deck(source)
    front_matter = text[: text.index("\n---", 3) + 4] + "\n\n" if text.startswith("---") else ""
    bodies = [s.markdown for s in deck.shown if s.kind == "content" and s.poll is None]
    first = 2 if deck.shown and deck.shown[0].kind == "title" else 1
    parts = []
    for number in range(first, count + 1):
        lines = bodies[(number - first) % len(bodies)].splitlines()
        heading = next((i for i, line in enumerate(lines) if line.startswith("#")), None)
        title = f"## Slide {number} of the generated deck"
        if number % 10 == 8:
            lines = [f"# Part {number // 10 + 1}"]
        elif heading is None:
            lines.insert(0, title)
        else:
            lines[heading] = title
        if number % 10 == 4:
            lines = [title, "", f"![A chart]({IMAGE})"]
        parts.append("\n".join(lines) + "\n")
    separator = "\n---\n\n"
    title_page = separator if first == 2 else ""
    path.write_text(front_matter + title_page + separator.join(parts), encoding="utf-8")


def _peak(a: float, b: float) -> float:
    """The larger of two figures, either of which may be missing (NaN)."""
    return max((value for value in (a, b) if not math.isnan(value)), default=float("nan"))


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=40, help="timed key presses per program")
    parser.add_argument("--launches", type=int, default=15, help="launches per program (median)")
    args = parser.parse_args()
    python = sys.executable
    # The installed command, as a user runs it (else the module).
    script = Path(python).parent / "presenter"
    presenter = str(script) if script.exists() else f"{python} -m presenter"

    # An installed package runs from compiled bytecode (pip compiles it at install,
    # Python on first import), as Textual does in both programs. Compile ours too,
    # so that where PYTHONDONTWRITEBYTECODE is set no launch is timed compiling
    # the presenter's source.
    compileall.compile_dir(ROOT / "presenter", quiet=1)

    work = Path(tempfile.mkdtemp(prefix="bench-tui-"))
    (work / "baseline.py").write_text(BASELINE_APP, encoding="utf-8")
    (work / "floor_keys.py").write_text(FLOOR_KEYS, encoding="utf-8")
    bundled = ROOT / "decks" / "gov-1-5.md"
    big = work / "deck-500.md"
    generated_deck(big, bundled)

    @dataclass
    class Setup:
        markers: dict[str, list[str]]
        steps: dict[str, list[int]]
        commands: dict[str, str]
        burst: str | None

    env = "PRESENTER_DATA=" + shlex.quote(str(work / "data")) + " "
    setups: dict[str, Setup] = {}
    for label, path in (("bundled", bundled), ("500 slides", big)):
        deck = load_deck(path)
        markers = markers_for(deck)
        slides_json = work / f"{label[:3]}-slides.json"
        slides_json.write_text(json.dumps([s.markdown for s in deck.shown]), encoding="utf-8")
        markers_json = work / f"{label[:3]}-markers.json"
        markers_json.write_text(json.dumps(markers), encoding="utf-8")
        first_slide = work / f"{label[:3]}-first.txt"
        first_slide.write_text(markers[0] + "\n", encoding="utf-8")
        flat = [1] * len(markers)
        setups[label] = Setup(
            markers={"presenter": presenter_markers(deck), "baseline": markers, "floor": markers},
            steps={"presenter": [s.steps for s in deck.shown], "baseline": flat, "floor": flat},
            commands={
                # --new-session: each run starts afresh instead of resuming the killed one.
                "presenter": f"env {env}{presenter} {shlex.quote(str(path))} --new-session",
                "baseline": f"{python} {work / 'baseline.py'} {slides_json}",
                "floor": f"sh -c 'cat {first_slide}; sleep 30'",
            },
            burst="Slide 250 of the generated deck" if label != "bundled" else None,
        )

    # Every figure compared with another is measured taking turns with it: the
    # launches one after the other, the key presses in rounds (each program on
    # each deck in turn), so that a change in the machine's load between two
    # measurements does not show up as a difference between decks or programs.
    launches = measure_launches(
        {
            (label, name): (command, setup.markers[name][0])
            for label, setup in setups.items()
            for name, command in setup.commands.items()
        },
        args.launches,
    )
    results: dict[str, dict[str, Figures]] = {
        label: {name: Figures() for name in setup.commands} for label, setup in setups.items()
    }
    for round_ in range(ROUNDS):
        last = round_ == ROUNDS - 1
        for label, setup in setups.items():
            for name, command in setup.commands.items():
                if name == "floor":
                    command = f"{python} {work / 'floor_keys.py'} {work / label[:3]}-markers.json"
                figures = measure_program(
                    command,
                    setup.markers[name],
                    setup.steps[name],
                    presses=args.presses // ROUNDS,
                    burst_target=setup.burst if last and name != "floor" else None,
                    rss=name != "floor",
                )
                merged = results[label][name]
                merged.samples.extend(figures.samples)
                merged.rss_mib = _peak(merged.rss_mib, figures.rss_mib)
                merged.quit = merged.quit or figures.quit
                if last:
                    merged.burst_ms = figures.burst_ms
                    merged.burst_landed = figures.burst_landed
    for label, programs in results.items():
        for name, figures in programs.items():
            figures.launch_ms = launches[(label, name)]
            if figures.samples:
                figures.next_median_ms = statistics.median(figures.samples)
                figures.next_p95_ms = percentile(figures.samples, 0.95)

    print(f"\npresenting TUI benchmark, tmux {WIDTH}x{HEIGHT}, Python {sys.version.split()[0]}\n")
    header = f"{'deck':<11} {'program':<10} {'launch ms':>10} {'next med':>9} {'next p95':>9} {'RSS MiB':>8} {'burst ms':>9}"
    print(header)
    print("-" * len(header))
    for label, programs in results.items():
        for name, f in programs.items():
            print(
                f"{label:<11} {name:<10} {f.launch_ms:>10.1f} {f.next_median_ms:>9.1f} "
                f"{f.next_p95_ms:>9.1f} {f.rss_mib:>8.1f} {f.burst_ms:>9.1f}"
            )
    # Every verdict is a ratio against a figure measured in this run, or a count;
    # the absolute times above are information (they depend on the machine).
    small, large = results["bundled"], results["500 slides"]
    checks: list[tuple[str, float, str, bool]] = []
    for label, programs in results.items():
        ours, base = programs["presenter"], programs["baseline"]
        ratio = ours.launch_ms / base.launch_ms
        checks.append((f"{label}: first paint vs baseline", ratio, "<= 1.0x", ratio <= 1.0))
        ratio = ours.next_median_ms / base.next_median_ms
        checks.append((f"{label}: next median vs baseline", ratio, "<= 0.5x", ratio <= 0.5))
        ratio = ours.next_p95_ms / base.next_p95_ms
        checks.append((f"{label}: next p95 vs baseline", ratio, "<= 0.5x", ratio <= 0.5))
    for name in ("launch_ms", "next_median_ms", "next_p95_ms"):
        a = getattr(small["presenter"], name)
        b = getattr(large["presenter"], name)
        ratio = b / a
        checks.append((f"500 vs bundled: {name}", ratio, "<= 1.1x", ratio <= 1.1))
    ratio = small["presenter"].rss_mib / small["baseline"].rss_mib
    checks.append(("bundled: peak RSS vs baseline", ratio, "<= 1.25x", ratio <= 1.25))
    ratio = large["presenter"].rss_mib / small["presenter"].rss_mib
    checks.append(("500 vs bundled: peak RSS", ratio, "<= 1.1x", ratio <= 1.1))
    ours = large["presenter"]
    # 249 presses at once against 249 single moves at the same run's median: a
    # presenter that coalesces the presses needs a small fraction of that.
    ratio = ours.burst_ms / (249 * ours.next_median_ms)
    checks.append(("burst vs 249 single moves", ratio, "<= 0.1x", ratio <= 0.1))
    lost = 0 if ours.burst_landed else 1
    checks.append(("burst: landings not on slide 250 (lost/doubled)", lost, "0", lost == 0))
    quits = sum(programs["presenter"].quit for programs in results.values())
    checks.append(("presenter runs that quit on their own", quits, "0", quits == 0))
    checks.append(("burst: presenter ms", ours.burst_ms, "(info)", True))
    checks.append(("burst: baseline ms (10 s cap)", large["baseline"].burst_ms, "(info)", True))
    print()
    failed = 0
    for name, value, target, ok in checks:
        if target == "(info)":
            print(f"  {name:<48} {value:>9.2f}")
            continue
        failed += not ok
        print(f"  {name:<48} {value:>9.2f}  target {target:<10} {verdict(ok)}")
    print(f"\n{'ALL PASS' if not failed else f'{failed} FAILED'}")
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        raise SystemExit(main())
    finally:
        stop()
