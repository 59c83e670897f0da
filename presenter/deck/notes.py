"""Line rules for speaker notes written as text: remark's `???` and reveal.js's `Note:`.

Everything after such a line, up to the next step or the end of the slide, is
notes; `Note:` may carry text on its own line. Which markers count depends on the
dialect (`Dialect.text_notes`). HTML-comment notes are told apart in `directives`.
"""

from __future__ import annotations

import re

_NOTE_LINE = re.compile(r"notes?:", re.IGNORECASE)


ALL_MARKERS = frozenset(("???", "note"))


def notes_start(line: str, markers: frozenset[str] = ALL_MARKERS) -> str | None:
    """The notes text on `line` when it starts the notes section, else None."""
    first = line[:1]
    if first == "?":
        return "" if "???" in markers and line.rstrip() == "???" else None
    if first in "Nn" and "note" in markers:
        match = _NOTE_LINE.match(line)
        if match:
            return line[match.end() :].strip()
    return None
