"""The vote and suggestion forms, read strictly into what the store records.

A single poll takes one `choice`; a multi poll one to `max` distinct `choice`
fields; a rank poll one `rank-<option id>` field per option whose values are a
permutation of 1..n. Any other field, an unknown option id, a repeated pick or
a malformed number is refused with a sentence the phone can show.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from presenter.audience.security import (
    BadInput,
    check_fields,
    one,
    plain_value,
    submission_id,
)
from presenter.deck.model import Poll
from presenter.polls.suggestions import SuggestionRejected, clean_suggestion

_VOTE_FIELDS = frozenset({"poll", "sid", "choice"})


@dataclass(frozen=True)
class VoteForm:
    poll_id: str
    submission_id: str
    choices: tuple[str, ...]

    @property
    def store_submission_id(self) -> str:
        """The id the store deduplicates on: the form's id bound to what it chose.

        A retry or double tap sends the same form and the same choices: the same
        id, counted once. A form re-sent with other choices (a page restored by
        the back button keeps its id) is a changed vote, not a duplicate.
        """
        digest = hashlib.sha256("\x1f".join((self.poll_id, *self.choices)).encode()).hexdigest()
        return f"{self.submission_id}.{digest[:12]}"


def read_poll_id(form: dict[str, list[str]]) -> str:
    value = one(form, "poll")
    assert value is not None
    return plain_value(value, "poll")


def read_vote(poll: Poll, form: dict[str, list[str]]) -> VoteForm:
    """The ballot a vote form asks for, validated against `poll` (the open one)."""
    sid = submission_id(form)
    if poll.kind == "rank":
        choices = _ranked(poll, form)
    else:
        check_fields(form, _VOTE_FIELDS.__contains__)
        picks = form.get("choice", [])
        if not picks:
            raise BadInput("Please pick an option before voting.")
        if len(set(picks)) != len(picks):
            raise BadInput("The same option was picked twice.")
        limit = poll.max if poll.kind == "multi" else 1
        if len(picks) > limit:
            raise BadInput(
                f"Pick at most {limit} option{'s' if limit > 1 else ''} ({len(picks)} picked)."
            )
        for pick in picks:
            if poll.option(pick) is None:
                raise BadInput("That option is not part of this poll.")
        order = {o.id: n for n, o in enumerate(poll.options)}
        choices = tuple(sorted(picks, key=order.__getitem__))
    return VoteForm(poll.id, sid, choices)


def _ranked(poll: Poll, form: dict[str, list[str]]) -> tuple[str, ...]:
    fields = {f"rank-{o.id}": o.id for o in poll.options}
    check_fields(form, lambda name: name in fields or name in ("poll", "sid"))
    count = len(poll.options)
    ranks: dict[int, str] = {}
    for field, option_id in fields.items():
        text = one(form, field)
        assert text is not None
        text = plain_value(text, "rank").strip()
        if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= count:
            raise BadInput(f"Each rank is a number from 1 to {count}.")
        rank = int(text)
        if rank in ranks:
            raise BadInput("Each rank can be given to one option only.")
        ranks[rank] = option_id
    return tuple(ranks[n] for n in range(1, count + 1))


@dataclass(frozen=True)
class SuggestionForm:
    submission_id: str
    text: str


def read_suggestion(form: dict[str, list[str]]) -> SuggestionForm:
    check_fields(form, lambda name: name in ("text", "sid"))
    sid = submission_id(form)
    text = one(form, "text")
    assert text is not None
    try:
        return SuggestionForm(sid, clean_suggestion(text))
    except SuggestionRejected as rejected:
        raise BadInput(rejected.reason) from None
