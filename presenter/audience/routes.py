"""The vote server's routes: join, the poll page, votes, suggestions, live events, assets.

Nothing administrative is reachable here: opening, closing, revealing and
moderating happen only in the terminal. Phones never receive results (not
even of `live` polls): the projected screen is where the room sees them, so an
`after-close` poll cannot leak before its reveal. A phone sees only its own
stored ballot.

Each POST answers in one of two ways: a browser form gets a 303 redirect to a
confirmation page (sent only after the ballot's transaction committed); the
page's script (Accept: application/json) gets JSON with the confirmation HTML.
"""

from __future__ import annotations

import asyncio
import json
import time
from importlib import resources
from typing import TYPE_CHECKING, Any

from aiohttp import web

from presenter.audience import pages
from presenter.audience.forms import read_poll_id, read_suggestion, read_vote
from presenter.audience.room import ROOM_CODE_LENGTH
from presenter.audience.security import BadInput, check_fields, is_loopback, one, parse_form
from presenter.polls.ballots import Ballot, BallotRejected, Suggestion, SuggestionRejected
from presenter.store import StoreError

if TYPE_CHECKING:
    from presenter.audience.server import Audience

AUDIENCE: web.AppKey[Any] = web.AppKey("audience")
COOKIE = "presenter_device"
COOKIE_MAX_AGE = 12 * 3600
MAX_STREAMS = 5000
FORM_TYPE = "application/x-www-form-urlencoded"


def _audience(request: web.Request) -> Audience:
    return request.app[AUDIENCE]  # type: ignore[no-any-return]


def _load_static() -> dict[str, tuple[bytes, str]]:
    folder = resources.files("presenter.audience") / "static"
    types = {"app.css": "text/css", "app.js": "text/javascript"}
    return {name: ((folder / name).read_bytes(), kind) for name, kind in types.items()}


STATIC = _load_static()


