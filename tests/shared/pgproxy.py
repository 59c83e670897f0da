"""A loopback TCP proxy in front of PostgreSQL: injected delay, or a drop after COMMIT.

- `delay_s`: every chunk, each way, is delivered that long after it arrived
  (order kept), so 0.01 makes a 20 ms round trip;
- `drop_after_commit=N`: the N-th time a client sends COMMIT, the proxy passes
  it on, and when the server answers (the transaction is committed) it closes
  both sides instead of relaying the answer: the client never learns whether
  its COMMIT succeeded.
"""

from __future__ import annotations

import contextlib
import queue
import socket
import threading
import time

COMMIT = b"COMMIT\x00"
"""A COMMIT, sent alone or at the end of a pipelined transaction."""


class _Link:
    def __init__(self, client: socket.socket, server: socket.socket) -> None:
        self.client = client
        self.server = server
        self.commit_in_flight = False

    def close(self) -> None:
        for sock in (self.client, self.server):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()


class LoopbackProxy:
    def __init__(
        self, target_port: int, *, delay_s: float = 0.0, drop_after_commit: int | None = None
    ) -> None:
        self.target_port = target_port
        self.delay_s = delay_s
        self.drop_after_commit = drop_after_commit
        self.commits = 0
        self.dropped = threading.Event()
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
                server = socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                return
            for sock in (client, server):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            link = _Link(client, server)
            threading.Thread(target=self._pump, args=(link, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(link, False), daemon=True).start()

    def _pump(self, link: _Link, upstream: bool) -> None:
        source, sink = (link.client, link.server) if upstream else (link.server, link.client)
        pending: queue.SimpleQueue[tuple[float, bytes] | None] = queue.SimpleQueue()
        if self.delay_s:
            threading.Thread(target=self._deliver, args=(pending, sink), daemon=True).start()
        try:
            while data := source.recv(65536):
                if upstream and self.drop_after_commit is not None and COMMIT in data:
                    with self._lock:
                        self.commits += 1
                        if self.commits == self.drop_after_commit:
                            link.commit_in_flight = True
                if not upstream and link.commit_in_flight:
                    # The server answered the COMMIT: it is committed. Lose the answer.
                    self.dropped.set()
                    break
                if self.delay_s:
                    pending.put((time.monotonic() + self.delay_s, data))
                else:
                    sink.sendall(data)
        except OSError:
            pass
        finally:
            pending.put(None)
            link.close()

    @staticmethod
    def _deliver(
        pending: queue.SimpleQueue[tuple[float, bytes] | None], sink: socket.socket
    ) -> None:
        with contextlib.suppress(OSError):
            while (item := pending.get()) is not None:
                due, data = item
                if (wait := due - time.monotonic()) > 0:
                    time.sleep(wait)  # the injected latency itself
                sink.sendall(data)

    def close(self) -> None:
        self._listener.close()
