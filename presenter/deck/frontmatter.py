"""The deck's front matter (YAML) normalised into `DeckMeta`.

Unknown keys are kept in `DeckMeta.extra` and never an error: other tools' keys
(Marp's `marp`, Slidev's `layout`, patat's `patat`) must not break a deck.
presenterm's `theme: {name: ...}` and `sub_title` are understood.
"""

from __future__ import annotations

import datetime
import re
from types import MappingProxyType
from typing import Any, NamedTuple

from presenter.deck.diagnostics import Diagnostics
from presenter.deck.durations import DurationError, parse_duration
from presenter.deck.model import DeckMeta
from presenter.deck.scan import Block
from presenter.deck.yamltext import YamlProblem, load_yaml

KNOWN = frozenset(
    (
        "title",
        "subtitle",
        "sub_title",
        "author",
        "authors",
        "event",
        "location",
        "date",
        "duration",
        "theme",
        "footer",
        "notes",
    )
)


def key_position(block: Block, key: str) -> tuple[int, int]:
    """Line and column of the value of top-level `key` in `block` (its line if no value)."""
    pattern = re.compile(rf"{re.escape(key)}\s*:[ \t]*")
    for offset, line in enumerate(block.lines):
        match = pattern.match(line)
        if match:
            return block.start + offset, match.end() + 1
    return block.start, 1


def read_yaml_block(block: Block, what: str, diagnostics: Diagnostics) -> dict[str, Any] | None:
    """The mapping in `block`, or None after reporting why it is not one."""
    text = "\n".join(block.lines)
    if not text.strip():
        return {}
    try:
        data = load_yaml(text)
    except YamlProblem as problem:
        diagnostics.error(
            block.start + problem.line,
            problem.column + 1,
            f"the {what} is not valid YAML ({problem.problem}); "
            "fix the syntax, quoting values that contain ':' or '#'",
        )
        return None
    if data is None:
        return {}
    if not isinstance(data, dict):
        diagnostics.error(
            block.start,
            1,
            f"the {what} must be `key: value` lines; fix it or remove the block",
        )
        return None
    return {str(key): value for key, value in data.items()}


def _text(value: Any) -> str:
    if value is None or value is False:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        # One level only: YAML anchors can make a list contain itself.
        return ", ".join(_scalar(item) for item in value if _scalar(item))
    if isinstance(value, dict):
        return _scalar(value.get("name", ""))
    return _scalar(value)


def _scalar(value: Any) -> str:
    if value is None or value is False or isinstance(value, list | dict):
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _authors(data: dict[str, Any]) -> tuple[str, ...]:
    raw = data.get("authors", data.get("author"))
    if raw is None:
        return ()
    items = raw if isinstance(raw, list) else [raw]
    return tuple(
        text
        for text in (_text(item) if isinstance(item, dict) else _scalar(item) for item in items)
        if text
    )


def read_duration(
    value: Any, where: tuple[int, int], what: str, diagnostics: Diagnostics
) -> float | None:
    """Seconds in a YAML duration value, or None after reporting an error."""
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        diagnostics.error(*where, f"bad {what}: write it like 15m, 900s or 1h10m")
        return None
    try:
        seconds = parse_duration(str(value))
    except DurationError as error:
        diagnostics.error(*where, f"bad {what}: {error}")
        return None
    if what == "duration" and seconds <= 0:
        diagnostics.error(*where, "bad duration: it must be longer than zero, e.g. 15m")
        return None
    return seconds


class FrontMatter(NamedTuple):
    meta: DeckMeta
    duration_line: int
    """The line of the `duration` key (0 if none)."""
    data: dict[str, Any]
    """Every key as written, for the dialect's own settings."""


def read_front_matter(block: Block | None, diagnostics: Diagnostics) -> FrontMatter:
    """The deck's metadata, normalised, and the keys as written."""
    if block is None:
        return FrontMatter(DeckMeta(), 0, {})
    data = read_yaml_block(block, "front matter", diagnostics)
    if not data:
        return FrontMatter(DeckMeta(), 0, {})
    duration_s = None
    duration_line = 0
    if "duration" in data:
        where = key_position(block, "duration")
        duration_line = where[0]
        duration_s = read_duration(data["duration"], where, "duration", diagnostics)
    theme = data.get("theme")
    footer = data.get("footer")
    meta = DeckMeta(
        title=_text(data.get("title")),
        subtitle=_text(data.get("subtitle", data.get("sub_title"))),
        authors=_authors(data),
        event=_text(data.get("event")),
        location=_text(data.get("location")),
        date=_text(data.get("date")),
        duration_s=duration_s,
        theme=_text(theme) or None,
        footer=None if footer is None or footer is False else _text(footer),
        show_footer=footer is not False,
        expects_notes=data.get("notes") is not False,
        extra=MappingProxyType({k: v for k, v in data.items() if k not in KNOWN}),
    )
    return FrontMatter(meta, duration_line, data)


def read_header_lines(block: Block, meta: DeckMeta) -> DeckMeta:
    """mdp's `%title:`, `%author:` and `%date:` lines, as front matter."""
    from dataclasses import replace

    values: dict[str, str] = {}
    for line in block.lines:
        key, _, value = line[1:].partition(":")
        values.setdefault(key.strip().lower(), value.strip())
    authors = tuple(a.strip() for a in values.get("author", "").split(",") if a.strip())
    return replace(
        meta,
        title=values.get("title", meta.title),
        authors=authors or meta.authors,
        date=values.get("date", meta.date),
    )
