"""Which tool a deck was written for, read from the deck's own signals.

Order: `--dialect NAME`, then front matter `dialect:`, then another tool's front
matter keys (`marp: true`, `patat:`, Slidev's headmatter keys, presenterm's
`options:`/`sub_title`, lookatme's `styles:`, slides' `paging:`), mdp's `%title:`
header, then what the slides use (outside code): `<!-- end_slide -->` (presenterm),
`???` or remark's slide properties (remark), presenter's own directives and polls,
`Note:` / `.slide:` / `.element:` (reveal.js), `. . .` / `<!--config:` (patat),
`<!-- stop -->` (lookatme), Slidev's per-slide front matter and `<v-click>`,
slides' `~~~command` blocks. With none of these, presenter's own format.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NamedTuple

from presenter.deck.blocks import comment_open_after, fence_closes, fence_opening
from presenter.deck.dialects import (
    LOOKATME,
    MARP,
    MDP,
    PATAT,
    PRESENTER,
    PRESENTERM,
    REMARK,
    REVEALJS,
    SLIDES,
    SLIDEV,
    Dialect,
    dialect_named,
    dialect_names,
)
from presenter.deck.headings import HeadingSplit
from presenter.deck.scan import slidev_meta_end

SLIDEV_KEYS = frozenset(
    (
        "addons",
        "titleTemplate",
        "info",
        "highlighter",
        "lineNumbers",
        "drawings",
        "colorSchema",
        "aspectRatio",
        "canvasWidth",
        "themeConfig",
        "fonts",
        "mdc",
        "monaco",
        "download",
        "exportFilename",
        "routerMode",
        "selectable",
        "record",
        "layout",
        "background",
        "transition",
        "src",
        "defaults",
        "presenter",
        "seoMeta",
        "htmlAttrs",
    )
)
PRESENTERM_OPTIONS = frozenset(
    (
        "implicit_slide_ends",
        "end_slide_shorthand",
        "h1_slide_titles",
        "command_prefix",
        "incremental_lists",
        "strict_front_matter_parsing",
        "image_attributes_prefix",
        "auto_render_languages",
        "list_item_newlines",
    )
)
REMARK_KEYS = frozenset(
    ("name", "class", "background-image", "count", "template", "layout", "exclude", "seal")
)
_NOTE = re.compile(r"notes?:", re.IGNORECASE)
# First characters of lines that carry no tool's sign (`N`/`n` may start `Note:`).
_PLAIN = frozenset("ABCDEFGHIJKLMOPQRSTUVWXYZabcdefghijklmopqrstuvwxyz0123456789[!|>+=")
_REMARK_PROPERTY = re.compile(r"([-\w]+):")
_SLOT = re.compile(r"::[\w-]+::\s*$")
_MDP_CENTRE = re.compile(r"->.*<-\s*$")
_DIVIDER = re.compile(r"<!--\s*headingDivider:\s*(.*?)\s*-->")


class Detection(NamedTuple):
    """The dialect a deck is read in, why, and what its tool leaves to an HTML page."""

    dialect: Dialect
    reason: str
    assumption: str = ""
    """What was assumed where the tool's rule is not in the Markdown, and how to override it."""
    heading_split: HeadingSplit | None = None
    incremental: bool = False
    """Every list is revealed item by item (presenterm's and patat's option)."""
    problem: str = ""
    """An unknown dialect name that was asked for."""


class _Signals:
    """The first line (1-based) where each sign of a tool was seen, outside code."""

    __slots__ = ("divider", "ends", "first", "rules")

    def __init__(self) -> None:
        self.first: dict[str, int] = {}
        self.rules = 0
        self.ends = 0
        self.divider: str | None = None

    def see(self, name: str, line: int) -> None:
        self.first.setdefault(name, line)


