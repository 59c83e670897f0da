"""The handout as one self-contained HTML document.

Everything is inline: the stylesheet, the theme's colours, images as data URIs,
charts as SVG. There is no script, and a Content-Security-Policy forbids any
script or request, should anything slip through. Every piece of text that came
from outside (deck text, front matter, labels, suggestions) is escaped here or
by markdown-it's renderer.

Order: a first page from the front matter; each shown slide (its last step, as
it ends on screen; skipped slides left out), a poll slide followed by its
results; a last page, "What the room said".
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from importlib.resources import files

from presenter import __version__
from presenter.deck.model import Deck, Poll, Slide
from presenter.export.charts import bar_chart
from presenter.export.options import ExportOptions
from presenter.export.outcomes import (
    NOT_REVEALED,
    HandoutResults,
    PollOutcome,
    front_page,
    shown_polls,
    verdict,
    voters,
)
from presenter.export.slidehtml import ImageFolder, markdown_html
from presenter.export.theme import ChartColours, chart_colours, theme_css, theme_name
from presenter.exporting import one_line

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
LINES_TO_WRITE_ON = 8


def _css(name: str) -> str:
    return (files("presenter.export") / "css" / f"{name}.css").read_text(encoding="utf-8")


def _text(value: object) -> str:
    return escape(one_line(str(value)))


def _density(markdown: str) -> str:
    """A smaller type size for slides with much on them, so they stay within their box."""
    size = len(markdown) + 40 * markdown.count("\n")
    if size > 1900:
        return " denser"
    if size > 1200:
        return " dense"
    return ""


class HandoutDocument:
    """Builds the HTML of one export."""

    def __init__(self, deck: Deck, results: HandoutResults | None, options: ExportOptions) -> None:
        self.deck = deck
        self.results = results
        self.options = options
        self.theme = theme_name(options.theme or deck.meta.theme)
        self.colours: ChartColours = chart_colours(self.theme)
        self.images = ImageFolder(deck.path.parent if deck.path else None)

    def render(self) -> str:
        layout = self.options.layout
        head = (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
            f'<meta name="generator" content="presenter {__version__}">\n'
            f"<title>{_text(self.deck.title)}</title>\n"
            f"<style>\n{_css('common')}{_css(layout)}{theme_css(self.theme)}</style>\n"
            "</head>\n"
        )
        body = "\n".join(self._sections())
        return (
            f'{head}<body class="layout-{layout} theme-{self.theme}">\n{body}\n</body>\n</html>\n'
        )

    def _sections(self) -> Iterator[str]:
        yield self._cover()
        for number, slide in enumerate(self.deck.shown, start=1):
            yield self._slide_section(slide, number)
            if slide.poll is not None and self.results is not None:
                outcomes = self.results.outcomes(slide.poll)
                if outcomes:
                    yield self._results(slide.poll, outcomes)
        if self.results is not None and self.results.sessions and shown_polls(self.deck):
            yield self._room(self.results)

    # -- pages --------------------------------------------------------------

    def _sheet(self) -> str:
        return " sheet" if self.options.layout == "slides" else ""

    def _cover(self) -> str:
        lines = [f"<h1>{_text(self.deck.title)}</h1>"]
        lines += [
            f'<p class="{kind}">{escape(text)}</p>' for kind, text in front_page(self.deck.meta)
        ]
        lines.append(f'<p class="about muted">{escape(self._about())}</p>')
        body = "\n".join(lines)
        return f'<section class="cover themed{self._sheet()}">\n{body}\n</section>'

    def _about(self) -> str:
        count = len(self.deck.shown)
        slides = f"{count} slide" if count == 1 else f"{count} slides"
        if self.results is None:
            return f"{slides}, without results."
        if not self.results.sessions:
            return f"{slides}. No talk of this deck is recorded yet, so there are no results."
        names = "; ".join(session.heading for session in self.results.sessions)
        return f"{slides}, with what the room said: {one_line(names)}."

    def _slide_section(self, slide: Slide, number: int) -> str:
        kind = " title" if slide.kind == "title" else ""
        place = " top" if str(slide.meta.get("layout", "")).lower() == "top" else ""
        markdown = slide.markdown
        article = (
            f'<article class="slide themed{kind}{place}" id="slide-{number}" '
            f'data-slide="{number}" data-title="{_text(slide.title)}">'
            f'<div class="box"><div class="body{_density(markdown)}">\n'
            f"{markdown_html(markdown, self.images)}</div></div>"
            f'<span class="number">{number}</span></article>'
        )
        notes = slide.notes if self.options.notes else ""
        if self.options.layout == "handout":
            return f'<section class="row"><div class="frame">{article}</div>{self._notes(notes)}</section>'
        page = f'<section class="sheet slide-page">{article}</section>'
        if notes:
            page += (
                f'\n<section class="sheet notes-page notes" data-notes="{number}">'
                f'<p class="label">Notes · slide {number}: {_text(slide.title)}</p>'
                f"{markdown_html(notes, self.images)}</section>"
            )
        return page

    def _notes(self, notes: str) -> str:
        if notes:
            return (
                '<aside class="notes"><p class="label">Notes</p>'
                f"{markdown_html(notes, self.images)}</aside>"
            )
        lines = "<span></span>" * LINES_TO_WRITE_ON
        return f'<aside class="notes lines" aria-label="space for notes">{lines}</aside>'

    # -- results --------------------------------------------------------------

    def _results(self, poll: Poll, outcomes: tuple[PollOutcome | None, ...]) -> str:
        present = [outcome for outcome in outcomes if outcome is not None]
        columns = "\n".join(self._session_results(outcome) for outcome in present)
        return (
            f'<section class="results themed{self._sheet()}" data-poll="{escape(poll.id)}">\n'
            f"<h2>Results: {_text(poll.question)}</h2>\n"
            f'<div class="columns" style="{self._columns(len(present))}">\n{columns}\n</div>\n'
            "</section>"
        )

    @staticmethod
    def _columns(sessions: int) -> str:
        """Sessions side by side: up to three columns, further sessions on the next rows."""
        return f"grid-template-columns: repeat({max(1, min(sessions, 3))}, 1fr)"

    def _session_results(self, outcome: PollOutcome) -> str:
        session = outcome.session
        parts = [
            f'<div class="session" data-session="{escape(str(session.id))}" data-state="{outcome.state}">',
            f"<h3>{_text(session.heading)}</h3>",
        ]
        if not outcome.ran:
            parts.append('<p class="withheld">Not opened in this session.</p>')
        else:
            parts.append(
                f'<p class="facts muted">{escape(outcome.state_text)} · '
                f'<span class="voters">{voters(outcome.tally.voters)}</span></p>'
            )
            if outcome.visible:
                parts.append(bar_chart(outcome, self.colours))
            else:
                parts.append(f'<p class="withheld not-revealed">{NOT_REVEALED.capitalize()}.</p>')
        if outcome.suggestions:
            parts.append(self._suggestions(outcome))
        parts.append("</div>")
        return "\n".join(parts)

    def _suggestions(self, outcome: PollOutcome) -> str:
        items = []
        for item in outcome.suggestions:
            status = item["status"]
            tag = "" if status == "approved" else f'<span class="status">{escape(status)}</span> '
            items.append(
                f'<li class="suggestion" data-status="{escape(status)}">{tag}'
                f'<span class="text">{escape(item["text"])}</span></li>'
            )
        return (
            '<p class="facts">Ideas from the room:</p>\n<ul class="suggestions">'
            + "".join(items)
            + "</ul>"
        )

    def _room(self, results: HandoutResults) -> str:
        blocks = []
        for poll in shown_polls(self.deck):
            outcomes = results.present(poll)
            if not outcomes:
                continue
            rows = "".join(f"<li>{self._said(outcome)}</li>" for outcome in outcomes)
            ideas = [text for outcome in outcomes for text in outcome.approved()]
            idea_list = (
                '<p class="facts">Approved ideas:</p><ul class="ideas">'
                + "".join(f'<li class="idea">{escape(text)}</li>' for text in ideas)
                + "</ul>"
                if ideas
                else ""
            )
            blocks.append(
                f'<div class="poll" data-poll="{escape(poll.id)}">'
                f"<h2>{_text(poll.question)}</h2><ul>{rows}</ul>{idea_list}</div>"
            )
        body = "\n".join(blocks)
        return f'<section class="room themed{self._sheet()}">\n<h1>What the room said</h1>\n{body}\n</section>'

    def _said(self, outcome: PollOutcome) -> str:
        said = verdict(outcome, lambda label: f'<span class="winner">{_text(label)}</span>')
        return f'<span class="session">{_text(outcome.session.name)}:</span> {said}'


def render_html(deck: Deck, results: HandoutResults | None, options: ExportOptions) -> str:
    """The whole handout as one HTML string."""
    return HandoutDocument(deck, results, options).render()
