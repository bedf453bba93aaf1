"""The participant's pages: the join page, the name step, the live phone view and the programme pass's link."""
import io
from typing import Any, cast

import qrcode
import qrcode.image.svg
from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from app import ui_strings
from app.deps import Ctx
from app.i18n import LANGUAGES, catalog_for_js, current_language, gettext, set_language
from app.joincode import parse_code
from app.models import Participant, Workshop, id_of
from app.routers.joining import (PASS_NOTICE_COOKIE, ProofRequired, find_live_workshop, give_pass,
                                 join_with_passes, keep_pass, participant_from_token, pass_for, programme_passes,
                                 proof_challenge)
from app.security import PARTICIPANT_MAX_AGE, new_token
from app.services import agenda, participants, passes
from app.services.errors import DomainError
from app.web import DEVICE_COOKIE, LANG_COOKIE, PARTICIPANT_COOKIE, csrf_ok, render, set_cookie

router = APIRouter(include_in_schema=False)



def _device_cookie(request: Request, response: Response) -> None:
    if not request.cookies.get(DEVICE_COOKIE):
        set_cookie(response, request, DEVICE_COOKIE, new_token(12), max_age=PARTICIPANT_MAX_AGE)


def _join_error(request: Request, typed: str, e: DomainError | HTTPException) -> Response:
    """The join page again, with the reason the code did not work; when a proof of work is wanted,
    the page solves it and sends the code again by itself (static/js/join.js)."""
    if isinstance(e, DomainError):
        message, status = gettext(e.message, **e.params), e.status
    else:
        # Our HTTPExceptions carry a dict detail (code, message); Starlette types it as str.
        message, status = cast(dict[str, Any], e.detail)["message"], e.status_code
    context: dict[str, Any] = {"code": typed[:20], "error": message}
    if isinstance(e, ProofRequired):
        context.update(proof=e.challenge, resubmit=True)
    response = render(request, "participant/join.html", context, status_code=status)
    if isinstance(e, HTTPException) and e.headers:
        response.headers.update(e.headers)
    return response


@router.get("/")
async def join_page(request: Request, ctx: Ctx, code: str | None = None):
    """The big code field; with ?code= it checks the code and sends the phone on."""
    if code is None:
        # Under guessing pressure the page solves its proof of work while the code is being typed.
        response = render(request, "participant/join.html", {"code": "", "proof": proof_challenge(request, ctx)})
        _device_cookie(request, response)
        return response
    try:
        await find_live_workshop(request, ctx, code, request.query_params.get("proof"))
    except (DomainError, HTTPException) as e:
        return _join_error(request, code, e)
    parsed = parse_code(code)
    assert parsed is not None  # find_live_workshop refused anything that is no code
    response = RedirectResponse(f"/{parsed}", status_code=303)
    give_pass(response, request, ctx, parsed)
    return response


@router.get("/language/{language}")
async def choose_language(language: str, request: Request, ctx: Ctx, next: str = "/"):
    """Switch the interface language and go back."""
    if language not in LANGUAGES:
        raise HTTPException(404)
    target = next if next.startswith("/") and not next.startswith("//") else "/"
    response = RedirectResponse(target, status_code=303)
    set_cookie(response, request, LANG_COOKIE, language, max_age=365 * 24 * 3600)
    p = await run_in_threadpool(participant_from_token, ctx, request.cookies.get(PARTICIPANT_COOKIE))
    if p:
        await run_in_threadpool(participants.set_language, ctx.db, id_of(p), language)
    return response


@router.get("/{code}")
async def workshop_page(code: str, request: Request, ctx: Ctx):
    """The phone view if this phone has joined, else the one-step join form."""
    parsed = parse_code(code)
    if parsed is None:
        raise HTTPException(404)
    # A phone that joined goes straight back into its room: its participant cookie is its proof, and
    # no throttle on its network may keep it out.
    p = await run_in_threadpool(participant_from_token, ctx, request.cookies.get(PARTICIPANT_COOKIE))
    workshop = await run_in_threadpool(agenda.live_workshop_by_code, ctx.db, code=parsed) if p else None
    joined = p is not None and workshop is not None and p.workshop_id == workshop.id
    if workshop is None or not joined:
        try:
            workshop = await find_live_workshop(request, ctx, code, request.query_params.get("proof"))
        except (DomainError, HTTPException) as e:
            return _join_error(request, code, e)
    if not request.cookies.get(LANG_COOKIE) and "lang" not in request.query_params:
        set_language(workshop.language)  # no choice made yet: the workshop's language
    if joined:
        assert p is not None  # joined: this phone's participant
        response = render(request, "participant/live.html", {
            "workshop": workshop,
            # Only this agenda's kinds are preloaded: a phone never downloads a diamond's drag library
            # for a day without diamonds (a kind added later loads when its round opens).
            "kinds": await run_in_threadpool(agenda.agenda_kinds, ctx.db, workshop_id=id_of(workshop)),
            "strings": catalog_for_js(current_language(), ui_strings.PHONE),
            "pass_notice": bool(request.cookies.get(PASS_NOTICE_COOKIE)),
            **await _pass_link(request, ctx, p),
        })
        if request.cookies.get(PASS_NOTICE_COOKIE):
            response.delete_cookie(PASS_NOTICE_COOKIE, path="/")  # said once
        return response
    response = _name_page(request, ctx, workshop)
    _device_cookie(request, response)
    give_pass(response, request, ctx, parsed)
    return response


