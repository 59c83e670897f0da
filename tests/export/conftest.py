"""Fixtures for export tests: talks recorded through the real store and ballot APIs.

`record_talk` opens each poll of a deck, adds show-of-hands (keyboard) votes
and phone ballots, stores suggestions (approved, rejected and one hostile
text), closes the polls and ends the talk, all with a fake clock. The export
benchmark imports it from here too.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from presenter.clock import FakeClock
from presenter.deck.load import load_deck
from presenter.polls.ballots import VoteStore
from presenter.polls.validation import Ballot
from presenter.session import end_session, start_session
from presenter.store import Store

DECKS = Path(__file__).resolve().parents[2] / "decks"

HOSTILE = (
    '<script>window.pwned = 1</script> "><img src=x onerror="window.pwned = 2"> '
    "[bold red]loud[/bold red] & more"
)
APPROVED = "Start with one ministry & measure it"
REJECTED = "buy followers"


def record_talk(
    data_dir: Path,
    deck_path: Path,
    *,
    label: str = "Board briefing",
    keyboard: tuple[int, ...] = (3, 0, 1),
    phones: tuple[int, ...] = (2, 1, 0, 4),
    close: bool = True,
    reveal: bool = False,
    clock: FakeClock | None = None,
    suggestions: tuple[tuple[str, str], ...] = (
        (HOSTILE, "approved"),
        (APPROVED, "approved"),
        (REJECTED, "rejected"),
    ),
) -> int:
    """One talk of the deck: per poll, `keyboard[k]` hands and `phones[k]` phones for option k."""
    clock = clock or FakeClock()
    deck = load_deck(deck_path)
    with Store.open(data_dir) as store:
        votes = VoteStore(store)
        talk = start_session(store, deck_path, "talk", clock=clock, label=label).id
        for poll in deck.polls:
            votes.open_poll(talk, poll, clock=clock)
            for option, hands in zip(poll.options, keyboard, strict=False):
                for _ in range(hands):
                    votes.add_keyboard_vote(talk, poll, option.id, clock=clock)
            phone = 0
            for option, count in zip(poll.options, phones, strict=False):
                for _ in range(count):
                    phone += 1
                    ballot = Ballot(f"{label}-phone-{phone}", "phone", (option.id,))
                    votes.cast(talk, poll, ballot, clock=clock)
            if poll.suggestions:
                for text, status in suggestions:
                    kept = votes.suggest(talk, poll, text, f"{label}-phone-1", clock=clock)
                    votes.moderate(kept.id, status)
            clock.advance(60)
            if close:
                votes.close_poll(talk, poll, clock=clock)
            if reveal:
                votes.reveal(talk, poll)
        end_session(store, talk, clock=clock)
    return talk


@pytest.fixture
def record() -> Callable[..., int]:
    """`record(data_dir, deck_path, **options)`: record a talk, return its session id."""
    return record_talk


@pytest.fixture
def hostile() -> str:
    return HOSTILE


@pytest.fixture
def briefing(tmp_path: Path, data_dir: Path) -> tuple[Path, int]:
    """The bundled 15-minute briefing (a copy) and one recorded talk of it."""
    deck = tmp_path / "gov-1-5.md"
    shutil.copy(DECKS / "gov-1-5.md", deck)
    return deck, record_talk(data_dir, deck)


ROOM_DECK = """---
title: Handout <b>test</b> [bold]Title[/bold]
subtitle: What the room said
author: Ann Author
event: Board
location: Ottawa
date: 2026-01-01
source: An essay
---

# Opening

First point

<!-- pause -->

Second point, revealed later

Note: Opening notes for the speaker.

---

<!-- skip -->

# Hidden slide

This slide is skipped, and so is its poll.

```poll
id: hidden-poll
question: Never seen?
options: [One, Two]
```

---

# Picture

![a red dot](dot.png) and ![far away](https://example.com/x.png)

<div onclick="x()">raw block</div>

Inline <script>window.pwned = 3</script> tag.

---

# Live poll

```poll
id: live-one
question: Which first?
options: [Alpha, Beta, Gamma]
suggestions: true
```

---

# Secret poll

```poll
id: secret-one
question: Kept hidden?
options: [Left, Right]
results: after-close
```

---

# Revealed poll

```poll
id: shown-one
question: Shown after closing?
options: [Up, Down]
results: after-close
```
"""


def tiny_png() -> bytes:
    """A valid 2x2 red PNG."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def room(tmp_path: Path, data_dir: Path) -> tuple[Path, int]:
    """A small deck (steps, a skipped poll slide, an image, raw HTML, three polls) and one talk.

    The talk closes every poll and reveals only `shown-one`: `secret-one` is an
    `after-close` poll that was never revealed.
    """
    deck = tmp_path / "room.md"
    deck.write_text(ROOM_DECK, encoding="utf-8")
    (tmp_path / "dot.png").write_bytes(tiny_png())
    talk = record_talk(data_dir, deck)
    shown = load_deck(deck).polls[3]
    with Store.open(data_dir) as store:
        VoteStore(store).reveal(talk, shown)
    return deck, talk
