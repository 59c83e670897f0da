"""What keeps the vote server safe to open to a room: headers, limits, strict parsing.

- Every response carries a strict Content-Security-Policy (no inline script or
  style, nothing from elsewhere), frame denial, no-referrer and nosniff.
- Request bodies are small (16 KiB) and must be `application/x-www-form-urlencoded`
  whose percent-decoded bytes are valid UTF-8, with a bounded number of fields.
- Token buckets limit requests per address and submissions per device.
- Any exception a handler did not expect becomes a plain error page without a
  traceback; bad input is always a 4xx with a sentence saying what was wrong.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl

from aiohttp import web
from aiohttp.typedefs import Middleware

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


@dataclass(frozen=True)
class RateLimits:
    """How much one address and one device may ask of the server.

    Generous per address because a whole room may share one NAT address; the
    device limit is what stops one phone from hammering the vote endpoint.
    Loopback clients (the presenter's own machine, e.g. `presenter simulate`)
    are not limited per address unless `limit_loopback` is set.
    """

    per_address: Bucket = Bucket(capacity=600, per_minute=600)
    per_device: Bucket = Bucket(capacity=30, per_minute=30)
    failed_joins: Bucket = Bucket(capacity=20, per_minute=10)
    limit_loopback: bool = False


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


ErrorRenderer = Callable[[web.Request, int, str], web.StreamResponse]
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
            return render(request, error.status, error.message)
        except web.HTTPException as error:
            if error.status < 400:
                raise
            return render(request, error.status, _http_message(error.status))
        except (ConnectionResetError, TimeoutError):
            raise
        except Exception as error:
            if report is not None:
                report(error)
            return render(request, 500, "Something went wrong on the presenter's side. Try again.")

    return middleware


def _http_message(status: int) -> str:
    return {
        404: "There is nothing at this address.",
        405: "This page does not accept that kind of request.",
        413: "That form is too large.",
        415: "This page only accepts its own forms.",
    }.get(status, "That request could not be handled.")
