"""Domain errors; routers map them to HTTP status codes, the hub to error messages."""
from app.i18n import N_


class DomainError(Exception):
    """Base of every refusal the domain explains; `message` is an English msgid."""

    status = 400

    def __init__(self, message: str, code: str = "invalid", **params):
        super().__init__(message % params if params else message)
        self.message = message
        self.code = code
        self.params = params


class NotFound(DomainError):
    """No such thing, or not yours to see."""

    status = 404

    def __init__(self, message: str = N_("Not found."), code: str = "not_found", **params):
        super().__init__(message, code, **params)


class Conflict(DomainError):
    """The request does not fit the current state."""

    status = 409


class Invalid(DomainError):
    """The request itself is malformed."""

    status = 422


class Throttled(DomainError):
    """Too many failed attempts; try again later."""

    status = 429
