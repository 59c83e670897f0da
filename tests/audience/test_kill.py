"""SIGKILL the vote server during a stream of votes: every acknowledged vote is stored."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import aiohttp

from presenter.deck.load import load_deck
from presenter.polls.ballots import VoteStore
from presenter.store import Store

RUNNER = Path(__file__).with_name("run_server.py")
FORM_TOKEN = re.compile(r'name="token" value="([^"]+)"')

DECK = """# Vote

```poll
id: kill
question: Which?
options: [One, Two, Three]
```
"""
OPTIONS = ["one", "two", "three"]


def start(data: Path, deck: Path) -> tuple[subprocess.Popen[str], dict[str, object]]:
    process = subprocess.Popen(
        [sys.executable, str(RUNNER), str(data), str(deck)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert process.stdout is not None
    return process, json.loads(process.stdout.readline())


async def test_acknowledged_votes_survive_sigkill(tmp_path: Path) -> None:
    data, deck_path = tmp_path / "data", tmp_path / "kill.md"
    deck_path.write_text(DECK, encoding="utf-8")
    process, info = start(data, deck_path)
    base = f"http://127.0.0.1:{info['port']}"
    acked: dict[str, str] = {}  # device -> the choice last acknowledged
    in_flight: dict[str, str] = {}  # device -> a choice sent, not (yet) acknowledged
    enough = asyncio.Event()
    tokens: dict[str, str] = {}
    form_tokens: dict[str, str] = {}

    async def phone(n: int, session: aiohttp.ClientSession) -> None:
        response = await session.get(f"{base}/J/{info['code']}", allow_redirects=False)
        token = response.cookies["presenter_device"].value
        device = token.split(".")[0]
        tokens[device] = token
        headers = {"Cookie": f"presenter_device={token}", "Accept": "application/json"}
        page = await (await session.get(f"{base}/", headers=headers)).text()
        form_tokens[device] = form_token = FORM_TOKEN.search(page).group(1)  # type: ignore[union-attr]
        for k in range(25):
            choice = OPTIONS[(n + k) % 3]
            in_flight[device] = choice
            try:
                answer = await session.post(
                    f"{base}/vote",
                    data={
                        "poll": "kill",
                        "sid": f"p{n:03d}v{k:03d}",
                        "choice": choice,
                        "token": form_token,
                    },
                    headers=headers,
                )
                body = await answer.json()
            except (aiohttp.ClientError, ValueError):
                return  # the server is gone: this vote was never acknowledged
            if answer.status == 200 and body.get("stored"):
                acked[device] = choice
                del in_flight[device]
                if len(acked) >= 20:
                    enough.set()

    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(
        connector=connector, cookie_jar=aiohttp.DummyCookieJar()
    ) as session:
        phones = [asyncio.ensure_future(phone(n, session)) for n in range(40)]
        await asyncio.wait_for(enough.wait(), 60)
        os.kill(process.pid, signal.SIGKILL)  # mid-stream: other phones are still voting
        process.wait(10)
        await asyncio.gather(*phones)

    assert len(acked) >= 20
    deck = load_deck(deck_path)
    with Store.open(data) as store:
        votes = VoteStore(store)
        session_id = int(info["session"])  # type: ignore[arg-type]
        for device, choice in acked.items():
            stored = votes.ballot_of(session_id, "kill", device)
            allowed = {(choice,)} | ({(in_flight[device],)} if device in in_flight else set())
            assert stored in allowed, (device, stored, choice)
        assert votes.tally(session_id, deck.polls[0]).voters >= len(acked)

    # the presenter starts again: the same talk, the same room code, the phones still count
    process, again = start(data, deck_path)
    try:
        assert again["session"] == info["session"] and again["code"] == info["code"]
        device, token = next(iter(tokens.items()))
        async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as session:
            answer = await session.post(
                f"http://127.0.0.1:{again['port']}/vote",
                data={
                    "poll": "kill",
                    "sid": "after-restart-1",
                    "choice": "two",
                    "token": form_tokens[device],
                },
                headers={"Cookie": f"presenter_device={token}", "Accept": "application/json"},
            )
            assert answer.status == 200 and (await answer.json())["stored"]
    finally:
        process.kill()
        process.wait(10)
    with Store.open(data) as store:
        assert VoteStore(store).ballot_of(int(info["session"]), "kill", device) == ("two",)  # type: ignore[arg-type]
