"""A vote server process for the kill test: `python run_server.py DATA DECK`.

Resumes (or starts) the deck's talk, opens its first poll as the terminal
would, starts the real `AudienceServer` on loopback and prints one JSON line
(`port`, `code`, `session`, `poll`); then serves until killed.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from presenter.audience.server import Audience, AudienceServer
from presenter.clock import SystemClock
from presenter.deck.load import load_deck
from presenter.polls.ballots import VoteStore
from presenter.session import resume_or_start
from presenter.store import Store


async def main(data: Path, deck_path: Path) -> None:
    clock = SystemClock()
    deck = load_deck(deck_path)
    store = Store.open(data)
    session, _resumed = resume_or_start(store, deck_path, "talk", clock=clock, resume=True)
    poll = deck.polls[0]
    votes = VoteStore(store)
    if not votes.state(session.id, poll.id).is_open:
        votes.open_poll(session.id, poll, clock=clock)
    server = AudienceServer(Audience(deck, store, session.id, clock=clock))
    await server.start("127.0.0.1", 0)
    line = {"port": server.port, "code": server.room_code, "session": session.id, "poll": poll.id}
    print(json.dumps(line), flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), Path(sys.argv[2])))
