"""Plain change listeners, for state that lives outside Textual's reactives.

The talk (timer, link, store) and the phone-vote link change on their own
schedule; the widgets that show them subscribe and are told when to look again.
"""

from __future__ import annotations

from collections.abc import Callable

Listener = Callable[[], None]


class Listened:
    """Something widgets can subscribe to with `add_listener`."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def add_listener(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _notify_listeners(self) -> None:
        for listener in list(self._listeners):
            listener()
