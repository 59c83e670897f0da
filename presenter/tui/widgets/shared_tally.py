"""The shared event's line under a poll: "Event total · N rooms", and per room in the console.

Shown only when the talk counts into a shared event (`--store`). A thread
worker reads the other rooms' counters at most 10 times a second while the
poll is on screen (the timer stops with the widget); when they changed, it
says so through the poll desk, and the poll view re-reads its snapshot, which
then counts the whole event.
"""

from __future__ import annotations

from weakref import WeakSet

from textual.content import Content
from textual.widgets import Static

from presenter.deck.model import Poll
from presenter.shared.room import SharedRoom
from presenter.shared.tally import SharedTally
from presenter.tui.background import run_in_background
from presenter.tui.poll_desk import PollDesk
from presenter.tui.shared_link import offline_notice
from presenter.tui.widgets.poll_text import safe_content

REFRESH_S = 0.1
"""At most 10 reads a second of the shared store, only while a poll is shown."""
ROOM_LIMIT = 24
_TOLD: WeakSet[SharedRoom] = WeakSet()
"""Rooms whose current outage the presenter has been told of."""


class SharedTallyLine(Static):
    """How many rooms count into this poll (and, in the console, how many voters each)."""

    DEFAULT_CSS = """
    SharedTallyLine {
        color: $text-muted;
        width: 100%;
        height: auto;
    }
    """

    def __init__(self, desk: PollDesk, poll: Poll) -> None:
        super().__init__("", id="poll-shared")
        self.desk = desk
        self.poll = poll

    def on_mount(self) -> None:
        self.display = False
        if self.desk.shares:
            self.set_interval(REFRESH_S, self._refresh, name="shared-tally")

    def _refresh(self) -> None:
        if self.desk.shared_room() is None:
            return  # the talk opens its store (and the shared room) after the first frame
        run_in_background(
            self, self._read, what="reading the shared tally", group="shared-tally", thread=True
        )

    def _read(self) -> None:
        from presenter.polls.tally import tally

        room = self.desk.shared_room()
        votes, session_id = self.desk.votes, self.desk.session_id
        if room is None:
            return
        changed = room.reader.refresh(self.poll)
        local = tally(votes, session_id, self.poll) if votes and session_id is not None else None
        shared = room.reader.combine(self.poll, local) if local is not None else None
        online = room.reader.online
        # The console (no forwarder in its process) tells the presenter of an outage itself.
        waiting = room.waiting() if not online and room.forwarder is None else None
        self.app.call_from_thread(self._show, shared, online, changed, waiting)

    def _show(
        self, shared: SharedTally | None, online: bool, changed: bool, waiting: int | None
    ) -> None:
        room = self.desk.shared_room()
        if waiting is not None and room is not None and room not in _TOLD:
            _TOLD.add(room)  # once per outage, however many poll views are up
            self.app.tell(  # type: ignore[attr-defined]
                offline_notice(waiting), title="Shared tally", severity="warning"
            )
        if online and room is not None:
            _TOLD.discard(room)
        self.display = shared is not None
        if shared is not None:
            rooms = "room" if shared.room_count == 1 else "rooms"
            line = Content(f"Event total · {shared.room_count} {rooms}")
            if not online:
                line += Content(" · shared tally offline")
            if self.app.current_mode == "console":
                for name, part in shared.rooms.items():
                    line += Content(" · ") + safe_content(name, limit=ROOM_LIMIT)
                    line += Content(f" {part.voters}")
            self.update(line)
        if changed:
            self.desk.changed(self.poll.id)
