"""Collects every problem found while reading a deck, each with its place in the file."""

from __future__ import annotations

from presenter.deck.model import Diagnostic


class Diagnostics:
    """Errors and warnings for one deck file, in the order they were found."""

    __slots__ = ("errors", "path", "warnings")

    def __init__(self, path: str) -> None:
        self.path = path
        self.errors: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []

    def for_file(self, path: str) -> Diagnostics:
        """Diagnostics for another file (an imported one) that land in these same lists."""
        other = Diagnostics(path)
        other.errors = self.errors
        other.warnings = self.warnings
        return other

    def error(self, line: int, column: int, message: str) -> None:
        self.errors.append(Diagnostic(self.path, max(line, 1), max(column, 1), message))

    def warning(self, line: int, column: int, message: str) -> None:
        self.warnings.append(
            Diagnostic(self.path, max(line, 1), max(column, 1), message, severity="warning")
        )

    def sorted_errors(self) -> tuple[Diagnostic, ...]:
        return tuple(sorted(self.errors, key=lambda d: (d.line, d.column)))

    def sorted_warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(sorted(self.warnings, key=lambda d: (d.line, d.column)))


def position_in(text: str, offset: int, line: int, column: int) -> tuple[int, int]:
    """The file line and column of `text[offset]`, where `text` starts at (line, column)."""
    newlines = text.count("\n", 0, offset)
    if newlines == 0:
        return line, column + offset
    return line + newlines, offset - text.rfind("\n", 0, offset)
