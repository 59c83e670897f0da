"""A closed window (SIGHUP) or SIGTERM always ends the process: the app is asked
to close, and should its shutdown never finish (a terminal gone mid-write), the
process ends anyway after the grace period instead of lingering."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

import pytest

from presenter.tui import launch

# An app whose exit never finishes: the case the grace period exists for.
SCRIPT = textwrap.dedent(
    """
    import asyncio, sys
    from presenter.tui import launch

    launch.SIGNAL_GRACE_S = {grace}

    class StuckApp:
        def interrupt(self, return_code):
            pass

    async def talk():
        print("ready", flush=True)
        await asyncio.Event().wait()

    with launch._signals_end_the_app(StuckApp()):
        asyncio.run(talk())
    """
)


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGTERM])
def test_a_stuck_shutdown_still_ends_the_process(signum: signal.Signals) -> None:
    grace = 0.2
    process = subprocess.Popen(
        [sys.executable, "-c", SCRIPT.format(grace=grace)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
        process.send_signal(signum)
        # Far beyond the grace period: a process still running here would linger forever.
        status = process.wait(timeout=grace + launch.SIGNAL_GRACE_S + 30)
    finally:
        process.kill()
    assert status == 128 + signum
