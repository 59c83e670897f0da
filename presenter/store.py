"""The one SQLite file that keeps everything worth keeping: sessions, votes, timings.

`Store.open()` finds the data directory (`--data DIR` > `$PRESENTER_DATA` > the
user data directory), opens `presenter.sqlite3` in WAL mode with
`synchronous=FULL` (a commit that returned is on disk), turns on foreign keys
and a busy timeout, and brings the schema up to date with the migrations below
(numbered by `PRAGMA user_version`).

Every failure to open or write is a `StoreError` with one sentence a user can
act on; callers show it once and carry on without recording.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path

import platformdirs

DB_NAME = "presenter.sqlite3"
ENV_DATA = "PRESENTER_DATA"
BUSY_TIMEOUT_MS = 10_000


class StoreError(Exception):
    """The store cannot be opened or written; the message is one clear sentence."""


# Each entry moves the schema from version i to i + 1. Never edit a released
# entry: add a new one.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE sessions (
        id        INTEGER PRIMARY KEY,
        deck_path TEXT NOT NULL,
        kind      TEXT NOT NULL CHECK (kind IN ('talk', 'rehearsal')),
        label     TEXT,
        started   TEXT NOT NULL,
        ended     TEXT
    );
    CREATE INDEX sessions_by_deck ON sessions (deck_path, kind, id);

    CREATE TABLE slide_visits (
        id           INTEGER PRIMARY KEY,
        session_id   INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        deck_path    TEXT NOT NULL,
        slide_index  INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        title        TEXT NOT NULL,
        budget_s     REAL,
        entered      TEXT NOT NULL,
        left_at      TEXT NOT NULL,
        seconds      REAL NOT NULL CHECK (seconds >= 0),
        steps_seen   INTEGER NOT NULL
    );
    CREATE INDEX slide_visits_by_session ON slide_visits (session_id, id);
    CREATE INDEX slide_visits_by_slide ON slide_visits (deck_path, content_hash);

    CREATE TABLE poll_states (
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        poll_id    TEXT NOT NULL,
        state      TEXT NOT NULL CHECK (state IN ('ready', 'open', 'closed')),
        revealed   INTEGER NOT NULL DEFAULT 0,
        opened_at  TEXT,
        closed_at  TEXT,
        question   TEXT,
        kind       TEXT,
        options    TEXT,
        PRIMARY KEY (session_id, poll_id)
    );

    CREATE TABLE ballots (
        id            INTEGER PRIMARY KEY,
        session_id    INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        poll_id       TEXT NOT NULL,
        device        TEXT NOT NULL,
        source        TEXT NOT NULL CHECK (source IN ('keyboard', 'phone')),
        choices       TEXT NOT NULL,
        submission_id TEXT,
        cast_at       TEXT NOT NULL,
        UNIQUE (session_id, poll_id, device)
    );

    CREATE TABLE submissions (
        submission_id TEXT PRIMARY KEY,
        ballot_id     INTEGER NOT NULL,
        session_id    INTEGER NOT NULL,
        poll_id       TEXT NOT NULL,
        device        TEXT NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE keyboard_actions (
        id         INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        poll_id    TEXT NOT NULL,
        action     TEXT NOT NULL CHECK (action IN ('add', 'remove')),
        option_id  TEXT NOT NULL,
        device     TEXT NOT NULL,
        choices    TEXT NOT NULL,
        cast_at    TEXT NOT NULL
    );
    CREATE INDEX keyboard_actions_by_poll ON keyboard_actions (session_id, poll_id, id);

    CREATE TABLE suggestions (
        id           INTEGER PRIMARY KEY,
        session_id   INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        poll_id      TEXT NOT NULL,
        device       TEXT NOT NULL,
        text         TEXT NOT NULL,
        status       TEXT NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'approved', 'rejected')),
        created      TEXT NOT NULL,
        moderated_at TEXT
    );
    CREATE INDEX suggestions_by_poll ON suggestions (session_id, poll_id, id);
    """,
    # 2: where a talk was, so that a talk resumed after a crash reopens there.
    """
    ALTER TABLE sessions ADD COLUMN position_slide INTEGER;
    ALTER TABLE sessions ADD COLUMN position_step INTEGER;
    """,
    # 3: the talk timer, so that a resumed talk's clock goes on from where it was.
    """
    ALTER TABLE sessions ADD COLUMN timer TEXT;
    """,
    # 4: ballots the presenter excluded from the tally (kept, never deleted).
    """
    ALTER TABLE ballots ADD COLUMN excluded_at TEXT;
    ALTER TABLE ballots ADD COLUMN excluded_reason TEXT;
    """,
    # 5: the outbox of a talk that counts into a shared event (presenter.shared).
    # Its triggers are created when a session is first linked to an event, so a
    # store that never joins one keeps its ballot writes exactly as they were.
    """
    CREATE TABLE shared_links (
        session_id INTEGER PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
        event      TEXT NOT NULL,
        room       TEXT NOT NULL
    );
    CREATE TABLE shared_rooms (
        event         TEXT NOT NULL,
        room          TEXT NOT NULL,
        instance      TEXT NOT NULL,
        forwarded_seq INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (event, room)
    );
    CREATE TABLE outbox (
        seq        INTEGER PRIMARY KEY AUTOINCREMENT,
        session_id INTEGER NOT NULL,
        poll_id    TEXT NOT NULL,
        device     TEXT NOT NULL,
        source     TEXT NOT NULL,
        choices    TEXT
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


def data_dir_for(data_dir: Path | None) -> Path:
    """Where the store lives: the argument, else `$PRESENTER_DATA`, else the user data dir."""
    if data_dir is not None:
        return Path(data_dir).expanduser()
    env = os.environ.get(ENV_DATA, "").strip()
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("presenter", appauthor=False))


def timestamp(moment: datetime) -> str:
    """An ISO-8601 UTC string, as every row stores times."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def describe_error(error: BaseException, path: Path) -> str:
    """One sentence for an OS or SQLite error met while using the store at `path`."""
    text = str(error).lower()
    code = getattr(error, "errno", None)
    if code == errno.ENOSPC or "disk is full" in text or "disk full" in text:
        return f"the disk holding {path} is full; free some space to record votes and timings"
    if (
        code in (errno.EACCES, errno.EPERM, errno.EROFS)
        or "readonly" in text
        or "read-only" in text
        or "permission denied" in text
    ):
        return f"{path} is read-only; choose a writable place with --data DIR or PRESENTER_DATA"
    if "not a database" in text or "malformed" in text:
        return (
            f"{path} is not a presenter store (not an SQLite database, or damaged); "
            "move it away or choose another place with --data DIR"
        )
    if "locked" in text or "busy" in text:
        return f"{path} is busy in another program for too long; try again"
    if "unable to open" in text:
        return (
            f"cannot open {path}; check that its folder exists and is writable, "
            "or choose another place with --data DIR"
        )
    return f"cannot use the store {path}: {error}"


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise sqlite3.OperationalError(f"cannot switch to WAL journal (got {mode})")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")


