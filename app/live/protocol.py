"""Websocket message parsing and the error replies (docs/protocol.md describes every message)."""
import json
from typing import Any
from urllib.parse import urlsplit

from starlette.websockets import WebSocket

from app.i18n import gettext


class BadMessage(Exception):
    """A frame we cannot act on; the connection stays open."""

    def __init__(self, code: str, message: str, **params):
        super().__init__(code)
        self.code = code
        self.message = message
        self.params = params


def parse_frame(message: dict[str, Any], max_chars: int) -> dict[str, Any]:
    """A JSON object with a string `type`, from one received ASGI websocket message."""
    text = message.get("text")
    if text is None:
        raise BadMessage("bad_message", "Send JSON text frames.")
    if len(text) > max_chars:
        raise BadMessage("too_large", "The message is too large (at most %(limit)s characters).", limit=max_chars)
    try:
        data = json.loads(text)
    except ValueError:
        raise BadMessage("bad_json", "The message is not valid JSON.")
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        raise BadMessage("bad_message", "The message must be a JSON object with a type.")
    return data


def error(code: str, message: str, client_id: Any = None, **params) -> dict[str, Any]:
    """An error reply, its message in the connection's language."""
    reply: dict[str, Any] = {"type": "error", "code": code, "message": gettext(message, **params)}
    if isinstance(client_id, str) and len(client_id) <= 64:
        reply["client_id"] = client_id
    return reply


def origin_allowed(ws: WebSocket, extra_origins: str) -> bool:
    """Browsers always send Origin: it must be this host (or a configured one). Non-browser clients send none."""
    origin = ws.headers.get("origin")
    if origin is None:
        return True
    host = ws.headers.get("host", "")
    parts = urlsplit(origin)
    if parts.netloc and parts.netloc.lower() == host.lower():
        return True
    allowed = {o.strip().rstrip("/").lower() for o in extra_origins.split(",") if o.strip()}
    return origin.rstrip("/").lower() in allowed
