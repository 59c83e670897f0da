"""A throwaway PostgreSQL cluster for tests and benchmarks: temp dir, free loopback port.

The server binaries come from `pg_config --bindir`, else the newest
`/usr/lib/postgresql/*/bin`. PostgreSQL refuses to run as root, so when the
tests run as root the cluster belongs to `nobody` (through `runuser`), in a
temporary folder that user owns. Connections go over TCP with a password
(SCRAM), which the clients read from a password file (`PGPASSFILE`), as a room
would in production.
"""

from __future__ import annotations

import contextlib
import glob
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

USER = "presenter"
DATABASE = "presenter"


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server binaries here, or no way to run them."""


def find_bindir() -> Path:
    pg_config = shutil.which("pg_config")
    if pg_config:
        result = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        candidate = Path(result.stdout.strip())
        if result.returncode == 0 and (candidate / "initdb").exists():
            return candidate
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: (
            int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0
        ),
    )
    if found:
        return Path(found[-1]).parent
    raise PostgresUnavailable(
        "PostgreSQL server binaries not found (install Debian's postgresql package)"
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PgServer:
    """`start()`, `stop(mode)`, `url`, `env`; `close()` removes everything."""

    def __init__(self, *, durable: bool = False) -> None:
        """`durable`: commits wait for the disk, as on a real server (benchmarks);
        tests skip that wait (a stopped or killed server loses nothing either way)."""
        self.durable = durable
        self.bindir = find_bindir()
        self.as_user: list[str] = []
        self.root = Path(tempfile.mkdtemp(prefix="presenter-pg-"))
        if os.geteuid() == 0:
            runuser = shutil.which("runuser")
            if runuser is None:
                raise PostgresUnavailable("running as root without runuser to drop privileges")
            self.as_user = [runuser, "-u", "nobody", "--"]
            os.chmod(self.root, 0o755)
        self.data = self.root / "cluster"
        self.port = free_port()
        self.password = secrets.token_hex(12)
        self.passfile = self.root / "pgpass"
        self.passfile.write_text(f"127.0.0.1:*:*:{USER}:{self.password}\n")
        self.passfile.chmod(0o600)
        self.log = self.root / "server.log"
        self._init()

    @property
    def url(self) -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{DATABASE}"

    def url_via(self, port: int) -> str:
        """The same database through another loopback port (a proxy in front of the server)."""
        return f"postgresql://{USER}@127.0.0.1:{port}/{DATABASE}"

    @property
    def env(self) -> dict[str, str]:
        """What a client process needs: the password file, nothing in the URL."""
        return {"PGPASSFILE": str(self.passfile), "PGSSLMODE": "disable"}

    def _run(self, *args: str) -> None:
        result = subprocess.run([*self.as_user, *args], capture_output=True, text=True)
        if result.returncode != 0:
            raise PostgresUnavailable(f"{Path(args[0]).name} failed: {result.stderr.strip()}")

    def _init(self) -> None:
        pwfile = self.root / "pw"
        pwfile.write_text(self.password + "\n")
        if self.as_user:
            shutil.chown(pwfile, "nobody")
            self.log.touch()
            shutil.chown(self.log, "nobody")
            self.data.mkdir()
            shutil.chown(self.data, "nobody")
        try:
            self._run(
                str(self.bindir / "initdb"),
                "-D",
                str(self.data),
                "-U",
                USER,
                f"--pwfile={pwfile}",
                "--auth-host=scram-sha-256",
                "--auth-local=scram-sha-256",
                "-E",
                "UTF8",
                "--no-sync",
            )
        finally:
            pwfile.unlink()
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                f"\nlisten_addresses = '127.0.0.1'\nport = {self.port}\n"
                "unix_socket_directories = ''\nmax_connections = 60\nshared_buffers = 32MB\n"
            )
            if not self.durable:
                conf.write("fsync = off\nfull_page_writes = off\n")
        self.start()
        self.psql(f"CREATE DATABASE {DATABASE}", database="postgres")

    def start(self) -> None:
        self._run(
            str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "start"
        )

    def stop(self, mode: str = "fast") -> None:
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def psql(self, sql: str, database: str = DATABASE) -> str:
        env = {**os.environ, **self.env}
        result = subprocess.run(
            [
                str(self.bindir / "psql"),
                "-X",
                "-At",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                USER,
                "-d",
                database,
                "-c",
                sql,
            ],
            capture_output=True,
            text=True,
            env=env,
        )
        if result.returncode != 0:
            raise RuntimeError(result.stderr)
        return result.stdout

    def close(self) -> None:
        with contextlib.suppress(PostgresUnavailable):
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)
