"""Live reload: notice that the deck file changed, and keep the presenter's place.

Pure Python (no Textual): the app polls `DeckWatcher.changed()` on a timer and
loads the file again in a worker when it says so.
"""

from __future__ import annotations

import os
from pathlib import Path

from presenter.deck.model import Deck, DeckError
from presenter.deck.position import Position, clamp

Stamp = tuple[int, int, int] | None


def _stamp(path: Path) -> Stamp:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size, info.st_ino)


class DeckWatcher:
    """Remembers the file's modification time, size and inode; `changed()` compares."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stamp = _stamp(path)

    def changed(self) -> bool:
        """True once per change. A file that disappears (mid-save) is not a change yet."""
        stamp = _stamp(self.path)
        if stamp is None or stamp == self._stamp:
            return False
        self._stamp = stamp
        return True


def position_after_reload(old: Deck, new: Deck, position: Position) -> Position:
    """The same slide in the new deck: by index when its title is unchanged there,
    else the nearest slide with the same title (slides were added or removed
    before it), else the same index."""
    if not old.shown or not new.shown:
        return clamp(new, position)
    index = min(position.slide, len(old.shown) - 1)
    title = old.shown[index].title
    if index < len(new.shown) and new.shown[index].title == title:
        return clamp(new, Position(index, position.step))
    matches = [i for i, slide in enumerate(new.shown) if slide.title == title]
    if matches:
        nearest = min(matches, key=lambda i: abs(i - index))
        return clamp(new, Position(nearest, position.step))
    return clamp(new, position)


def load_or_error(path: Path, dialect: str | None = None) -> Deck | DeckError:
    """The deck, or what is wrong with it: a broken save is news, not a failure."""
    from presenter.deck.load import load_deck

    try:
        return load_deck(path, dialect)
    except DeckError as error:
        return error


def reload_error_text(error: DeckError, shown: int = 5) -> str:
    """What the presenter reads after a broken save: the first problems, by line."""
    lines = [str(e) for e in error.errors[:shown]]
    if len(error.errors) > shown:
        lines.append(f"... and {len(error.errors) - shown} more")
    lines.append("Still showing the last good version.")
    return "\n".join(lines)
