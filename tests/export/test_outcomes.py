"""Winners, margins and what may be shown, from results stored through the real APIs."""

from __future__ import annotations

from pathlib import Path

from presenter.clock import FakeClock
from presenter.deck.load import load_deck
from presenter.export.outcomes import handout_results, verdict
from presenter.polls.ballots import VoteStore
from presenter.polls.results import collect_results
from presenter.polls.validation import Ballot
from presenter.session import start_session
from presenter.store import Store

DECK = """# Tie

```poll
id: tie
question: Tie?
options: [A, B, C]
```

---

# Rank

```poll
id: order
question: Order?
kind: rank
options: [P, Q, R]
```

---

# Never

```poll
id: never
question: Never opened?
options: [Yes, No]
```

---

# Quiet

```poll
id: quiet
question: Opened, no votes?
options: [Yes, No]
results: after-close
```
"""


def test_tie_rank_margin_unopened_and_hidden(tmp_path: Path, data_dir: Path) -> None:
    path = tmp_path / "deck.md"
    path.write_text(DECK, encoding="utf-8")
    deck = load_deck(path)
    tie, order, _never, quiet = deck.polls
    clock = FakeClock()
    with Store.open(data_dir) as store:
        votes = VoteStore(store)
        talk = start_session(store, path, "talk", clock=clock).id
        for poll in (tie, order, quiet):
            votes.open_poll(talk, poll, clock=clock)
        votes.add_keyboard_vote(talk, tie, "a", clock=clock)
        votes.cast(talk, tie, Ballot("phone-1", "phone", ("b",)), clock=clock)
        votes.cast(talk, order, Ballot("phone-1", "phone", ("q", "p", "r")), clock=clock)
        votes.cast(talk, order, Ballot("phone-2", "phone", ("q", "r", "p")), clock=clock)
        votes.close_poll(talk, quiet, clock=clock)
        results = handout_results(collect_results(store, deck), deck)

    [tied] = results.present(tie)
    assert [o.label for o in tied.winners] == ["A", "B"]
    assert tied.margin is not None and tied.margin.value == 0
    assert verdict(tied, str.upper) == "a tie between A and B (2 voters)."

    [ranked] = results.present(order)
    # Borda, 3 options: Q 2+2 = 4 points, P 1+0, R 0+1: 4 of 6 points against 1.
    assert [o.label for o in ranked.winners] == ["Q"]
    assert ranked.margin is not None and ranked.margin.value == 3
    assert round(ranked.margin.share_points) == 50
    assert verdict(ranked, str.upper) == "Q, ahead by 3 points (50 percentage points; 2 voters)."

    [never] = results.present(deck.polls[2])
    assert not never.ran and verdict(never, str) == "not opened."

    [hidden] = results.present(quiet)
    assert hidden.ran and not hidden.visible and hidden.state_text == "closed"
    assert verdict(hidden, str) == "results not revealed."