def _collect(lines: list[str], begin: int) -> _Signals:
    signals = _Signals()
    see = signals.see
    fence: tuple[str, int] | None = None
    in_comment = False
    text_before = False  # the line before is text that a `---` would underline
    after_rule = begin == 0
    for index in range(begin, len(lines)):
        line = lines[index]
        if fence is not None:
            if fence_closes(line, *fence):
                fence = None
            continue
        if in_comment:
            in_comment = comment_open_after(line, True)
            continue
        first = line[:1]
        if first in _PLAIN:
            # Most lines: text (no sign of any tool), unless right after a rule (remark).
            if after_rule:
                match = _REMARK_PROPERTY.match(line)
                if match and match.group(1) in REMARK_KEYS:
                    see("remark", index + 1)
            text_before = True
            after_rule = False
            continue
        if (first == "-" and line[1:2] == " ") or first == "#":
            text_before = after_rule = False
            continue
        number = index + 1
        if not first or not line.strip():
            text_before = False
            continue
        was_text, text_before = text_before, first.isalnum()
        was_after_rule, after_rule = after_rule, False
        if first in " `~\t":
            opening = fence_opening(line)
            if opening is not None:
                fence = (opening[0], opening[1])
                words = opening[2].split()
                if opening[0] == "~" and len(words) > 1 and opening[2][:1] not in "{.":
                    see("slides", number)  # a command that slides runs before showing the deck
                elif words[:1] == ["poll"]:
                    see("presenter", number)
                continue
        stripped = line.rstrip()
        if first == "<":
            if "<!--" in line:
                body = stripped[4:-3].strip() if stripped.endswith("-->") else ""
                if body == "end_slide":
                    see("presenterm", number)
                    signals.ends += 1
                elif body.startswith(("time:", "skip")) and body != "skip_slide":
                    see("presenter", number)
                elif body.startswith((".slide:", ".element:")):
                    see("revealjs", number)
                elif stripped.startswith("<!--config:"):
                    see("patat", number)
                elif body == "stop":
                    see("lookatme", number)
                elif body.startswith("headingDivider:"):
                    match = _DIVIDER.search(line)
                    if match and signals.divider is None:
                        signals.divider = match.group(1)
            elif line.startswith(("<v-click", "<v-clicks")):
                see("slidev", number)
        elif first == "?" and stripped == "???":
            see("remark", number)
        elif first in "Nn" and _NOTE.match(line):
            see("note", number)
        elif first == "." and stripped == ". . .":
            see("dots", number)
        elif first == ":" and _SLOT.match(line):
            see("slidev", number)
        elif first == "-":
            if stripped == "---":
                if not was_text:
                    signals.rules += 1
                after_rule = True
                following = lines[index + 1] if index + 1 < len(lines) else ""
                if following[:1].isalpha() and _slidev_block(lines, index):
                    see("slidev", number + 1)
                    after_rule = False
            elif line.startswith("->") and _MDP_CENTRE.match(line):
                see("mdp", number)
        elif first in "*_" and stripped in ("***", "___") and not was_text:
            signals.rules += 1
        elif was_after_rule and first.isalpha():
            match = _REMARK_PROPERTY.match(line)
            if match and match.group(1) in REMARK_KEYS:
                see("remark", number)
        if "<!--" in line:
            if "<!-- .element:" in line:
                see("revealjs", number)  # at the end of a list item or paragraph
            in_comment = comment_open_after(line, False)
    return signals


def _slidev_block(lines: list[str], index: int) -> bool:
    return slidev_meta_end(lines, index) is not None


def _front_matter_choice(data: Mapping[str, Any]) -> tuple[Dialect, str] | None:
    if data.get("marp") is True:
        return MARP, "front matter `marp: true`"
    if "patat" in data:
        return PATAT, "front matter `patat:`"
    options = data.get("options")
    if isinstance(options, dict) and PRESENTERM_OPTIONS.intersection(options):
        return PRESENTERM, "front matter `options:` of presenterm"
    if "sub_title" in data or isinstance(data.get("theme"), dict):
        return (
            PRESENTERM,
            "front matter `sub_title`"
            if "sub_title" in data
            else "front matter `theme: {name: ...}`",
        )
    slidev = sorted(SLIDEV_KEYS.intersection(data))
    if slidev:
        return SLIDEV, f"front matter `{slidev[0]}:` of Slidev"
    if "styles" in data or "extensions" in data:
        return LOOKATME, "front matter `styles:` of lookatme"
    if "paging" in data:
        return SLIDES, "front matter `paging:` of slides"
    return None


def _heading_divider(value: Any) -> frozenset[int]:
    if isinstance(value, str):
        value = value.strip()
        if value.startswith("["):
            return frozenset(int(v) for v in re.findall(r"\d", value) if 1 <= int(v) <= 6)
        value = int(value) if value.isdigit() else 0
    if isinstance(value, bool):
        return frozenset()
    if isinstance(value, int):
        return frozenset(range(1, min(value, 6) + 1))
    if isinstance(value, list):
        return frozenset(v for v in value if isinstance(v, int) and 1 <= v <= 6)
    return frozenset()


