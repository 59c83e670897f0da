"""The HTTP server under the vote application: quiet low-level errors, idle timeouts.

aiohttp answers a request it cannot even parse (a bad request line, a header
too long) itself, before any route or middleware: by default with the
parser's message, which quotes the bytes received, and without the headers
every other answer carries. `AudienceRunner` serves the application through a
request handler whose error answers are a fixed sentence for the status, with
the security headers. Idle keep-alive connections are closed after
`keepalive_timeout` seconds (`capacity.KEEPALIVE_TIMEOUT_S`).
"""

from __future__ import annotations

import asyncio
from http import HTTPStatus
from typing import Any

from aiohttp import web
from aiohttp.web_protocol import RequestHandler

from presenter.audience.security import SECURITY_HEADERS


class QuietErrorHandler(RequestHandler):
    """A connection whose low-level error answers never echo the request."""

    def handle_error(
        self,
        request: web.BaseRequest,
        status: int = 500,
        exc: BaseException | None = None,
        message: str | None = None,
    ) -> web.StreamResponse:
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = "Error"
        response = super().handle_error(request, status, exc, f"{status} {phrase}\n")
        if isinstance(response, web.Response) and status != 500:
            response.text = f"{status} {phrase}: the request could not be read.\n"
        response.headers.update(SECURITY_HEADERS)
        response.headers["Cache-Control"] = "no-store"
        return response


class QuietServer(web.Server):
    """`web.Server` making `QuietErrorHandler` connections."""

    def __init__(self, handler: Any, *, request_factory: Any, **kwargs: Any) -> None:
        self._handler_kwargs = {k: v for k, v in kwargs.items() if k != "handler_cancellation"}
        self._running_loop = asyncio.get_running_loop()
        super().__init__(handler, request_factory=request_factory, **kwargs)

    def __call__(self) -> RequestHandler:
        return QuietErrorHandler(self, loop=self._running_loop, **self._handler_kwargs)


class AudienceRunner(web.AppRunner):
    """`web.AppRunner` whose server is a `QuietServer`."""

    def __init__(self, app: web.Application, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self._server_kwargs = {"access_log_class": web.AccessLogger, **kwargs}
        self._server_kwargs.pop("handle_signals", None)
        self._server_kwargs.pop("shutdown_timeout", None)

    async def _make_server(self) -> web.Server:
        made = await super()._make_server()
        return QuietServer(
            made.request_handler,
            request_factory=made.request_factory,
            handler_cancellation=made.handler_cancellation,
            **self._server_kwargs,
        )
