"""Per-slide metadata: Slidev's front matter block and remark's slide properties.

Slidev: `---` + `key: value` lines + `---` before a slide (read by `scan`); its
`time` is the slide's budget, `hide`/`disabled`/`skip` leave it out, `title`
names it. remark: `name:`, `class:`, `layout:`... lines at the very top of a slide;
`exclude: true` and `layout: true` (a template, never shown itself) skip it.
"""

from __future__ import annotations

import re
from typing import Any

from presenter.deck.diagnostics import Diagnostics
from presenter.deck.frontmatter import key_position, read_duration, read_yaml_block
from presenter.deck.scan import Block
from presenter.deck.slide import SlideDraft

REMARK_KEYS = frozenset(
    ("name", "class", "background-image", "count", "template", "layout", "exclude", "seal")
)
_REMARK_PROPERTY = re.compile(r"([a-z-]+):[ \t]*(.*?)\s*$")
_ANY_PROPERTY = re.compile(r"([-\w]+):[ \t]*(.*?)\s*$")
_SKIP_KEYS = ("hide", "disabled", "skip")


def remark_properties(lines: list[str], any_key: bool = False) -> tuple[dict[str, str], int]:
    """remark properties at the top of a slide, and how many lines they take.

    In a remark deck (`any_key`) every `name: value` line counts, after blank
    lines too, as remark reads them; elsewhere only remark's own keys on the very
    first line, so that a slide starting `Agenda: today` keeps its text.
    """
    properties: dict[str, str] = {}
    count = 0
    for line in lines:
        if any_key and not properties and not line.strip():
            count += 1
            continue
        if not line[:1].isalpha():
            break
        match = (_ANY_PROPERTY if any_key else _REMARK_PROPERTY).fullmatch(line)
        if match is None or not (any_key or match.group(1) in REMARK_KEYS):
            break
        properties[match.group(1)] = match.group(2)
        count += 1
    return properties, count if properties else 0


def apply_remark(draft: SlideDraft, properties: dict[str, str]) -> None:
    draft.meta.update(properties)
    if properties.get("exclude") == "true" or properties.get("layout") == "true":
        draft.skip = True


def apply_slidev(draft: SlideDraft, block: Block, diagnostics: Diagnostics) -> None:
    data = read_yaml_block(block, "slide's front matter", diagnostics)
    if not data:
        return
    draft.meta.update(data)
    if "time" in data:
        seconds = read_duration(
            data["time"], key_position(block, "time"), "slide time", diagnostics
        )
        if seconds is not None:
            draft.time_s = seconds
    if any(data.get(key) is True for key in _SKIP_KEYS):
        draft.skip = True


def meta_title(meta: dict[str, Any]) -> str:
    title = meta.get("title")
    return str(title).strip() if isinstance(title, str | int | float) else ""
