"""The one logging setup of every layer: a rotating `presenter.log`, never the terminal.

A Textual app owns the terminal while a talk runs, so nothing may be written to
stderr then: `setup_logging()` sends every record of every logger (the core,
the vote server, the TUI, asyncio's "exception never retrieved") to a rotating
file in the user log directory (`platformdirs.user_log_path("presenter")`), or
in `$PRESENTER_LOG_DIR` when set. Failures are logged at ERROR with their
traceback; `--debug` adds DEBUG detail.

The file is created on the first record only, and a log folder that cannot be
made or written never stops the program: logging then goes nowhere.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import threading
from pathlib import Path

import platformdirs

ENV_LOG_DIR = "PRESENTER_LOG_DIR"
LOG_NAME = "presenter.log"
MAX_BYTES = 2 * 1024 * 1024
BACKUPS = 2
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s]: %(message)s"

_handler: logging.Handler | None = None


def log_dir() -> Path:
    """Where the log file lives: `$PRESENTER_LOG_DIR`, else the user log directory."""
    env = os.environ.get(ENV_LOG_DIR, "").strip()
    if env:
        return Path(env).expanduser()
    return platformdirs.user_log_path("presenter", appauthor=False)


def log_path() -> Path:
    """The log file: what `presenter --version` and the help screen show."""
    return log_dir() / LOG_NAME


def setup_logging(*, debug: bool = False) -> Path | None:
    """Send every logger's records to the rotating log file; returns its path.

    Calling it again (a test with another `$PRESENTER_LOG_DIR`) moves the log
    to the folder now named. None when the log folder cannot be made: records
    are then dropped, never printed.
    """
    global _handler
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    # --debug is about this program: the libraries' own debug chatter stays out.
    logging.getLogger("presenter").setLevel(logging.DEBUG if debug else logging.INFO)
    path = log_path()
    if isinstance(_handler, logging.FileHandler) and Path(_handler.baseFilename) == path:
        return path
    if _handler is not None:
        root.removeHandler(_handler)
        _handler.close()
    handler: logging.Handler
    found: Path | None = path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
        )
    except OSError:
        handler, found = logging.NullHandler(), None
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    # Without a handler of its own, `logging` would print warnings to stderr
    # (`logging.lastResort`) under the full-screen app.
    logging.lastResort = None
    logging.captureWarnings(True)
    # A thread that dies of an exception (not a worker: those are reported)
    # would print its traceback over the app; it goes to the log instead.
    threading.excepthook = _log_thread_failure
    _handler = handler
    return found


def _log_thread_failure(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    name = args.thread.name if args.thread is not None else "a thread"
    logging.getLogger("presenter").error(
        "%s stopped on an error",
        name,
        exc_info=(args.exc_type, args.exc_value, args.exc_traceback),  # type: ignore[arg-type]
    )


def flush_logs() -> None:
    """Write out what the log handler holds (tests read the file afterwards)."""
    if _handler is not None:
        _handler.flush()
