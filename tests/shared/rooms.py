"""Rooms as separate processes, driven by the tests: start, read their JSON lines, wait."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SCRIPT = Path(__file__).resolve().parent / "room_process.py"


class RoomProcess:
    def __init__(
        self, data: Path, url: str, event: str, room: str, env: dict[str, str], *extra: str
    ) -> None:
        self.data = data
        self.room = room
        self.db = data / "presenter.sqlite3"
        self.lines: queue.Queue[dict[str, Any]] = queue.Queue()
        self.seen: list[dict[str, Any]] = []
        self.proc = subprocess.Popen(
            [
                sys.executable,
                str(SCRIPT),
                "--data",
                str(data),
                "--url",
                url,
                "--event",
                event,
                "--room",
                room,
                *extra,
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **env},
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(json.loads(line))
        self.lines.put({"exited": True})

    def expect(
        self, wanted: Callable[[dict[str, Any]], bool], timeout: float = 60
    ) -> dict[str, Any]:
        """The first line (from now on) for which `wanted` holds; fails on exit or timeout."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"room {self.room}: timed out; saw {self.seen[-5:]}")
            try:
                line = self.lines.get(timeout=remaining)
            except queue.Empty:
                continue
            self.seen.append(line)
            if wanted(line):
                return line
            if line.get("exited"):
                stderr = self.proc.stderr.read() if self.proc.stderr else ""
                raise AssertionError(f"room {self.room} exited: {self.seen[-5:]} {stderr[-2000:]}")

    def tell(self, text: str = "stop") -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()

    def finish(self, timeout: float = 120) -> dict[str, Any]:
        """Wait for the room to report its casting and its forwarding; returns the casting."""
        done = self.expect(lambda line: "acked" in line, timeout)
        self.expect(lambda line: "forwarded" in line, timeout)
        assert self.proc.wait(timeout) == 0
        return done

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(10)
