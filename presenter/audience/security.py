"""What keeps the vote server safe to open to a room: headers, limits, strict parsing.

- Every response carries a strict Content-Security-Policy (no inline script or
  style, nothing from elsewhere), frame denial, no-referrer and nosniff.
- Request bodies are small (16 KiB) and must be `application/x-www-form-urlencoded`
  whose percent-decoded bytes are valid UTF-8, with a bounded number of fields.
- Token buckets limit requests per address, submissions per device and new
  device identities per address; wrong room codes lock an address out.
- Every state-changing POST must come from the server's own pages: its
  `Origin` (or, when a browser hides it, `Sec-Fetch-Site`) must not name
  another site, and a vote or suggestion carries the device's form token.
- Any exception a handler did not expect becomes a plain error page without a
  traceback; bad input is always a 4xx with a sentence saying what was wrong.
"""

from __future__ import annotations

import functools
import ipaddress
import os
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from aiohttp import web
from aiohttp.typedefs import Middleware

from presenter.audience.guards import LockoutRule

MAX_BODY_BYTES = 16 * 1024
MAX_FIELDS = 24

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}

_CONTROL_STRICT = re.compile(r"[\x00-\x1f\x7f-\x9f]")
SUBMISSION_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")


class BadInput(Exception):
    """A request that breaks a rule: answered with `status` and `message`."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.retry_after: int | None = None
        """Seconds to wait, for a 429 (`Retry-After`)."""


def parse_form(body: bytes) -> dict[str, list[str]]:
    """A urlencoded form body as `{name: [values]}`, strictly.

    Raises BadInput for anything that is not a well-formed form of valid UTF-8
    with at most MAX_FIELDS fields, or that has control characters in a name.
    """
    if len(body) > MAX_BODY_BYTES:
        raise BadInput("That form is too large.", 413)
    try:
        text = body.decode("ascii")
        pairs = parse_qsl(
            text,
            keep_blank_values=True,
            strict_parsing=bool(text),
            encoding="utf-8",
            errors="strict",
            max_num_fields=MAX_FIELDS,
        )
    except (UnicodeError, ValueError):
        raise BadInput("That form could not be read (it must be UTF-8 form data).") from None
    form: dict[str, list[str]] = {}
    for name, value in pairs:
        if _CONTROL_STRICT.search(name) or len(name) > 64:
            raise BadInput("That form has a field this page does not send.")
        form.setdefault(name, []).append(value)
    return form


def one(form: dict[str, list[str]], name: str, *, required: bool = True) -> str | None:
    """The single value of field `name` (BadInput if repeated, or missing when required)."""
    values = form.get(name)
    if not values:
        if required:
            raise BadInput(f"The form is missing its {name!r} field.")
        return None
    if len(values) > 1:
        raise BadInput(f"The form repeats its {name!r} field.")
    return values[0]


def check_fields(form: dict[str, list[str]], allowed: Callable[[str], bool]) -> None:
    for name in form:
        if not allowed(name):
            raise BadInput("That form has a field this page does not send.")


def submission_id(form: dict[str, list[str]]) -> str:
    value = one(form, "sid")
    assert value is not None
    if not SUBMISSION_ID.fullmatch(value):
        raise BadInput("The form's submission id is not valid; reload the page and try again.")
    return value


def plain_value(text: str, what: str) -> str:
    """A short field value (an id or a number) without control characters."""
    if len(text) > 64 or _CONTROL_STRICT.search(text):
        raise BadInput(f"The form's {what} is not valid.")
    return text


@dataclass(frozen=True)
class Bucket:
    """A token bucket: `capacity` requests at once, refilled at `per_minute`."""

    capacity: float
    per_minute: float

    @property
    def rate(self) -> float:
        return self.per_minute / 60.0


TRUST_LOOPBACK_ENV = "PRESENTER_AUDIENCE_TRUST_LOOPBACK"
"""Set to 1 when starting the talk to let `presenter simulate` on this computer play a
big room: requests from loopback then skip the per-address limits."""


@dataclass(frozen=True)
class RateLimits:
    """How much one address and one device may ask of the server.

    Per address, generous enough for a room of 300 behind one NAT address
    (each phone makes about eight requests to join and vote, and needs a new
    device cookie); per device, what stops one phone hammering the vote
    endpoint. Loopback (the presenter's own computer) is limited like any
    other address unless `limit_loopback` is off (`TRUST_LOOPBACK_ENV`).
    """

    per_address: Bucket = Bucket(capacity=2400, per_minute=2400)
    per_device: Bucket = Bucket(capacity=30, per_minute=30)
    device_minting: Bucket = Bucket(capacity=120, per_minute=300)
    lockout: LockoutRule = field(default_factory=LockoutRule)
    burst_devices: int = 30
    """More devices than this minted from one address within `burst_window_s`: a burst."""
    burst_window_s: float = 60.0
    limit_loopback: bool = True

    @classmethod
    def from_environment(cls) -> RateLimits:
        trusted = os.environ.get(TRUST_LOOPBACK_ENV, "").strip().lower() in ("1", "yes", "true")
        return cls(limit_loopback=not trusted)

    def applies_to(self, remote: str | None) -> bool:
        return self.limit_loopback or not is_loopback(remote)


class RateLimiter:
    """Token buckets keyed by a string; memory bounded by dropping full buckets."""

    MAX_KEYS = 50_000

    def __init__(self, bucket: Bucket, clock: Callable[[], float]) -> None:
        self.bucket = bucket
        self._clock = clock
        self._state: dict[str, tuple[float, float]] = {}

    def allow(self, key: str, cost: float = 1.0) -> bool:
        now = self._clock()
        capacity, rate = self.bucket.capacity, self.bucket.rate
        tokens, last = self._state.get(key, (capacity, now))
        tokens = min(capacity, tokens + (now - last) * rate)
        if tokens < cost:
            self._state[key] = (tokens, now)
            return False
        self._state[key] = (tokens - cost, now)
        if len(self._state) > self.MAX_KEYS:
            self._prune(now)
        return True

    def _prune(self, now: float) -> None:
        capacity, rate = self.bucket.capacity, self.bucket.rate
        full = [
            key
            for key, (tokens, last) in self._state.items()
            if tokens + (now - last) * rate >= capacity
        ]
        for key in full:
            del self._state[key]
        if len(self._state) > self.MAX_KEYS:  # still flooded: forget the oldest half
            for key in list(self._state)[: len(self._state) // 2]:
                del self._state[key]


@functools.lru_cache(maxsize=4096)
def is_loopback(address: str | None) -> bool:
    try:
        return address is not None and ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


async def add_security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """`on_response_prepare` hook: every response, streams and errors included."""
    response.headers.update(SECURITY_HEADERS)
    if "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"


ErrorRenderer = Callable[[web.Request, int, str, int | None], web.StreamResponse]
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def error_middleware(
    render: ErrorRenderer, report: Callable[[BaseException], None] | None = None
) -> Middleware:
    """A middleware turning BadInput, HTTP errors and surprises into plain pages.

    Redirects and successful responses pass through. A surprise becomes a 500
    page without a traceback, and is handed to `report` (the presenter's error
    log), never printed over the terminal UI.
    """

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            return await handler(request)
        except BadInput as error:
            return render(request, error.status, error.message, error.retry_after)
        except web.HTTPException as error:
            if error.status < 400:
                raise
            return render(request, error.status, _http_message(error.status), None)
        except (ConnectionResetError, TimeoutError):
            raise
        except Exception as error:
            if report is not None:
                report(error)
            return render(
                request, 500, "Something went wrong on the presenter's side. Try again.", None
            )

    return middleware


def check_origin(request: web.Request) -> None:
    """Refuse a POST that a browser says came from another site (BadInput 403).

    `Origin` must be this server's own origin; a browser that hides it
    (`Origin: null`, sent under `Referrer-Policy: no-referrer`) still says where
    the form came from in `Sec-Fetch-Site`, which must be `same-origin` (a page
    on another port of the same address is `same-site`: refused). Clients that
    send neither (no browser does) are judged by the form token alone.
    """
    origin = request.headers.get("Origin")
    fetch_site = request.headers.get("Sec-Fetch-Site")
    own = f"{request.scheme}://{request.host}".lower()
    if origin not in (None, "null") and origin.lower() != own:
        raise BadInput("That form came from another site.", 403)
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        raise BadInput("That form came from another site.", 403)


def _http_message(status: int) -> str:
    return {
        404: "There is nothing at this address.",
        405: "This page does not accept that kind of request.",
        413: "That form is too large.",
        415: "This page only accepts its own forms.",
    }.get(status, "That request could not be handled.")
