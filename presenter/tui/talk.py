"""`Talk`: what goes on behind the views while a deck is presented or rehearsed.

One object per app, created on mount, that:

- keeps the talk timer and pacing (`Pacing`) in step with the app's position;
- links this terminal to the other one presenting the same deck (`TalkLink`):
  local moves and timer changes go out, the other side's come in
  (`OtherTerminal`, presenter/tui/other_terminal.py);
- opens the store and the session (kind "talk" for `presenter DECK`,
  "rehearsal" for `presenter rehearse DECK`; `presenter console DECK` joins
  the talk's session but records nothing, the projected process does) and
  records every slide visit with `TimingRecorder`, off the key path, through
  a `RecordingQueue` (presenter/tui/recording_queue.py), so a slow disk never
  delays a slide. If the store cannot be opened, presenting goes on and one
  notification says timings are not recorded.

Views read `pacing`, `link_status`, `store`, `session` and subscribe to the
`talk_changed` signal (a Textual `Signal`) to hear about changes that do not
move the position (the other side paused the timer, the link came up).
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.signal import Signal

from presenter.deck.model import Deck
from presenter.deck.position import Position, last_position
from presenter.rehearsal.pacing import Pacing
from presenter.sync import LinkStatus, TalkLink
from presenter.tui.background import report_failure
from presenter.tui.other_terminal import LOOK_FOR_TALK_S, OtherTerminal
from presenter.tui.recording_queue import RecordingQueue, StampedClock
from presenter.tui.shared_link import SharedLink

if TYPE_CHECKING:
    from presenter.rehearsal.report import RehearsalReport
    from presenter.session import SessionRecord
    from presenter.store import Store
    from presenter.tui.app import PresenterApp

log = logging.getLogger(__name__)


class Talk:
    """Timer, link and recording for one running app (see the module docstring)."""

    def __init__(
        self, app: PresenterApp, *, runtime_dir: Path | None = None, link: bool = True
    ) -> None:
        self.app = app
        self.talk_changed: Signal[None] = Signal(app, "talk-changed")
        """Published when the timer or the link changed (not the position: watch that)."""
        self.mode = app.options.mode
        self.pacing = Pacing(app.deck, app.clock)
        self.link: TalkLink | None = None
        self.link_status = (
            LinkStatus("offline", detail="not linked") if not link else LinkStatus("starting")
        )
        self._link_wanted = link
        self._runtime_dir = runtime_dir
        self.store: Store | None = None
        self.session: SessionRecord | None = None
        self.store_problem: str | None = None
        self.recorder: Any = None
        self.shared = SharedLink(app)
        """The shared event (`--store`): the room's forwarder and the event's tally."""
        self._deck = app.deck
        self._stamped = StampedClock(app.clock)
        self.recordings = RecordingQueue(app, self._recording_failed)
        self._start_done = asyncio.Event()
        self.finished = False
        self.other_terminal = OtherTerminal(self)
        """What the other terminal says, applied here (presenter/tui/other_terminal.py)."""

    @property
    def records(self) -> bool:
        """True when this process records timings (the projected talk, or a rehearsal)."""
        return self.mode in ("present", "rehearse")

    @property
    def kind(self) -> str:
        return "rehearsal" if self.mode == "rehearse" else "talk"

    # -- lifecycle -------------------------------------------------------------

    async def start(self) -> None:
        app = self.app
        self.pacing.enter(app.position.slide, autostart=False)
        if self.mode == "rehearse":
            self.pacing.start()  # a rehearsal is the talk: time runs from the start
        self._deck = app.deck
        self.recordings.submit(self._open_store)  # off the paint path; recordings queue behind it
        if not self.records:  # a console opened before the talk joins it once it starts
            app.set_interval(
                LOOK_FOR_TALK_S, self.other_terminal.look_while_without_talk, name="look-for-talk"
            )
        app.watch(app, "position", self._position_changed, init=False)
        app.watch(app, "deck", self._deck_changed, init=False)
        self.record("enter", app.position)
        self._save_position(app.position)  # where an interrupted talk is offered back
        if not self.pacing.timer.running:
            self.record("pause")
        try:
            await self._start_link()
        except Exception as error:  # presenting goes on, unlinked
            self.other_terminal.failed(error)
        finally:
            self._start_done.set()

    async def _start_link(self) -> None:
        app = self.app
        if self._link_wanted:
            other = self.other_terminal
            self.link = TalkLink(
                app.deck.path or app.options.deck_path,
                self.mode,
                other.moved,
                other.timer_changed,
                runtime_dir=self._runtime_dir,
                on_status=other.status_changed,
                on_room=other.room_changed,
                on_notice=other.notice,
                on_prompt=other.prompt,
                on_failure=other.failed,
            )
            if self.records:
                # The projected talk (or a rehearsal) says where it is. A console
                # says nothing until the presenter moves in it: opened first, it
                # follows the talk that starts later (`--start`, a resumed slide
                # and clock) instead of leading it.
                self.link.send_position(app.position)
                self.link.send_timer(self.pacing.snapshot())
            await self.link.start()

    async def close(self) -> None:
        """Leave cleanly: say bye to the other terminal, close the last visit, and
        end the session if the presenter quit (a crash or a signal leaves it
        interrupted, to be resumed: see `presenter.resume`)."""
        if self.link is not None:
            await self.link.close()
        await self.finish(ended=self.app.return_code in (None, 0))
        await self.settled()
        await self.recordings.run(self.shared.close)
        if self.store is not None:
            store = self.store
            self.store = None
            await self.recordings.run(store.close)
        self.recordings.close()

    async def finish(self, *, ended: bool = True) -> None:
        """End the recording: the last visit and the timer are written, and with
        `ended` the session is marked ended."""
        if self.finished:
            return
        self.finished = True
        self.record("finish")
        self.save_timer()
        if self.records and ended:
            self.recordings.submit(self._stamped.stamped(self._end_session))
        await self.settled()

    def _end_session(self) -> None:
        if self.store is not None and self.session is not None:
            from presenter.session import end_session

            end_session(self.store, self.session.id, clock=self._stamped)

    async def before_quit(self) -> bool:
        """Called by `q`: True when quitting waits (a rehearsal shows its report first)."""
        if self.mode == "rehearse" and not self.finished:
            await self.end_rehearsal()
            return True
        return False

    async def end_rehearsal(self) -> None:
        """Stop the clock, write the last visit, and show the report."""
        if self.finished:
            return
        self.pacing.timer.pause()
        await self.finish()
        report = await self.recordings.run(self.build_report)
        from presenter.tui.screens.report import ReportScreen

        await self.app.push_screen(ReportScreen(report, self.store_problem))

    def build_report(self) -> RehearsalReport:
        """The report of this run: from the store, or from memory when it is not stored."""
        from presenter.rehearsal.report import build_report

        stored = self.store is not None and self.session is not None and self.store_problem is None
        visits = None if stored else list(getattr(self.recorder, "visits", []))
        return build_report(
            self._deck,
            store=self.store if stored else None,
            session_id=self.session.id if stored and self.session else None,
            visits=visits,
        )

    async def started(self) -> None:
        """Wait until the talk has started (presenting: once slide 1 is on
        screen), then until what it queued so far is written."""
        await self._start_done.wait()
        await self.settled()

    def write_queued(self) -> None:
        """Hand every queued recording to the recording thread now, not after the frame."""
        self.recordings.write_queued()

    async def settled(self) -> None:
        """Wait until every recording queued so far is written (a cancelled waiter
        does not cancel them)."""
        await self.recordings.settled()

    # -- the store ---------------------------------------------------------------

    def _open_store(self) -> None:
        """In the worker thread: open the store, the session and the recorder."""
        from presenter.rehearsal.timings import TimingRecorder
        from presenter.session import resume_or_start
        from presenter.store import Store, StoreError

        options = self.app.options
        try:
            store = Store.open(options.data_dir)
        except StoreError:
            if self.records:  # kept in memory: the rehearsal report still works
                self.recorder = TimingRecorder(None, self._stamped, None, self._deck)
            raise
        self.store = store
        if not self.records:
            self.other_terminal.join_talk_session()
            self.shared.open(store, self.session, records=False)
            return
        self.session, resumed = resume_or_start(
            store,
            options.deck_path,
            self.kind,  # type: ignore[arg-type]
            clock=self.app.clock,
            new_session=options.new_session,
            resume=options.resume,
            label=options.label,
        )
        self.recorder = TimingRecorder(store, self._stamped, self.session.id, self._deck)
        self.shared.open(store, self.session, records=self.kind == "talk")
        if resumed:
            self.app.call_from_thread(self._resumed, self.session)
        elif options.resume:
            self.app.call_from_thread(
                self.app.tell, f"No earlier {self.kind} of this deck: a new one starts."
            )

    def _resumed(self, session: SessionRecord) -> None:
        """The resumed session goes on with its clock, and where it was, unless the
        app opened elsewhere (`--start`, or `presenter.resume` already opened it
        there) or was moved meanwhile; its votes, suggestions and room code hang
        on the session."""
        from presenter.session import resumed_timer

        options = self.app.options
        untouched = (
            options.start == 1 and not options.start_step and self.app.position == Position()
        )
        if session.position is not None and untouched:
            # Arriving there is not the first move of a talk: it starts no timer.
            self.pacing.enter(session.position.slide, autostart=False)
            self.app.position = session.position
        timer = resumed_timer(session, self.app.clock.wall())
        if timer is not None:
            self.pacing.adopt(timer)
            self._timer_changed()
        self.app.tell(f"Resumed the {self.kind} at slide {self.app.position.slide + 1}.")

    def save_timer(self) -> None:
        """Keep the timer with the session, so that a resumed talk's clock goes on."""
        self._keep_in_session("timer", self.pacing.snapshot())

    def _save_position(self, position: Position) -> None:
        self._keep_in_session("position", position)

    def _keep_in_session(self, what: str, value: Any) -> None:
        """Queue writing the session's `what` ("timer" or "position") behind the recordings."""
        if not self.records:
            return

        def job() -> None:
            from presenter.session import save_position, save_timer

            if self.store is not None and self.session is not None:
                save = save_timer if what == "timer" else save_position
                save(self.store, self.session.id, value)

        self.recordings.submit(job)

    def _store_failed(self, problem: str) -> None:
        """Once: say timings are not recorded (they stay in memory); presenting goes on."""
        if self.store_problem is not None:
            return
        self.store_problem = problem
        what = "Timings are not being recorded" if self.records else "The store is not available"
        self.app.tell(f"{what}: {problem}", title="Not recording", severity="warning")

    def record(self, method: str, *args: Any) -> None:
        """Queue a call on the recorder; it runs after the store is open (same thread)."""
        if not self.records:
            return

        def job() -> None:
            if self.recorder is not None:
                getattr(self.recorder, method)(*args)

        self.recordings.submit(self._stamped.stamped(job))

    def _recording_failed(self, error: BaseException) -> None:
        from presenter.store import StoreError

        if isinstance(error, StoreError):
            log.error("recording failed: %s", error)
            self._store_failed(str(error))
        else:
            # A bug, not a full disk: recording goes on with the next move.
            report_failure(self.app, "recording timings", error)

    # -- the timer ---------------------------------------------------------------

    def toggle_timer(self) -> None:
        self.pacing.toggle()
        self._timer_changed()

    def reset_timer(self) -> None:
        self.pacing.reset()
        self._timer_changed()

    def _timer_changed(self) -> None:
        self.record("resume" if self.pacing.timer.running else "pause")
        self.save_timer()
        if self.link is not None:
            self.link.send_timer(self.pacing.snapshot())
        self.talk_changed.publish(None)

    # -- position ---------------------------------------------------------------

    def _position_changed(self, position: Position) -> None:
        if self.finished:
            return
        was = self.pacing.timer.phase
        new_slide = self.pacing.enter(position.slide)
        self.record("enter", position)
        if not new_slide:
            # A step: no visit ends, so the recorder writes no position; keep it
            # here, so that a resumed talk opens on the same step.
            self._save_position(position)
        if self.pacing.timer.phase != was:
            self._timer_changed()
        if self.link is not None:
            self.link.send_position(position)

    def _deck_changed(self, deck: Deck) -> None:
        self.pacing.set_deck(deck)
        self._deck = deck
        if hasattr(self.recorder, "set_deck"):
            self.record("set_deck", deck)

    def at_end(self) -> bool:
        return self.app.position == last_position(self.app.deck)
