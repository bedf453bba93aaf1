"""Join-by-code shared by the join page and the API: code parsing, throttling, participant tokens, and the
programme pass a phone keeps across a programme's workshops."""
import math
from collections.abc import Callable
from typing import TypeVar

from fastapi import HTTPException, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from app import proof_of_work
from app.context import AppContext
from app.deps import client_address
from app.i18n import gettext
from app.joincode import parse_code
from app.models import Participant, Workshop, id_of
from app.security import PARTICIPANT_MAX_AGE
from app.services import agenda, participants, passes
from app.services.errors import NotFound
from app.services.participants import Joined
from app.services.passes import ProgrammePass
from app.web import DEVICE_COOKIE, set_cookie

T = TypeVar("T")

# A signed "this browser knew code X" cookie: after one successful look-up, the next steps of the join
# (name page, join form) evaluate the same code without counting towards any throttle.
PASS_COOKIE = "samling_pass"
PASS_MAX_AGE = 12 * 3600

# The programme passes of this browser (services/passes.py): a signed list of (programme, member, secret), the
# newest first, renewed whenever the phone joins a workshop of one of them. Not the join pass above.
PROGRAMME_PASS_COOKIE = "samling_programme"
PROGRAMME_PASS_MAX_AGE = 400 * 24 * 3600  # the longest a browser keeps a cookie (RFC 6265bis)
# A phone belongs to a few programmes at most; the oldest pass beyond these is dropped (it keeps the cookie small).
MAX_PASSES = 5
# Set for the next page when a pass did not open the programme: the phone page says so, once.
PASS_NOTICE_COOKIE = "samling_pass_notice"


def client_keys(request: Request) -> tuple[str | None, str]:
    """(device, address) for throttling. The device is the device cookie, if any: a browser string is
    no device (a guesser changes it freely, and a room of identical phones shares it)."""
    device = (request.cookies.get(DEVICE_COOKIE) or "")[:100] or None
    return device, client_address(request)


class ProofRequired(HTTPException):
    """429: guesses from this address must carry a proof of work; `challenge` says which."""

    def __init__(self, challenge: dict):
        self.challenge = challenge
        super().__init__(429, detail={
            "code": "proof_required", "proof": challenge,
            "message": gettext("Many wrong codes have come from your network, so your phone must do a "
                               "quick check first. It takes a moment.")})


def proof_challenge(request: Request, ctx: AppContext) -> dict | None:
    """A challenge for the join page to solve ahead, if guesses from this address need a proof now."""
    _device, address = client_keys(request)
    if not ctx.throttle.needs_proof(address):
        return None
    return proof_of_work.issue(ctx.signer, address, ctx.throttle.bits(address))


def has_pass(request: Request, ctx: AppContext, code: str) -> bool:
    """Whether this browser found `code` live before (its pass cookie names it)."""
    data = ctx.signer.unsign("join-pass", request.cookies.get(PASS_COOKIE), PASS_MAX_AGE)
    return isinstance(data, dict) and data.get("c") == code


def give_pass(response: Response, request: Request, ctx: AppContext, code: str) -> None:
    """Let this browser take the next steps for `code` without going through the throttle again."""
    set_cookie(response, request, PASS_COOKIE, ctx.signer.sign("join-pass", {"c": code}), max_age=PASS_MAX_AGE)


def _check_proof(ctx: AppContext, address: str, proof: str | None) -> None:
    """Spend the proof of one guess from an address under pressure, or refuse with a new challenge."""
    bits = ctx.throttle.bits(address)
    # One bit of slack: a phone that started solving just before the work went up still gets in.
    salt = proof_of_work.verify(ctx.signer, proof, address, bits - 1, int(ctx.throttle.proof_ttl))
    if salt is None or not ctx.throttle.spend(salt):
        ctx.throttle.unpaid(address)
        raise ProofRequired(proof_of_work.issue(ctx.signer, address, bits))


def _refuse_while_held_back(ctx: AppContext, device: str | None) -> None:
    """429 while this device (cookie) has guessed wrong too often: join codes and personal codes alike."""
    wait = ctx.throttle.retry_after(device)
    if wait > 0:
        raise HTTPException(429, headers={"Retry-After": str(math.ceil(wait))}, detail={
            "code": "throttled",
            "message": gettext("Too many wrong codes. Try again in %(seconds)s seconds.", seconds=math.ceil(wait))})


async def find_live_workshop(request: Request, ctx: AppContext, typed_code: str,
                             proof: str | None = None) -> Workshop:
    """The live workshop for a typed code; wrong guesses count towards the throttle, and from an
    address under guessing pressure a guess is looked at only with a fresh proof of work."""
    return await _guess(request, ctx, typed_code, proof,
                        lambda code: agenda.live_workshop_by_code(ctx.db, code=code))


