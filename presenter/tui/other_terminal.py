"""The other terminal's side of a talk: what it says, applied in this one.

`TalkLink` calls these as the other terminal moves, pauses the clock, blanks
the room, sends a notice or what the presenter is typing, or as the link comes
up and goes down. A console with no talk to join (opened before the talk, or
kept open while it starts again) looks for the talk's session until it has one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from presenter.deck.position import Position
from presenter.rehearsal.pacing import TimerState
from presenter.sync import LinkStatus
from presenter.tui.background import report_failure

if TYPE_CHECKING:
    from presenter.tui.talk import Talk

LOOK_FOR_TALK_S = 1.0
"""How often a console with no talk to join looks for one (one small read)."""


class OtherTerminal:
    """The link's callbacks for one `Talk`."""

    def __init__(self, talk: Talk) -> None:
        self.talk = talk

    def moved(self, position: Position) -> None:
        self.talk.app.position = position

    def timer_changed(self, state: TimerState) -> None:
        talk = self.talk
        was_running = talk.pacing.timer.running
        talk.pacing.adopt(state)
        if talk.pacing.timer.running != was_running:
            talk.record("resume" if talk.pacing.timer.running else "pause")
        talk.save_timer()
        talk.talk_changed.publish(None)

    def room_changed(self, blank: bool) -> None:
        self.talk.app.room_blank = blank

    def notice(self, notice: tuple[str, str, str]) -> None:
        text, severity, title = notice
        self.talk.app.tell(text, severity=severity, title=title)  # type: ignore[arg-type]

    def prompt(self, text: str) -> None:
        if self.talk.mode != "present":  # the room's screen never shows a prompt
            self.talk.app.projected_prompt = text

    def failed(self, error: BaseException) -> None:
        self.status_changed(LinkStatus("offline", detail="stopped after an error"))
        report_failure(self.talk.app, "the link to the other terminal", error)

    def status_changed(self, status: LinkStatus) -> None:
        talk, app = self.talk, self.talk.app
        if status.state == "linked" and talk.link_status.state != "linked":
            self.look_for_talk_session()  # a projected talk has (re)started
        talk.link_status = status
        if status.state != "linked":
            app.projected_prompt = ""  # nobody is typing over there any more
        if status.state != "starting":
            app.link_settled()
        talk.talk_changed.publish(None)

    # -- a console joins the projected talk's session ----------------------------

    def join_talk_session(self) -> None:
        """In the recording thread, for the console: join the projected talk's
        session (for its polls); a console never starts one."""
        from presenter.session import latest_session

        talk = self.talk
        if talk.store is None:
            return
        last = latest_session(talk.store, talk.app.options.deck_path, "talk")
        session = last if last is not None and last.ended is None else None
        if session is not None and (talk.session is None or session.id != talk.session.id):
            talk.session = session
            talk.app.call_from_thread(talk.talk_changed.publish, None)

    def look_while_without_talk(self) -> None:
        if self.talk.session is None:
            self.look_for_talk_session()

    def look_for_talk_session(self) -> None:
        """The console without a talk to join: look again (the talk may have started)."""
        talk = self.talk
        if not talk.records and talk.store is not None and talk.store_problem is None:
            talk.recordings.submit(self.join_talk_session)