def _connect(path: Path) -> sqlite3.Connection:
    # Autocommit mode: every write goes through an explicit BEGIN IMMEDIATE ...
    # COMMIT (see `transaction`), so nothing is left in an implicit transaction.
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=10.0)
    try:
        _configure(conn)
    except BaseException:
        conn.close()
        raise
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection, path: Path | None = None) -> Iterator[sqlite3.Connection]:
    """One write transaction: BEGIN IMMEDIATE, COMMIT on success, ROLLBACK on error.

    SQLite errors other than constraint violations become `StoreError`.
    """
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as error:
        raise StoreError(describe_error(error, path or Path(DB_NAME))) from error
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException as error:
        if conn.in_transaction:
            with suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        if isinstance(error, sqlite3.Error) and not isinstance(error, sqlite3.IntegrityError):
            raise StoreError(describe_error(error, path or Path(DB_NAME))) from error
        raise


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was written by a newer version of presenter (schema {version}, "
            f"this one knows {SCHEMA_VERSION}); upgrade presenter or choose another --data DIR"
        )
    for number in range(version, SCHEMA_VERSION):
        with transaction(conn, path):
            # Re-read inside the write lock: another process may have migrated meanwhile.
            current = conn.execute("PRAGMA user_version").fetchone()[0]
            if current > number:
                continue
            for statement in _statements(MIGRATIONS[number]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number + 1}")


def _statements(script: str) -> list[str]:
    """Split a migration into statements (our schema has no triggers or ';' in strings)."""
    return [part.strip() for part in script.split(";") if part.strip()]


class Store:
    """The open store: one connection for the opening thread, more via `connect()`.

    A connection may be used from one thread at a time; give each thread that
    writes (the vote writer, a timing worker) its own `connect()`.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn
        self.lock = threading.RLock()
        """Held around every transaction on `conn`, so threads that share it take turns."""
        self._closed = False

    @classmethod
    def open(cls, data_dir: Path | None = None) -> Store:
        """Open (creating if needed) the store in `data_dir_for(data_dir)`; raises `StoreError`."""
        folder = data_dir_for(data_dir)
        path = folder / DB_NAME
        try:
            if folder.exists() and not folder.is_dir():
                raise StoreError(
                    f"{folder} is a file, not a folder; choose a folder with --data DIR"
                )
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as error:
            message = describe_error(error, folder)
            if message.startswith("cannot use the store"):
                reason = error.strerror or str(error)
                message = (
                    f"cannot create the folder {folder} ({reason.lower()}); "
                    "choose another place with --data DIR"
                )
            raise StoreError(message) from error
        if path.exists() and path.is_dir():
            raise StoreError(
                f"{path} is a folder, not a store; move it away or choose another --data DIR"
            )
        try:
            conn = _connect(path)
        except (sqlite3.Error, OSError) as error:
            raise StoreError(describe_error(error, path)) from error
        try:
            _migrate(conn, path)
            # Prove we can write now rather than fail on the first vote.
            with transaction(conn, path):
                pass
        except StoreError:
            conn.close()
            raise
        except sqlite3.Error as error:
            conn.close()
            raise StoreError(describe_error(error, path)) from error
        return cls(path, conn)

    def connect(self) -> sqlite3.Connection:
        """A fresh connection to the same file with the same settings (for another thread)."""
        try:
            return _connect(self.path)
        except sqlite3.Error as error:
            raise StoreError(describe_error(error, self.path)) from error

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction on the store's own connection (see `transaction`)."""
        with self.lock, transaction(self.conn, self.path) as conn:
            yield conn

    def read(self, sql: str, params: tuple[object, ...] | dict[str, object] = ()) -> list[tuple]:  # type: ignore[type-arg]
        """Run a query on the store's connection and return every row."""
        with self.lock:
            try:
                return self.conn.execute(sql, params).fetchall()
            except sqlite3.Error as error:
                raise StoreError(describe_error(error, self.path)) from error

    @property
    def schema_version(self) -> int:
        return int(self.read("PRAGMA user_version")[0][0])

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        with self.lock, suppress(sqlite3.Error):
            self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
