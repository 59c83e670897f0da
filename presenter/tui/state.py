"""`PresenterState`: what the app's screens, widgets and key actions share.

The base of `PresenterApp` and of its key action mixins (presenter/tui/actions/):

- `deck` (the loaded `Deck`; replaced on live reload),
- `position` (a reactive `Position`: slide among `deck.shown`, step),
- `slide_theme` (dark, light or projector), `typed_number` (digits typed for "go to"),
- `poll_removing` (after `-` on a poll), `room_blank`, `quit_asked`,
- `talk` (presenter/tui/talk.py), `poll_desk` (presenter/tui/poll_desk.py)
  made beside it, and `audience` (presenter/tui/audience_link.py), each made
  on first use so their imports never delay the first frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import App
from textual.notifications import SeverityLevel
from textual.reactive import var

from presenter.clock import Clock
from presenter.deck.model import Deck, DeckMeta
from presenter.deck.position import Position
from presenter.options import PresentOptions
from presenter.tui.slide_cache import SlideCache

if TYPE_CHECKING:
    from presenter.store import Store
    from presenter.tui.audience_link import AudienceLink
    from presenter.tui.poll_desk import PollDesk
    from presenter.tui.talk import Talk

EMPTY_DECK = Deck(path=None, meta=DeckMeta(), slides=())


class PresenterState(App[int]):
    """The shared state of a presenting app (see the module docstring)."""

    deck: var[Deck] = var(EMPTY_DECK, init=False, always_update=True)
    position: var[Position] = var(Position(), init=False)
    slide_theme: var[str] = var("dark", init=False)
    typed_number: var[str] = var("", init=False)
    poll_removing: var[bool] = var(False, init=False)
    """True after `-` on a poll slide: the next digit removes a vote."""
    room_blank: var[bool] = var(False, init=False)
    """True while the room's screen is black (`b`)."""
    quit_asked: var[bool] = var(False, init=False)
    """True after one `q` during a talk: the next key confirms or cancels."""
    projected_prompt: var[str] = var("", init=False)
    """On a console in a second terminal: what the presenter is typing on the
    projected one ("go to 12"), which the room's screen never shows."""

    options: PresentOptions
    clock: Clock
    slide_cache: SlideCache
    _talk: Talk | None = None
    _poll_desk: PollDesk | None = None
    _audience: AudienceLink | None = None

    @property
    def talk(self) -> Talk:
        """Timer, two-terminal link, session and timing recording (presenter/tui/talk.py).

        Made on first use (in present mode: once slide 1 is on screen), so its
        imports never delay the first frame."""
        if self._talk is None:
            from presenter.tui.talk import Talk

            self._talk = Talk(self)  # type: ignore[arg-type]
        return self._talk

    @property
    def poll_desk(self) -> PollDesk:
        """The talk's polls (presenter/tui/poll_desk.py): made beside the talk, on first use."""
        if self._poll_desk is None:
            from presenter.tui.poll_desk import PollDesk

            self._poll_desk = PollDesk.following(
                self, self._poll_store, clock=self.clock, tell=self._tell_poll
            )
            self._poll_desk.shared_room = lambda: self.talk.shared.room
            self._poll_desk.shares = self.options.shared is not None
        return self._poll_desk

    def _poll_store(self) -> tuple[Store | None, int | None, str | None]:
        talk = self.talk
        session, store = talk.session, talk.store
        if session is None and store is not None and talk.store_problem is None:
            if talk.records:
                return None, None, None  # the session is being opened right now
            # The console joins the projected talk's session; there was none to join.
            return store, None, "no talk of this deck is running (start `presenter DECK`)"
        return store, session.id if session is not None else None, talk.store_problem

    def _tell_poll(self, message: str, severity: str) -> None:
        self.tell(message, severity=severity, title="Poll")  # type: ignore[arg-type]

    @property
    def audience(self) -> AudienceLink:
        """The phone vote server (presenter/tui/audience_link.py), started by --audience or w."""
        if self._audience is None:
            from presenter.tui.audience_link import AudienceLink

            self._audience = AudienceLink(self)  # type: ignore[arg-type]
        return self._audience

    def tell(
        self, message: str, *, severity: SeverityLevel = "information", title: str = ""
    ) -> None:
        """One notice for the presenter (presenter/tui/presenter_channel.py)."""
        raise NotImplementedError
