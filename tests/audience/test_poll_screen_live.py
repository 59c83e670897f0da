"""The real app, headless, with the vote server: phones vote and the projected bars follow.

`presenter DECK --audience 127.0.0.1:0`: the server starts with the app; the
poll view shows where to join (URL, room code, QR); phones join and vote over
real HTTP while the presenter's keys keep working; closing refuses later votes.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp

from presenter.clock import FakeClock
from presenter.options import DEFAULT_DECK, AudienceAddress, PresentOptions
from presenter.tui.app import PresenterApp
from presenter.tui.widgets.audience_panel import AudiencePanel


def screen_text(app: PresenterApp) -> str:
    return "\n".join(strip.text.rstrip() for strip in app.screen._compositor.render_strips())


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def app_with_phone_votes(data_dir: Path) -> PresenterApp:
    """`presenter DECK --audience 127.0.0.1:0`."""
    options = PresentOptions(
        DEFAULT_DECK, data_dir=data_dir, audience=AudienceAddress("127.0.0.1", 0)
    )
    return PresenterApp(options, clock=FakeClock(), watch_file=False)


async def on_the_poll_slide(pilot, live_poll_view):  # type: ignore[no-untyped-def]
    """The running server and the live poll view, once the app went to the poll slide."""
    app = pilot.app
    await app.talk.started()
    await settle(pilot)
    server = app.audience.server
    assert server is not None, app.audience.problem
    number = next(i for i, s in enumerate(app.deck.shown, 1) if s.poll is not None)
    app.go_to_slide(number)
    return server, await live_poll_view(pilot)


async def test_phone_votes_move_the_bars_while_keys_work(data_dir: Path, live_poll_view) -> None:
    app = app_with_phone_votes(data_dir)
    async with app.run_test(size=(110, 36)) as pilot:
        server, view = await on_the_poll_slide(pilot, live_poll_view)
        panel = app.screen.query_one(AudiencePanel)
        assert panel.has_class("-running") and panel.display
        assert f"room code {server.room_code}" in screen_text(app)
        assert server.url in screen_text(app)
        assert "█" in screen_text(app)  # the QR code

        await pilot.press("enter")  # open the poll, as the presenter does
        await settle(pilot)
        poll = view.poll
        heard = asyncio.Event()
        app.poll_desk.poll_changed.subscribe(
            app, lambda poll_id: heard.set() if poll_id in (poll.id, None) else None
        )

        async def bars_show(voters: int) -> None:
            """Wait, notice by notice, until the view shows `voters` (never by time)."""
            while True:
                heard.clear()  # a notice during the settle below is not lost
                await settle(pilot)
                if view.current.voters == voters:
                    return
                await heard.wait()

        base = f"http://127.0.0.1:{server.port}"
        async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as session:

            async def phone(n: int) -> int:
                joined = await session.get(f"{base}/J/{server.room_code}", allow_redirects=False)
                token = joined.cookies["presenter_device"].value
                cookie = {"Cookie": f"presenter_device={token}"}
                answer = await session.post(
                    f"{base}/vote",
                    data={
                        "poll": poll.id,
                        "sid": f"phone-{n:04d}",
                        "choice": poll.options[n % 2].id,
                        "token": server.audience.key.form_token(token.partition(".")[0]),
                    },
                    headers={**cookie, "Accept": "application/json"},
                )
                return answer.status

            voting = asyncio.gather(*(phone(n) for n in range(30)))
            await pilot.press("3")  # a show of hands while the phones vote
            assert await voting == [200] * 30
            await asyncio.wait_for(bars_show(31), 10)  # told by the server, not by a timer
            assert view.current.voters == 31
            assert dict(view.current.counts)[poll.options[0].id] == 15
            assert "OPEN · 31 voters" in screen_text(app)

            await pilot.press("c")  # close: later votes are refused
            await settle(pilot)
            joined = await session.get(f"{base}/J/{server.room_code}", allow_redirects=False)
            token = joined.cookies["presenter_device"].value
            late = await session.post(
                f"{base}/vote",
                data={
                    "poll": poll.id,
                    "sid": "late-vote-1",
                    "choice": poll.options[0].id,
                    "token": server.audience.key.form_token(token.partition(".")[0]),
                },
                headers={"Cookie": f"presenter_device={token}"},
            )
            assert late.status == 409
        await pilot.press("q", "q")  # quitting a talk asks once
    assert app.audience.server is None  # stopped with the app


async def test_w_starts_the_server_on_demand(data_dir: Path) -> None:
    app = PresenterApp(
        PresentOptions(DEFAULT_DECK, data_dir=data_dir), clock=FakeClock(), watch_file=False
    )
    async with app.run_test(size=(110, 36)) as pilot:
        await app.talk.started()
        assert app.audience.server is None
        # The default port may be taken on this machine: bind an ephemeral one instead.
        app.options = PresentOptions(
            DEFAULT_DECK, data_dir=data_dir, audience=AudienceAddress("127.0.0.1", 0)
        )
        await pilot.press("w")
        await settle(pilot)
        assert app.audience.server is not None
        assert "Phones join at http://127.0.0.1:" in " ".join(
            str(n.message) for n in app._notifications
        )


async def test_a_taken_port_is_one_clear_notification(data_dir: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        options = PresentOptions(
            DEFAULT_DECK, data_dir=data_dir, audience=AudienceAddress("127.0.0.1", port)
        )
        app = PresenterApp(options, clock=FakeClock(), watch_file=False)
        async with app.run_test(size=(110, 36)) as pilot:
            await app.talk.started()
            await settle(pilot)
            assert app.audience.server is None
            assert app.audience.problem is not None and "already in use" in app.audience.problem
            assert app.is_running  # presenting goes on


async def test_stuffed_ballots_are_announced_and_x_excludes_them(
    data_dir: Path, live_poll_view
) -> None:
    app = app_with_phone_votes(data_dir)
    async with app.run_test(size=(110, 36)) as pilot:
        server, view = await on_the_poll_slide(pilot, live_poll_view)
        await pilot.press("enter")
        await settle(pilot)
        poll = view.poll
        base = f"http://127.0.0.1:{server.port}"
        # One person minting a fresh cookie for each of 31 votes, all from loopback.
        async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as session:
            for n in range(31):
                joined = await session.get(f"{base}/J/{server.room_code}", allow_redirects=False)
                token = joined.cookies["presenter_device"].value
                answer = await session.post(
                    f"{base}/vote",
                    data={
                        "poll": poll.id,
                        "sid": f"stuffed-{n:04d}",
                        "choice": poll.options[0].id,
                        "token": server.audience.key.form_token(token.partition(".")[0]),
                    },
                    headers={"Cookie": f"presenter_device={token}", "Accept": "application/json"},
                )
                assert answer.status == 200
        await settle(pilot)
        assert app.audience.flagged_polls == {poll.id}
        assert "X" in {binding.key for binding in app.BINDINGS if hasattr(binding, "key")}

        await pilot.press("X")
        await settle(pilot)
        assert app.audience.flagged_polls == set()
        store = app.talk.store
        assert store is not None and app.talk.session is not None
        from presenter.polls.ballots import VoteStore

        votes = VoteStore(store)
        assert votes.voters(app.talk.session.id, poll.id) == 0
        assert len(votes.excluded(app.talk.session.id, poll.id)) == 31
        await pilot.press("q")