def _with_rules(
    dialect: Dialect, reason: str, data: Mapping[str, Any], signals: _Signals
) -> Detection:
    """The detection, completed with the settings that dialect reads from the deck."""
    split: HeadingSplit | None = None
    incremental = False
    assumption = ""
    if dialect is PATAT:
        settings = data.get("patat")
        level = settings.get("slideLevel") if isinstance(settings, dict) else None
        levels = frozenset((level,)) if isinstance(level, int) and 1 <= level <= 6 else frozenset()
        split = HeadingSplit("patat", levels)
        incremental = isinstance(settings, dict) and settings.get("incrementalLists") is True
    elif dialect is LOOKATME:
        split = HeadingSplit("lookatme")
    elif dialect is MARP:
        levels = _heading_divider(data.get("headingDivider", signals.divider))
        if levels:
            split = HeadingSplit("divider", levels, always=True)
    elif dialect is PRESENTERM:
        options = data.get("options")
        incremental = isinstance(options, dict) and options.get("incremental_lists") is True
        if isinstance(options, dict) and options.get("end_slide_shorthand") is True:
            dialect = _presenterm_shorthand()
        if isinstance(options, dict) and options.get("implicit_slide_ends") is True:
            split = HeadingSplit("setext", always=True)
    elif dialect is REVEALJS:
        assumption = (
            "reveal.js sets its separators in the HTML page; read `---` as a new slide, "
            '`--` as a vertical slide (data-separator-vertical="^\\n--\\n$") and `Note:` as '
            "notes; if the page says otherwise, set `dialect:` in the front matter or pass --dialect"
        )
    elif dialect is REMARK:
        assumption = (
            "remark's options are set in the HTML page; read `--` as an incremental step "
            "and `???` as notes; if the page says otherwise, set `dialect:` in the front matter or pass --dialect"
        )
    return Detection(dialect, reason, assumption, split, incremental)


def _presenterm_shorthand() -> Dialect:
    from dataclasses import replace

    return replace(PRESENTERM, rules=frozenset(("---", "***", "___")), any_rule=True)


def detect(
    lines: list[str], begin: int, data: Mapping[str, Any], asked: str | None = None
) -> Detection:
    """The dialect of the deck whose slides start at `lines[begin]`, with front matter `data`."""
    problem = ""
    for source, name in (("--dialect", asked), ("front matter `dialect:`", data.get("dialect"))):
        if name is None:
            continue
        chosen = dialect_named(str(name))
        if chosen is not None:
            return _with_rules(chosen, f"set by {source}", data, _collect(lines, begin))
        problem = (
            f"unknown dialect {str(name)!r} ({source}); use one of {', '.join(dialect_names())}"
        )
    signals = _collect(lines, begin)
    found = _front_matter_choice(data)
    first = signals.first
    if found is None and lines and lines[0].startswith("%title:"):
        found = (MDP, "the `%title:` header line")
    if found is None:
        found = _from_body(first, signals, data)
    detection = _with_rules(found[0], found[1], data, signals)
    return detection._replace(problem=problem) if problem else detection


_WHAT = {
    "presenterm": "presenterm's `<!-- end_slide -->`",
    "remark": "remark's `???` or slide properties",
    "revealjs": "reveal.js's `.slide:` / `.element:`",
    "patat": "patat's `<!--config:`",
    "lookatme": "lookatme's `<!-- stop -->`",
    "slidev": "Slidev's per-slide front matter or `v-click`",
    "mdp": "mdp's `-> centred <-` lines",
    "slides": "slides' `~~~command` block",
    "note": "reveal.js's `Note:`",
    "dots": "patat's `. . .`",
}
_BY_NAME = {
    "presenterm": PRESENTERM,
    "remark": REMARK,
    "revealjs": REVEALJS,
    "patat": PATAT,
    "lookatme": LOOKATME,
    "slidev": SLIDEV,
    "mdp": MDP,
    "slides": SLIDES,
    "note": REVEALJS,
    "dots": PATAT,
}
# Signs only one tool uses; `Note:` and `. . .` are weaker (prose and other tools use them).
_STRONG = ("presenterm", "remark", "revealjs", "patat", "lookatme", "slidev", "mdp", "slides")


def _from_body(
    first: dict[str, int], signals: _Signals, data: Mapping[str, Any]
) -> tuple[Dialect, str]:
    def at(name: str) -> str:
        return f"{_WHAT[name]} on line {first[name]}"

    if "presenterm" in first and signals.ends > signals.rules:
        return PRESENTERM, at("presenterm")
    if "presenter" in first:
        return PRESENTER, f"presenter's own directives on line {first['presenter']}"
    if "duration" in data:
        return PRESENTER, "front matter `duration:`"
    strong = [name for name in _STRONG if name in first and name != "presenterm"]
    if len(strong) > 1:
        shown = ", ".join(at(name) for name in sorted(strong, key=first.__getitem__)[:2])
        return (
            PRESENTER,
            f"signs of several tools ({shown}), all of which presenter's own format reads",
        )
    if strong:
        return _BY_NAME[strong[0]], at(strong[0])
    weak = [name for name in ("note", "dots") if name in first]
    if len(weak) == 1:
        return _BY_NAME[weak[0]], at(weak[0])
    if weak:
        return PRESENTER, "both `Note:` and `. . .`, which presenter's own format reads"
    if "presenterm" in first:
        return PRESENTER, "both `<!-- end_slide -->` and `---` separators"
    return PRESENTER, "no other tool's signs"
