"""What a ballot is, and the rules that refuse one before anything is written.

`validate_ballot` checks a ballot against its poll: a known source, a device
and submission id of sane size, options that belong to the poll, each picked
once, and a number of picks that fits the kind (single: 1; multi: 1 to `max`;
rank: 1 to all options). `not_open_rejection` words the refusal for a poll
that is not open. `VoteStore` applies both before it writes; nothing here
touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from presenter.deck.model import Poll
from presenter.polls.errors import Rejected
from presenter.polls.states import PollStatus
from presenter.polls.suggestions import MAX_DEVICE_CHARS

BallotSource = Literal["keyboard", "phone"]
SOURCES: tuple[BallotSource, ...] = ("keyboard", "phone")
MAX_SUBMISSION_CHARS = 200


class BallotRejected(Rejected):
    """A ballot that is not stored; `reason` is one sentence for the voter.

    `code` is stable for programs: "not-open", "unknown-option", "no-choice",
    "too-many", "repeated-option", "bad-device", "bad-source", "bad-submission".
    """


@dataclass(frozen=True)
class Ballot:
    """What one device chose: option ids, in order of preference for `rank`."""

    device: str
    source: BallotSource
    choices: tuple[str, ...]
    submission_id: str | None = None


def validate_ballot(poll: Poll, ballot: Ballot) -> tuple[str, ...]:
    """The ballot's choices if they fit the poll; else `BallotRejected`."""
    if ballot.source not in SOURCES:
        raise BallotRejected(f"Unknown ballot source {ballot.source!r}.", "bad-source")
    if (
        not isinstance(ballot.device, str)
        or not ballot.device
        or len(ballot.device) > MAX_DEVICE_CHARS
    ):
        raise BallotRejected("The device is not recognised.", "bad-device")
    if ballot.submission_id is not None and (
        not isinstance(ballot.submission_id, str)
        or not ballot.submission_id
        or len(ballot.submission_id) > MAX_SUBMISSION_CHARS
    ):
        raise BallotRejected("The submission id is not valid.", "bad-submission")
    if not isinstance(ballot.choices, tuple | list):
        raise BallotRejected("The choices must be a list of option ids.", "unknown-option")
    choices = tuple(ballot.choices)
    if not choices:
        raise BallotRejected("Pick at least one option.", "no-choice")
    known = {option.id for option in poll.options}
    for choice in choices:
        if not isinstance(choice, str) or choice not in known:
            raise BallotRejected("That option is not part of this poll.", "unknown-option")
    if len(set(choices)) != len(choices):
        raise BallotRejected("Each option can be picked only once.", "repeated-option")
    limit = {"single": 1, "multi": max(1, poll.max), "rank": len(poll.options)}.get(poll.kind, 1)
    if len(choices) > limit:
        noun = "option" if limit == 1 else "options"
        raise BallotRejected(f"Pick at most {limit} {noun}.", "too-many")
    return choices


def not_open_rejection(status: PollStatus) -> BallotRejected:
    """The refusal for a ballot (or keyboard change) on a poll that is not open."""
    if status.state == "closed":
        return BallotRejected("This poll is closed; votes are no longer accepted.", "not-open")
    return BallotRejected("This poll is not open yet.", "not-open")


__all__ = [
    "MAX_SUBMISSION_CHARS",
    "SOURCES",
    "Ballot",
    "BallotRejected",
    "BallotSource",
    "not_open_rejection",
    "validate_ballot",
]
