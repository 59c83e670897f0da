"""Reads one slide's lines: visible parts between pauses, notes, directives, a poll.

One pass over the lines, fence-aware (nothing inside a code block is a directive
or a note) and comment-aware (a comment may span lines or sit inside one), under
the rules of the deck's dialect: which lines start notes, which make steps, which
comments are notes. Notes end at the next step, so content after a step is shown.
The result is a `SlideDraft`; `load` numbers the drafts and gives them budgets.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from presenter.deck.blocks import fence_closes, fence_opening, html_block_start
from presenter.deck.diagnostics import Diagnostics, position_in
from presenter.deck.dialects import PRESENTER, Dialect
from presenter.deck.directives import Directive, classify
from presenter.deck.durations import DurationError, parse_duration
from presenter.deck.model import Poll
from presenter.deck.notes import notes_start

_LIST_ITEM = re.compile(r" {0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)")
_TOP_ITEM = re.compile(r" ?(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)")
_FRAGMENT_ITEM = re.compile(r" ?(?:\*|\d{1,9}\))(?:[ \t]|$)")
# Lines that start with none of these and hold no `<!--` are plain content.
_SPECIAL_FIRST = frozenset(" \t`~?Nn.-^<*+0123456789")
_V_CLICKS = re.compile(r"\s*</?v-clicks?(?:\s[^>]*)?>\s*$")


class SlideRules(NamedTuple):
    """How a slide is read: the deck's dialect and its deck-wide settings."""

    dialect: Dialect = PRESENTER
    incremental: bool = False
    """Every list is revealed item by item (presenterm's and patat's deck options)."""


