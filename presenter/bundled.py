"""The decks that ship with presenter, wherever it is installed.

They live in the repository's top-level `decks/` and are installed as the package
`presenter.decks` (see setup.py), so importlib.resources finds them in a wheel
install and in an editable one alike, from any working folder.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import TextIO

DEFAULT_DECK_NAME = "gov-1-5.md"
AUTHORING_DECK_NAME = "authoring.md"


def bundled_folder() -> Path:
    """The folder holding the bundled decks.

    Decks are read, watched and keyed as files on disk, so the package must be
    installed as files (as pip does), not imported from a zip archive.
    """
    try:
        folder = files("presenter.decks")
    except ModuleNotFoundError:
        # An editable install made before the decks were mapped into the package.
        raise RuntimeError(
            "presenter's bundled decks are not installed; reinstall presenter "
            "(in a checkout: python3 -m pip install -e .)"
        ) from None
    if not isinstance(folder, Path):
        raise RuntimeError(
            f"the bundled decks are not files on disk ({folder}); reinstall with pip"
        )
    return folder


def bundled_decks() -> list[Path]:
    """Every bundled deck, by name."""
    return sorted(bundled_folder().glob("*.md"))


def bundled_deck(name: str) -> Path:
    """The bundled deck called `name` (such as "gov-1-5.md")."""
    return bundled_folder() / name


def run_decks(out: TextIO) -> int:
    """`presenter decks`: list the bundled decks (name, title, length) and where they are."""
    from presenter.deck.load import analyse
    from presenter.deck.model import DeckReadError
    from presenter.deck.source import read_source

    rows: list[tuple[str, str, str]] = []
    for path in bundled_decks():
        try:
            deck = analyse(read_source(path), path).deck
        except DeckReadError as error:
            rows.append((path.name, error.message, ""))
            continue
        length = f"{len(deck.shown)} slides"
        if deck.meta.duration_s is not None:
            length += f", {deck.meta.duration_s / 60:g} min"
        rows.append((path.name, deck.title, length))
    name_width = max((len(name) for name, _, _ in rows), default=0)
    title_width = max((len(title) for _, title, _ in rows), default=0)
    for name, title, length in rows:
        out.write(f"{name:<{name_width}}  {title:<{title_width}}  {length}".rstrip() + "\n")
    out.write(f"\nin {bundled_folder()}\n")
    out.write(
        "present one with `presenter PATH`; start a deck of your own with `presenter new NAME.md`\n"
    )
    return 0


def run_new(target: Path, out: TextIO, err: TextIO) -> int:
    """`presenter new NAME.md`: copy the authoring deck to `target`, never over an existing file."""
    text = bundled_deck(AUTHORING_DECK_NAME).read_bytes()
    try:
        with target.open("xb") as file:
            file.write(text)
    except FileExistsError:
        err.write(f"presenter new: {target} already exists; choose another name\n")
        return 1
    except FileNotFoundError:
        err.write(f"presenter new: the folder {target.parent} does not exist\n")
        return 1
    except IsADirectoryError:
        err.write(f"presenter new: {target} is a folder; give the name of the new deck\n")
        return 1
    except OSError as error:
        err.write(f"presenter new: cannot write {target}: {error.strerror or error}\n")
        return 1
    out.write(
        f"wrote {target}, a copy of the authoring deck: every slide shows one part of the format\n"
        f"edit it, then `presenter check {target}` and `presenter {target}`\n"
    )
    return 0
