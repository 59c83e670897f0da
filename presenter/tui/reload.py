"""Live reload: take a saved deck only when it is whole and good, and keep the place.

The rule (docs/presenting.md repeats it):

- A save is taken once the file has stopped changing: its size and
  modification time the same over `SETTLE_S` (about 150 ms), so an editor's
  half-written file is never read (`DeckWatcher`).
- It is applied only if it loads with no errors into a deck with slides
  (`load_for_reload`). Otherwise the last good deck stays on screen and the
  presenter gets one line saying why, with no path (`ReloadRefused.reason`).
- The talk stays on its slide, found by title and then by index
  (`position_after_reload`). A save that loses that slide (half a file, a
  slide cut to be pasted back) moves the talk only for now: `PlaceKeeper`
  remembers the slide the presenter was on and goes back to it when a later
  save has it again, unless the presenter has moved since.

Pure Python (no Textual): the app polls `DeckWatcher.changed()` on a timer and
loads the file in a worker when it says so.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from presenter.deck.model import Deck, DeckError
from presenter.deck.position import Position, clamp

SETTLE_S = 0.15
"""How long a saved file must stay the same before it is read."""
POLL_S = 0.05
"""How often the app looks at the file (a `stat`, nothing more)."""

Stamp = tuple[int, int, int] | None


def _stamp(path: Path) -> Stamp:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size, info.st_ino)


class DeckWatcher:
    """Compares the file's modification time, size and inode over time;
    `changed()` is True once per change, when the file has settled."""

    def __init__(
        self,
        path: Path,
        *,
        clock: Callable[[], float] = time.monotonic,
        settle_s: float = SETTLE_S,
    ) -> None:
        self.path = path
        self._clock = clock
        self._settle_s = settle_s
        self._taken = _stamp(path)
        self._seen: Stamp = self._taken
        self._seen_since = clock()

    def changed(self) -> bool:
        """True once per change, when the file has looked the same for `settle_s`.

        A file that disappears (mid-save) is not a change yet."""
        stamp = _stamp(self.path)
        now = self._clock()
        if stamp != self._seen:
            self._seen, self._seen_since = stamp, now
            return False
        if stamp is None or stamp == self._taken or now - self._seen_since < self._settle_s:
            return False
        self._taken = stamp
        return True


@dataclass(frozen=True)
class ReloadRefused:
    """A save that is not applied, and the one line that says why (no path)."""

    reason: str


def load_for_reload(path: Path, dialect: str | None = None) -> Deck | ReloadRefused:
    """The saved deck if it can be presented, else why not: a broken save is news, not a failure."""
    from presenter.deck.load import load_deck

    try:
        deck = load_deck(path, dialect)
    except DeckError as error:
        return ReloadRefused(_reason(error, path))
    if not deck.shown:
        return ReloadRefused("Deck not reloaded: the saved file has no slides to show.")
    return deck


def _reason(error: DeckError, path: Path) -> str:
    first = error.errors[0]
    message = first.message
    for name in (first.path, str(path), str(Path(path).resolve())):
        message = message.replace(name, path.name)
    more = len(error.errors) - 1
    also = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return f"Deck not reloaded: line {first.line}: {message}{also}."


def position_after_reload(old: Deck, new: Deck, position: Position) -> Position:
    """The same slide in the new deck: by index when its title is unchanged there,
    else the nearest slide with the same title (slides were added or removed
    before it), else the same index."""
    if not old.shown or not new.shown:
        return clamp(new, position)
    index = min(position.slide, len(old.shown) - 1)
    found = _find(new, old.shown[index].title, index)
    return clamp(new, Position(found if found is not None else index, position.step))


def _find(deck: Deck, title: str, index: int) -> int | None:
    """The shown slide titled `title`: at `index` if it is there, else the nearest."""
    if index < len(deck.shown) and deck.shown[index].title == title:
        return index
    matches = [i for i, slide in enumerate(deck.shown) if slide.title == title]
    return min(matches, key=lambda i: abs(i - index)) if matches else None


@dataclass(frozen=True)
class _Intended:
    title: str
    position: Position


class PlaceKeeper:
    """Where the talk goes after each applied save, remembering the slide a bad
    save took it away from (see the module docstring)."""

    def __init__(self) -> None:
        self._intended: _Intended | None = None
        self._placed: Position | None = None

    def place(self, old: Deck, new: Deck, position: Position) -> Position:
        """Where the talk goes in `new`, from `position` in `old`."""
        if self._intended is not None and position != self._placed:
            self._intended = None  # the presenter moved on since: that is the place now
        if self._intended is None:
            if not old.shown:
                self._placed = clamp(new, position)
                return self._placed
            index = min(position.slide, len(old.shown) - 1)
            self._intended = _Intended(old.shown[index].title, Position(index, position.step))
        intended = self._intended
        found = _find(new, intended.title, intended.position.slide)
        if found is None:
            self._placed = clamp(new, intended.position)  # for now; remembered
        else:
            self._placed = clamp(new, Position(found, intended.position.step))
            self._intended = None
        return self._placed
