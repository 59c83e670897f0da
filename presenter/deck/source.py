"""Reads a deck file into text: UTF-8, any line ending, an optional BOM.

Everything that makes a file unreadable as a deck (missing, a directory, binary,
not UTF-8) becomes a `DeckReadError` with a message that says what to do.
"""

from __future__ import annotations

from pathlib import Path

from presenter.deck.model import DeckReadError, Diagnostic


def _read_error(path: str, message: str, line: int = 1, column: int = 1) -> DeckReadError:
    return DeckReadError([Diagnostic(path, line, column, message)])


def read_source(path: Path) -> str:
    """The deck's text with LF line endings and no BOM; raises `DeckReadError`."""
    name = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise _read_error(name, "the file does not exist; check the path") from None
    except IsADirectoryError:
        raise _read_error(
            name, "this is a directory, not a deck; give the path of a Markdown file"
        ) from None
    except PermissionError:
        raise _read_error(
            name, "the file cannot be read (permission denied); check its permissions"
        ) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise _read_error(name, f"the file cannot be read ({reason}); check the path") from None
    return decode_source(data, name)


def decode_source(data: bytes, name: str) -> str:
    """Decode deck bytes, refusing binary files and invalid UTF-8 with their position."""
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = _byte_position(data, nul)
        raise _read_error(
            name,
            "this looks like a binary file (it contains NUL bytes), not a Markdown deck",
            line,
            column,
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _byte_position(data, error.start)
        raise _read_error(
            name,
            f"the file is not valid UTF-8 (byte 0x{data[error.start]:02x}); "
            "save it as UTF-8 in your editor",
            line,
            column,
        ) from None
    return normalise_text(text)


def normalise_text(text: str) -> str:
    """Drop a leading BOM and turn CRLF and CR line endings into LF."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of byte `offset`."""
    before = data[:offset]
    line_start = max(before.rfind(b"\n"), before.rfind(b"\r")) + 1
    line = before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1
    column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    return line, column
