"""Joining the room: the room code, the lock-out after wrong codes, the device cookie.

`/J/CODE` (the QR code's link) and the join form both end here. In order:

1. An address that is locked out (too many wrong codes, `guards.JoinLockout`)
   gets 429 whatever code it sends, the right one included.
2. A wrong code is counted against the address and answered 403 with the form.
3. A phone that already holds a valid device cookie keeps it.
4. A new device cookie costs a token of the address's minting budget
   (`RateLimits.device_minting`); without one, the phone is asked to wait a
   few seconds and its page tries again by itself.

The cookie is `HttpOnly` and `SameSite=Strict`; which address minted it, and
when, is kept in memory only, for the stuffing watch (`stuffing`).
"""

from __future__ import annotations

import math

from aiohttp import web

from presenter.audience import pages
from presenter.audience.guards import address_key
from presenter.audience.responses import html_response, is_form
from presenter.audience.room import ROOM_CODE_LENGTH
from presenter.audience.security import BadInput, check_fields, check_origin, one, parse_form
from presenter.audience.state import audience_of

COOKIE = "presenter_device"
COOKIE_MAX_AGE = 12 * 3600
MINT_RETRY_S = 3


def device_cookie(header: str) -> str | None:
    """The device token in a Cookie header (read directly: every request carries it)."""
    for part in header.split(";"):
        name, sep, value = part.strip().partition("=")
        if sep and name == COOKIE:
            return value.strip('"')
    return None


def device_of(request: web.Request) -> str | None:
    return audience_of(request).key.device_of(device_cookie(request.headers.get("Cookie", "")))


async def join_form(request: web.Request) -> web.Response:
    check_origin(request)
    if not is_form(request):
        raise BadInput("This page only accepts its own forms.", 415)
    form = parse_form(await request.read())
    check_fields(form, lambda name: name == "code")
    return join(request, one(form, "code") or "")


async def join_link(request: web.Request) -> web.Response:
    return join(request, request.match_info["code"])


def join(request: web.Request, code: str) -> web.Response:
    audience = audience_of(request)
    limited = audience.limits.applies_to(request.remote)
    address = address_key(request.remote)
    if limited:
        wait = audience.lockout.locked_for(address)
        if wait > 0:
            raise _locked(wait)
    if not audience.key.matches(code):
        if limited:
            started = audience.lockout.wrong(address)
            if started > 0:
                raise _locked(started)
        shown = code if len(code) <= ROOM_CODE_LENGTH * 2 and code.isprintable() else ""
        page = pages.join_page(
            audience.heading,
            error="That is not the room code on the screen. Check it and try again.",
            code=shown,
        )
        return html_response(page, 403)
    response = web.Response(status=303, headers={"Location": "/"})
    if device_of(request) is not None:
        return response
    if limited and not audience.minting.allow(address):
        waiting = pages.joining_page(audience.heading, audience.key.code, MINT_RETRY_S)
        busy = html_response(waiting, 429)
        busy.headers["Retry-After"] = str(MINT_RETRY_S)
        return busy
    device_id, token = audience.key.issue_token()
    if limited:
        audience.stuffing.minted(device_id, address)
    response.set_cookie(
        COOKIE, token, max_age=COOKIE_MAX_AGE, path="/", httponly=True, samesite="Strict"
    )
    return response


def _locked(seconds: float) -> BadInput:
    minutes = max(1, math.ceil(seconds / 60))
    error = BadInput(
        f"Too many wrong room codes from this network; joining is paused for "
        f"{minutes} minute{'s' if minutes > 1 else ''}.",
        429,
    )
    error.retry_after = math.ceil(seconds)
    return error
