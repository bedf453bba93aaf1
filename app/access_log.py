"""Access log lines without personal data or secrets.

uvicorn logs every request (and websocket handshake) as `<client address> - "<method> <path?query>"`.
A participant's address is personal data, and paths carry join codes (`/12345678`, `?code=`,
`/qr/12345678.svg`, `?next=/12345678`), proofs and invitation tokens (`/facilitator/invite/<token>`).
The filter here, installed on uvicorn's handlers through `log_config`, drops the address (unless
SAMLING_LOG_CLIENT_ADDRESS is on) and replaces codes and tokens by placeholders before anything is
written.
"""
import copy
import logging
from urllib.parse import parse_qsl, quote, unquote

from app.joincode import CODE_INSIDE, parse_code

CODE = "[code]"
SECRET = "[redacted]"
# The path segment after one of these is a secret or names one (invitation tokens, API token ids, personal links
# of programme passes: /p/<token>, /qr/p/<token>.svg).
_SECRET_AFTER = {"invite", "invitations", "tokens", "p"}
# Query parameters whose values are never logged.
_SECRET_PARAMS = {"proof", "token", "password", "email"}


def _redact_segment(raw: str, previous: str) -> str:
    if previous in _SECRET_AFTER and raw:
        return SECRET
    text = unquote(raw)
    stem, dot, suffix = text.rpartition(".") if text.endswith(".svg") else (text, "", "")
    if parse_code(stem) or CODE_INSIDE.search(text):
        return CODE + (dot + suffix if dot else "")
    return raw


def _redact_value(key: str, value: str) -> str:
    if key.lower() in _SECRET_PARAMS:
        return SECRET
    if value.startswith("/"):
        return redact_target(value)
    if parse_code(value) or CODE_INSIDE.search(value):
        return CODE
    return value


def redact_target(target: str) -> str:
    """A request target (path and query) with join codes and tokens replaced by placeholders."""
    path, question, query = target.partition("?")
    segments = path.split("/")
    path = "/".join(_redact_segment(s, segments[i - 1] if i else "") for i, s in enumerate(segments))
    if not question:
        return path
    pairs = parse_qsl(query, keep_blank_values=True)
    query = "&".join(f"{quote(k, safe='')}={quote(_redact_value(k, v), safe='/[]')}" for k, v in pairs)
    return f"{path}?{query}"


class RedactingFilter(logging.Filter):
    """Rewrites uvicorn's request lines (access log and websocket handshakes) in place."""

    def __init__(self, client_address: bool = False):
        super().__init__()
        self.client_address = client_address

    def filter(self, record: logging.LogRecord) -> bool:
        msg, args = record.msg, record.args
        if not (isinstance(msg, str) and msg.startswith('%s - "') and isinstance(args, tuple) and len(args) >= 2):
            return True
        parts = list(args)
        if not self.client_address:
            parts[0] = "-"
        # '%s - "%s %s HTTP/%s" %d' (client, method, target, ...) or '%s - "WebSocket %s" ...' (client, target)
        at = 1 if msg.startswith('%s - "WebSocket') else 2
        if at < len(parts):
            parts[at] = redact_target(str(parts[at]))
        record.args = tuple(parts)
        return True


def log_config(client_address: bool = False, level: str = "info") -> dict:
    """uvicorn's logging configuration with the redacting filter on all its handlers; the app's own loggers
    write through uvicorn's handler at `level`."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["redact"] = {"()": "app.access_log.RedactingFilter",
                                               "client_address": client_address}
    for handler in config["handlers"].values():
        handler.setdefault("filters", []).append("redact")
    config["loggers"]["app"] = {"handlers": ["default"], "level": level.upper(), "propagate": False}
    return config
