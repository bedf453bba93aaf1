"""FastAPI dependencies: the app context, the signed-in facilitator (server-side sessions), sign-in, CSRF."""
import math
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from starlette.requests import HTTPConnection

from app.context import AppContext
from app.i18n import N_, gettext
from app.models import Facilitator, id_of
from app.security import SESSION_MAX_AGE
from app.services import auth_sessions, facilitators
from app.services.errors import Throttled
from app.web import CSRF_HEADER, SESSION_COOKIE, csrf_ok

API_TOKEN_MAX_AGE = 30 * 24 * 3600


class LoginRequired(Exception):
    """Raised by page dependencies; answered with a redirect to the log-in page."""


def get_ctx(request: Request) -> AppContext:
    """The process's services."""
    return request.app.state.ctx


Ctx = Annotated[AppContext, Depends(get_ctx)]


def _secret_of(ctx: AppContext, purpose: str, token: str | None, max_age: int) -> tuple[int, str] | None:
    data = ctx.signer.unsign(purpose, token, max_age)
    if not isinstance(data, dict) or not isinstance(data.get("f"), int) or not isinstance(data.get("s"), str):
        return None
    return data["f"], data["s"]


def auth_from_token(ctx: AppContext, purpose: str, token: str | None, max_age: int) -> tuple[Facilitator, str] | None:
    """The facilitator and server-side session id a cookie or API token names, if the session is live."""
    found = _secret_of(ctx, purpose, token, max_age)
    return auth_sessions.resolve(ctx.db, purpose, *found) if found else None


def facilitator_from_token(ctx: AppContext, purpose: str, token: str | None, max_age: int) -> Facilitator | None:
    """The facilitator a session cookie or API token names, if its session is live and the account active."""
    found = auth_from_token(ctx, purpose, token, max_age)
    return found[0] if found else None


def session_id_of_token(ctx: AppContext, purpose: str, token: str | None, max_age: int) -> tuple[int, str] | None:
    """(facilitator id, session id) of a correctly signed cookie or token, live or not (for log-out)."""
    found = _secret_of(ctx, purpose, token, max_age)
    return (found[0], auth_sessions.session_id_of(found[1])) if found else None


def client_address(conn: HTTPConnection) -> str:
    """The client's address (uvicorn's --proxy-headers puts the real one here behind a trusted proxy)."""
    return conn.client.host if conn.client else "unknown"


class LoginThrottled(Throttled):
    """Too many failed log-ins; `retry_after` is the wait in seconds (the Retry-After header)."""

    retry_after: int


def _throttled(wait: float) -> Throttled:
    seconds = math.ceil(wait)
    e = LoginThrottled(N_("Too many failed log-ins. Try again in %(seconds)s seconds."), "throttled", seconds=seconds)
    e.retry_after = seconds
    return e


async def sign_in(ctx: AppContext, request: Request, email: str, password: str) -> Facilitator | None:
    """Check credentials: throttled per (email, address), address and email; one bounded hash each."""
    key, address = facilitators.clean_email(email) or email[:300], client_address(request)
    wait = ctx.login_throttle.retry_after(key, address)
    if wait > 0:
        raise _throttled(wait)
    f = await ctx.hash_gate.run(facilitators.authenticate, ctx.db, email, password)
    if f is None:
        ctx.login_throttle.fail(key, address)
    else:
        ctx.login_throttle.succeeded(key, address)
    return f


async def with_password(ctx: AppContext, request: Request, f: Facilitator, fn, *args):
    """Run an account change that checks the password (`fn` raises WrongPassword): bounded and throttled
    like a log-in, so a stolen session cannot be used to guess the password."""
    address = client_address(request)
    wait = ctx.login_throttle.retry_after(f.email, address)
    if wait > 0:
        raise _throttled(wait)
    try:
        return await ctx.hash_gate.run(fn, *args)
    except facilitators.WrongPassword:
        ctx.login_throttle.fail(f.email, address)
        raise


def new_token_for(ctx: AppContext, f: Facilitator, kind: str, label: str = "") -> str:
    """A fresh server-side session (kind "session") or API token (kind "api"), signed for the client."""
    max_age = SESSION_MAX_AGE if kind == "session" else API_TOKEN_MAX_AGE
    secret = auth_sessions.create(ctx.db, id_of(f), kind, max_age, label)
    return ctx.signer.sign(kind, {"f": id_of(f), "s": secret})


def session_token(ctx: AppContext, f: Facilitator) -> str:
    """The value of a new session cookie for `f`."""
    return new_token_for(ctx, f, "session")


def api_token(ctx: AppContext, f: Facilitator, label: str = "") -> str:
    """A new bearer token for `f`."""
    return new_token_for(ctx, f, "api", label)


def bearer(request: Request) -> str | None:
    """The bearer token of the Authorization header."""
    auth = request.headers.get("authorization", "")
    return auth[7:].strip() if auth.lower().startswith("bearer ") else None


def optional_facilitator(request: Request, ctx: Ctx) -> Facilitator | None:
    """The facilitator signed in by cookie, if any (request.state.auth_session names the session)."""
    found = auth_from_token(ctx, "session", request.cookies.get(SESSION_COOKIE), SESSION_MAX_AGE)
    if found is None:
        return None
    request.state.auth_session = found[1]
    return found[0]


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
        found = auth_from_token(ctx, "api", token, API_TOKEN_MAX_AGE)
        f = found[0] if found else None
        if found:
            request.state.auth_session = found[1]
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
