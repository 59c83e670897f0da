"""`AudienceLink`: the phone vote server of a running app, started on demand.

`presenter DECK --audience [HOST:]PORT` starts it when the app mounts; `w`
starts it later (or shows its address again). It runs in the app's own event
loop on the talk's store and session, tells the poll desk when phones stored
ballots or suggestions (so the bars and the moderation queue re-read the
store), and hears from the desk when the presenter opened or closed a poll (so
phones switch at once). Views that show the address (`AudiencePanel`)
subscribe to its `audience_changed` signal (a Textual `Signal`). Ballots the server flags as possible stuffing
are announced to the presenter; `X` (or "Exclude flagged ballots" in the
command palette) excludes them from the tally.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.signal import Signal

from presenter.options import AudienceAddress

if TYPE_CHECKING:
    from presenter.audience.server import AudienceServer
    from presenter.audience.stuffing import StuffingFlag
    from presenter.deck.model import Deck
    from presenter.tui.app import PresenterApp


class AudienceLink:
    """Starts, shows and stops the vote server for one app."""

    def __init__(self, app: PresenterApp) -> None:
        self.app = app
        self.audience_changed: Signal[None] = Signal(app, "audience-changed")
        """Published when the server started, stopped or failed."""
        self.server: AudienceServer | None = None
        self.problem: str | None = None
        self.flagged_polls: set[str] = set()
        """Polls with ballots flagged as possible stuffing, not yet excluded."""
        self._starting = False

    @property
    def running(self) -> bool:
        return self.server is not None

    async def start(self, address: AudienceAddress | None = None) -> None:
        """Start the server (once); a problem is one notification, never a crash."""
        if self.server is not None:
            self._announce()
            return
        if self._starting:
            return
        self._starting = True
        try:
            await self._start(address or self.app.options.audience or AudienceAddress())
        finally:
            self._starting = False

    async def _start(self, address: AudienceAddress) -> None:
        from presenter.audience.server import (
            Audience,
            AudienceError,
            AudienceEvents,
            AudienceServer,
        )

        app = self.app
        talk = app.talk
        await talk.started()  # the store and session are opened off the key path
        if talk.store is None or talk.session is None:
            why = talk.store_problem or "no talk session is running"
            self._fail(f"Phone votes need the vote store: {why}.")
            return
        desk = app.poll_desk
        audience = Audience(
            app.deck,
            talk.store,
            talk.session.id,
            clock=app.clock,
            events=AudienceEvents(
                votes_changed=self._tell_desk,
                suggestion_arrived=lambda suggestion: self._tell_desk(suggestion.poll_id),
                problem=self._server_problem,
                stuffing_suspected=self._stuffing_suspected,
            ),
        )
        server = AudienceServer(audience)
        try:
            await server.start(address.host, address.port)
        except AudienceError as error:
            self._fail(str(error))
            return
        self.server = server
        self.problem = None
        desk.poll_changed.subscribe(app, self._desk_changed)
        app.watch(app, "deck", self._deck_changed, init=False)
        self._announce()
        self.audience_changed.publish(None)

    async def stop(self) -> None:
        server, self.server = self.server, None
        if server is None:
            return
        self.app.poll_desk.poll_changed.unsubscribe(self.app)
        await server.stop()
        self.audience_changed.publish(None)

    # -- what the server and the desk say ---------------------------------------------

    def _tell_desk(self, poll_id: str) -> None:
        # A notice can arrive from the server's thread after `stop()` began: the
        # views may be leaving the screen, so it is dropped.
        if self.server is not None and self.app.is_running:
            self.app.poll_desk.changed(poll_id)

    def _desk_changed(self, poll_id: str | None) -> None:
        if self.server is not None:
            self.server.poll_state_changed()

    def _deck_changed(self, deck: Deck) -> None:
        if self.server is not None:
            self.server.set_deck(deck)

    def _stuffing_suspected(self, flag: StuffingFlag) -> None:
        self.flagged_polls.add(flag.poll_id)
        self.app.tell(
            f"{flag.message.capitalize()} (poll {flag.poll_id}). "
            "Press X to exclude them from the count.",
            title="Phone votes",
            severity="warning",
        )

    async def exclude_flagged(self) -> None:
        """Exclude every flagged ballot (kept in the store, no longer counted)."""
        server = self.server
        if server is None or not self.flagged_polls:
            self.app.tell("No phone ballots are flagged.", title="Phone votes")
            return
        polls, self.flagged_polls = sorted(self.flagged_polls), set()
        excluded = 0
        for poll_id in polls:
            excluded += await server.exclude_flagged(poll_id)
            self._tell_desk(poll_id)
        self.app.tell(
            f"Excluded {excluded} flagged ballots from the count; they stay stored "
            "(presenter results --include-rejected lists them).",
            title="Phone votes",
        )

    def _server_problem(self, message: str) -> None:
        self.app.tell(message, title="Phone votes", severity="error")

    def _fail(self, message: str) -> None:
        self.problem = message
        self.app.tell(message, title="Phone votes", severity="error")
        self.audience_changed.publish(None)

    def _announce(self) -> None:
        if self.server is not None:
            self.app.tell(
                f"Phones join at {self.server.url} with the room code {self.server.room_code}.",
                title="Phone votes",
            )
