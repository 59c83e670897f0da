"""The SQLite store: where it lives, how it is opened, and what it says when it cannot be."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from presenter.store import (
    DB_NAME,
    SCHEMA_VERSION,
    Store,
    StoreError,
    data_dir_for,
    timestamp,
)

running_as_root = hasattr(os, "geteuid") and os.geteuid() == 0


def test_data_dir_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRESENTER_DATA", str(tmp_path / "env"))
    assert data_dir_for(tmp_path / "arg") == tmp_path / "arg"
    assert data_dir_for(None) == tmp_path / "env"
    monkeypatch.delenv("PRESENTER_DATA")
    default = data_dir_for(None)
    assert default.name == "presenter"
    assert default != tmp_path / "env"


def test_open_creates_the_file_with_wal_full_sync_and_foreign_keys(tmp_path: Path) -> None:
    folder = tmp_path / "nested" / "data"
    with Store.open(folder) as store:
        assert store.path == folder / DB_NAME
        assert store.path.is_file()
        assert store.read("PRAGMA journal_mode")[0][0] == "wal"
        assert store.read("PRAGMA synchronous")[0][0] == 2  # FULL
        assert store.read("PRAGMA foreign_keys")[0][0] == 1
        assert store.read("PRAGMA busy_timeout")[0][0] >= 1000
        assert store.schema_version == SCHEMA_VERSION
        tables = {row[0] for row in store.read("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {
            "sessions",
            "slide_visits",
            "poll_states",
            "ballots",
            "submissions",
            "keyboard_actions",
            "suggestions",
        } <= tables
        other = store.connect()
        try:
            assert other.execute("PRAGMA synchronous").fetchone()[0] == 2
            assert other.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        finally:
            other.close()


def test_reopening_keeps_data_and_does_not_migrate_twice(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store, store.transaction() as conn:
        conn.execute(
            "INSERT INTO sessions (deck_path, kind, started) VALUES ('/d.md', 'talk', 'x')"
        )
    with Store.open(tmp_path) as store:
        assert store.read("SELECT deck_path FROM sessions") == [("/d.md",)]
        assert store.schema_version == SCHEMA_VERSION


def test_a_store_from_an_older_version_is_migrated(tmp_path: Path) -> None:
    # An empty database at version 0 is "older": opening it creates the schema.
    conn = sqlite3.connect(tmp_path / DB_NAME)
    conn.execute("CREATE TABLE unrelated (x)")
    conn.commit()
    conn.close()
    with Store.open(tmp_path) as store:
        assert store.schema_version == SCHEMA_VERSION
        names = {row[0] for row in store.read("SELECT name FROM sqlite_master")}
        assert "ballots" in names and "unrelated" in names


def test_a_store_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / DB_NAME)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(StoreError, match="newer version of presenter"):
        Store.open(tmp_path)


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    (tmp_path / DB_NAME).write_bytes(b"these are my notes, not a database\n" * 200)
    with pytest.raises(StoreError) as caught:
        Store.open(tmp_path)
    message = str(caught.value)
    assert "is not a presenter store" in message
    assert "\n" not in message
    # Nothing was overwritten.
    assert (tmp_path / DB_NAME).read_bytes().startswith(b"these are my notes")


def test_data_dir_that_is_a_file(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(StoreError, match="is a file, not a folder"):
        Store.open(target)


def test_data_dir_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot create the folder"):
        Store.open(blocker / "below")


@pytest.mark.skipif(running_as_root, reason="root ignores file permissions")
def test_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(StoreError, match=r"read-only|cannot open"):
            Store.open(folder)
    finally:
        folder.chmod(0o700)


@pytest.mark.skipif(running_as_root, reason="root ignores file permissions")
def test_read_only_existing_store(tmp_path: Path) -> None:
    Store.open(tmp_path).close()
    for name in os.listdir(tmp_path):
        (tmp_path / name).chmod(0o400)
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(StoreError, match=r"read-only|cannot open"):
            Store.open(tmp_path)
    finally:
        tmp_path.chmod(0o700)


def test_read_only_file_system() -> None:
    # /sys is mounted read-only in containers and for ordinary users alike.
    target = Path("/sys/presenter-test-store")
    if os.access("/sys", os.W_OK) and not running_as_root:
        pytest.skip("/sys is writable here")
    try:
        Store.open(target).close()
    except StoreError as error:
        assert "\n" not in str(error)
        assert str(target) in str(error)
    else:  # pragma: no cover - depends on the machine
        pytest.skip("/sys accepted a folder here")


def test_a_full_disk_is_a_clear_store_error(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        # A page limit is SQLite's own "disk full" condition.
        pages = store.read("PRAGMA page_count")[0][0]
        store.read(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(StoreError, match="is full"), store.transaction() as conn:
            conn.executemany(
                "INSERT INTO sessions (deck_path, kind, started) VALUES (?, 'talk', 'x')",
                [(("/deck" * 200) + str(i),) for i in range(2000)],
            )
        # The failed transaction was rolled back, and the store still works.
        assert store.read("SELECT count(*) FROM sessions")[0][0] == 0
        assert not store.conn.in_transaction


def test_timestamps_are_utc_iso_strings() -> None:
    from datetime import datetime, timedelta, timezone

    moment = datetime(2026, 3, 1, 10, 30, tzinfo=timezone(timedelta(hours=2)))
    assert timestamp(moment) == "2026-03-01T08:30:00.000+00:00"
