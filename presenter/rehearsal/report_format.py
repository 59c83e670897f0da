"""Renderers for rehearsal timings: the `presenter rehearsals` history and a run's report.

History: aligned text, CSV (one row per run and slide, then one per deck
slide with its median and last time) or JSON (the object of
`report.collect_history`). A run's report (the screen after a rehearsal) can
be exported as JSON, CSV or Markdown with `report_json`, `report_csv`,
`report_markdown`.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from presenter.deck.model import Deck
from presenter.exporting import clip, md_text, mmss, one_line, plain, short_time
from presenter.rehearsal.report import RehearsalReport, slide_status

TITLE_WIDTH = 40


def render_history(data: dict[str, Any], deck: Deck, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return history_csv(data)
    return history_table(data, deck)


def _signed(seconds: float | None) -> str:
    if seconds is None:
        return ""
    return ("+" if seconds > 0 else "") + mmss(seconds)


def history_table(data: dict[str, Any], deck: Deck) -> str:
    duration = data.get("duration_s")
    lines = [f"Rehearsals and talks of {one_line(deck.title)}  ({plain(data['deck'])})", ""]
    header = f"  {'run':>4}  {'kind':<9}  {'started':<20}  {'total':>8}"
    if duration is not None:
        header += f"  {'vs ' + mmss(duration):>9}"
    lines.append(header)
    for run in data["runs"]:
        row = f"  {run['id']:>4}  {run['kind']:<9}  {short_time(run['started']):<20}  {mmss(run['total_s']):>8}"
        if duration is not None:
            row += f"  {_signed(run['total_s'] - duration):>9}"
        if run.get("label"):
            row += f"  {one_line(run['label'])}"
        lines.append(row)
    lines += [
        "",
        f"  {'#':>3}  {'slide':<{TITLE_WIDTH}}  {'budget':>7}  {'median':>7}  {'last':>7}",
    ]
    for slide in data["slides"]:
        title = clip(one_line(slide["title"]), TITLE_WIDTH)
        last = slide["last_s"]
        status = slide_status(last, slide["budget_s"])
        flag = f"  {status}" if status in ("over", "under") else ""
        lines.append(
            f"  {slide['number']:>3}  {title:<{TITLE_WIDTH}}  {mmss(slide['budget_s']):>7}  "
            f"{mmss(slide['median_s']):>7}  {mmss(last):>7}{flag}"
        )
    return "\n".join(lines) + "\n"


HISTORY_COLUMNS = (
    "record",
    "run_id",
    "kind",
    "started",
    "run_total_s",
    "index",
    "title",
    "budget_s",
    "seconds",
    "median_s",
    "last_s",
)


def _cell(value: Any) -> Any:
    return "" if value is None else value


def history_csv(data: dict[str, Any]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HISTORY_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for run in data["runs"]:
        for slide in run["slides"]:
            writer.writerow(
                {
                    "record": "run",
                    "run_id": run["id"],
                    "kind": run["kind"],
                    "started": run["started"],
                    "run_total_s": run["total_s"],
                    "index": slide["index"],
                    "title": slide["title"],
                    "budget_s": _cell(slide["budget_s"]),
                    "seconds": slide["seconds"],
                }
            )
    for slide in data["slides"]:
        writer.writerow(
            {
                "record": "slide",
                "index": slide["index"],
                "title": slide["title"],
                "budget_s": _cell(slide["budget_s"]),
                "median_s": _cell(slide["median_s"]),
                "last_s": _cell(slide["last_s"]),
            }
        )
    return buffer.getvalue()


# -- one run's report ------------------------------------------------------------


def report_dict(report: RehearsalReport) -> dict[str, Any]:
    return {
        "deck": report.deck_path,
        "session": report.session_id,
        "kind": report.kind,
        "started": report.started,
        "total_s": report.total_s,
        "budget_s": report.budget_s,
        "delta_s": report.delta_s,
        "slides": [
            {
                "index": s.index,
                "number": s.number,
                "title": s.title,
                "budget_s": s.budget_s,
                "seconds": s.seconds,
                "delta_s": s.delta_s,
                "status": s.status,
                "earlier_median_s": s.earlier_median_s,
            }
            for s in report.slides
        ],
        "most_over": [s.number for s in report.most_over()],
        "earlier": [
            {"id": r.id, "kind": r.kind, "started": r.started, "total_s": r.total_s}
            for r in report.earlier
        ],
    }


def report_json(report: RehearsalReport) -> str:
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"


def report_csv(report: RehearsalReport) -> str:
    columns = (
        "number",
        "index",
        "title",
        "budget_s",
        "seconds",
        "delta_s",
        "status",
        "earlier_median_s",
    )
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in report_dict(report)["slides"]:
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return buffer.getvalue()


def report_markdown(report: RehearsalReport) -> str:
    lines = [f"## Rehearsal of {md_text(report.title)}", ""]
    total = f"Total {mmss(report.total_s)}"
    if report.budget_s is not None:
        total += f" of {mmss(report.budget_s)} ({_signed(report.delta_s)})"
    lines += [
        total,
        "",
        "| # | Slide | Budget | Actual | Over/under |",
        "| ---: | --- | ---: | ---: | --- |",
    ]
    for s in report.slides:
        delta = _signed(s.delta_s)
        verdict = f"{s.status} {delta}".strip() if s.status in ("over", "under") else s.status
        lines.append(
            f"| {s.number} | {md_text(s.title)} | {mmss(s.budget_s)} | {mmss(s.seconds)} | {verdict} |"
        )
    worst = report.most_over()
    if worst:
        lines += [
            "",
            "Most over budget: "
            + ", ".join(f"{md_text(s.title)} ({_signed(s.delta_s)})" for s in worst),
        ]
    if report.earlier:
        trend = " → ".join(mmss(total) for total in report.trend)
        lines += ["", f"Trend over the last {len(report.trend)} runs: {trend}"]
    return "\n".join(lines) + "\n"
