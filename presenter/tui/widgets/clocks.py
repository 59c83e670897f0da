"""The console's clocks: time of day, talk time, time on this slide, and pacing.

Everything shown comes from a `Pace` and a wall time handed in by the
console, which reads them from the injectable clock; the panel itself never
looks at the time, so tests can freeze it.
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Label

from presenter.rehearsal.pacing import Pace, describe_delta, format_clock

PHASE_WORDS = {"ready": "ready", "running": "", "paused": "paused"}


class ClockPanel(Vertical):
    """Rows: wall clock, talk time, slide time vs budget, ahead/behind."""

    DEFAULT_CSS = """
    ClockPanel {
        height: auto;
    }
    ClockPanel > Label {
        width: 1fr;
    }
    ClockPanel > #wall {
        text-style: bold;
    }
    ClockPanel > #elapsed.paused, ClockPanel > #elapsed.ready {
        color: $warning;
    }
    ClockPanel > #slide-time.over {
        color: $error;
        text-style: bold;
    }
    ClockPanel > #pace.ahead {
        color: $success;
        text-style: bold;
    }
    ClockPanel > #pace.behind {
        color: $error;
        text-style: bold;
    }
    ClockPanel > #pace.on-time, ClockPanel > #pace.no-budget {
        color: $text-muted;
    }
    """

    def compose(self) -> ComposeResult:
        yield Label(id="wall")
        yield Label(id="elapsed")
        yield Label(id="slide-time")
        yield Label(id="pace")

    def show(self, pace: Pace, wall: datetime) -> None:
        local = wall.astimezone()
        self._set("wall", f"{'Time':<7}{local:%H:%M:%S}")
        phase = PHASE_WORDS[pace.phase]
        elapsed = f"{'Talk':<7}{format_clock(pace.elapsed_s)}"
        total = f" of {format_clock(pace.total_budget_s)}" if pace.total_budget_s else ""
        self._set("elapsed", elapsed + total + (f"  ({phase})" if phase else ""))
        self._mark("elapsed", pace.phase, ("ready", "running", "paused"))
        slide = f"{'Slide':<7}{format_clock(pace.slide_s)}"
        if pace.slide_budget_s is not None:
            slide += f" / {format_clock(pace.slide_budget_s)}"
        self._set("slide-time", slide)
        self.query_one("#slide-time", Label).set_class(pace.slide_over, "over")
        delta = pace.delta_s
        if pace.phase == "ready":
            # Nothing to compare until the talk clock runs.
            self._set("pace", "Pace")
            state = "no-budget"
        elif delta is None:
            self._set("pace", f"{'Pace':<7}no budgets")
            state = "no-budget"
        else:
            words = describe_delta(delta)
            self._set("pace", f"{'Pace':<7}{words}")
            state = "on-time" if words == "on time" else words.split()[0]
        self._mark("pace", state, ("ahead", "behind", "on-time", "no-budget"))

    def _set(self, label_id: str, text: str) -> None:
        self.query_one(f"#{label_id}", Label).update(Text(text))

    def _mark(self, label_id: str, on: str, choices: tuple[str, ...]) -> None:
        label = self.query_one(f"#{label_id}", Label)
        for name in choices:
            label.set_class(name == on, name)
