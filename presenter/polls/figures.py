"""How a poll's figures are written, wherever they are shown (poll screen, results).

One rule each: a count (votes, or Borda points that may be fractional) and the
number of voters.
"""

from __future__ import annotations


def count_text(value: float) -> str:
    """`12` for a whole count, `3.5` otherwise."""
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def voters_text(count: int) -> str:
    """`1 voter`, `12 voters`."""
    return f"{count} voter" if count == 1 else f"{count} voters"
