"""`HelpScreen`: every key the presenter can press, from the live bindings.

Built from the bindings active on the screen it was opened from, so keys that
other screens and widgets add show up here without being listed twice.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from presenter.logs import log_path

EXTRA_ROWS: tuple[tuple[str, str], ...] = (
    ("0-9 then Enter", "Go to slide number N (Esc forgets the number)"),
    ("any key", "Leaves the blank screen"),
    ("mouse wheel", "Scrolls a slide taller than the screen"),
)


def shown_log_path() -> str:
    """Where failures are written, with the home folder as `~`."""
    path = log_path()
    try:
        return f"~/{path.relative_to(Path.home())}"
    except ValueError:
        return str(path)


def binding_rows(
    bindings: dict[str, ActiveBinding], display: Callable[[Binding], str]
) -> list[tuple[str, str]]:
    """(keys, description) rows: keys that share a description are listed together."""
    grouped: dict[str, list[str]] = {}
    for active in bindings.values():
        binding: Binding = active.binding
        description = binding.description or binding.tooltip
        if not description:
            continue
        keys = grouped.setdefault(description, [])
        shown = display(binding)
        if shown not in keys:
            keys.append(shown)
    return [(_compact(keys), description) for description, keys in grouped.items()]


def _compact(keys: list[str]) -> str:
    """Keys as the help shows them; a run of digits reads `1-9`, `shift+1-9`."""
    prefixes = {key.rstrip("0123456789") for key in keys}
    if len(keys) > 2 and len(prefixes) == 1:
        prefix = prefixes.pop()
        digits = [key[len(prefix) :] for key in keys]
        if all(digit.isdigit() for digit in digits):
            return f"{prefix}{digits[0]}-{digits[-1]}"
    return " ".join(keys)


class HelpScreen(ModalScreen[None]):
    """A table of keys; Escape, ? or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close the help"),
    ]

    def __init__(self, bindings: dict[str, ActiveBinding]) -> None:
        super().__init__()
        self.bindings = bindings

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 2), expand=False)
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        rows = binding_rows(self.bindings, self.app.get_key_display) + list(EXTRA_ROWS)
        for keys, description in rows:
            table.add_row(Text(keys), Text(description))
        with VerticalScroll(id="help-box"):
            yield Static("Keys · Esc closes", id="help-title")
            yield Static(table, id="help-table")
            yield Static(Text(f"Log file: {shown_log_path()}"), id="help-log")

    def action_close(self) -> None:
        self.dismiss(None)