@dataclass(slots=True)
class SlideDraft:
    """A slide before it is numbered and budgeted."""

    start_line: int
    end_line: int
    parts: list[list[str]] = field(default_factory=lambda: [[]])
    notes: list[str] = field(default_factory=list)
    time_s: float | None = None
    skip: bool = False
    poll: Poll | None = None
    poll_line: int = 0
    meta: dict[str, Any] = field(default_factory=dict)
    text_notes: list[str] = field(default_factory=list)
    """The notes written after `???` / `Note:` (not in comments)."""
    last_comment: tuple[str, int] | None = None
    """Slidev: the latest comment and how many lines of content came before it."""

    def visible_parts(
        self, rewrite: Callable[[str], str] | None = None
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The non-empty parts, and how each joins the one before it (see `Slide.joins`).

        `rewrite` turns a part's Markdown into what the audience sees (`visible`).
        """
        out: list[str] = []
        joins: list[str] = []
        previous: list[str] | None = None
        for part in self.parts:
            text = "\n".join(part)
            if rewrite is not None:
                text = rewrite(text)
            text = text.strip("\n")
            if not text.strip():
                continue
            if previous is not None:
                joins.append("\n" if _tight(previous, part) else "\n\n")
            out.append(text)
            previous = part
        if "\n" not in joins:
            joins = []
        return tuple(out), tuple(joins)

    def notes_text(self) -> str:
        return "\n\n".join(note for note in self.notes if note)


def _tight(before: list[str], after: list[str]) -> bool:
    """A pause between two items of one list (blank lines around the pause ignored)."""
    last = next((line for line in reversed(before) if line.strip()), "")
    first = next((line for line in after if line.strip()), "")
    return bool(_LIST_ITEM.match(first) and (_LIST_ITEM.match(last) or last[:1] in " \t"))


class _SlideReader:
    __slots__ = (
        "diagnostics",
        "dialect",
        "draft",
        "fragments",
        "in_notes",
        "incremental",
        "item_seen",
        "note_lines",
    )

    def __init__(self, draft: SlideDraft, diagnostics: Diagnostics, rules: SlideRules) -> None:
        self.draft = draft
        self.diagnostics = diagnostics
        self.dialect = rules.dialect
        self.in_notes = False
        self.note_lines: list[str] = []
        self.incremental = rules.incremental
        self.fragments = rules.dialect.name == "marp"
        self.item_seen = False

    def target(self) -> list[str]:
        return self.note_lines if self.in_notes else self.draft.parts[-1]

    def comment(self, body: str, line: int, column: int) -> None:
        for directive in classify(body, self.dialect):
            self.apply(directive, body, line, column)

    def apply(self, directive: Directive, body: str, line: int, column: int) -> None:
        action = directive.action
        draft = self.draft
        if action == "pause":
            self.step()
        elif action == "note" or action == "speaker_note":
            mode = "all" if action == "speaker_note" else self.dialect.comment_notes
            if mode == "all":
                self.flush_notes()
                draft.notes.append(directive.value)
            elif mode == "last":
                shown = sum(1 for part in draft.parts for text in part if text.strip())
                draft.last_comment = (directive.value, shown)
        elif action == "skip":
            draft.skip = True
        elif action == "layout":
            draft.meta["layout"] = directive.value
        elif action == "time":
            where = position_in(body, directive.offset, line, column)
            self.set_time(directive.value, where)
        elif action == "incremental":
            self.incremental = directive.value == "true"

    def step(self) -> None:
        """A pause: the notes (if open) end, and what follows is the next step."""
        if self.in_notes:
            self.flush_notes()
            self.in_notes = False
        self.draft.parts.append([])
        self.item_seen = False

    def set_time(self, value: str, where: tuple[int, int]) -> None:
        try:
            seconds = parse_duration(value)
        except DurationError as error:
            self.diagnostics.error(where[0], where[1], f"bad slide time: {error}")
            return
        if self.draft.time_s is not None:
            self.diagnostics.warning(
                where[0], where[1], "this slide already has a time; the last one counts"
            )
        self.draft.time_s = seconds

    def flush_notes(self) -> None:
        if self.note_lines:
            text = "\n".join(self.note_lines).strip()
            if text:
                self.draft.notes.append(text)
                self.draft.text_notes.append(text)
            self.note_lines = []

    def start_notes(self, first: str) -> None:
        self.flush_notes()
        self.in_notes = True
        self.note_lines = [first] if first else []

    def is_step(self, line: str) -> bool:
        """Whether `line` (outside code and comments) is a step marker of the dialect."""
        stripped = line.rstrip()
        dialect = self.dialect
        if stripped == "--":
            return dialect.dash_step
        if stripped == ". . .":
            return dialect.dot_step
        if dialect.caret_step:
            text = line.lstrip()
            return text[:1] == "^" or text[:4] in ("<br>", "<BR>")
        return False

    def list_item(self, line: str) -> None:
        """Incremental lists: each top-level item after the first content is a new step."""
        if self.in_notes:
            return
        fragment = self.fragments and _FRAGMENT_ITEM.match(line) is not None
        if not (self.incremental or fragment) or not _TOP_ITEM.match(line):
            return
        part = self.draft.parts[-1]
        if any(text.strip() for text in part):
            self.draft.parts.append([])

    def read(self, lines: list[str], start: int) -> None:
        fence: tuple[str, int] | None = None
        poll_lines: list[str] | None = None
        comment: list[str] | None = None
        comment_at = (0, 0)
        target = self.draft.parts[-1]
        text_notes = self.dialect.text_notes
        slidev = self.dialect.comment_notes == "last"
        html_end: re.Pattern[str] | bool | None = False  # an open HTML block: what ends it
        for offset, line in enumerate(lines):
            if html_end is not False:
                # Raw HTML (CommonMark's HTML block): no fence, note or step starts in it.
                if html_end is None and not line.strip():
                    html_end = False
                else:
                    if isinstance(html_end, re.Pattern) and html_end.search(line):
                        html_end = False
                    target.append(line)
                    continue
            if fence is not None:
                if fence_closes(line, fence[0], fence[1]):
                    fence = None
                    if poll_lines is not None:
                        self.add_poll(poll_lines, start + offset)
                        poll_lines = None
                        continue
                if poll_lines is not None:
                    poll_lines.append(line)
                else:
                    target.append(line)
                continue
            if comment is not None:
                end = line.find("-->")
                if end < 0:
                    comment.append(line)
                    continue
                comment.append(line[:end])
                self.comment("\n".join(comment), *comment_at)
                comment = None
                line = line[end + 3 :]
                target = self.target()
                if not line.strip():
                    continue
            first = line[:1]
            if "<!--" in line:
                if first == "<" and line.count("<!--") == 1 and line.rstrip().endswith("-->"):
                    # The common case, a directive or note alone on its line.
                    body = line[4 : line.rstrip().rfind("-->")]
                    if "-->" not in body:
                        self.comment(body, start + offset, 5)
                        target = self.target()
                        continue
                rest = self.inline_comments(line, start + offset)
                target = self.target()
                if rest is None:
                    continue
                if isinstance(rest, tuple):
                    comment = [rest[0]]
                    comment_at = rest[1]
                    continue
                line = rest
                first = line[:1]
            elif first not in _SPECIAL_FIRST or (
                first == "-" and line[1:2] == " " and not self.incremental
            ):
                target.append(line)
                continue
            if self.is_step(line):
                self.step()
                target = self.draft.parts[-1]
                continue
            if slidev and first == "<" and _V_CLICKS.match(line):
                if line.lstrip().startswith("<v-click"):
                    self.incremental = "clicks" in line.split(">")[0]
                    if not self.incremental:
                        self.step()
                        target = self.draft.parts[-1]
                else:
                    self.incremental = False
                continue
            if first == "<" and "<!--" not in line:
                block = html_block_start(line, False)
                if block is not None and not block[1]:
                    html_end = block[0]
                    target.append(line)
                    continue
            opening = fence_opening(line) if first in " \t`~" else None
            if opening is not None:
                fence = (opening[0], opening[1])
                if opening[2].split()[:1] == ["poll"] and not self.in_notes:
                    poll_lines = []
                    self.draft.poll_line = start + offset
                    continue
                target.append(line)
                continue
            if not self.in_notes:
                note = notes_start(line, text_notes)
                if note is not None:
                    self.start_notes(note)
                    target = self.note_lines
                    continue
                self.list_item(line)
                target = self.draft.parts[-1]
            else:
                note = notes_start(line, text_notes)
                if note is not None:
                    # A later `???`/`Note:` adds to the notes.
                    if note:
                        target.append(note)
                    continue
            target.append(line)
        if poll_lines is not None:
            self.diagnostics.error(
                self.draft.poll_line,
                1,
                "this poll block is never closed; end it with a ``` line",
            )
        if comment is not None:
            self.comment("\n".join(comment), *comment_at)
        self.flush_notes()
        last = self.draft.last_comment
        if last is not None:
            shown = sum(1 for part in self.draft.parts for text in part if text.strip())
            if shown == last[1]:
                self.draft.notes.append(last[0])

    def inline_comments(self, line: str, number: int) -> str | tuple[str, tuple[int, int]] | None:
        """Handle the comments on `line`; return what is left to show.

        None: nothing is left. A tuple: a comment opens and does not close on this
        line (its text so far and where its body starts); text before it is kept.
        """
        kept: list[str] = []
        position = 0
        while True:
            begin = line.find("<!--", position)
            while begin >= 0 and line.count("`", 0, begin) % 2:
                begin = line.find("<!--", begin + 4)
            if begin < 0:
                kept.append(line[position:])
                break
            kept.append(line[position:begin])
            end = line.find("-->", begin + 4)
            if end < 0:
                before = "".join(kept)
                if before.strip():
                    self.target().append(before)
                return (line[begin + 4 :], (number, begin + 5))
            body = line[begin + 4 : end]
            directives = classify(body, self.dialect)
            if directives[0].action == "pause":
                before = "".join(kept)
                if before.strip():
                    self.target().append(before)
                kept = []
                self.step()
            else:
                for directive in directives:
                    self.apply(directive, body, number, begin + 5)
            position = end + 3
        rest = "".join(kept).rstrip()
        return rest if rest.strip() else None

    def add_poll(self, lines: list[str], close_line: int) -> None:
        from presenter.deck.polls import parse_poll, poll_markdown

        poll_line = self.draft.poll_line
        if self.draft.poll is not None:
            self.diagnostics.error(
                poll_line, 1, "a slide can hold one poll; move this one to a slide of its own"
            )
            return
        poll = parse_poll(lines, poll_line, self.diagnostics)
        if poll is not None:
            self.draft.poll = poll
            self.draft.parts[-1].append(poll_markdown(poll))


_OWN_RULES = SlideRules()


def read_slide(
    lines: list[str], start: int, diagnostics: Diagnostics, rules: SlideRules = _OWN_RULES
) -> SlideDraft:
    """The draft of a slide whose first line (`lines[0]`) is line `start` of the file."""
    draft = SlideDraft(start, start + len(lines) - 1)
    _SlideReader(draft, diagnostics, rules).read(lines, start)
    return draft