def _name_page(request: Request, ctx: Ctx, workshop: Workshop, error: str | None = None, name: str = "",
               status_code: int = 200) -> Response:
    """The join form: a name, and in a programme's workshop on a device without its pass, the personal code."""
    return render(request, "participant/name.html", {
        "workshop": workshop, "error": error, "name": name,
        # In a programme's workshop a leader may type their personal code: it also takes back an identity this
        # device lost (the code wins over the pass the device carries now).
        "ask_code": workshop.programme_id is not None},
        status_code=status_code)


@router.post("/{code}")
async def join_submit(code: str, request: Request, ctx: Ctx, name: str = Form("", max_length=200),
                      csrf: str = Form(""), proof: str = Form("", max_length=400),
                      personal_code: str = Form("", max_length=40)):
    """Join with an optional display name (and in a programme, an optional personal code); the participant cookie
    keeps the phone in the workshop."""
    if not csrf_ok(request, csrf):
        return RedirectResponse(f"/{code}", status_code=303)
    try:
        joined, token = await join_with_passes(request, ctx, code, name, current_language(), proof or None,
                                               personal_code)
    except DomainError as e:
        if e.code == "personal_code":  # the form again, with what was typed and why the code did not work
            workshop = await find_live_workshop(request, ctx, code)
            return _name_page(request, ctx, workshop, gettext(e.message, **e.params), name[:60], e.status)
        return _join_error(request, code, e)
    except HTTPException as e:
        return _join_error(request, code, e)
    response = RedirectResponse(f"/{parse_code(code)}", status_code=303)
    set_cookie(response, request, PARTICIPANT_COOKIE, token, max_age=PARTICIPANT_MAX_AGE)
    if joined.programme_pass is not None:
        keep_pass(response, request, ctx, joined.programme_pass, programme_passes(request, ctx)[0])
    if joined.pass_refused:
        set_cookie(response, request, PASS_NOTICE_COOKIE, "1", max_age=600)
    return response


def _public_base(request: Request, ctx: Ctx) -> str:
    return (ctx.settings.public_url or str(request.base_url)).rstrip("/")


async def _pass_link(request: Request, ctx: Ctx, p: Participant) -> dict[str, Any]:
    """The personal link (and its QR code) of the pass this phone holds for the participant's programme, if any."""
    held = pass_for(request, ctx, p)
    if held is None:
        return {}
    title = await run_in_threadpool(passes.programme_title, ctx.db, held.programme_id)
    code = await run_in_threadpool(passes.personal_code, ctx.db, held)
    return {"pass_link": f"{_public_base(request, ctx)}/p/{held.link_token()}",
            "personal_code": passes.shown_code(code) if code else None,
            "pass_qr": f"/qr/p/{held.link_token()}.svg", "programme_title": title,
            "journal_link": f"/journal/{held.programme_id}"}


@router.get("/p/{token}")
async def personal_link(token: str, request: Request, ctx: Ctx):
    """A leader's personal link: keeps their programme pass on this device too, so the next workshop of the
    programme knows them here as well."""
    found = await run_in_threadpool(passes.redeem_link, ctx.db, token)
    if found is None:
        response = render(request, "participant/pass.html", {"valid": False}, status_code=404)
        response.headers["X-Robots-Tag"] = "noindex"
        return response
    held, programme = found
    response = render(request, "participant/pass.html", {"valid": True, "programme_title": programme.title,
                                                         "journal_link": f"/journal/{held.programme_id}"})
    response.headers["X-Robots-Tag"] = "noindex"
    keep_pass(response, request, ctx, held, programme_passes(request, ctx)[0])
    return response


@router.get("/qr/p/{token}.svg")
def pass_qr(token: str, request: Request, ctx: Ctx):
    """A personal link as an SVG QR code, drawn for any well-formed token without looking it up (no oracle)."""
    if passes.LINK_TOKEN.fullmatch(token) is None:
        raise HTTPException(404)
    image = qrcode.make(f"{_public_base(request, ctx)}/p/{token}", image_factory=qrcode.image.svg.SvgPathImage,
                        box_size=10, border=2)
    buf = io.BytesIO()
    image.save(buf)
    # Never kept by a shared cache: the link is a leader's key to their programme identity.
    return Response(buf.getvalue(), media_type="image/svg+xml", headers={"Cache-Control": "private, no-store"})
