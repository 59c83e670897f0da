"""Time budgets: a slide's own `time:`, else an equal share of what is left of `duration`.

Skipped slides get no budget. When the slides' own times already exceed the
duration, the untimed slides get nothing and the deck is warned about.
"""

from __future__ import annotations

from collections.abc import Sequence

from presenter.deck.durations import format_duration
from presenter.deck.slide import SlideDraft


def assign_budgets(
    drafts: Sequence[SlideDraft], duration_s: float | None
) -> tuple[list[float | None], str | None]:
    """Each draft's budget, and a warning when the times exceed the duration."""
    budgets: list[float | None] = []
    timed = 0.0
    untimed = 0
    for draft in drafts:
        if draft.skip:
            continue
        if draft.time_s is None:
            untimed += 1
        else:
            timed += draft.time_s
    share: float | None = None
    warning = None
    if duration_s is not None:
        left = duration_s - timed
        if left < -0.5:
            warning = (
                f"the slides' times add up to {format_duration(timed)}, more than the "
                f"duration of {format_duration(duration_s)}; shorten some `time:` budgets "
                "or raise the duration"
            )
        share = max(left, 0.0) / untimed if untimed else None
    for draft in drafts:
        if draft.skip:
            budgets.append(None)
        elif draft.time_s is not None:
            budgets.append(draft.time_s)
        else:
            budgets.append(share)
    return budgets, warning
