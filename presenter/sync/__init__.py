"""Two terminals, one talk: the link between processes presenting the same deck.

The projected terminal runs `presenter DECK`, the presenter's own terminal runs
`presenter console DECK`. They find each other over a Unix domain socket in the
user's runtime directory (`$PRESENTER_RUNTIME` if set, else
`platformdirs.user_runtime_dir("presenter")`, else `$TMPDIR/presenter-UID`;
directory mode 0700, socket mode 0600; no network
port), named after a hash of the deck's key (its resolved path) so two talks on one
machine never cross.

Who serves: whoever holds an exclusive `flock` on `<hash>.lock` beside the
socket. The kernel drops that lock when its holder dies, so a socket file left
by a killed process is known to be stale the moment the lock is free: it is
unlinked and bound again, race-free. Everyone else connects as a client. When
the server goes away, the clients race for the lock; one wins and serves, the
others connect to it. The server relays what one client says to the others.

Protocol, version 1: UTF-8 JSON objects, one per line (`\\n`), at most
`MAX_LINE` bytes each. On connecting, both sides send `hello` first:

    {"type": "hello", "v": 1, "role": "present", "deck": "<sha256 of the deck key>"}
    {"type": "position", "slide": 3, "step": 0, "seq": 12}
    {"type": "timer", "running": true, "elapsed_s": 312.5, "at": 1767258000.0,
     "origin_s": 20.0, "entered_s": 290.0, "seq": 4}
    {"type": "bye"}

- `position.slide` indexes the deck's shown slides (0-based), `step` the
  revealed pauses (0-based); the receiver clamps them to its deck.
- `timer.elapsed_s` is the talk time at wall-clock time `at` (Unix seconds);
  a running timer has gone on since then. `origin_s` (optional, default 0)
  is the budget of the slides before the one where the timer started, which
  pacing leaves out; `entered_s` (optional) the talk time when the current
  slide was entered.
- `seq` orders the changes of one kind (a Lamport clock): after `hello` each
  side sends its current position and timer; a change is accepted when its
  `seq` is higher than the last one seen, and on a tie the server's wins. A
  process that has just started has seq 0 and therefore follows the talk that
  is already running. Accepting a change never sends it back (no echo).
- `bye` says the sender is leaving on purpose.
- Unknown message types after `hello` are ignored (room to grow). Anything else
  unexpected (bad JSON, a first line that is not a matching `hello`, another
  protocol version, another deck, a line over `MAX_LINE`, a bad field) drops
  that peer; the talk goes on.

Pure asyncio and the standard library: this package belongs to the core.
`protocol` holds the wire format, `place` where the socket lives,
`server_lock` the lock that decides who serves, `peer` one connection (sending
with back-pressure, reading one message), `link` the `TalkLink` itself.
"""

from presenter.sync.link import LinkState, LinkStatus, TalkLink
from presenter.sync.place import (
    ENV_RUNTIME,
    SyncUnavailable,
    default_runtime_dir,
    socket_path_for,
    talk_id,
)
from presenter.sync.protocol import MAX_LINE, PROTOCOL_VERSION, ProtocolError

__all__ = [
    "ENV_RUNTIME",
    "MAX_LINE",
    "PROTOCOL_VERSION",
    "LinkState",
    "LinkStatus",
    "ProtocolError",
    "SyncUnavailable",
    "TalkLink",
    "default_runtime_dir",
    "socket_path_for",
    "talk_id",
]
