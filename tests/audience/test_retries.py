"""A submission is attempted once; a failed one is tried afresh; old ones are forgotten."""

from __future__ import annotations

import asyncio

from presenter.audience.retries import OncePerSubmission


async def test_a_retry_waits_for_the_first_attempt() -> None:
    loop = asyncio.get_running_loop()
    once: OncePerSubmission[str] = OncePerSubmission()
    started: list[asyncio.Future[str]] = []

    def start() -> asyncio.Future[str]:
        started.append(loop.create_future())
        return started[-1]

    first, new = once.attempt(("phone", "s1"), start)
    again, new_again = once.attempt(("phone", "s1"), start)
    assert new and not new_again and again is first and len(started) == 1
    other, other_new = once.attempt(("other phone", "s1"), start)
    assert other_new and other is not first

    once.forget(("phone", "s1"))
    retried, retried_new = once.attempt(("phone", "s1"), start)
    assert retried_new and retried is not first


async def test_only_the_latest_submissions_are_remembered() -> None:
    loop = asyncio.get_running_loop()
    once: OncePerSubmission[None] = OncePerSubmission(limit=4)
    for n in range(5):
        once.attempt(("phone", f"s{n}"), loop.create_future)
    # Past the limit, the oldest half went: s0 and s1 count as new again, s4 does not.
    assert once.attempt(("phone", "s0"), loop.create_future)[1]
    assert not once.attempt(("phone", "s4"), loop.create_future)[1]
