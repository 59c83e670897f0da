"""Each poll's results as a handout may show them to the room.

Built from the results object of `presenter results` (`collect_results`), so a
handout and `presenter results` count alike. Shares come from `Tally.share`
and leaders from `Tally.leaders`; whether the split may be shown comes from
`PollStatus.results_visible`: an `after-close` poll that was never revealed
shows "results not revealed", never its numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from presenter.deck.model import Deck, DeckMeta, Poll, PollOption
from presenter.exporting import one_line, short_time
from presenter.polls.states import PollStatus
from presenter.polls.tally import Tally

NOT_REVEALED = "results not revealed"


@dataclass(frozen=True)
class Margin:
    """How far the leader is ahead of the next option (zero for a tie)."""

    value: float
    """In votes (points for a `rank` poll)."""
    share_points: float
    """In percentage points of the share."""


@dataclass(frozen=True)
class SessionView:
    """A session named for readers: its label (else its number), deck, and day.

    In a shared event's results each room is a "session", named by its label."""

    id: int | str
    name: str
    day: str

    @property
    def heading(self) -> str:
        """'Board briefing, 2026-01-01'."""
        return f"{self.name}, {self.day}" if self.day else self.name


@dataclass(frozen=True)
class PollOutcome:
    """One poll in one session: its tally, state and suggestions."""

    poll: Poll
    session: SessionView
    tally: Tally
    state: str
    revealed: bool
    suggestions: tuple[Mapping[str, str], ...]
    """Each with `text` and `status`, oldest first (approved only unless rejected were asked for)."""

    @property
    def ran(self) -> bool:
        """Was the poll opened (or voted on) in this session?"""
        return self.state != "ready" or self.tally.voters > 0

    @property
    def visible(self) -> bool:
        return PollStatus(revealed=self.revealed).results_visible(self.poll)

    @property
    def state_text(self) -> str:
        states = {"open": "still open", "closed": "closed", "shared": "shared event"}
        return states.get(self.state, "not opened")

    def value(self, option: PollOption) -> float:
        return self.tally.counts.get(option.id, 0)

    def share(self, option: PollOption) -> float:
        return self.tally.share(option.id)

    @property
    def winners(self) -> tuple[PollOption, ...]:
        options = (self.poll.option(option_id) for option_id in self.tally.leaders)
        return tuple(option for option in options if option is not None)

    @property
    def margin(self) -> Margin | None:
        """The leader's lead over the runner-up; None before any vote."""
        winners = self.winners
        if not winners:
            return None
        if len(winners) > 1:
            return Margin(0, 0.0)
        ranked = sorted(self.poll.options, key=self.value, reverse=True)
        first, second = ranked[0], ranked[1]
        return Margin(
            self.value(first) - self.value(second),
            100 * (self.share(first) - self.share(second)),
        )

    def approved(self) -> tuple[str, ...]:
        return tuple(item["text"] for item in self.suggestions if item["status"] == "approved")


@dataclass(frozen=True)
class HandoutResults:
    """The sessions a handout reports, and per poll id one outcome per session.

    An outcome is None where a session did not run that poll (a talk of another
    deck that shares only some polls, shown with `--all`).
    """

    sessions: tuple[SessionView, ...]
    by_poll: Mapping[str, tuple[PollOutcome | None, ...]]

    def outcomes(self, poll: Poll) -> tuple[PollOutcome | None, ...]:
        return self.by_poll.get(poll.id, ())

    def present(self, poll: Poll) -> list[PollOutcome]:
        """The outcomes of the sessions that know this poll."""
        return [outcome for outcome in self.outcomes(poll) if outcome is not None]


def shown_polls(deck: Deck) -> tuple[Poll, ...]:
    """The polls of the slides a handout prints (a skipped slide's poll is left out too)."""
    return tuple(slide.poll for slide in deck.shown if slide.poll is not None)


def front_page(meta: DeckMeta) -> list[tuple[str, str]]:
    """What the first page lists from the front matter, as (kind, text), after the title."""
    facts = [
        ("subtitle", meta.subtitle),
        ("authors", ", ".join(meta.authors)),
        ("event", " · ".join(item for item in (meta.event, meta.location) if item)),
        ("date", meta.date),
    ]
    source = meta.extra.get("source")
    if source:
        facts.append(("source", f"Source: {source}"))
    return [(kind, one_line(str(text))) for kind, text in facts if text]


def number(value: float) -> str:
    """12 for 12.0; one decimal otherwise."""
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def counted(value: float, poll: Poll) -> str:
    """'1 vote', '12 votes', '7 points'."""
    unit = "point" if poll.kind == "rank" else "vote"
    return f"{number(value)} {unit}" + ("" if value == 1 else "s")


def voters(count: int) -> str:
    return f"{count} voter" if count == 1 else f"{count} voters"


def _session_view(session: Mapping[str, Any], own_deck: str) -> SessionView:
    name = one_line(session["label"]) if session.get("label") else f"Session {session['id']}"
    deck = session.get("deck")
    if deck and deck != own_deck:
        name += f" ({Path(deck).stem})"
    return SessionView(session["id"], name, short_time(session.get("started"))[:10])


def _tally(poll: Poll, result: Mapping[str, Any]) -> Tally:
    counts = {option["id"]: option["votes"] for option in result["options"]}
    return Tally(
        poll_id=poll.id,
        kind=poll.kind,
        voters=int(result["voters"]),
        counts=MappingProxyType(counts),
        voters_by_source=MappingProxyType(dict(result.get("voters_by_source", {}))),
    )


def handout_results(data: Mapping[str, Any], deck: Deck) -> HandoutResults:
    """The results object of `collect_results` arranged by poll, in session order."""
    sessions: Sequence[Mapping[str, Any]] = data["sessions"]
    views = tuple(_session_view(session, data["deck"]) for session in sessions)
    by_poll: dict[str, list[PollOutcome | None]] = {poll.id: [] for poll in deck.polls}
    for view, session in zip(views, sessions, strict=True):
        found = {result["id"]: result for result in session["polls"]}
        for poll in deck.polls:
            result = found.get(poll.id)
            by_poll[poll.id].append(
                None
                if result is None
                else PollOutcome(
                    poll=poll,
                    session=view,
                    tally=_tally(poll, result),
                    state=result["state"],
                    revealed=bool(result["revealed"]),
                    suggestions=tuple(
                        {"text": item["text"], "status": item["status"]}
                        for item in result["suggestions"]
                    ),
                )
            )
    return HandoutResults(views, MappingProxyType({k: tuple(v) for k, v in by_poll.items()}))


def verdict(outcome: PollOutcome, name: Callable[[str], str]) -> str:
    """One sentence for "What the room said": the winner and its margin, or why there is none.

    `name` writes an option label for the output format (escaped, emphasised);
    the rest of the sentence holds no outside text.
    """
    if not outcome.ran:
        return "not opened."
    if not outcome.visible:
        return f"{NOT_REVEALED}."
    margin = outcome.margin
    if not outcome.winners or margin is None:
        return "no votes."
    names = " and ".join(name(option.label) for option in outcome.winners)
    count = voters(outcome.tally.voters)
    if len(outcome.winners) > 1:
        return f"a tie between {names} ({count})."
    ahead = counted(margin.value, outcome.poll)
    return f"{names}, ahead by {ahead} ({margin.share_points:.0f} percentage points; {count})."