def wants_json(request: web.Request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _json(data: dict[str, object], status: int = 200) -> web.Response:
    return web.Response(
        body=json.dumps(data, ensure_ascii=False).encode(),
        status=status,
        content_type="application/json",
    )


def _html(text: str, status: int = 200) -> web.Response:
    return web.Response(
        body=text.encode(), status=status, content_type="text/html", charset="utf-8"
    )


def render_error(request: web.Request, status: int, message: str) -> web.StreamResponse:
    if wants_json(request):
        return _json({"ok": False, "error": message}, status)
    heading = ""
    audience = request.app.get(AUDIENCE)
    if audience is not None:
        heading = audience.heading
    titles = {
        403: "Join the vote first",
        404: "Not found",
        409: "Not accepted",
        413: "Too long",
        429: "Too many requests",
    }
    title = titles.get(status, "Something went wrong" if status >= 500 else "Not accepted")
    response = _html(pages.message_page(heading, title, message), status)
    if status == 429:
        response.headers["Retry-After"] = "5"
    return response


@web.middleware
async def limit_middleware(request: web.Request, handler):  # type: ignore[no-untyped-def]
    """Per-address token bucket over every request (loopback exempt unless configured)."""
    audience = _audience(request)
    audience.last_request = time.monotonic()
    remote = request.remote or "?"
    if (audience.limits.limit_loopback or not is_loopback(remote)) and not (
        audience.address_limiter.allow(remote)
    ):
        raise BadInput("Too many requests from this network; wait a few seconds.", 429)
    return await handler(request)


def _device(request: web.Request) -> str | None:
    return _audience(request).key.device_of(device_cookie(request.headers.get("Cookie", "")))


def device_cookie(header: str) -> str | None:
    """The device token in a Cookie header (read directly: every request carries it)."""
    for part in header.split(";"):
        name, sep, value = part.strip().partition("=")
        if sep and name == COOKIE:
            return value.strip('"')
    return None


def _is_form(request: web.Request) -> bool:
    kind = request.headers.get("Content-Type", "")
    return kind.partition(";")[0].strip().lower() == FORM_TYPE


def _require_device(request: web.Request) -> str:
    device = _device(request)
    if device is None:
        raise BadInput("Join with the room code shown on the screen first.", 403)
    return device


async def _read_form(request: web.Request, device: str) -> dict[str, list[str]]:
    """Checks shared by every POST from a joined phone, then the strictly parsed body."""
    audience = _audience(request)
    # A form posted under `Referrer-Policy: no-referrer` says `Origin: null`; the
    # SameSite cookie is what stops other sites, this refuses the ones that say so.
    origin = request.headers.get("Origin")
    if origin not in (None, "null", f"{request.scheme}://{request.host}"):
        raise BadInput("That form came from another site.", 403)
    if not audience.device_limiter.allow(device):
        raise BadInput("Too many submissions from this phone; wait a few seconds.", 429)
    if not _is_form(request):
        raise BadInput("This page only accepts its own forms.", 415)
    return parse_form(await request.read())


# -- pages ---------------------------------------------------------------------


async def index(request: web.Request) -> web.Response:
    audience = _audience(request)
    device = _device(request)
    if device is None:
        return _html(pages.join_page(audience.heading))
    poll = audience.board.open_poll
    if poll is None:
        return _html(pages.waiting_page(audience.heading))
    current = audience.votes.ballot_of(audience.session_id, poll.id, device)
    return _html(pages.poll_page(audience.heading, poll, current=current))


async def join_form(request: web.Request) -> web.Response:
    if not _is_form(request):
        raise BadInput("This page only accepts its own forms.", 415)
    form = parse_form(await request.read())
    check_fields(form, lambda name: name == "code")
    code = one(form, "code") or ""
    return _join(request, code)


async def join_link(request: web.Request) -> web.Response:
    return _join(request, request.match_info["code"])


def _join(request: web.Request, code: str) -> web.Response:
    audience = _audience(request)
    if not audience.key.matches(code):
        if not audience.join_limiter.allow(request.remote or "?"):
            raise BadInput("Too many wrong codes from this network; wait a minute.", 429)
        shown = code if len(code) <= ROOM_CODE_LENGTH * 2 and code.isprintable() else ""
        page = pages.join_page(
            audience.heading,
            error="That is not the room code on the screen. Check it and try again.",
            code=shown,
        )
        return _html(page, 403)
    response = web.Response(status=303, headers={"Location": "/"})
    if _device(request) is None:
        _device_id, token = audience.key.issue_token()
        response.set_cookie(
            COOKIE, token, max_age=COOKIE_MAX_AGE, path="/", httponly=True, samesite="Lax"
        )
    return response


async def done(request: web.Request) -> web.Response:
    audience = _audience(request)
    device = _require_device(request)
    poll = audience.board.poll(request.query.get("poll", ""))
    if poll is not audience.board.open_poll:
        poll = None  # that poll closed, or another opened: the main page says what now
    choices = None
    if poll is not None:
        choices = audience.votes.ballot_of(audience.session_id, poll.id, device)
    if poll is None or not choices:
        raise web.HTTPSeeOther("/")
    return _html(pages.done_page(audience.heading, poll, choices))


async def me(request: web.Request) -> web.Response:
    """This phone's own stored ballot for the open poll (never anyone else's)."""
    audience = _audience(request)
    device = _require_device(request)
    poll = audience.board.open_poll
    choices = audience.votes.ballot_of(audience.session_id, poll.id, device) if poll else None
    return _json({"poll": poll.id if poll else None, "choices": list(choices or ())})


# -- submissions ---------------------------------------------------------------


async def vote(request: web.Request) -> web.Response:
    audience = _audience(request)
    device = _require_device(request)
    form = await _read_form(request, device)
    poll_id = read_poll_id(form)
    poll = audience.board.open_poll
    if poll is None or poll.id != poll_id:
        audience.board.refresh()  # the terminal may have just opened it
        poll = audience.board.open_poll
    if poll is None or poll.id != poll_id:
        if audience.board.poll(poll_id) is None:
            raise BadInput("That poll is not part of this talk.")
        raise BadInput("This poll is closed; votes are no longer accepted.", 409)
    ballot_form = read_vote(poll, form)
    ballot = Ballot(device, "phone", ballot_form.choices, ballot_form.store_submission_id)
    try:
        result = await asyncio.wrap_future(
            audience.writer.submit(audience.session_id, poll, ballot)
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
    if wants_json(request):
        return _json(
            {
                "ok": True,
                "stored": True,
                "duplicate": result.duplicate,
                "replaced": result.replaced,
                "message": "Your vote is stored.",
                "html": pages.done_body(poll, ballot.choices, unchanged=result.duplicate),
                "view": "done",
                "poll": poll.id,
            }
        )
    raise web.HTTPSeeOther(f"/done?poll={poll.id}")


async def suggest(request: web.Request) -> web.Response:
    audience = _audience(request)
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
            audience.writer.run(
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
        return _json({"ok": True, "message": pages.suggestion_sent_text(suggestion.text)})
    page = pages.poll_page(
        audience.heading,
        poll,
        current=audience.votes.ballot_of(audience.session_id, poll.id, device),
        notice=pages.suggestion_sent_text(suggestion.text),
    )
    return _html(page)


# -- live updates and assets -----------------------------------------------------


async def events(request: web.Request) -> web.StreamResponse:
    """Server-sent events: `poll` with the open poll's id whenever it changes."""
    audience = _audience(request)
    _require_device(request)
    if audience.streams >= MAX_STREAMS:
        raise BadInput("The presenter's computer is busy; this page will retry.", 503)
    response = web.StreamResponse(
        headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
    )
    audience.streams += 1
    try:
        await response.prepare(request)
        state = audience.board.state
        await response.write(b"retry: 3000\n\n" + _event(state.poll_id))
        while not audience.stopping.is_set():
            new = await audience.board.wait_change(state.version, audience.heartbeat_s)
            if audience.stopping.is_set():
                break
            if new.version != state.version:
                state = new
                await response.write(_event(state.poll_id))
            else:
                await response.write(b": still here\n\n")
    except (ConnectionResetError, ConnectionError):
        pass
    finally:
        audience.streams -= 1
    return response


def _event(poll_id: str) -> bytes:
    return b"event: poll\ndata: " + json.dumps({"poll": poll_id or None}).encode() + b"\n\n"


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
    app.router.add_post("/suggest", suggest)
    app.router.add_get("/events", events)
    app.router.add_get("/static/{name}", static)
    app.router.add_get("/favicon.ico", favicon)
