"""Renderers for `presenter results`: aligned text, CSV, JSON and a Markdown results slide.

All take the results object built by `results.collect_results` (the JSON
shape), so every format says the same thing. Text from outside (option labels,
suggestions) is stripped of control characters for the terminal and escaped
for Markdown.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from presenter.deck.model import Deck
from presenter.exporting import clip, md_text, one_line, plain, short_time
from presenter.polls.figures import count_text, voters_text
from presenter.polls.tally import leading_options, option_share

BAR_WIDTH = 20
LABEL_WIDTH = 44


def render(data: dict[str, Any], deck: Deck, fmt: str, *, all_sessions: bool = False) -> str:
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return render_csv(data)
    if fmt == "md":
        return render_md(data, deck, side_by_side=all_sessions)
    return render_table(data, deck, side_by_side=all_sessions)


def _share(poll: dict[str, Any], votes: float) -> float:
    points = sum(o["votes"] for o in poll["options"])
    return option_share(poll["kind"], votes, voters=poll["voters"], points=points)


def _measure(kind: str, value: float) -> str:
    if kind == "rank":
        return "point" if value == 1 else "points"
    return "vote" if value == 1 else "votes"


def _session_title(session: dict[str, Any], own_deck: str) -> str:
    parts = [f"Session {session['id']}"]
    if session.get("label"):
        parts.append(f'"{one_line(session["label"])}"')
    if session.get("kind") and session["kind"] != "talk":
        parts.append(f"({session['kind']})")
    if session.get("deck") and session["deck"] != own_deck:
        parts.append(f"[{Path(session['deck']).name}]")
    span = short_time(session["started"])
    span += f" to {short_time(session['ended'])}" if session["ended"] else " (not ended)"
    return " ".join(parts) + " · " + span


def _source_note(poll: dict[str, Any]) -> str:
    sources = poll.get("voters_by_source") or {}
    if len(sources) < 2:
        return ""
    return " (" + ", ".join(f"{name} {count}" for name, count in sorted(sources.items())) + ")"


def _polls_by_id(data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Each poll id once, in first-seen order, with its first description."""
    seen: dict[str, dict[str, Any]] = {}
    for session in data["sessions"]:
        for poll in session["polls"]:
            seen.setdefault(poll["id"], poll)
    return list(seen.items())


# -- table -------------------------------------------------------------------


def render_table(data: dict[str, Any], deck: Deck, *, side_by_side: bool) -> str:
    lines = [f"Results: {one_line(deck.title)}  ({plain(data['deck'])})", ""]
    if side_by_side and len(data["sessions"]) > 1:
        lines += _table_side_by_side(data)
    else:
        for session in data["sessions"]:
            lines += _table_session(session, data["deck"])
    return "\n".join(lines).rstrip() + "\n"


def _table_session(session: dict[str, Any], own_deck: str) -> list[str]:
    lines = [_session_title(session, own_deck), ""]
    if not session["polls"]:
        lines += ["  This deck has no polls.", ""]
    for poll in session["polls"]:
        lines.append(f"{one_line(poll['question'])}")
        lines.append(
            f"  {poll['id']} · {poll['kind']} · {poll['state']} · "
            f"{voters_text(poll['voters'])}{_source_note(poll)}"
        )
        width = max([len(clip(one_line(o["label"]), LABEL_WIDTH)) for o in poll["options"]] + [6])
        for option in poll["options"]:
            share = _share(poll, option["votes"])
            bar = "█" * round(share * BAR_WIDTH)
            label = clip(one_line(option["label"]), LABEL_WIDTH)
            measure = _measure(poll["kind"], option["votes"])
            lines.append(
                f"  {label:<{width}}  {count_text(option['votes']):>5} {measure:<6} {share:>4.0%}  {bar}"
            )
            if "ranks" in option:
                places = " ".join(f"{n}" for n in option["ranks"])
                lines.append(f"  {'':<{width}}  ranked 1st..last: {places}")
        if poll["opened_at"]:
            closed = (
                f"closed {short_time(poll['closed_at'])}" if poll["closed_at"] else "still open"
            )
            lines.append(f"  opened {short_time(poll['opened_at'])}, {closed}")
        excluded = poll.get("excluded_ballots") or []
        if excluded:
            lines.append(f"  Excluded from the count: {len(excluded)} ballots")
            for reason in sorted({item["reason"] for item in excluded}):
                lines.append(f"    {one_line(reason) or '(no reason given)'}")
        if poll["suggestions"]:
            lines.append("  Suggestions:")
            for item in poll["suggestions"]:
                lines.append(f"    [{item['status']}] {one_line(item['text'])}")
        lines.append("")
    return lines


def _comparison(
    sessions: list[dict[str, Any]], poll_id: str, options: list[dict[str, Any]], *, missing: str
) -> tuple[list[tuple[dict[str, Any], list[str]]], list[str]]:
    """Per option, its votes in each session (`missing` where a session did not
    run the poll or offer the option), and each session's voters."""
    polls = [next((p for p in s["polls"] if p["id"] == poll_id), None) for s in sessions]
    rows = []
    for option in options:
        cells = []
        for poll in polls:
            match = (
                next((o for o in poll["options"] if o["id"] == option["id"]), None)
                if poll
                else None
            )
            cells.append(count_text(match["votes"]) if match else missing)
        rows.append((option, cells))
    return rows, [str(p["voters"]) if p else missing for p in polls]


