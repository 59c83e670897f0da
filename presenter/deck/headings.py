"""Cutting slides before headings: patat's slide level, lookatme's smart split,
Marp's headingDivider and presenterm's implicit slide ends."""

from __future__ import annotations

from typing import NamedTuple


class HeadingSplit(NamedTuple):
    """Cutting slides before headings: patat's slide level, lookatme's smart split, Marp's
    headingDivider (`levels`). Headings are (line index, level, index of its last line)."""

    rule: str
    """`patat`, `lookatme`, `divider` or `setext`."""
    levels: frozenset[int] = frozenset()
    """The levels that start a slide; empty: worked out from the headings."""
    always: bool = False
    """Cut at headings even when the deck has rules (Marp)."""

    def starts(self, headings: list[tuple[int, int, int]], lines: list[str]) -> list[int]:
        if self.rule == "setext":
            # presenterm's implicit_slide_ends: a slide title (setext heading) starts a slide.
            return [index for index, _, last in headings if last != index]
        if self.rule == "divider":
            return [index for index, level, _ in headings if level in self.levels]
        if self.rule == "lookatme":
            present = sorted({level for _, level, _ in headings})
            top = present[0]
            once = sum(1 for _, level, _ in headings if level == top) == 1
            split = present[1] if once and len(present) > 1 else top
            return [index for index, level, _ in headings if level == split]
        level = min(self.levels) if self.levels else _patat_level(headings, lines)
        return [index for index, found, _ in headings if found <= level]


def _patat_level(headings: list[tuple[int, int, int]], lines: list[str]) -> int:
    """patat's slide level: the least heading level followed by something not a heading."""
    starts = {index for index, _, _ in headings}
    level = 6
    count = len(lines)
    for _, found, last in headings:
        if found >= level:
            continue
        following = last + 1
        while following < count:
            text = lines[following].strip()
            if text and not (text.startswith("<!--") and text.endswith("-->")):
                break
            following += 1
        if following < count and following not in starts:
            level = found
    return level
