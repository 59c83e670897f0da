"""Answers the vote server sends: HTML pages, JSON for the page's script, error pages."""

from __future__ import annotations

import json

from aiohttp import web

from presenter.audience import pages
from presenter.audience.state import AUDIENCE

FORM_TYPE = "application/x-www-form-urlencoded"
ERROR_TITLES = {
    403: "Join the vote first",
    404: "Not found",
    409: "Not accepted",
    413: "Too long",
    429: "Too many requests",
}


def wants_json(request: web.Request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def is_form(request: web.Request) -> bool:
    kind = request.headers.get("Content-Type", "")
    return kind.partition(";")[0].strip().lower() == FORM_TYPE


def json_response(data: dict[str, object], status: int = 200) -> web.Response:
    return web.Response(
        body=json.dumps(data, ensure_ascii=False).encode(),
        status=status,
        content_type="application/json",
    )


def html_response(text: str, status: int = 200) -> web.Response:
    return web.Response(
        body=text.encode(), status=status, content_type="text/html", charset="utf-8"
    )


def render_error(
    request: web.Request, status: int, message: str, retry_after: int | None = None
) -> web.StreamResponse:
    """An error as JSON (for the script) or a plain page; never a trace of the request."""
    if wants_json(request):
        response = json_response({"ok": False, "error": message}, status)
    else:
        audience = request.app.get(AUDIENCE)
        heading = audience.heading if audience is not None else ""
        title = ERROR_TITLES.get(
            status, "Something went wrong" if status >= 500 else "Not accepted"
        )
        response = html_response(pages.message_page(heading, title, message), status)
    if status == 429:
        response.headers["Retry-After"] = str(retry_after or 5)
    return response
