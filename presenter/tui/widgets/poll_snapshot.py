"""What the poll widgets draw: one frozen value per refresh.

A `PollSnapshot` is read from the store (state, tally, approved suggestions)
and handed to the widgets; they never count anything themselves, so what is
on screen is always what was committed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from presenter.deck.model import Poll
from presenter.polls.states import PollState, results_visible
from presenter.polls.tally import leading_options, option_share


def _no_counts() -> Mapping[str, float]:
    return MappingProxyType({})


@dataclass(frozen=True)
class PollSnapshot:
    """The state of one poll in the current talk, as stored."""

    poll: Poll
    state: PollState = "ready"
    revealed: bool = False
    voters: int = 0
    counts: Mapping[str, float] = field(default_factory=_no_counts)
    """Votes per option id (the Borda score for a rank poll)."""
    approved: tuple[str, ...] = ()
    """Approved suggestions, oldest first."""
    stored: bool = True
    """False when votes cannot be stored (the store could not be opened)."""

    @property
    def hidden(self) -> bool:
        """True while an `after-close` poll's split must not be shown."""
        return not results_visible(self.poll, revealed=self.revealed)

    @property
    def total(self) -> float:
        return sum(self.counts.get(o.id, 0) for o in self.poll.options)

    def count(self, option_id: str) -> float:
        return self.counts.get(option_id, 0)

    def share(self, option_id: str) -> float:
        """The option's share, 0..1: of voters (single, multi), of all points (rank)."""
        return option_share(
            self.poll.kind, self.count(option_id), voters=self.voters, points=self.total
        )

    def scale(self, option_id: str) -> float:
        """Bar length 0..1, relative to the leading option."""
        top = max((self.count(o.id) for o in self.poll.options), default=0)
        return self.count(option_id) / top if top else 0.0

    @property
    def winners(self) -> frozenset[str]:
        """The leading option ids once the poll is closed and shown (ties: all of them)."""
        if self.state != "closed" or self.hidden:
            return frozenset()
        return frozenset(leading_options({o.id: self.count(o.id) for o in self.poll.options}))


@dataclass(frozen=True)
class PendingSuggestion:
    """One suggestion waiting for the presenter's decision."""

    id: int
    poll_id: str
    text: str
