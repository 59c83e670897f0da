"""`ReportScreen`: what the rehearsal just recorded, slide by slide, against the budgets.

Shows the total against the deck's duration, a table of every shown slide
(time, budget, difference, status; over budget in red, under in blue, on time
in green), the slides that cost the most time over budget, and the trend of
totals over earlier rehearsals. The numbers come from `build_report`, the
same as `presenter rehearsals`.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Label, Static

from presenter.rehearsal.pacing import format_clock, format_delta
from presenter.rehearsal.report import RehearsalReport, SlideReport
from presenter.tui.render.inline import clean

STATUS_STYLES = {
    "over": "bold #ff6b6b",
    "under": "#6cb6ff",
    "on time": "#7ee787",
    "no budget": "#8a8f98",
    "not shown": "#8a8f98",
}
TREND_BAR = 24


def _time(seconds: float | None) -> str:
    return "—" if seconds is None else format_clock(seconds)


def _delta(seconds: float | None) -> str:
    return "" if seconds is None else format_delta(seconds)


def summary_line(report: RehearsalReport) -> str:
    """`Total 14:32 of 15:00 (-00:28, on time) · previous run 15:10 (-00:38)`."""
    text = f"Total {format_clock(report.total_s)}"
    if report.budget_s is not None:
        text += f" of {format_clock(report.budget_s)} ({_delta(report.delta_s)}, {report.status})"
    if report.previous_total_s is not None:
        text += f"  ·  previous run {format_clock(report.previous_total_s)}"
        text += f" ({_delta(report.change_s)})"
    return text


def slide_row(row: SlideReport) -> tuple[Text, ...]:
    style = STATUS_STYLES.get(row.status, "")
    return (
        Text(str(row.number), justify="right"),
        Text(clean(row.title).replace("\n", " ")),
        Text(_time(row.seconds), justify="right"),
        Text(_time(row.budget_s), justify="right"),
        Text(_delta(row.delta_s), style=style, justify="right"),
        Text(row.status, style=style),
        Text(_time(row.earlier_median_s), justify="right"),
    )


def trend_lines(report: RehearsalReport) -> Text:
    """One line per run (oldest first, this one last) with a bar scaled to the longest."""
    totals = report.trend
    longest = max(totals) if totals else 0.0
    text = Text()
    runs = [f"run {run.id}" for run in report.earlier] + ["this run"]
    for name, total in zip(runs, totals, strict=True):
        width = round(TREND_BAR * total / longest) if longest else 0
        over = report.budget_s is not None and total > report.budget_s
        text.append(f"{name:<9}{format_clock(total):>8} ")
        text.append("█" * width, style="#ff6b6b" if over else "#7ee787")
        text.append("\n")
    if len(totals) == 1:
        text.append("No earlier rehearsals of this deck yet.", style="#8a8f98")
    return text


def most_over_lines(report: RehearsalReport) -> Text:
    worst = report.most_over()
    if not worst:
        return Text("No slide went over its budget.", style="#7ee787")
    text = Text()
    for row in worst:
        text.append(f"{row.number:>3}  ")
        text.append(f"{_delta(row.delta_s)}", style=STATUS_STYLES["over"])
        text.append(f"  {clean(row.title).replace(chr(10), ' ')}\n")
    return text


class ReportScreen(ModalScreen[None]):
    """The end-of-rehearsal report; q, Escape or Enter quits (slide keys no longer apply)."""

    CSS_PATH = "report.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape,enter", "app.quit", "Quit", priority=True),
        Binding("j", "scroll(1)", "Scroll down", show=False),
        Binding("k", "scroll(-1)", "Scroll up", show=False),
    ]

    def __init__(self, report: RehearsalReport, problem: str | None = None) -> None:
        super().__init__()
        self.report = report
        self.problem = problem

    def compose(self) -> ComposeResult:
        report = self.report
        title = f"Rehearsal report · {clean(report.title)}"
        yield Label(Content(title), id="report-title")
        yield Label(
            Content(summary_line(report)),
            id="report-summary",
            classes=report.status.replace(" ", "-"),
        )
        if self.problem:
            yield Label(Content(f"Not stored: {self.problem}"), id="report-problem")
        with Horizontal(id="report-body"):
            yield DataTable(id="report-slides", cursor_type="row", zebra_stripes=True)
            with Vertical(id="report-side"):
                yield Static(most_over_lines(report), id="report-over")
                yield Static(trend_lines(report), id="report-trend")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.border_title = "Per slide"
        table.add_columns("#", "Slide", "Time", "Budget", "±", "Status", "Median before")
        for row in self.report.slides:
            table.add_row(*slide_row(row), key=str(row.number))
        self.query_one("#report-over").border_title = "Most over budget"
        self.query_one("#report-trend").border_title = "Trend (totals)"
        table.focus()

    def action_scroll(self, rows: int) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=max(0, table.cursor_row + rows))
