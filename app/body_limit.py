"""Refuse request bodies over a size limit with 413, without reading them into memory.

Starlette's and FastAPI's own `max_body_size` only act once the endpoint reads the body, so a
declared 100 MB body still runs the route and its dependencies first, and they answer in plain
text. This middleware refuses a too-large Content-Length before the application sees the request,
and stops a chunked (or understated) body at the limit while it streams in."""
import json

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.i18n import gettext


class BodyTooLarge(HTTPException):
    """The body grew past the limit while the application was reading it (an HTTPException, so the
    routes' body parsing passes it on instead of calling it a malformed body)."""

    def __init__(self) -> None:
        detail = {"code": "too_large", "message": gettext("The request is too large.")}
        # Starlette types `detail` as str; our error handler answers a dict detail as the JSON body.
        super().__init__(413, detail, headers={"connection": "close"})  # type: ignore[arg-type]


def _declared_length(scope: Scope) -> int | None:
    """The Content-Length header as a number; None when absent, -1 when unreadable."""
    for key, value in scope.get("headers", []):
        if key == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() else -1
    return None


async def _refuse(send: Send, status: int, code: str, message: str) -> None:
    """A JSON error in the shape every other refusal has; the connection closes after it."""
    body = json.dumps({"detail": {"code": code, "message": message}}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


class BodyLimitMiddleware:
    """413 for any HTTP request body over `limit` bytes; websockets have their own frame limit."""

    def __init__(self, app: ASGIApp, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _declared_length(scope)
        if declared == -1:
            await _refuse(send, 400, "invalid", gettext("The request is not valid."))
            return
        if declared is not None and declared > self.limit:
            # Answered before a byte of the body is read: the server stops reading the socket
            # (flow control) and closes the connection after this response.
            await _refuse(send, 413, "too_large", gettext("The request is too large."))
            return
        received, started = 0, False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise BodyTooLarge
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except BodyTooLarge:
            if started:
                raise
            await _refuse(send, 413, "too_large", gettext("The request is too large."))
