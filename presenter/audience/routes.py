"""The vote server's routes: the poll page, votes, suggestions, live events, assets.

Nothing administrative is reachable here: opening, closing, revealing and
moderating happen only in the terminal. Phones never receive results (not
even of `live` polls): the projected screen is where the room sees them, so an
`after-close` poll cannot leak before its reveal. A phone sees only its own
stored ballot. Joining is in `presenter.audience.joining`.

Each POST answers in one of two ways: a browser form gets a 303 redirect to a
confirmation page (sent only after the ballot's transaction committed); the
page's script (Accept: application/json) gets JSON with the confirmation HTML.
Every POST from a joined phone must come from this server's own page (its
`Origin`/`Sec-Fetch-Site`) and carry the device's form token.
"""

from __future__ import annotations

import asyncio
import time
from importlib import resources

from aiohttp import web

from presenter.audience import pages
from presenter.audience.forms import read_poll_id, read_suggestion, read_vote
from presenter.audience.guards import address_key
from presenter.audience.joining import device_of, join_form, join_link
from presenter.audience.responses import html_response, is_form, json_response, wants_json
from presenter.audience.security import BadInput, check_origin, one, parse_form
from presenter.audience.state import audience_of
from presenter.audience.streams import serve_stream
from presenter.deck.model import Poll
from presenter.polls.ballots import Suggestion, SuggestionRejected
from presenter.polls.validation import Ballot, BallotRejected
from presenter.store import StoreError


def _load_static() -> dict[str, tuple[bytes, str]]:
    folder = resources.files("presenter.audience") / "static"
    types = {"app.css": "text/css", "app.js": "text/javascript"}
    return {name: ((folder / name).read_bytes(), kind) for name, kind in types.items()}


STATIC = _load_static()


@web.middleware
async def limit_middleware(request: web.Request, handler):  # type: ignore[no-untyped-def]
    """Per-address token bucket over every request (loopback too, unless trusted)."""
    audience = audience_of(request)
    audience.last_request = time.monotonic()
    if audience.limits.applies_to(request.remote) and not audience.address_limiter.allow(
        address_key(request.remote)
    ):
        raise BadInput("Too many requests from this network; wait a few seconds.", 429)
    return await handler(request)


def _require_device(request: web.Request) -> str:
    device = device_of(request)
    if device is None:
        raise BadInput("Join with the room code shown on the screen first.", 403)
    return device


def _token(request: web.Request, device: str) -> str:
    return audience_of(request).key.form_token(device)


async def _read_form(request: web.Request, device: str) -> dict[str, list[str]]:
    """Checks shared by every POST from a joined phone, then the strictly parsed body."""
    audience = audience_of(request)
    check_origin(request)
    if not audience.device_limiter.allow(device):
        raise BadInput("Too many submissions from this phone; wait a few seconds.", 429)
    if not is_form(request):
        raise BadInput("This page only accepts its own forms.", 415)
    form = parse_form(await request.read())
    token = one(form, "token", required=False)
    form.pop("token", None)
    if not audience.key.form_token_matches(device, token):
        raise BadInput("This page is out of date: reload it and try again.", 403)
    return form


# -- pages ---------------------------------------------------------------------


async def index(request: web.Request) -> web.Response:
    audience = audience_of(request)
    device = device_of(request)
    if device is None:
        return html_response(pages.join_page(audience.heading))
    poll = audience.board.open_poll
    if poll is None:
        return html_response(pages.waiting_page(audience.heading))
    current = audience.votes.ballot_of(audience.session_id, poll.id, device)
    token = _token(request, device)
    return html_response(pages.poll_page(audience.heading, poll, token, current=current))


async def done(request: web.Request) -> web.Response:
    audience = audience_of(request)
    device = _require_device(request)
    poll = audience.board.poll(request.query.get("poll", ""))
    if poll is not audience.board.open_poll:
        poll = None  # that poll closed, or another opened: the main page says what now
    choices = None
    if poll is not None:
        choices = audience.votes.ballot_of(audience.session_id, poll.id, device)
    if poll is None or not choices:
        raise web.HTTPSeeOther("/")
    return html_response(pages.done_page(audience.heading, poll, choices))


async def suggestion_page(request: web.Request) -> web.Response:
    """The suggestion box on a page of its own: nothing refreshes it while one types."""
    audience = audience_of(request)
    device = _require_device(request)
    poll = audience.board.open_poll
    if poll is None or not poll.suggestions:
        raise web.HTTPSeeOther("/")
    return html_response(pages.suggestion_page(audience.heading, poll, _token(request, device)))


async def me(request: web.Request) -> web.Response:
    """This phone's own stored ballot for the open poll (never anyone else's).

    A page whose event stream was dropped asks this every few seconds instead.
    """
    audience = audience_of(request)
    device = _require_device(request)
    poll = audience.board.open_poll
    choices = audience.votes.ballot_of(audience.session_id, poll.id, device) if poll else None
    return json_response({"poll": poll.id if poll else None, "choices": list(choices or ())})


# -- submissions ---------------------------------------------------------------


