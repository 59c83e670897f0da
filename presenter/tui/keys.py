"""Keys in the order they were typed: held while the talk is not ready, merged in bursts.

`KeyOrder` is a mixin for the app. On the screens that present (the slides
and the console, `MERGES_NAVIGATION`), every key press runs its binding as
it reaches the app, in the order typed, rather than on the usual round trip
through the focused widget (where Home or a typed number would be overtaken
by the arrow keys queued behind it). The binding is found with Textual's
public `Screen.active_bindings` (which asks each `check_action`) and run
with `App.run_action`.

Two things bend the order without breaking it:

- Holding: on a poll slide, what a key means depends on the poll's state
  (a digit is a vote on an open poll, part of a slide number otherwise). Until
  that state is known (the store is still opening), such a key and every key
  after it are held, and replayed in order once it is (`release_keys`).
- Merging: a clicker held down, or a presenter hammering Right, sends key
  presses faster than frames are drawn. Navigation keys are added up and
  applied as one move by a callback queued behind them (`call_later`), so a
  burst of 249 presses costs one move and one paint. Any other key applies
  the burst before itself.
"""

from __future__ import annotations

from collections import deque

from textual import events

from presenter.tui.state import PresenterState

NEXT_KEYS = ("right", "down", "space", "n", "l", "pagedown")
PREVIOUS_KEYS = ("left", "up", "backspace", "p", "h", "pageup")
_DIRECTION = {**{k: 1 for k in NEXT_KEYS}, **{k: -1 for k in PREVIOUS_KEYS}}

ESCAPE_THEN_DIGIT = {"¡": "1", "™": "2", "£": "3", "¢": "4", "∞": "5"}
ESCAPE_THEN_DIGIT |= {"§": "6", "¶": "7", "•": "8", "ª": "9", "º": "0"}
"""Escape and a digit typed quickly reach the app in one read, which Textual reads
as Alt (Option) plus the digit, a character no presenter key uses: it is taken as
the two keys it was."""


def direction(key: str) -> int:
    """+1 for a next key, -1 for a previous key, 0 for anything else."""
    return _DIRECTION.get(key, 0)


class KeyOrder(PresenterState):
    """Key handling in typed order for the app (see the module docstring)."""

    def init_key_order(self) -> None:
        self._held: deque[events.Key] = deque()
        self._keys_ready = False
        self._burst = 0

    # Hooks the app provides --------------------------------------------------

    def key_needs_talk(self, key: str) -> bool:
        """True when what `key` does now depends on state the talk has not loaded yet."""
        raise NotImplementedError

    def key_is_navigation(self, key: str) -> int:
        """The move `key` makes here (+1, -1), or 0 when it is not a plain move now."""
        return direction(key)

    def before_key(self, key: str) -> bool:
        """Called for every key before its binding; True when the key was used up."""
        return False

    def move(self, count: int) -> None:
        raise NotImplementedError

    # -------------------------------------------------------------------------

    def release_keys(self) -> None:
        """The talk is ready: replay held keys in order (new keys queue behind them)."""
        self._keys_ready = True
        if self._held:
            self.call_later(self._replay_held)

    async def _replay_held(self) -> None:
        while self._held:
            await self._take_key(self._held.popleft())

    async def on_event(self, event: events.Event) -> None:
        if (
            isinstance(event, events.Key)
            and not event.is_forwarded
            and (self._held or self._presenting())
        ):
            if not self._held and not self.key_is_navigation(event.key):
                self.apply_burst()  # the moves typed before this key come first
            if self._held or (not self._keys_ready and self.key_needs_talk(event.key)):
                self._held.append(event)
                return
            await self._take_key(event)
            return
        await super().on_event(event)

    def _presenting(self) -> bool:
        """True on the slides and the console (not in a dialog, nor before a screen is up)."""
        stack = self.screen_stack
        return bool(stack) and bool(getattr(stack[-1], "MERGES_NAVIGATION", False))

    async def _take_key(self, event: events.Key) -> None:
        if event.character in ESCAPE_THEN_DIGIT:
            digit = ESCAPE_THEN_DIGIT[event.character]
            await self._take_key(events.Key("escape", "\x1b"))
            await self._take_key(events.Key(digit, digit))
            return
        key = event.key
        step = self.key_is_navigation(key) if self._presenting() else 0
        if step:
            if self.before_key(key):
                return
            if not self._burst:
                self.call_later(self.apply_burst)
            self._burst += step
            return
        self.apply_burst()
        if self.before_key(key):
            return
        if not self._presenting():
            # A dialog opened by an earlier key: the key is the dialog's.
            await super().on_event(event)
            return
        active = self.screen.active_bindings.get(key)
        if (
            active is not None
            and active.enabled
            and await self.run_action(active.binding.action, active.node)
        ):
            return
        await super().on_event(event)

    def apply_burst(self) -> None:
        """Apply the navigation keys added up so far as one move."""
        count, self._burst = self._burst, 0
        if count:
            self.move(count)
