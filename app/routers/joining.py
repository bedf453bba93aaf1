"""Join-by-code shared by the join page and the API: code parsing, throttling, participant tokens."""
import math

from fastapi import HTTPException, Request
from starlette.concurrency import run_in_threadpool

from app.context import AppContext
from app.i18n import gettext
from app.joincode import parse_code
from app.models import Participant, Workshop
from app.security import PARTICIPANT_MAX_AGE
from app.services import participants, workshops
from app.services.errors import NotFound
from app.web import DEVICE_COOKIE


def client_keys(request: Request) -> tuple[str, str]:
    """(device, address) for throttling: the device cookie if there is one, else address and browser."""
    address = request.client.host if request.client else "unknown"
    device = request.cookies.get(DEVICE_COOKIE) or f"{address}|{request.headers.get('user-agent', '')[:200]}"
    return device, address


async def find_live_workshop(request: Request, ctx: AppContext, typed_code: str) -> Workshop:
    """The live workshop for a typed code; wrong guesses count towards the throttle."""
    device, address = client_keys(request)
    wait = ctx.throttle.retry_after(device, address)
    if wait > 0:
        raise HTTPException(429, headers={"Retry-After": str(math.ceil(wait))}, detail={
            "code": "throttled",
            "message": gettext("Too many wrong codes. Try again in %(seconds)s seconds.", seconds=math.ceil(wait))})
    code = parse_code(typed_code)
    workshop = await run_in_threadpool(workshops.live_workshop_by_code, ctx.db, code) if code else None
    if workshop is None:
        ctx.throttle.fail(device, address)
        if code is None:
            raise NotFound("A code has 8 digits, like 1234 5678.", "bad_code")
        raise NotFound("No workshop is open with that code. Check the code on the screen.", "wrong_code")
    return workshop


def participant_token(ctx: AppContext, p: Participant) -> str:
    """The signed token that identifies a participant (cookie and websocket hello)."""
    return ctx.signer.sign("participant", {"p": p.id, "w": p.workshop_id, "t": participants.stamp(p)})


def participant_from_token(ctx: AppContext, token: str | None) -> Participant | None:
    """The participant a genuine token names, if they still exist (blocking: run in a thread)."""
    data = ctx.signer.unsign("participant", token, PARTICIPANT_MAX_AGE)
    if not isinstance(data, dict) or not all(isinstance(data.get(k), int) for k in ("p", "w", "t")):
        return None
    return participants.identify(ctx.db, data["p"], data["w"], data["t"])


async def join_by_code(request: Request, ctx: AppContext, typed_code: str, name: str,
                       language: str | None) -> tuple[Participant, str]:
    """Join the live workshop behind a typed code as a new participant."""
    workshop = await find_live_workshop(request, ctx, typed_code)
    p = await run_in_threadpool(participants.join, ctx.db, workshop.id, name, language, ctx.broker)
    return p, participant_token(ctx, p)