def _known_poll(request: web.Request, poll_id: str) -> Poll:
    """The poll a vote names: the open one, or a closed one (a late retry)."""
    audience = audience_of(request)
    poll = audience.board.open_poll
    if poll is None or poll.id != poll_id:
        audience.board.refresh()  # the terminal may have just opened it
        poll = audience.board.open_poll
    if poll is not None and poll.id == poll_id:
        return poll
    known = audience.board.poll(poll_id)
    if known is None:
        raise BadInput("That poll is not part of this talk.")
    return known


async def vote(request: web.Request) -> web.Response:
    audience = audience_of(request)
    device = _require_device(request)
    form = await _read_form(request, device)
    poll = _known_poll(request, read_poll_id(form))
    ballot_form = read_vote(poll, form)
    ballot = Ballot(device, "phone", ballot_form.choices, ballot_form.store_submission_id)
    # Closed polls go to the store too: a retry of a ballot it holds gets its
    # confirmation; anything else is refused there as "not open".
    try:
        result = await asyncio.wrap_future(
            audience.ballot_writer.submit(audience.session_id, poll, ballot)
        )
    except BallotRejected as rejected:
        if rejected.code == "not-open":
            audience.board.refresh()
            raise BadInput(rejected.reason, 409) from None
        raise BadInput(rejected.reason) from None
    except StoreError as error:
        audience.report(error)
        raise BadInput(
            "Your vote could not be stored on the presenter's computer; please try again.", 503
        ) from None
    audience.ballots_stored(poll.id)
    if not result.duplicate and not result.replaced:
        audience.new_ballot(poll.id, device)
    is_open = poll is audience.board.open_poll
    if wants_json(request):
        token = _token(request, device) if is_open else None
        body = pages.done_body(
            poll, ballot.choices, token, unchanged=result.duplicate, closed=not is_open
        )
        return json_response(
            {
                "ok": True,
                "stored": True,
                "duplicate": result.duplicate,
                "replaced": result.replaced,
                "message": "Your vote is stored.",
                "html": body,
                "view": "done",
                "poll": poll.id,
            }
        )
    if not is_open:  # a retry after the close: its confirmation, not the closed poll
        done_page = pages.done_page(
            audience.heading, poll, ballot.choices, unchanged=result.duplicate, closed=True
        )
        return html_response(done_page)
    raise web.HTTPSeeOther(f"/done?poll={poll.id}")


async def suggest(request: web.Request) -> web.Response:
    audience = audience_of(request)
    device = _require_device(request)
    form = await _read_form(request, device)
    poll = audience.board.open_poll
    if poll is None:
        raise BadInput("No poll is open, so suggestions are not accepted now.", 409)
    if not poll.suggestions:
        raise BadInput("This poll does not take suggestions.", 409)
    sent = read_suggestion(form)
    key = (device, sent.submission_id)
    pending, first = audience.suggestions.attempt(
        key,
        lambda: asyncio.wrap_future(
            audience.ballot_writer.run(
                lambda votes: votes.suggest(
                    audience.session_id,
                    poll,
                    sent.text,
                    device,
                    clock=audience.clock,
                    require_open=True,
                )
            )
        ),
    )
    try:
        suggestion: Suggestion = await asyncio.shield(pending)
    except SuggestionRejected as rejected:
        audience.suggestions.forget(key)
        raise BadInput(rejected.reason, 409 if rejected.code == "not-open" else 400) from None
    except StoreError as error:
        audience.suggestions.forget(key)
        audience.report(error)
        raise BadInput(
            "Your suggestion could not be stored on the presenter's computer; try again.", 503
        ) from None
    if first:
        audience.suggestion_stored(suggestion)
    if wants_json(request):
        return json_response({"ok": True, "message": pages.suggestion_sent_text(suggestion.text)})
    page = pages.poll_page(
        audience.heading,
        poll,
        _token(request, device),
        current=audience.votes.ballot_of(audience.session_id, poll.id, device),
        notice=pages.suggestion_sent_text(suggestion.text),
    )
    return html_response(page)


# -- live updates and assets -----------------------------------------------------


async def events(request: web.Request) -> web.StreamResponse:
    """Server-sent events: `poll` with the open poll's id whenever it changes."""
    audience = audience_of(request)
    _require_device(request)

    def current() -> tuple[int, str]:
        state = audience.board.state
        return state.version, state.poll_id

    return await serve_stream(
        request, audience.streams, current, audience.stopping, audience.heartbeat_s
    )


async def static(request: web.Request) -> web.Response:
    found = STATIC.get(request.match_info["name"])
    if found is None:
        raise web.HTTPNotFound()
    body, kind = found
    response = web.Response(body=body, content_type=kind, charset="utf-8")
    response.headers["Cache-Control"] = "max-age=300"
    return response


async def favicon(request: web.Request) -> web.Response:
    return web.Response(status=204, headers={"Cache-Control": "max-age=86400"})


def add_routes(app: web.Application) -> None:
    app.router.add_get("/", index)
    app.router.add_post("/join", join_form)
    app.router.add_get("/J/{code}", join_link)
    app.router.add_get("/j/{code}", join_link)
    app.router.add_get("/done", done)
    app.router.add_get("/me", me)
    app.router.add_post("/vote", vote)
    app.router.add_get("/suggest", suggestion_page)
    app.router.add_post("/suggest", suggest)
    app.router.add_get("/events", events)
    app.router.add_get("/static/{name}", static)
    app.router.add_get("/favicon.ico", favicon)
