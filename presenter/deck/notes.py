"""Line rules for speaker notes written as text: remark's `???` and reveal.js's `Note:`.

Everything after such a line (to the end of the slide) is notes; `Note:` may carry
text on its own line. HTML-comment notes are told apart in `directives`.
"""

from __future__ import annotations

import re

_NOTE_LINE = re.compile(r"notes?:", re.IGNORECASE)


def notes_start(line: str) -> str | None:
    """The notes text on `line` when it starts the notes section, else None."""
    first = line[:1]
    if first == "?":
        return "" if line.rstrip() == "???" else None
    if first in "Nn":
        match = _NOTE_LINE.match(line)
        if match:
            return line[match.end() :].strip()
    return None
