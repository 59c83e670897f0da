"""What the polls core refuses: one base, so callers can catch every refusal at once."""

from __future__ import annotations


class Rejected(ValueError):
    """Something sent to a poll that is not stored.

    `reason` is one sentence for whoever sent it; `code` is stable for programs.
    """

    def __init__(self, reason: str, code: str = "invalid") -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code
