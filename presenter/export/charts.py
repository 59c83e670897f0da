"""Results as inline SVG bar charts: one bar per option, with its count and share.

Labels and numbers are SVG text, so they print, select and copy as text (and
`pdftotext` reads them). Everything from outside is escaped; colours are the
theme's (`theme.chart_colours`), written as attributes so every renderer,
WeasyPrint included, draws them alike.
"""

from __future__ import annotations

from html import escape

from presenter.export.outcomes import PollOutcome, counted, voters
from presenter.export.theme import ChartColours
from presenter.exporting import clip, one_line

WIDTH = 640
ROW = 44
TRACK = 440
LABEL_CHARS = 70
FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"


def bar_chart(outcome: PollOutcome, colours: ChartColours) -> str:
    """An <svg> chart of the outcome (the caller decides whether it may be shown)."""
    poll = outcome.poll
    leaders = {option.id for option in outcome.winners} if outcome.state == "closed" else set()
    height = ROW * len(poll.options) + 4
    summary = f"{one_line(poll.question)}: {voters(outcome.tally.voters)}"
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" font-family="{FONT}" '
        f'aria-label="{escape(summary)}">'
    ]
    for row, option in enumerate(poll.options):
        top = row * ROW
        share = outcome.share(option)
        fill = colours.lead if option.id in leaders else colours.bar
        label = escape(clip(one_line(option.label), LABEL_CHARS))
        value = f"{counted(outcome.value(option), poll)} · {share:.0%}"
        parts.append(
            f'<g class="option" data-option="{escape(option.id)}" '
            f'data-value="{outcome.value(option):g}">'
            f'<text x="0" y="{top + 15}" font-size="15" fill="{colours.ink}">{label}</text>'
            f'<rect x="0" y="{top + 22}" width="{TRACK}" height="16" fill="{colours.track}" '
            f'fill-opacity="0.35"/>'
            f'<rect x="0" y="{top + 22}" width="{TRACK * share:.1f}" height="16" fill="{fill}"/>'
            f'<text x="{TRACK + 10}" y="{top + 35}" font-size="14" fill="{colours.ink}">'
            f"{escape(value)}</text></g>"
        )
    parts.append("</svg>")
    return "".join(parts)
