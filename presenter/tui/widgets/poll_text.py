"""Text from outside (a deck's poll, a phone's suggestion) made safe to show.

Everything a poll widget shows that the presenter did not type into the code
goes through `safe_content`: terminal control sequences are removed (so a
suggestion can never move the cursor, retitle the window or ring the bell),
the length is capped, and the result is a plain `Content`, never markup, so
`[bold]` or `[link=...]` is shown exactly as it was typed.
"""

from __future__ import annotations

import re
import unicodedata

from textual.content import Content

SUGGESTION_LIMIT = 280
"""The longest suggestion shown (and accepted), in characters."""

# Whole escape sequences first, so their parameters do not linger as noise:
# CSI (ESC [ or the 8-bit 0x9B), OSC/DCS/SOS/PM/APC strings (ended by BEL or
# ST), then any other two-character ESC sequence.
_SEQUENCES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[@-~]?"
)
# Bidirectional overrides can make text read differently from what it is.
_BIDI = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def clean_text(text: str, *, limit: int | None = SUGGESTION_LIMIT, one_line: bool = True) -> str:
    """`text` without control characters (C0, DEL, C1) and escape sequences.

    With `one_line`, newlines and tabs become spaces and runs of spaces
    collapse; otherwise newlines and tabs are kept. The result is capped at
    `limit` characters (an ellipsis marks a cut).
    """
    text = _SEQUENCES.sub("", text).translate(_BIDI)
    kept = "" if one_line else "\n\t"
    text = "".join(
        ch if ch in kept or ch not in "\n\t\r" else " "
        for ch in text
        if ch in "\n\t\r" or unicodedata.category(ch) != "Cc"
    )
    if one_line:
        text = " ".join(text.split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def safe_content(text: str, *, limit: int | None = SUGGESTION_LIMIT, style: str = "") -> Content:
    """`clean_text(text)` as plain `Content` (markup is never parsed)."""
    return Content.styled(clean_text(text, limit=limit), style)
