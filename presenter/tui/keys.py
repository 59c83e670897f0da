"""Navigation keys, and merging a burst of them into one move.

A clicker held down, or a presenter hammering Right, sends key presses faster
than frames can be drawn. Through Textual's usual path every press is a
message routed to the screen and back to the app's bindings; here, a
navigation key that reaches the app while more navigation keys are already
queued behind it is merged with them into a single position change, so 249
presses cost one move and one paint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.message import Message

if TYPE_CHECKING:
    from presenter.tui.app import PresenterApp

NEXT_KEYS = ("right", "down", "space", "n", "l", "pagedown")
PREVIOUS_KEYS = ("left", "up", "backspace", "p", "h", "pageup")
_DIRECTION = {**{k: 1 for k in NEXT_KEYS}, **{k: -1 for k in PREVIOUS_KEYS}}


def direction(event: Message) -> int:
    """+1 for a next key, -1 for a previous key, 0 for anything else."""
    if isinstance(event, events.Key):
        return _DIRECTION.get(event.key, 0)
    return 0


def merges_here(app: PresenterApp, key: str) -> bool:
    """Whether the current screen takes navigation keys as the app's (no dialog,
    and no focused widget with its own binding for `key`)."""
    screen = app.screen
    if not getattr(screen, "MERGES_NAVIGATION", False):
        return False
    node = screen.focused
    while node is not None and node is not screen:
        if key in node._bindings.key_to_bindings:
            return False
        node = node.parent  # type: ignore[assignment]
    return True


def take_burst(app: PresenterApp, first: int) -> int:
    """The net move of `first` plus every navigation key queued right behind it
    (those are taken off the app's message queue)."""
    count = first
    while True:
        pending = app._peek_message()
        step = direction(pending) if pending is not None else 0
        if not step:
            return count
        # Consume the peeked message exactly as the message loop would.
        app._pending_message = None
        app._message_queue.task_done()
        count += step
