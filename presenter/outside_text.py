"""The one rule for text that came from outside: deck text, a phone's suggestion, a stored label.

Whatever shows such text (the terminal UI, a report printed to a terminal, the
phone page) first passes it through `clean_text`. The rule:

Stripped (silently, because the rest of the text is still worth showing):

- terminal escape sequences, whole: CSI (`ESC [` or 0x9B) with its parameters,
  OSC/DCS/SOS/PM/APC strings up to their terminator, any other `ESC x` pair;
- every other control character: C0 except newline and tab, DEL, C1;
- bidirectional embeddings, overrides and isolates (U+202A-U+202E,
  U+2066-U+2069), which make text read differently from what it is;
- lone surrogates (not text at all), non-characters (U+FDD0-U+FDEF and the last
  two code points of every plane, such as U+FFFE and U+FFFF) and code points
  unassigned in the running Python's Unicode database: a terminal draws them
  as a box or a stray `│` of unknown width.

Kept: every assigned character, private-use ones included (icon fonts), and
newlines and tabs (`one_line` turns every run of white space into one space).
Carriage returns become newlines.

Nothing is *refused* here. Refusing is the business of whoever accepts text:
a phone's suggestion is refused when it is empty after cleaning or longer than
280 characters (`presenter.polls.suggestions.clean_suggestion`). Markup is not
touched either: `[bold]` and `<script>` stay as typed, and whoever shows the
text escapes it for its medium (plain Rich/Textual content, HTML escaping).
"""

from __future__ import annotations

import re
import unicodedata

# Whole escape sequences first, so their parameters do not linger as noise.
_SEQUENCES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[@-~]?"
)
# Controls (C0 but newline and tab, DEL, C1), bidi controls, surrogates, and
# the non-characters of the Basic Multilingual Plane; other planes' last two
# code points are caught by the category test below.
_FIXED = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
_SPACE_RUNS = re.compile(r"\s+")


def _assigned(ch: str) -> bool:
    return ch < "\u0370" or unicodedata.category(ch) != "Cn"


def clean_text(text: str, *, one_line: bool = False, limit: int | None = None) -> str:
    """`text` with what the rule above strips removed.

    `one_line`: newlines, tabs and runs of white space become single spaces
    and the ends are trimmed. `limit`: at most that many characters, a cut
    marked with an ellipsis.
    """
    if "\x1b" in text or "\x9b" in text or any("\x90" <= ch <= "\x9f" for ch in text):
        text = _SEQUENCES.sub("", text)
    text = _FIXED.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.isascii():
        text = "".join(ch for ch in text if _assigned(ch))
    if one_line:
        text = _SPACE_RUNS.sub(" ", text).strip()
    if limit is not None and len(text) > limit:
        text = text[: max(0, limit - 1)].rstrip() + "…"
    return text


__all__ = ["clean_text"]
