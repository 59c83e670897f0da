"""The talk's part in a shared event (`--store URL --event NAME --room LABEL`).

The projected talk links its session to the event and starts the room's
forwarder; the console (which records nothing) only reads the event's tally.
When the shared store becomes unreachable, the presenter is told once per
outage, with the number of ballots waiting; voting goes on locally, and the
backlog drains when the database returns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from presenter.shared.forwarder import ForwarderStatus
from presenter.shared.room import SharedRoom

if TYPE_CHECKING:
    from presenter.session import SessionRecord
    from presenter.store import Store
    from presenter.tui.app import PresenterApp


def offline_notice(waiting: int) -> str:
    noun = "ballot" if waiting == 1 else "ballots"
    return f"Shared tally offline, {waiting} {noun} waiting."


class SharedLink:
    """Opens the shared room (in the talk's store thread) and reports its outages."""

    def __init__(self, app: PresenterApp) -> None:
        self.app = app
        self.room: SharedRoom | None = None
        self._offline_told = False

    def open(self, store: Store, session: SessionRecord | None, *, records: bool) -> None:
        target = self.app.options.shared
        if target is None:
            return
        if records and session is not None:
            self.room = SharedRoom.join(
                store, session.id, target, self.app.options.deck_path, on_status=self._status
            )
        else:
            self.room = SharedRoom.reading(store, target)

    def _status(self, status: ForwarderStatus) -> None:
        """From the forwarder thread: one notice per outage, one when it is over."""
        if status.online:
            if self._offline_told:
                self._offline_told = False
                self.app.call_from_thread(
                    self.app.tell, "Shared tally back online.", title="Shared tally"
                )
            return
        if self._offline_told:
            return
        self._offline_told = True
        if status.refused:
            text = f"Shared tally refused: {status.problem}"
        else:
            text = offline_notice(status.waiting)
        self.app.call_from_thread(self.app.tell, text, title="Shared tally", severity="warning")

    def close(self) -> None:
        if self.room is not None:
            self.room.close()
            self.room = None
