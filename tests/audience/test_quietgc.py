"""Full collections wait for a quiet moment while the server runs, and come back after."""

from __future__ import annotations

import gc

import pytest

from presenter.audience.quietgc import NEVER, QuietCollection


@pytest.fixture(autouse=True)
def keep_thresholds():  # type: ignore[no-untyped-def]
    saved = gc.get_threshold()
    yield
    gc.set_threshold(*saved)


def test_full_collections_are_deferred_then_restored() -> None:
    before = gc.get_threshold()
    collection = QuietCollection(quiet_s=2.0, max_wait_s=60.0)
    collection.start(now=100.0)
    assert gc.get_threshold()[2] == NEVER
    assert gc.get_threshold()[:2] == before[:2]
    collection.stop()
    assert gc.get_threshold() == before


def test_a_busy_room_waits_a_quiet_one_collects() -> None:
    collection = QuietCollection(quiet_s=2.0, max_wait_s=60.0)
    collection.start(now=100.0)
    junk = [[] for _ in range(5000)]
    for item in junk:
        item.append(item)  # cycles that only a collection frees
    del junk
    gc.collect(1)  # young generations as usual: survivors reach the oldest
    collection.tick(now=101.0, last_request=100.9)  # busy
    assert collection.full_collections == 0
    frozen = gc.get_freeze_count()
    collection.tick(now=104.0, last_request=101.0)  # quiet for 3 s
    assert collection.full_collections == 1
    assert gc.get_freeze_count() > frozen  # the survivors are not walked again
    collection.tick(now=200.0, last_request=199.9)  # busy but overdue
    assert collection.full_collections == 2
    collection.stop()
