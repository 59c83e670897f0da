"""`BlankScreen`: an empty screen while the room looks at the speaker; any key returns."""

from __future__ import annotations

from textual import events
from textual.screen import ModalScreen


class BlankScreen(ModalScreen[None]):
    """Nothing at all. Any key or click dismisses it (the key is not passed on)."""

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        self.dismiss()

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.dismiss()
