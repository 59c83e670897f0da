"""Durations as deck authors write them: `15m`, `900s`, `1h10m`, `15min`, `1m30s`, `1:30`.

Accepted: one or more `<number><unit>` pairs (spaces allowed between them), with
units h/hr/hour(s), m/min/minute(s), s/sec/second(s), any case, decimals allowed
(`1.5m`); or a clock `m:ss` / `h:mm:ss`. A bare number is refused: `15` could be
minutes or seconds, so the message asks for a unit instead of guessing.
"""

from __future__ import annotations

import re

_UNITS = {
    "h": 3600,
    "hr": 3600,
    "hrs": 3600,
    "hour": 3600,
    "hours": 3600,
    "m": 60,
    "min": 60,
    "mins": 60,
    "minute": 60,
    "minutes": 60,
    "s": 1,
    "sec": 1,
    "secs": 1,
    "second": 1,
    "seconds": 1,
}
_PAIRS = re.compile(r"(?:\s*\d+(?:\.\d+)?\s*[a-z]+)+\s*")
_PAIR = re.compile(r"(\d+(?:\.\d+)?)\s*([a-z]+)")
_CLOCK = re.compile(r"(?:(\d+):)?(\d+):([0-5]\d)")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


class DurationError(ValueError):
    """A duration that cannot be read; the message says how to write one."""


def parse_duration(text: str) -> float:
    """Seconds in `text`; raises `DurationError` with a one-sentence fix."""
    value = text.strip().lower()
    clock = _CLOCK.fullmatch(value)
    if clock:
        hours, minutes, seconds = clock.groups()
        return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    if _NUMBER.fullmatch(value):
        raise DurationError(
            f"{text.strip()!r} has no unit; write {value}m for minutes or {value}s for seconds"
        )
    if value and _PAIRS.fullmatch(value):
        total = 0.0
        for number, unit in _PAIR.findall(value):
            factor = _UNITS.get(unit)
            if factor is None:
                break
            total += float(number) * factor
        else:
            return total
    raise DurationError(
        f"{text.strip()!r} is not a duration; write it like 90s, 2m, 1m30s, 15min or 1h10m"
    )


def clock_text(whole_seconds: int, *, pad_minutes: bool = False) -> str:
    """`m:ss` (`mm:ss` with `pad_minutes`), or `h:mm:ss` from an hour: the one
    way every time in the product is written (how it is rounded is the caller's)."""
    hours, rest = divmod(max(0, whole_seconds), 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}" if pad_minutes else f"{minutes}:{secs:02d}"


def format_duration(seconds: float | None) -> str:
    """`m:ss` (or `h:mm:ss`), rounded to the second; `-` for no budget."""
    return "-" if seconds is None else clock_text(round(seconds))
