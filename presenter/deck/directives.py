"""What an HTML comment in a slide means: a directive, another tool's directive, or notes.

Ours: `pause` (also lookatme's `stop`), `time: 90s`, `skip` (also presenterm's
`skip_slide`), `layout: top|center` (where a short slide sits), `speaker_note:
text` (presenterm; also a multi-line YAML body with a `speaker_note:` key).
Other tools' directives are recognised so they are never shown and never
become notes: patat `config:`, reveal.js `.slide:`/`.element:`, Marp's
directive keys (with or without a leading `_`), presenterm's layout commands and
presenterm's `// comment`. Any other comment is the author's note (Marp, Slidev,
patat put speaker notes in comments).
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

from presenter.deck.dialects import PRESENTER, Dialect

Action = Literal["pause", "time", "skip", "note", "speaker_note", "ignore", "incremental", "layout"]

MARP_KEYS = frozenset(
    (
        "paginate",
        "header",
        "footer",
        "class",
        "backgroundColor",
        "backgroundImage",
        "backgroundPosition",
        "backgroundRepeat",
        "backgroundSize",
        "color",
        "theme",
        "size",
        "style",
        "headingDivider",
        "transition",
        "math",
        "lang",
        "marp",
    )
)
PRESENTERM_KEYS = frozenset(
    (
        "column_layout",
        "column",
        "new_lines",
        "newlines",
        "list_item_newlines",
        "font_size",
        "alignment",
        "include",
        "snippet_output",
        "incremental_lists",
    )
)
PRESENTERM_WORDS = frozenset(
    (
        "jump_to_middle",
        "reset_layout",
        "incremental_lists",
        "list_item_newlines",
        "no_footer",
        "new_line",
        "newline",
        "end_slide",
        "fit",
    )
)
PAUSE_WORDS = frozenset(("pause", "stop"))
SKIP_WORDS = frozenset(("skip", "skip_slide"))
_REMARK_PROPERTY = re.compile(r"[-\w]+:")
_KEY_VALUE = re.compile(r"(_?[A-Za-z][\w-]*)\s*:\s*(.*?)\s*$")
_IGNORED_PREFIXES = (".slide:", ".element:", "//", "comment:")


class Directive(NamedTuple):
    """`value` is the note text or the raw time; `offset` is where the value starts in the body."""

    action: Action
    value: str = ""
    offset: int = 0


IGNORE = Directive("ignore")
PAUSE = Directive("pause")
SKIP = Directive("skip")


def _known_key(key: str) -> bool:
    bare = key[1:] if key.startswith("_") else key
    return (
        bare in MARP_KEYS
        or key in PRESENTERM_KEYS
        or key in ("time", "skip_slide", "skip", "layout")
    )


def classify(body: str, dialect: Dialect = PRESENTER) -> list[Directive]:
    """The meaning of a comment whose text between `<!--` and `-->` is `body`.

    patat: `<!--config:` (no space) is configuration, `<!-- config:` is notes.
    """
    text = body.strip()
    if not text or body.startswith("config:"):
        return [IGNORE]
    lowered = text.lower()
    if lowered in PAUSE_WORDS:
        return [PAUSE]
    if lowered in SKIP_WORDS:
        return [SKIP]
    if lowered in PRESENTERM_WORDS:
        return [IGNORE]
    if text.startswith(_IGNORED_PREFIXES):
        return [IGNORE]
    if text.startswith("speaker_note:"):
        return [_speaker_note(body)]
    directives = _key_values(body)
    if directives is not None:
        return directives
    if dialect.name == "remark" and "\n" not in text and _REMARK_PROPERTY.match(text):
        return [IGNORE]  # remark reads `<!-- key: value -->` as a slide property
    return [Directive("note", _dedent(body))]


def _key_values(body: str) -> list[Directive] | None:
    """Directives when every line of `body` is a known `key: value`; None otherwise."""
    found: list[Directive] = []
    offset = 0
    for raw in body.split("\n"):
        line = raw.strip()
        if line:
            if line.lower() in PRESENTERM_WORDS:
                found.append(IGNORE)
            else:
                match = _KEY_VALUE.match(line)
                if match is None or not _known_key(match.group(1)):
                    return None
                key, value = match.group(1), match.group(2) or ""
                if key == "time":
                    value_offset = offset + raw.find(line) + match.start(2)
                    found.append(Directive("time", value, value_offset))
                elif key in SKIP_WORDS and value.lower() not in ("false", "no", "off"):
                    found.append(SKIP)
                elif key == "incremental_lists":
                    found.append(Directive("incremental", value.lower()))
                elif key == "layout":
                    found.append(Directive("layout", value.lower()))
                else:
                    found.append(IGNORE)
        offset += len(raw) + 1
    return found or None


def _speaker_note(body: str) -> Directive:
    """presenterm's `speaker_note: text`, on one line or as a YAML block."""
    text = body.strip()
    value = text[len("speaker_note:") :].strip()
    if "\n" in text or value[:1] in ("|", ">", '"', "'"):
        from presenter.deck.yamltext import YamlProblem, load_yaml

        try:
            data = load_yaml(_dedent(body))
        except YamlProblem:
            data = None
        if isinstance(data, dict) and "speaker_note" in data:
            note = data["speaker_note"]
            if isinstance(note, list):
                return Directive("speaker_note", "\n".join(str(item) for item in note))
            return Directive("speaker_note", "" if note is None else str(note).strip())
    return Directive("speaker_note", value)


def _dedent(text: str) -> str:
    import textwrap

    return textwrap.dedent(text).strip()