def _table_side_by_side(data: dict[str, Any]) -> list[str]:
    sessions = data["sessions"]
    lines = [f"  #{s['id']}: {_session_title(s, data['deck'])}" for s in sessions]
    lines.append("")
    heads = [f"#{s['id']}" for s in sessions]
    for poll_id, first in _polls_by_id(data):
        lines.append(f"{one_line(first['question'])}  ({poll_id}, {first['kind']})")
        width = max([len(clip(one_line(o["label"]), LABEL_WIDTH)) for o in first["options"]] + [6])
        lines.append("  " + " " * width + "".join(f"  {h:>8}" for h in heads))
        rows, voters = _comparison(sessions, poll_id, first["options"], missing="-")
        for option, cells in rows:
            label = clip(one_line(option["label"]), LABEL_WIDTH)
            lines.append(f"  {label:<{width}}" + "".join(f"  {c:>8}" for c in cells))
        lines.append(f"  {'voters':<{width}}" + "".join(f"  {c:>8}" for c in voters))
        lines.append("")
    return lines


# -- csv ---------------------------------------------------------------------

CSV_COLUMNS = (
    "session_id",
    "session_label",
    "session_kind",
    "session_started",
    "session_ended",
    "deck",
    "poll_id",
    "question",
    "kind",
    "state",
    "voters",
    "record",
    "option_id",
    "option_label",
    "votes",
    "keyboard",
    "phone",
    "ranks",
    "text",
    "status",
)


def spreadsheet_safe(text: str) -> str:
    """Room text that a spreadsheet will not run as a formula (a leading ' is added)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def render_csv(data: dict[str, Any]) -> str:
    """One row per option (record "option") and per suggestion (record "suggestion").

    Suggestion text comes from the room, so one that starts like a spreadsheet
    formula gets a leading apostrophe (the usual guard against CSV injection).
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for session in data["sessions"]:
        for poll in session["polls"]:
            base = {
                "session_id": session["id"],
                "session_label": session["label"] or "",
                "session_kind": session.get("kind", "talk"),
                "session_started": session["started"],
                "session_ended": session["ended"] or "",
                "deck": session.get("deck", data["deck"]),
                "poll_id": poll["id"],
                "question": poll["question"],
                "kind": poll["kind"],
                "state": poll["state"],
                "voters": poll["voters"],
            }
            for option in poll["options"]:
                by_source = option.get("by_source", {})
                writer.writerow(
                    base
                    | {
                        "record": "option",
                        "option_id": option["id"],
                        "option_label": option["label"],
                        "votes": count_text(option["votes"]),
                        "keyboard": count_text(by_source.get("keyboard", 0)),
                        "phone": count_text(by_source.get("phone", 0)),
                        "ranks": " ".join(str(n) for n in option.get("ranks", ())),
                    }
                )
            for item in poll["suggestions"]:
                writer.writerow(
                    base
                    | {
                        "record": "suggestion",
                        "text": spreadsheet_safe(item["text"]),
                        "status": item["status"],
                    }
                )
    return buffer.getvalue()


# -- markdown ------------------------------------------------------------------


def render_md(data: dict[str, Any], deck: Deck, *, side_by_side: bool) -> str:
    """A results slide: a heading, then a table per poll (paste it into a deck)."""
    lines = [f"## Results: {md_text(deck.title)}", ""]
    sessions = data["sessions"]
    if side_by_side and len(sessions) > 1:
        for poll_id, first in _polls_by_id(data):
            lines += [f"### {md_text(first['question'])}", ""]
            heads = [_md_session_name(s, data["deck"]) for s in sessions]
            lines.append("| Option | " + " | ".join(heads) + " |")
            lines.append("| --- |" + " ---: |" * len(heads))
            rows, voters = _comparison(sessions, poll_id, first["options"], missing="–")
            for option, cells in rows:
                lines.append(f"| {md_text(option['label'])} | " + " | ".join(cells) + " |")
            lines.append("| *Voters* | " + " | ".join(voters) + " |")
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"
    for session in sessions:
        for poll in session["polls"]:
            measure = "Points" if poll["kind"] == "rank" else "Votes"
            lines += [f"### {md_text(poll['question'])}", ""]
            lines.append(f"| Option | {measure} | Share |")
            lines.append("| --- | ---: | ---: |")
            leaders = leading_options({o["id"]: o["votes"] for o in poll["options"]})
            for option in poll["options"]:
                label = md_text(option["label"])
                if option["id"] in leaders and poll["state"] == "closed":
                    label = f"**{label}**"
                share = _share(poll, option["votes"])
                lines.append(f"| {label} | {count_text(option['votes'])} | {share:.0%} |")
            lines.append("")
            lines.append(
                f"*{voters_text(poll['voters'])} · {_md_session_name(session, data['deck'])}*"
            )
            lines.append("")
            if poll["suggestions"]:
                lines.append("Ideas from the room:")
                lines.append("")
                lines += [f"- {md_text(item['text'])}" for item in poll["suggestions"]]
                lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _md_session_name(session: dict[str, Any], own_deck: str) -> str:
    name = md_text(session["label"]) if session.get("label") else f"session {session['id']}"
    if session.get("deck") and session["deck"] != own_deck:
        name += f" ({md_text(Path(session['deck']).stem)})"
    day = short_time(session["started"])[:10]
    return f"{name}, {day}" if day else name
