"""`presenter simulate` against a real server process."""

from __future__ import annotations

import io
import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from presenter.audience.simulate import run_simulate
from presenter.audience.simulated_room import read_poll_page
from presenter.deck.load import load_deck
from presenter.polls.ballots import VoteStore
from presenter.store import Store

RUNNER = Path(__file__).with_name("run_server.py")
DECKS = {
    "single": "```poll\nid: sim\nquestion: Which?\noptions: [One, Two, Three]\n```\n",
    "multi": "```poll\nid: sim\nquestion: Which?\nkind: multi\nmax: 2\noptions: [One, Two, Three, Four]\n```\n",
    "rank": "```poll\nid: sim\nquestion: Order?\nkind: rank\noptions: [One, Two, Three]\n```\n",
}


@pytest.fixture(params=sorted(DECKS))
def talk(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[dict[str, object], Path, Path]]:
    data, deck = tmp_path / "data", tmp_path / "sim.md"
    deck.write_text("# Vote\n\n" + DECKS[request.param], encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, str(RUNNER), str(data), str(deck)], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    info = json.loads(process.stdout.readline())
    yield info, data, deck
    process.kill()
    process.wait(10)


def test_simulate_reports_and_checks_every_vote(talk) -> None:  # type: ignore[no-untyped-def]
    info, data, deck_path = talk
    out = io.StringIO()
    code = run_simulate(
        url=f"http://127.0.0.1:{info['port']}",
        code=str(info["code"]).lower(),
        voters=60,
        out=out,
        data_dir=data,
    )
    report = out.getvalue()
    assert code == 0, report
    assert "read back: 60/60" in report
    assert "every acknowledged ballot is stored once" in report
    assert "OK:" in report and "p99" in report
    with Store.open(data) as store:
        stored = VoteStore(store).tally(int(info["session"]), load_deck(deck_path).polls[0])
    assert stored.voters == 60


def test_a_wrong_code_is_a_clear_error(talk) -> None:  # type: ignore[no-untyped-def]
    info, _data, _deck = talk
    out = io.StringIO()
    assert (
        run_simulate(url=f"http://127.0.0.1:{info['port']}", code="AAAAA", voters=3, out=out) == 2
    )
    assert "room code 'AAAAA' was refused" in out.getvalue()


def test_an_unreachable_server_is_a_clear_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound, not listening: nothing answers
        out = io.StringIO()
        assert run_simulate(url=f"127.0.0.1:{port}", code="HK7PXR", voters=3, out=out) == 2
    assert "cannot reach http://127.0.0.1:" in out.getvalue()


def test_the_poll_is_read_from_the_phone_page() -> None:
    page = (
        '<main id="main" data-view="poll" data-poll="p"><form action="/vote" data-kind="multi" '
        'data-max="2"><input name="choice" value="a"><input name="choice" value="b"></form>'
        '<form action="/suggest"><input name="choice" value="zzz"></form></main>'
    )
    poll = read_poll_page(page)
    assert poll is not None and poll.options == ["a", "b"] and poll.max == 2
    assert read_poll_page('<main data-view="wait" data-poll=""></main>') is None
