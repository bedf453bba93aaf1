"""FastAPI dependencies: the app context, the signed-in facilitator, CSRF checks."""
import math
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from app.context import AppContext
from app.i18n import gettext
from app.models import Facilitator
from app.security import SESSION_MAX_AGE
from app.services import facilitators
from app.services.errors import Throttled
from app.web import CSRF_HEADER, SESSION_COOKIE, csrf_ok

API_TOKEN_MAX_AGE = 30 * 24 * 3600


class LoginRequired(Exception):
    """Raised by page dependencies; answered with a redirect to the log-in page."""


def get_ctx(request: Request) -> AppContext:
    """The process's services."""
    return request.app.state.ctx


Ctx = Annotated[AppContext, Depends(get_ctx)]


def facilitator_from_token(ctx: AppContext, purpose: str, token: str | None, max_age: int) -> Facilitator | None:
    """The facilitator a session cookie or API token names, if it is still valid."""
    data = ctx.signer.unsign(purpose, token, max_age)
    if not isinstance(data, dict) or not isinstance(data.get("f"), int):
        return None
    f = facilitators.get(ctx.db, data["f"])
    if f is None or f.session_epoch != data.get("e"):
        return None
    return f


def sign_in(ctx: AppContext, email: str, password: str) -> Facilitator | None:
    """Check credentials, refusing for a while after repeated wrong passwords for the same email."""
    key = email.strip().lower()
    wait = ctx.login_throttle.retry_after(key)
    if wait > 0:
        raise Throttled("Too many failed log-ins. Try again in %(seconds)s seconds.", "throttled",
                        seconds=math.ceil(wait))
    f = facilitators.authenticate(ctx.db, email, password)
    if f is None:
        ctx.login_throttle.fail(key)
    return f


def session_token(ctx: AppContext, f: Facilitator) -> str:
    """The value of a session cookie for `f`."""
    return ctx.signer.sign("session", {"f": f.id, "e": f.session_epoch})


def api_token(ctx: AppContext, f: Facilitator) -> str:
    """A bearer token for `f`."""
    return ctx.signer.sign("api", {"f": f.id, "e": f.session_epoch})


def bearer(request: Request) -> str | None:
    """The bearer token of the Authorization header."""
    auth = request.headers.get("authorization", "")
    return auth[7:].strip() if auth.lower().startswith("bearer ") else None


def optional_facilitator(request: Request, ctx: Ctx) -> Facilitator | None:
    """The facilitator signed in by cookie, if any."""
    return facilitator_from_token(ctx, "session", request.cookies.get(SESSION_COOKIE), SESSION_MAX_AGE)


def page_facilitator(request: Request, ctx: Ctx) -> Facilitator:
    """The signed-in facilitator of a page; redirects to log-in otherwise."""
    f = optional_facilitator(request, ctx)
    if f is None:
        raise LoginRequired()
    return f


def api_facilitator(request: Request, ctx: Ctx) -> Facilitator:
    """The facilitator of an API call: a bearer token, or a session cookie plus the CSRF header."""
    token = bearer(request)
    if token is not None:
        f = facilitator_from_token(ctx, "api", token, API_TOKEN_MAX_AGE)
    else:
        f = optional_facilitator(request, ctx)
        if f is not None and request.method not in ("GET", "HEAD", "OPTIONS") and \
                not csrf_ok(request, request.headers.get(CSRF_HEADER)):
            raise HTTPException(403, detail={"code": "csrf", "message": gettext("Missing or wrong CSRF token.")})
    if f is None:
        raise HTTPException(401, detail={"code": "unauthorised", "message": gettext("Sign in first.")},
                            headers={"WWW-Authenticate": "Bearer"})
    return f


PageFacilitator = Annotated[Facilitator, Depends(page_facilitator)]
ApiFacilitator = Annotated[Facilitator, Depends(api_facilitator)]
OptionalFacilitator = Annotated[Facilitator | None, Depends(optional_facilitator)]
