"""Websocket message parsing and the error replies (docs/protocol.md describes every message)."""
import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from starlette.websockets import WebSocket

from app.i18n import gettext
from app.ids import is_client_id


# NUL and lone surrogates (a JSON "\\ud800" escape): no database text column takes them.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# No message of docs/protocol.md nests deeper than a few levels (a diamond board is 3).
MAX_DEPTH = 16


class BadMessage(Exception):
    """A frame we cannot act on; the connection stays open."""

    def __init__(self, code: str, message: str, client_id: str | None = None, **params):
        super().__init__(code)
        self.code = code
        self.message = message
        # Set when the frame named a well-formed client id: the phone then drops that message.
        self.client_id = client_id
        self.params = params


def parse_frame(message: Mapping[str, Any], max_chars: int) -> dict[str, Any]:
    """A JSON object with a string `type`, from one received ASGI websocket message."""
    text = message.get("text")
    if text is None:
        raise BadMessage("bad_message", "Send JSON text frames.")
    if len(text) > max_chars:
        raise BadMessage("too_large", "The message is too large (at most %(limit)s characters).", limit=max_chars)
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # json.loads recurses as deep as the message nests
        raise BadMessage("bad_json", "The message is not valid JSON.")
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        raise BadMessage("bad_message", "The message must be a JSON object with a type.")
    try:
        _check_values(data)
    except BadMessage as e:
        e.client_id = data.get("client_id") if is_client_id(data.get("client_id")) else None
        raise
    return data


def _check_values(data: Any) -> None:
    """Refuse what no handler needs and a database may choke on: deep nesting, NUL in any string."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise BadMessage("bad_message", "The message is nested too deeply (at most %(limit)s levels).",
                             limit=MAX_DEPTH)
        if isinstance(value, dict):
            for key, item in value.items():
                if _UNSTORABLE.search(key):
                    raise BadMessage("bad_message", "The message contains a NUL character or broken text.")
                stack.append((item, depth + 1))
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)
        elif isinstance(value, str) and _UNSTORABLE.search(value):
            raise BadMessage("bad_message", "The message contains a NUL character or broken text.")


def error(code: str, message: str, client_id: Any = None, **params) -> dict[str, Any]:
    """An error reply, its message in the connection's language."""
    reply: dict[str, Any] = {"type": "error", "code": code, "message": gettext(message, **params)}
    if is_client_id(client_id):
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
