"""The one log file: where it is, what `--version` says, and that failures reach it."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from presenter.logs import ENV_LOG_DIR, LOG_NAME, log_path, setup_logging

from ..conftest import LogFile


def test_the_log_folder_follows_the_environment(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(ENV_LOG_DIR, str(tmp_path / "logs"))
    assert log_path() == tmp_path / "logs" / LOG_NAME
    assert setup_logging() == tmp_path / "logs" / LOG_NAME
    logging.getLogger("presenter.test").error("went wrong", exc_info=ValueError("boom"))
    text = (tmp_path / "logs" / LOG_NAME).read_text(encoding="utf-8")
    assert "ERROR presenter.test" in text and "ValueError: boom" in text


def test_debug_adds_detail(log_file: LogFile) -> None:
    logging.getLogger("presenter.test").debug("only with --debug")
    assert "only with --debug" not in log_file.text()
    setup_logging(debug=True)
    try:
        logging.getLogger("presenter.test").debug("detail now")
        assert "detail now" in log_file.text()
    finally:
        setup_logging()


def test_an_unwritable_log_folder_never_stops_the_program(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(ENV_LOG_DIR, str(blocker / "logs"))
    assert setup_logging() is None
    logging.getLogger("presenter.test").error("nowhere to go")


def test_version_prints_the_log_path(tmp_path: Path) -> None:
    env = {**os.environ, ENV_LOG_DIR: str(tmp_path / "logs")}
    done = subprocess.run(
        [sys.executable, "-m", "presenter", "--version"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    lines = done.stdout.splitlines()
    assert lines[0].startswith("presenter ")
    assert lines[1] == f"log file: {tmp_path / 'logs' / LOG_NAME}"


def test_a_thread_that_dies_is_logged_not_printed(log_file: LogFile, capfd) -> None:  # type: ignore[no-untyped-def]
    import threading

    def fail() -> None:
        raise RuntimeError("thread went wrong")

    thread = threading.Thread(target=fail, name="worker-x")
    thread.start()
    thread.join()
    assert "worker-x stopped on an error" in log_file.text()
    assert "RuntimeError: thread went wrong" in log_file.text()
    assert "thread went wrong" not in capfd.readouterr().err
