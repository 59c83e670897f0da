"""The `presenter` command: parse arguments (`presenter.command_line`), hand them
to the layer that does the work.

Subcommands: present (the default), console, rehearse, check, rehearsals,
results, simulate, export, decks, new. Each handler imports what it needs lazily, so that
`presenter check` never pays for Textual and `presenter` never pays for the
report code.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from presenter.command_line import build_parser, normalise
from presenter.logs import setup_logging
from presenter.options import Mode, PresentOptions
from presenter.shared.address import AddressError, SharedTarget, shared_target


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(normalise(sys.argv[1:] if argv is None else argv))
    setup_logging(debug=getattr(args, "debug", False))
    try:
        return _dispatch(args)
    except KeyboardInterrupt:
        return 130


def _dispatch(args: argparse.Namespace) -> int:
    command: str = args.command
    if command in ("present", "console", "rehearse"):
        return _run_talk(args, command)  # type: ignore[arg-type]
    if command == "check":
        from presenter.deck.check import run_check

        overflow = None
        if args.size:
            from presenter.tui.measure import overflow_checker

            overflow = overflow_checker(*args.size, theme=args.theme, audience=args.audience)
        return run_check(
            args.deck,
            as_json=args.json,
            strict=args.strict,
            overflow=overflow,
            size=args.size,
            out=sys.stdout,
            dialect=args.dialect,
        )
    if command == "rehearsals":
        from presenter.rehearsal.history import run_rehearsals

        return run_rehearsals(args.deck, fmt=args.format, data_dir=args.data, out=sys.stdout)
    if command == "results" and args.store:
        from presenter.shared.results import run_shared_results

        return run_shared_results(
            args.deck, url=args.store, event=args.event or "", fmt=args.format, out=sys.stdout
        )
    if command == "results":
        from presenter.polls.results import run_results

        return run_results(
            args.deck,
            session=args.session,
            all_sessions=args.all,
            fmt=args.format,
            include_rejected=args.include_rejected,
            data_dir=args.data,
            out=sys.stdout,
        )
    if command == "simulate":
        from presenter.audience.simulate import run_simulate

        return run_simulate(
            url=args.url, code=args.code, voters=args.voters, out=sys.stdout, data_dir=args.data
        )
    if command == "export":
        return _export(args)
    if command == "decks":
        from presenter.bundled import run_decks

        return run_decks(sys.stdout)
    if command == "new":
        from presenter.bundled import run_new

        return run_new(args.path, out=sys.stdout, err=sys.stderr)
    raise AssertionError(f"unhandled command {command}")


def _export(args: argparse.Namespace) -> int:
    from presenter.export.options import ExportOptions, format_for
    from presenter.export.run import run_export

    if args.event and not args.store:
        print("presenter export: --event needs --store URL", file=sys.stderr)
        return 2
    if args.store and (args.session is not None or args.all):
        print(
            "presenter export: --store gives every room of the event; leave out --session and --all",
            file=sys.stderr,
        )
        return 2
    options = ExportOptions(
        fmt=format_for(args.output, args.format),
        layout=args.layout,
        notes=args.notes,
        session=args.session,
        all_sessions=args.all,
        results=not args.no_results,
        include_rejected=args.include_rejected,
        theme=args.theme,
        store=args.store,
        event=args.event,
    )
    return run_export(args.deck, options, output=args.output, data_dir=args.data, out=sys.stdout)


def _shared(args: argparse.Namespace) -> SharedTarget | None:
    """The shared event to join, checked before anything starts; None without --store."""
    if not args.store:
        if args.event or args.room:
            raise AddressError("--event and --room need --store URL")
        return None
    from presenter.shared.driver import require_driver

    target = shared_target(args.store, args.event, args.room)
    require_driver()
    return target


def _run_talk(args: argparse.Namespace, mode: Mode) -> int:
    from presenter.shared.driver import SharedStoreError

    try:
        shared = _shared(args)
    except (AddressError, SharedStoreError) as error:
        sys.stderr.write(f"presenter: {error}\n")
        return 2
    from presenter.tui.launch import run_app

    options = PresentOptions(
        deck_path=args.deck,
        mode=mode,
        start=args.start,
        theme=args.theme,
        data_dir=args.data,
        audience=args.audience,
        new_session=args.new_session,
        label=args.label,
        dialect=args.dialect,
        resume=args.resume,
        shared=shared,
    )
    return run_app(options)


if __name__ == "__main__":
    raise SystemExit(main())
