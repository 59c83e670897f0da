"""A wheel, installed as a user installs it, works from any folder.

Builds the wheel from this checkout, installs it with pip into a new virtualenv
outside the checkout (its dependencies resolved by pip as for any user, from the
configured index or pip's cache), then runs the installed `presenter` from another
folder: `--version`, `decks`, `check` on each bundled deck, and the bare command in
a real terminal, which must open the bundled briefing.

Marked `wheel`: it takes tens of seconds (a build, a virtualenv, an install).
Leave it out with `-m "not wheel"`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from presenter import __version__
from presenter.bundled import DEFAULT_DECK_NAME
from presenter.deck.load import load_deck

ROOT = Path(__file__).resolve().parents[2]
NOT_SOURCE = (
    ".git",
    ".venv",
    "venv",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    ".*_cache",
    ".hypothesis",
)

pytestmark = [pytest.mark.wheel, pytest.mark.timeout(600)]


def _run(*args: str | Path, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=540
    )


class Installed:
    def __init__(self, venv: Path, elsewhere: Path, env: dict[str, str]) -> None:
        self.venv = venv
        self.elsewhere = elsewhere
        self.env = env
        self.presenter = venv / "bin" / "presenter"

    def run(self, *args: str | Path) -> subprocess.CompletedProcess[str]:
        return _run(self.presenter, *args, cwd=self.elsewhere, env=self.env)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    base = tmp_path_factory.mktemp("wheel")
    dist, venv, elsewhere = base / "dist", base / "venv", base / "elsewhere"
    elsewhere.mkdir()
    # Nothing of the checkout or of the test's own environment may leak into the install.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = os.pathsep.join([str(venv / "bin"), env.get("PATH", "")])
    env["PRESENTER_DATA"] = str(base / "data")

    # Built from a clean copy of the source, so nothing left in the checkout's
    # build/ folder by an earlier build can slip into the wheel.
    source = base / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*NOT_SOURCE))
    built = _run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, source,
        cwd=base, env=env,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (wheel,) = dist.glob("presenter-*.whl")

    base_python = getattr(sys, "_base_executable", sys.executable)
    made = _run(base_python, "-m", "venv", venv, cwd=base, env=env)
    assert made.returncode == 0, made.stderr
    pip = _run(venv / "bin" / "python", "-m", "pip", "install", "-q", wheel, cwd=base, env=env)
    assert pip.returncode == 0, pip.stderr
    yield Installed(venv, elsewhere, env)


def test_version(installed: Installed) -> None:
    result = installed.run("--version")
    assert result.returncode == 0, result.stderr
    version, log_file = result.stdout.strip().splitlines()
    assert version == f"presenter {__version__}"
    assert log_file.startswith("log file: ") and log_file.endswith("presenter.log")


def _bundled_folder(installed: Installed) -> Path:
    result = installed.run("decks")
    assert result.returncode == 0, result.stderr
    (folder,) = [line[3:] for line in result.stdout.splitlines() if line.startswith("in ")]
    return Path(folder)


def test_the_decks_are_inside_the_installed_package(installed: Installed) -> None:
    folder = _bundled_folder(installed)
    assert folder.is_relative_to(installed.venv), folder
    shipped = sorted(p.name for p in folder.glob("*.md"))
    assert shipped == sorted(p.name for p in (ROOT / "decks").glob("*.md"))


def test_every_bundled_deck_checks_clean(installed: Installed) -> None:
    folder = _bundled_folder(installed)
    for deck in sorted(folder.glob("*.md")):
        result = installed.run("check", deck)
        assert result.returncode == 0, f"{deck.name}:\n{result.stdout}{result.stderr}"
        assert "0 errors" in result.stdout


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_the_bare_command_opens_the_bundled_briefing(installed: Installed) -> None:
    total = len(load_deck(ROOT / "decks" / DEFAULT_DECK_NAME).shown)
    session = f"presenter-wheel-{os.getpid()}"
    # tmux starts the command with the server's environment: pass ours explicitly.
    command = (
        f"cd {installed.elsewhere} && env -u COLUMNS -u LINES -u PYTHONPATH"
        f" PRESENTER_DATA={installed.env['PRESENTER_DATA']}"
        f" PRESENTER_RUNTIME={os.environ['PRESENTER_RUNTIME']} {installed.presenter}"
    )
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "100", "-y", "30", command], check=True
    )
    try:
        deadline = time.monotonic() + 30
        while True:  # waiting on the screen, not sleeping
            screen = subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
            ).stdout
            if f"1/{total}" in screen:
                break
            assert time.monotonic() < deadline, f"the briefing never showed:\n{screen}"
        assert "does not exist" not in screen
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
