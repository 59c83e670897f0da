"""`--format md`: the deck's visible text and notes, with results as tables, for minutes.

Slides are separated by thematic breaks and keep their own Markdown (the last
step; skipped slides left out), less the raw HTML the terminal leaves out too:
HTML blocks are dropped and inline tags removed, their text kept. Notes follow their slide as a block quote.
Each poll slide is followed by a results table, one column per session. Text
from the room and the front matter is escaped, so it reads literally.
"""

from __future__ import annotations

from presenter.deck.markdown import make_parser
from presenter.deck.model import Deck, Poll
from presenter.export.options import ExportOptions
from presenter.export.outcomes import (
    NOT_REVEALED,
    HandoutResults,
    PollOutcome,
    counted,
    front_page,
    shown_polls,
    verdict,
    voters,
)
from presenter.exporting import md_text


def _outside_code(line: str, text: str, start: int) -> int:
    """Where `text` occurs in `line` from `start`, not inside a code span; -1 if nowhere."""
    at = line.find(text, start)
    while at >= 0 and line.count("`", 0, at) % 2:
        at = line.find(text, at + 1)
    return at


def _remove_tags(lines: list[str], span: list[int], tags: list[str]) -> None:
    """Take each inline tag out of the lines `span` covers, in the order they occur."""
    row, column = span[0], 0
    for tag in tags:
        for line in range(row, span[1]):
            at = _outside_code(lines[line], tag, column if line == row else 0)
            if at >= 0:
                lines[line] = lines[line][:at] + lines[line][at + len(tag) :]
                row, column = line, at
                break


def visible_markdown(markdown: str) -> str:
    """The Markdown without raw HTML: blocks left out, inline tags removed (text kept)."""
    tokens = make_parser().parse(markdown)
    lines = markdown.split("\n")
    dropped: set[int] = set()
    for token in tokens:
        if token.type == "html_block" and token.map:
            dropped.update(range(*token.map))
        elif token.type == "inline" and token.map and token.children:
            tags = [child.content for child in token.children if child.type == "html_inline"]
            if tags:
                _remove_tags(lines, token.map, tags)
    return "\n".join(line for number, line in enumerate(lines) if number not in dropped)


def _quote(text: str) -> str:
    return "\n".join(f"> {line}".rstrip() for line in text.strip().splitlines())


def _cell(outcome: PollOutcome | None, option_id: str) -> str:
    if outcome is None or not outcome.ran:
        return "–"
    if not outcome.visible:
        return NOT_REVEALED
    option = outcome.poll.option(option_id)
    assert option is not None
    return f"{counted(outcome.value(option), outcome.poll)} ({outcome.share(option):.0%})"


def results_table(poll: Poll, outcomes: tuple[PollOutcome | None, ...]) -> list[str]:
    """The poll's results: one row per option, one column per session."""
    heads = [md_text(o.session.heading) if o else "–" for o in outcomes]
    lines = [
        f"**Results: {md_text(poll.question)}**",
        "",
        "| Option | " + " | ".join(heads) + " |",
        "| --- |" + " ---: |" * len(heads),
    ]
    for option in poll.options:
        cells = [_cell(outcome, option.id) for outcome in outcomes]
        lines.append(f"| {md_text(option.label)} | " + " | ".join(cells) + " |")
    states = [(o.state_text if o.ran else "not opened") if o else "–" for o in outcomes]
    lines.append("| *State* | " + " | ".join(states) + " |")
    counts = [voters(o.tally.voters) if o and o.ran else "–" for o in outcomes]
    lines.append("| *Voters* | " + " | ".join(counts) + " |")
    lines.append("")
    for outcome in outcomes:
        if outcome is None or not outcome.suggestions:
            continue
        lines += [f"Ideas from the room ({md_text(outcome.session.name)}):", ""]
        for item in outcome.suggestions:
            tag = "" if item["status"] == "approved" else f"({item['status']}) "
            lines.append(f"- {tag}{md_text(item['text'])}")
        lines.append("")
    return lines


def _room(deck: Deck, results: HandoutResults) -> list[str]:
    """The last section: each poll's winner and margin per session, and the approved ideas."""
    lines = ["## What the room said", ""]
    for poll in shown_polls(deck):
        outcomes = results.present(poll)
        if not outcomes:
            continue
        lines += [f"### {md_text(poll.question)}", ""]
        for outcome in outcomes:
            said = verdict(outcome, lambda label: f"**{md_text(label)}**")
            lines.append(f"- {md_text(outcome.session.name)}: {said}")
        ideas = [text for outcome in outcomes for text in outcome.approved()]
        if ideas:
            lines += ["", "Approved ideas:", ""] + [f"- {md_text(text)}" for text in ideas]
        lines.append("")
    return lines


def render_markdown(deck: Deck, results: HandoutResults | None, options: ExportOptions) -> str:
    lines = [f"# {md_text(deck.title)}", ""]
    lines += [f"{md_text(text)}  " for _, text in front_page(deck.meta)]
    lines += ["", "---", ""]
    for slide in deck.shown:
        lines += [visible_markdown(slide.markdown).strip(), ""]
        if options.notes and slide.notes.strip():
            lines += ["> **Notes**", ">", _quote(visible_markdown(slide.notes)), ""]
        if slide.poll is not None and results is not None:
            outcomes = results.outcomes(slide.poll)
            if outcomes:
                lines += results_table(slide.poll, outcomes)
        lines += ["---", ""]
    if results is not None and results.sessions and shown_polls(deck):
        lines += _room(deck, results)
    while lines and lines[-1] in ("", "---"):
        lines.pop()
    return "\n".join(lines) + "\n"
