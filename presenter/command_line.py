"""The `presenter` command line's grammar: every subcommand, option and help text.

`presenter [DECK] [options]` means `presenter present [DECK] [options]`
(`normalise`). What each subcommand does is `presenter.cli`'s.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from presenter import __version__
from presenter.logs import log_path
from presenter.options import DEFAULT_DECK, AudienceAddress

SUBCOMMANDS = (
    "present",
    "console",
    "rehearse",
    "check",
    "rehearsals",
    "results",
    "simulate",
    "export",
    "decks",
    "new",
)


def _size(text: str) -> tuple[int, int]:
    width, sep, height = text.lower().partition("x")
    try:
        if not sep:
            raise ValueError
        size = (int(width), int(height))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected WIDTHxHEIGHT such as 100x30, got {text!r}"
        ) from None
    if size[0] < 20 or size[1] < 5:
        raise argparse.ArgumentTypeError(f"{text} is too small to show a slide (at least 20x5)")
    return size


def _audience(text: str) -> AudienceAddress:
    try:
        return AudienceAddress.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _dialect(text: str) -> str:
    from presenter.deck.dialects import dialect_named, dialect_names

    found = dialect_named(text)
    if found is None:
        raise argparse.ArgumentTypeError(
            f"unknown dialect {text!r}; use one of {', '.join(dialect_names())}"
        )
    return found.name


def _dialect_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dialect",
        metavar="NAME",
        type=_dialect,
        help="read the deck as written for this tool (presenter, presenterm, revealjs, remark, "
        "marp, slidev, patat, lookatme, mdp, slides); default: what the deck's own signs say",
    )


def _data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        metavar="DIR",
        type=Path,
        help="where timings and votes are stored (default: $PRESENTER_DATA, else the user data directory)",
    )


def _talk_parser(sub: argparse._SubParsersAction, name: str, help_text: str) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(name, help=help_text, description=help_text)
    parser.add_argument(
        "deck",
        nargs="?",
        type=Path,
        default=DEFAULT_DECK,
        help="the deck (default: the bundled briefing)",
    )
    parser.add_argument(
        "--start", type=int, default=1, metavar="N", help="open at slide N (1-based)"
    )
    parser.add_argument(
        "--theme", metavar="NAME", help="dark, light or projector (default: the deck's, else dark)"
    )
    parser.add_argument(
        "--audience",
        metavar="[HOST:]PORT",
        type=_audience,
        help="start the phone vote server (e.g. 8765 or 0.0.0.0:8765)",
    )
    session = parser.add_mutually_exclusive_group()
    session.add_argument(
        "--resume",
        action="store_true",
        help="reopen the deck's last talk where it was (slide, clock, votes, room code)",
    )
    session.add_argument(
        "--new-session",
        action="store_true",
        help="start a new session without asking, even if the last one was interrupted",
    )
    parser.add_argument("--label", help="a name for this session in the results")
    parser.add_argument(
        "--debug", action="store_true", help="write more detail to the log file (see --version)"
    )
    _data_option(parser)
    _dialect_option(parser)
    _shared_options(parser)
    parser.add_argument(
        "--room",
        metavar="LABEL",
        help="this room's name in a shared event (default: the host name)",
    )


class _VersionAction(argparse.Action):
    """`presenter --version`: the version, then where the log file is."""

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        print(f"presenter {__version__}\nlog file: {log_path()}")
        parser.exit()


def _shared_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store",
        metavar="URL",
        help="count into a shared event on PostgreSQL (postgresql://HOST/DB; "
        "the password comes from ~/.pgpass or PGPASSWORD, never the URL)",
    )
    parser.add_argument(
        "--event", metavar="NAME", help="the shared event's name (the same in every room)"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="presenter",
        description="Present Markdown decks in the terminal, rehearse them, and collect the room's votes.",
        epilog="With no subcommand, `presenter [DECK]` presents the deck. "
        "Failures are written to the log file that --version names.",
    )
    parser.add_argument(
        "--version",
        action=_VersionAction,
        nargs=0,
        help="show the version and where the log file is, then exit",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    _talk_parser(sub, "present", "present a deck full screen (the default)")
    _talk_parser(sub, "console", "open the presenter console (notes, next slide, clocks)")
    _talk_parser(sub, "rehearse", "rehearse a deck and record how long each slide takes")

    check = sub.add_parser(
        "check",
        help="report what is wrong with a deck",
        description="Report what is wrong with a deck.",
    )
    check.add_argument("deck", type=Path)
    check.add_argument("--json", action="store_true", help="print one JSON object")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument(
        "--size",
        type=_size,
        metavar="WxH",
        help="also warn about slides that overflow a terminal of this size",
    )
    check.add_argument(
        "--theme", metavar="NAME", help="theme used with --size (default: the deck's)"
    )
    _dialect_option(check)
    check.add_argument(
        "--audience",
        action="store_true",
        help="with --size: measure poll slides with the phone panel (QR code, URL, room code)",
    )

    rehearsals = sub.add_parser("rehearsals", help="the rehearsal and talk history of a deck")
    rehearsals.add_argument("deck", type=Path)
    rehearsals.add_argument("--format", choices=("table", "csv", "json"), default="table")
    _data_option(rehearsals)

    results = sub.add_parser("results", help="poll results of a deck's talks")
    results.add_argument("deck", type=Path)
    which = results.add_mutually_exclusive_group()
    which.add_argument(
        "--session", type=int, metavar="ID", help="one session (default: the latest)"
    )
    which.add_argument("--all", action="store_true", help="every session, side by side")
    results.add_argument("--format", choices=("table", "csv", "json", "md"), default="table")
    results.add_argument(
        "--include-rejected",
        action="store_true",
        help="list rejected and pending suggestions and excluded ballots too",
    )
    _data_option(results)
    _shared_options(results)

    simulate = sub.add_parser("simulate", help="play a room of phones against a running talk")
    simulate.add_argument("--url", required=True, help="the URL shown on the poll screen")
    simulate.add_argument("--code", required=True, help="the room code shown on the poll screen")
    simulate.add_argument("--voters", type=int, default=50, metavar="N")
    simulate.add_argument(
        "--data",
        metavar="DIR",
        type=Path,
        help="the talk's store (same machine): also check its stored tallies",
    )
    _export_parser(sub)

    sub.add_parser(
        "decks",
        help="list the decks that ship with presenter",
        description="List the decks that ship with presenter, and where they are.",
    )
    new = sub.add_parser(
        "new",
        help="start a deck: a copy of the authoring deck",
        description="Write NAME.md, a copy of the authoring deck, as a starting point. "
        "Never overwrites a file.",
    )
    new.add_argument("path", type=Path, metavar="NAME.md")
    return parser


def _export_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    export = sub.add_parser(
        "export",
        help="a handout: the slides, notes if wanted, and what the room voted and suggested",
        description="Write a handout of the deck with its poll results: HTML, PDF or Markdown.",
    )
    export.add_argument("deck", type=Path)
    export.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="where to write it (- for stdout)"
    )
    export.add_argument(
        "--format", choices=("html", "pdf", "md"), help="default: from FILE's suffix, else html"
    )
    which = export.add_mutually_exclusive_group()
    which.add_argument(
        "--session", type=int, metavar="ID", help="one session's results (default: the latest talk)"
    )
    which.add_argument("--all", action="store_true", help="every session, side by side")
    which.add_argument("--no-results", action="store_true", help="the slides only")
    export.add_argument("--notes", action="store_true", help="include the speaker notes")
    export.add_argument(
        "--layout",
        choices=("slides", "handout"),
        default="slides",
        help="slides: a 16:9 page per slide (default); handout: A4, slides beside their notes",
    )
    export.add_argument(
        "--include-rejected", action="store_true", help="list rejected and pending suggestions too"
    )
    export.add_argument("--theme", metavar="NAME", help="dark, light or projector")
    export.add_argument(
        "--store",
        metavar="URL",
        help="a shared event's results, a column per room and the total (postgresql://HOST/DB)",
    )
    export.add_argument("--event", metavar="NAME", help="the shared event's name (with --store)")
    _data_option(export)


def normalise(argv: Sequence[str]) -> list[str]:
    """`presenter [DECK] [options]` means `presenter present [DECK] [options]`."""
    args = list(argv)
    if not args or (args[0] not in SUBCOMMANDS and args[0] not in ("-h", "--help", "--version")):
        args.insert(0, "present")
    return args
