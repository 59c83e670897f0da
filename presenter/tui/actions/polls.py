"""Running the poll of the slide on screen from the keyboard, in the slides and the console.

On a poll slide: Enter (or `v`) opens the poll (a closed poll asks before it
re-opens), `c` closes it, `r` reveals hidden results, `1`-`9` add a keyboard
vote while the poll is open, `Shift+1`-`9` (or `-` then the digit) remove
one, `u` undoes the last keyboard vote, `s` types a suggestion. A typed slide
number comes first: while digits are typed, Enter goes to that slide, and on
a poll that is not open, digits are a slide number as on any slide. On an
open poll a slide number starts with `0` (`012` Enter goes to slide 12).

Every action is queued on the app's `PollDesk`, in key order, whether or
not the poll view is on screen yet; the desk knows each poll's state as
soon as the store is open, and the app holds keys on a poll slide until then
(presenter/tui/keys.py), so a key typed at the first frame counts as if the
talk had been ready.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType

from presenter.deck.model import Poll
from presenter.tui.actions.navigation import NavigationActions
from presenter.tui.presenter_channel import PresenterChannel

SHIFTED_DIGITS = (
    "exclamation_mark",
    "at",
    "number_sign",
    "dollar_sign",
    "percent_sign",
    "circumflex_accent",
    "ampersand",
    "asterisk",
    "left_parenthesis",
)
"""What `Shift+1` .. `Shift+9` send on a US layout."""

DIGIT_KEYS = tuple(str(d) for d in range(10))

POLL_ACTIONS = frozenset(
    {"open_poll", "close_poll", "reveal", "untally", "arm_remove", "undo", "suggest"}
)
"""Actions that exist only on a poll slide."""

_VOTE = Binding.Group("Vote", compact=True)


def _bindings() -> list[BindingType]:
    bindings: list[BindingType] = [
        Binding(
            # Enter typed ahead, before the terminal left line mode, arrives as Ctrl+J.
            "enter,ctrl+j",
            "enter",
            "Go to the typed slide; with nothing typed, open the poll",
            key_display="⏎",
        ),
        *(
            Binding(
                digit,
                f"digit({digit})",
                "Type a slide number (open poll: 1-9 add a vote)",
                show=False,
            )
            for digit in DIGIT_KEYS
        ),
        Binding("v", "open_poll", "Open poll"),
        Binding("c", "close_poll", "Close poll"),
        Binding("r", "reveal", "Reveal"),
        Binding("minus", "arm_remove", "Remove a vote: - then 1-9", show=False),
        Binding("u", "undo", "Undo tally"),
        Binding("s", "suggest", "Type a suggestion", show=False),
    ]
    for number, (digit, shifted) in enumerate(zip(DIGIT_KEYS[1:], SHIFTED_DIGITS, strict=True), 1):
        bindings.append(
            Binding(
                f"{shifted},shift+{digit}",
                f"untally({number})",
                "Remove a vote from that option",
                key_display=f"shift+{digit}",
                show=False,
                group=_VOTE,
            )
        )
    return bindings


POLL_BINDINGS = _bindings()


class PollActions(NavigationActions, PresenterChannel):
    """The app's poll keys (mixed into `PresenterApp`)."""

    BINDINGS: ClassVar[list[BindingType]] = []

    def current_poll(self) -> Poll | None:
        """The poll of the slide on screen, if it is a poll slide."""
        shown = self.deck.shown
        if not shown:
            return None
        return shown[min(self.position.slide, len(shown) - 1)].poll

    def poll_keys_here(self) -> Poll | None:
        """The poll the keys run now: on a poll slide, with no dialog open."""
        if len(self.screen_stack) > 1:
            return None
        return self.current_poll()

    def check_poll_action(self, action: str) -> bool:
        return action not in POLL_ACTIONS or self.poll_keys_here() is not None

    def key_needs_talk(self, key: str) -> bool:
        return self.poll_keys_here() is not None

    # -- actions ---------------------------------------------------------------

    async def action_enter(self) -> None:
        if self.typed_number:
            self.go_to_typed()
        elif self.poll_keys_here() is not None:
            self.action_open_poll()
        elif self.talk.mode == "rehearse" and self.talk.at_end():
            await self.talk.end_rehearsal()

    def action_digit(self, digit: int) -> None:
        poll = self.poll_keys_here()
        if poll is None or self.typed_number or digit == 0:
            self.poll_removing = False
            self.type_digit(digit)
        elif self.poll_removing:
            self.poll_removing = False
            self.poll_desk.tally(poll, digit, remove=True)
        elif self.poll_desk.state_of(poll) == "open":
            self.poll_desk.tally(poll, digit)
        else:
            self.type_digit(digit)

    def action_open_poll(self) -> None:
        poll = self.poll_keys_here()
        if poll is None:
            return
        if self.poll_desk.state_of(poll) != "closed":
            self.poll_desk.open_poll(poll)
            return
        from presenter.tui.screens.poll_dialogs import ConfirmDialog

        question = (
            f"Re-open the poll “{poll.question}”? The votes already counted stay,"
            " and more votes can come in."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.poll_desk.open_poll(poll)

        self.ask_presenter(ConfirmDialog(question, yes="Re-open", no="Keep closed"), answered)

    def action_close_poll(self) -> None:
        if (poll := self.poll_keys_here()) is not None:
            self.poll_desk.close_poll(poll)

    def action_reveal(self) -> None:
        if (poll := self.poll_keys_here()) is not None:
            self.poll_desk.reveal_poll(poll)

    def action_untally(self, number: int) -> None:
        self.poll_removing = False
        if (poll := self.poll_keys_here()) is not None:
            self.poll_desk.tally(poll, number, remove=True)

    def action_arm_remove(self) -> None:
        self.poll_removing = not self.poll_removing

    def action_undo(self) -> None:
        if (poll := self.poll_keys_here()) is not None:
            self.poll_desk.undo_tally(poll)

    def action_suggest(self) -> None:
        poll = self.poll_keys_here()
        if poll is None:
            return
        if not poll.suggestions:
            self.tell(
                "This poll does not take suggestions (`suggestions: true` in the poll block).",
                severity="warning",
            )
            return
        from presenter.tui.screens.poll_dialogs import SuggestionDialog

        def typed(text: str | None) -> None:
            if text:
                self.poll_desk.add_suggestion(poll, text)

        self.ask_presenter(SuggestionDialog(poll.question), typed)
