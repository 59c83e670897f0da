"""Where the talk is: a slide among the shown ones and a step within it.

Pure navigation rules shared by the slide view, the presenter console, the
two-terminal sync and rehearsal recording, so they can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from presenter.deck.model import Deck


@dataclass(frozen=True, order=True)
class Position:
    """`slide` indexes `Deck.shown` (0-based); `step` counts revealed pauses (0-based)."""

    slide: int = 0
    step: int = 0


def clamp(deck: Deck, pos: Position) -> Position:
    """The nearest valid position (after a reload, or from an untrusted peer)."""
    shown = deck.shown
    if not shown:
        return Position(0, 0)
    slide = min(max(pos.slide, 0), len(shown) - 1)
    step = min(max(pos.step, 0), shown[slide].steps - 1)
    return Position(slide, step)


def next_position(deck: Deck, pos: Position) -> Position:
    """The next step, or the next slide's first step; the end stays put."""
    shown = deck.shown
    pos = clamp(deck, pos)
    if not shown:
        return pos
    if pos.step + 1 < shown[pos.slide].steps:
        return Position(pos.slide, pos.step + 1)
    if pos.slide + 1 < len(shown):
        return Position(pos.slide + 1, 0)
    return pos


def previous_position(deck: Deck, pos: Position) -> Position:
    """The previous step, or the previous slide fully revealed; the start stays put."""
    shown = deck.shown
    pos = clamp(deck, pos)
    if pos.step > 0:
        return Position(pos.slide, pos.step - 1)
    if pos.slide > 0:
        return Position(pos.slide - 1, shown[pos.slide - 1].steps - 1)
    return pos


def first_position(deck: Deck) -> Position:
    return Position(0, 0)


def last_position(deck: Deck) -> Position:
    """The last slide, fully revealed."""
    shown = deck.shown
    if not shown:
        return Position(0, 0)
    return Position(len(shown) - 1, shown[-1].steps - 1)


def goto_slide(deck: Deck, number: int) -> Position:
    """Slide `number` as the footer counts it (1-based), at its first step."""
    return clamp(deck, Position(number - 1, 0))


def advance(deck: Deck, pos: Position, count: int) -> Position:
    """Move `count` steps forward (negative: back) in one go; used to merge key bursts."""
    move = next_position if count > 0 else previous_position
    for _ in range(abs(count)):
        new = move(deck, pos)
        if new == pos:
            break
        pos = new
    return pos