async def _guess(request: Request, ctx: AppContext, typed_code: str, proof: str | None,
                 look_up: Callable[[str], T | None]) -> T:
    """`look_up(code)` in a worker thread, behind the throttle: None counts as a wrong guess (404 `wrong_code`)."""
    code = parse_code(typed_code)
    if code is None:  # says nothing about which codes are live: no throttle needed
        raise NotFound("A code has 8 digits, like 1234 5678.", "bad_code")
    counted: tuple[str | None, str, bool] | None = None
    if not has_pass(request, ctx, code):
        device, address = client_keys(request)
        _refuse_while_held_back(ctx, device)
        paid = ctx.throttle.needs_proof(address)
        if paid:
            _check_proof(ctx, address, proof)
        counted = (device, address, paid)
    found = await run_in_threadpool(look_up, code)
    if found is None:
        if counted is not None:
            ctx.throttle.fail(*counted)
        raise NotFound("No workshop is open with that code. Check the code on the screen.", "wrong_code")
    return found


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
                       language: str | None, proof: str | None = None) -> tuple[Participant, str]:
    """Join the live workshop behind a typed code as a new participant (found and joined in one worker thread trip:
    a join storm is bound by the server's work per join)."""
    p = await _guess(request, ctx, typed_code, proof,
                     lambda code: participants.join_by_code(ctx.db, code, name, language, ctx.broker))
    return p, participant_token(ctx, p)


def programme_passes(request: Request, ctx: AppContext) -> tuple[list[ProgrammePass], bool]:
    """The programme passes this browser carries, and whether its pass cookie is there but not genuine (changed by
    hand, expired, or signed by another installation)."""
    raw = request.cookies.get(PROGRAMME_PASS_COOKIE)
    if not raw:
        return [], False
    data = ctx.signer.unsign("programme-pass", raw, PROGRAMME_PASS_MAX_AGE)
    if not isinstance(data, list):
        return [], True
    found = [ProgrammePass.from_list(item) for item in data[:MAX_PASSES]]
    return [p for p in found if p is not None], False


def keep_pass(response: Response, request: Request, ctx: AppContext, given: ProgrammePass,
              carried: list[ProgrammePass]) -> None:
    """Store `given` first in the browser's passes (replacing any other pass of its programme), keeping the rest."""
    ring = [given] + [p for p in carried if p.programme_id != given.programme_id]
    value = ctx.signer.sign("programme-pass", [p.as_list() for p in ring[:MAX_PASSES]])
    set_cookie(response, request, PROGRAMME_PASS_COOKIE, value, max_age=PROGRAMME_PASS_MAX_AGE)


def pass_for(request: Request, ctx: AppContext, p: Participant) -> ProgrammePass | None:
    """The pass this browser carries for the participant's programme identity, if any (for its personal link)."""
    if p.programme_member_id is None:
        return None
    return next((x for x in programme_passes(request, ctx)[0] if x.member_id == p.programme_member_id), None)


async def join_with_passes(request: Request, ctx: AppContext, typed_code: str, name: str, language: str | None,
                           proof: str | None = None, personal_code: str = "") -> tuple[Joined, str]:
    """Join the live workshop behind a typed code; in a programme's workshop as the member this browser's pass
    proves, else the one whose short personal code was typed (a wrong one counts like a wrong join code), else as
    a new one. The caller stores `Joined.programme_pass` with `keep_pass`."""
    workshop = await find_live_workshop(request, ctx, typed_code, proof)
    carried, damaged = programme_passes(request, ctx)
    if personal_code.strip() and workshop.programme_id is not None:
        await _check_personal_code(request, ctx, workshop.programme_id, personal_code)
    joined = await run_in_threadpool(lambda: participants.enter(
        ctx.db, id_of(workshop), name, language, ctx.broker, passes=carried, damaged_pass=damaged,
        personal_code=personal_code))
    return joined, participant_token(ctx, joined.participant)


async def _check_personal_code(request: Request, ctx: AppContext, programme_id: int, typed: str) -> None:
    """A typed personal code is a guess like a join code: refused while this device or its network has guessed wrong
    too often (a device without its cookie is held back by its address), counted when wrong, looked up in a read."""
    device, address = client_keys(request)
    if ctx.throttle.needs_proof(address):
        raise HTTPException(429, detail={"code": "throttled", "message": gettext(
            "Too many wrong codes from your network. Try again in a few minutes.")})
    _refuse_while_held_back(ctx, device)
    if not await run_in_threadpool(passes.code_opens, ctx.db, programme_id, typed):
        ctx.throttle.fail(device, address, False)
        raise NotFound(participants.WRONG_CODE, "personal_code")
