"""```poll blocks: YAML validated into a `Poll`, and the Markdown shown in its place.

Every rule of the format is checked and every broken one reported (with the line
of the key at fault): YAML syntax, a missing question, 2 to 9 options, unique
option ids, the kind, `max`, `results`. The poll's id defaults to a slug of the
question, an option's id to a slug of its label, so votes survive reordering.
"""

from __future__ import annotations

import re
from typing import Any

from presenter.deck.diagnostics import Diagnostics
from presenter.deck.model import (
    MAX_OPTIONS,
    MIN_OPTIONS,
    POLL_KINDS,
    RESULTS_MODES,
    Poll,
    PollOption,
)
from presenter.deck.yamltext import YamlProblem, load_yaml

KNOWN_KEYS = frozenset(("id", "question", "kind", "max", "options", "suggestions", "results"))
_NOT_SLUG = re.compile(r"[^\w]+")


def slug(text: str, limit: int = 48) -> str:
    """Lowercase words joined by `-`, cut at a word boundary near `limit` characters."""
    words = _NOT_SLUG.sub("-", text.lower()).strip("-_")
    if len(words) > limit:
        cut = words.rfind("-", 0, limit + 1)
        words = words[: cut if cut > 0 else limit]
    return words


class _PollReader:
    """Reads one poll block, reporting each problem at the line of the key concerned."""

    def __init__(self, lines: list[str], fence_line: int, diagnostics: Diagnostics) -> None:
        self.lines = lines
        self.fence_line = fence_line
        self.diagnostics = diagnostics
        self.failed = False

    def key_line(self, key: str) -> tuple[int, int]:
        pattern = re.compile(rf"\s*{re.escape(key)}\s*:")
        for offset, line in enumerate(self.lines):
            match = pattern.match(line)
            if match:
                return self.fence_line + 1 + offset, len(line) - len(line.lstrip()) + 1
        return self.fence_line, 1

    def option_lines(self) -> list[tuple[int, int]]:
        """Where each `- ` entry of a block-style `options:` list starts, in order."""
        start, _ = self.key_line("options")
        first = start - self.fence_line  # body index of the line after `options:`
        found: list[tuple[int, int]] = []
        indent: int | None = None
        for offset in range(first, len(self.lines)):
            line = self.lines[offset]
            stripped = line.lstrip()
            if not stripped or stripped.startswith("#"):
                continue
            column = len(line) - len(stripped)
            if indent is None and stripped.startswith("-"):
                indent = column
            if indent is None or column < indent:
                break
            if column == indent:
                if not stripped.startswith("-"):
                    break
                found.append((self.fence_line + 1 + offset, column + 1))
        return found

    def option_line(self, number: int) -> tuple[int, int]:
        lines = self.option_lines()
        if 0 < number <= len(lines):
            return lines[number - 1]
        return self.key_line("options")

    def error(self, where: tuple[int, int], message: str) -> None:
        self.failed = True
        self.diagnostics.error(where[0], where[1], message)

    def read(self) -> Poll | None:
        try:
            data = load_yaml("\n".join(self.lines))
        except YamlProblem as problem:
            self.error(
                (self.fence_line + 1 + problem.line, problem.column + 1),
                f"the poll block is not valid YAML ({problem.problem}); "
                "fix the syntax, quoting text that contains ':' or '#'",
            )
            return None
        if not isinstance(data, dict):
            self.error(
                (self.fence_line, 1),
                "a poll block must be YAML with `question:` and `options:` keys; "
                "see the poll example in the deck format",
            )
            return None
        for key in data:
            if str(key) not in KNOWN_KEYS:
                self.diagnostics.warning(
                    *self.key_line(str(key)),
                    f"`{key}` is not a poll setting and is ignored; "
                    f"the settings are {', '.join(sorted(KNOWN_KEYS))}",
                )
        question = self._question(data)
        options = self._options(data)
        kind = self._kind(data)
        most = self._max(data, kind, len(options))
        suggestions = self._suggestions(data)
        results = self._results(data)
        poll_id = self._id(data, question)
        if self.failed:
            return None
        return Poll(
            id=poll_id,
            question=question,
            options=tuple(options),
            kind=kind,
            max=most,
            suggestions=suggestions,
            results=results,
            line=self.fence_line,
        )

    def _question(self, data: dict[Any, Any]) -> str:
        question = data.get("question")
        if question is None or not str(question).strip():
            self.error(
                self.key_line("question") if "question" in data else (self.fence_line, 1),
                "the poll has no question; add a `question:` line",
            )
            return ""
        if isinstance(question, dict | list):
            self.error(
                self.key_line("question"),
                "the poll's question must be text; quote it if it contains ':' or '#'",
            )
            return ""
        return str(question).strip()

    def _id(self, data: dict[Any, Any], question: str) -> str:
        if "id" in data:
            value = data["id"]
            text = "" if value is None or isinstance(value, dict | list) else str(value).strip()
            if not text or any(ch.isspace() for ch in text):
                self.error(
                    self.key_line("id"),
                    "the poll's `id` must be one word such as change-first; fix it or remove it",
                )
            return text
        made = slug(question)
        return made or f"poll-{self.fence_line}"

    def _options(self, data: dict[Any, Any]) -> list[PollOption]:
        raw = data.get("options")
        where = self.key_line("options") if "options" in data else (self.fence_line, 1)
        if not isinstance(raw, list):
            self.error(
                where,
                "the poll needs an `options:` list with 2 to 9 entries, one `- answer` per line",
            )
            return []
        if not MIN_OPTIONS <= len(raw) <= MAX_OPTIONS:
            self.error(
                where,
                f"the poll has {len(raw)} option{'s' if len(raw) != 1 else ''}; "
                f"give it {MIN_OPTIONS} to {MAX_OPTIONS} (keys 1-9 vote for them)",
            )
        options: list[PollOption] = []
        seen: dict[str, int] = {}
        for number, entry in enumerate(raw, start=1):
            option = self._option(number, entry)
            if option is None:
                continue
            if option.id in seen:
                self.error(
                    self.option_line(number),
                    f"options {seen[option.id]} and {number} have the same id {option.id!r}; "
                    "give one of them its own `id:`",
                )
            else:
                seen[option.id] = number
            options.append(option)
        return options

    def _option(self, number: int, entry: Any) -> PollOption | None:
        if isinstance(entry, dict):
            label = entry.get("label")
            if label is None or isinstance(label, dict | list) or not str(label).strip():
                self.error(
                    self.option_line(number),
                    f"option {number} has no `label:`; write `- label: text` "
                    "(with an optional `id:`) or just `- text`",
                )
                return None
            label_text = str(label).strip()
            raw_id = entry.get("id")
            option_id = str(raw_id).strip() if raw_id is not None else slug(label_text)
            if not option_id or any(ch.isspace() for ch in option_id):
                self.error(
                    self.option_line(number),
                    f"option {number}'s `id` must be one word such as listen; fix it",
                )
                return None
            return PollOption(option_id, label_text)
        if entry is None or isinstance(entry, list) or not str(entry).strip():
            self.error(
                self.option_line(number),
                f"option {number} is empty; write the answer after the dash, or remove the line",
            )
            return None
        label_text = str(entry).strip()
        return PollOption(slug(label_text) or str(number), label_text)

    def _kind(self, data: dict[Any, Any]) -> Any:
        kind = data.get("kind", "single")
        if kind not in POLL_KINDS:
            self.error(
                self.key_line("kind"),
                f"unknown poll kind {kind!r}; use single, multi or rank",
            )
            return "single"
        return kind

    def _max(self, data: dict[Any, Any], kind: str, count: int) -> int:
        if "max" not in data:
            return 1 if kind == "single" else max(count, 1)
        value = data["max"]
        if kind != "multi":
            self.diagnostics.warning(
                *self.key_line("max"),
                f"`max` only applies to multi polls and is ignored for a {kind} poll; "
                "remove it or set kind: multi",
            )
            return 1 if kind == "single" else max(count, 1)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= max(count, 1):
            self.error(
                self.key_line("max"),
                f"`max` must be a whole number from 1 to {max(count, 1)} (the number of options), "
                f"not {value!r}",
            )
            return max(count, 1)
        return value

    def _suggestions(self, data: dict[Any, Any]) -> bool:
        value = data.get("suggestions", False)
        if not isinstance(value, bool):
            self.error(
                self.key_line("suggestions"),
                f"`suggestions` must be true or false, not {value!r}",
            )
            return False
        return value

    def _results(self, data: dict[Any, Any]) -> Any:
        value = data.get("results", "live")
        if value not in RESULTS_MODES:
            self.error(
                self.key_line("results"),
                f"unknown `results` mode {value!r}; use live or after-close",
            )
            return "live"
        return value


def parse_poll(lines: list[str], fence_line: int, diagnostics: Diagnostics) -> Poll | None:
    """The poll in a ```poll block whose body is `lines`, or None after reporting errors."""
    return _PollReader(lines, fence_line, diagnostics).read()


def poll_markdown(poll: Poll) -> str:
    """What the slide shows in place of the block: the question and numbered options."""
    options = "\n".join(f"{n}. {option.label}" for n, option in enumerate(poll.options, start=1))
    return f"**{poll.question}**\n\n{options}"
