"""`presenter simulate`: play a room of phones against a running talk, before the meeting.

The phones themselves are in `simulated_room`. This module runs them and
reports: the acknowledged votes, the rate and the latency (p50/p99).

Then it checks what was stored: each phone reads its own stored ballot back
(the server shows a phone its own ballot and nothing else, so results never
leak), which must be the choice last acknowledged; from those it prints the
tally this room should have added. With the store at hand (`data_dir`, the
presenter's `--data`), it also reads the talk's stored tally and checks it
holds at least those votes, one ballot per phone.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path
from typing import TextIO

from presenter.audience.simulated_room import (
    PagePoll,
    SimPhone,
    SimulationError,
    base_of,
    simulate,
)


def expected_tally(poll: PagePoll, phones: list[SimPhone]) -> Counter[str]:
    counts: Counter[str] = Counter()
    n = len(poll.options)
    for phone in phones:
        if not phone.acked:
            continue
        for position, option in enumerate(phone.acked):
            counts[option] += (n - 1 - position) if poll.kind == "rank" else 1
    return counts


def store_check(data_dir: Path, poll: PagePoll, phones: list[SimPhone], out: TextIO) -> bool:
    """Read the talk's tally from the store and check it holds this room's votes."""
    from presenter.deck.model import Poll, PollOption
    from presenter.polls.ballots import VoteStore
    from presenter.polls.tally import tally
    from presenter.session import sessions
    from presenter.store import Store, StoreError

    try:
        store = Store.open(data_dir)
    except StoreError as error:
        out.write(f"  store: cannot read it: {error}\n")
        return False
    with store:
        votes = VoteStore(store)
        talk = next(
            (
                s
                for s in reversed(sessions(store, None, "talk"))
                if votes.state(s.id, poll.poll_id).is_open
            ),
            None,
        )
        if talk is None:
            out.write(f"  store: no talk in {data_dir} has the poll {poll.poll_id!r} open\n")
            return False
        model = Poll(
            poll.poll_id,
            poll.poll_id,
            tuple(PollOption(o, o) for o in poll.options),
            kind=poll.kind,  # type: ignore[arg-type]
            max=poll.max if poll.kind == "multi" else len(poll.options),
        )
        stored = tally(votes, talk.id, model)
        mine = [p for p in phones if p.acked]
        missing = [p for p in mine if votes.ballot_of(talk.id, poll.poll_id, _device(p)) != p.acked]
    expected = expected_tally(poll, phones)
    short = {
        o: (stored.counts.get(o, 0), v) for o, v in expected.items() if stored.counts.get(o, 0) < v
    }
    out.write(
        f"  store (talk {talk.id}): {stored.voters} voters in all; "
        + ", ".join(f"{o} {_num(v)}" for o, v in stored.counts.items())
        + "\n"
    )
    ok = not missing and not short and stored.voters >= len(mine)
    out.write(
        "  store check: "
        + (
            "every acknowledged ballot is stored once\n"
            if ok
            else f"{len(missing)} ballots differ, short {short}\n"
        )
    )
    return ok


def _device(phone: SimPhone) -> str:
    return phone.token.split(".", 1)[0]


def _num(value: float) -> str:
    return f"{value:g}"


def run_simulate(
    *, url: str, code: str, voters: int, out: TextIO, data_dir: Path | None = None
) -> int:
    """Play `voters` phones against the talk at `url`; 0 when every vote checks out."""
    if voters < 1:
        out.write("presenter simulate: --voters must be at least 1\n")
        return 2
    try:
        poll, phones, report = asyncio.run(simulate(url, code, voters))
    except SimulationError as error:
        out.write(f"presenter simulate: {error}\n")
        return 2
    voted = [p for p in phones if p.acked]
    matched = [p for p in voted if p.stored == p.acked]
    rate = report.acknowledged / report.seconds if report.seconds else 0.0
    out.write(
        f"simulate: {voters} phones against {base_of(url)}, poll {poll.poll_id!r} ({poll.kind})\n"
        f"  acknowledged: {report.acknowledged} votes ({report.first} first votes, "
        f"{report.changed} changed, {report.retries} retries of which {report.duplicates} "
        "recognised as duplicates)\n"
        f"  rate: {rate:,.0f} votes/s over {report.seconds:.2f} s; latency p50 "
        f"{report.percentile(0.5):.1f} ms, p99 {report.percentile(0.99):.1f} ms\n"
    )
    for reason, count in sorted(report.refused.items()):
        out.write(f"  not acknowledged: {count} x {reason}\n")
    out.write(
        f"  read back: {len(matched)}/{len(voted)} phones' stored ballots match what was "
        "last acknowledged\n"
        "  this room's votes: "
        + ", ".join(f"{o} {_num(v)}" for o, v in sorted(expected_tally(poll, phones).items()))
        + (" (Borda points)" if poll.kind == "rank" else "")
        + "\n"
    )
    ok = len(matched) == len(voted) == voters and report.duplicates == report.retries
    if data_dir is not None:
        ok = store_check(data_dir, poll, phones, out) and ok
    out.write(
        "OK: every vote was acknowledged, stored once, and reads back as sent\n"
        if ok
        else "FAILED: some votes were not acknowledged or do not read back as sent\n"
    )
    return 0 if ok else 1
