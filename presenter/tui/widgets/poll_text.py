"""Text from outside (a deck's poll, a phone's suggestion) made safe to show.

Everything a poll widget shows that the presenter did not type into the code
goes through `safe_content`: the project's one rule for outside text
(`presenter.outside_text`) removes terminal control sequences (so a
suggestion can never move the cursor, retitle the window or ring the bell),
the length is capped, and the result is a plain `Content`, never markup, so
`[bold]` or `[link=...]` is shown exactly as it was typed.
"""

from __future__ import annotations

from textual.content import Content

from presenter.outside_text import clean_text as _clean_outside

SUGGESTION_LIMIT = 280
"""The longest suggestion shown (and accepted), in characters."""


def clean_text(text: str, *, limit: int | None = SUGGESTION_LIMIT, one_line: bool = True) -> str:
    """`text` cleaned by the one rule (`presenter.outside_text`), one line by default,
    capped at `limit` characters."""
    return _clean_outside(text, one_line=one_line, limit=limit)


def safe_content(text: str, *, limit: int | None = SUGGESTION_LIMIT, style: str = "") -> Content:
    """`clean_text(text)` as plain `Content` (markup is never parsed)."""
    return Content.styled(clean_text(text, limit=limit), style)
