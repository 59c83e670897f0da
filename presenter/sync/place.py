"""Where a talk's socket lives: a private runtime directory, a name per deck."""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
import warnings
from pathlib import Path

from presenter.session import deck_key

ENV_RUNTIME = "PRESENTER_RUNTIME"
"""Overrides where the socket lives (two talks of one deck kept apart, tests)."""


class SyncUnavailable(Exception):
    """No private place for the socket could be found or made."""


def talk_id(deck_path: Path) -> str:
    """The full hash that names a talk on the link: sha256 of the deck's key.

    The key (`presenter.session.deck_key`) resolves symlinks, so a console opened
    through a link to the deck finds the talk presenting the deck itself.
    """
    return hashlib.sha256(deck_key(deck_path).encode("utf-8", "surrogateescape")).hexdigest()


def default_runtime_dir() -> Path:
    """`$PRESENTER_RUNTIME`, else the user's runtime dir, else a private one under the temp dir."""
    override = os.environ.get(ENV_RUNTIME, "").strip()
    if override:
        return private_dir(Path(override).expanduser())
    try:
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset; we have our own fallback.
            warnings.simplefilter("ignore")
            import platformdirs

            path = Path(platformdirs.user_runtime_dir("presenter"))
        return private_dir(path)
    except (OSError, SyncUnavailable):
        return private_dir(Path(tempfile.gettempdir()) / f"presenter-{os.getuid()}")


def private_dir(path: Path) -> Path:
    """Create `path` (mode 0700) or check an existing one is ours, a real dir, and private."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.lstat(path)
    except OSError as error:
        raise SyncUnavailable(f"cannot create {path}: {error.strerror}") from None
    if not stat.S_ISDIR(info.st_mode):
        raise SyncUnavailable(f"{path} is not a directory")
    if info.st_uid != os.getuid():
        raise SyncUnavailable(f"{path} belongs to another user")
    if info.st_mode & 0o077:
        try:
            os.chmod(path, 0o700)
        except OSError as error:
            raise SyncUnavailable(f"cannot make {path} private: {error.strerror}") from None
    return path


def socket_path_for(deck_path: Path, runtime_dir: Path) -> Path:
    return runtime_dir / f"talk-{talk_id(deck_path)[:16]}.sock"
