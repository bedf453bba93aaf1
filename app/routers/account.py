"""The facilitator's account page (password, sessions, API tokens, deletion) and the administrator's page
(invitations, deactivation)."""
from datetime import datetime

from babel.dates import format_datetime
from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from app.deps import Ctx, PageFacilitator, with_password
from app.i18n import N_, current_language, gettext
from app.ids import RowId
from app.local_conventions import in_oslo
from app.models import Facilitator, id_of
from app.services import auth_sessions, facilitators
from app.services.errors import DomainError
from app.web import SESSION_COOKIE, csrf_ok, render

router = APIRouter(prefix="/facilitator", include_in_schema=False)
TIME_FORMATS = {"nb": "d. MMMM y 'kl.' HH:mm", "nn": "d. MMMM y 'kl.' HH:mm", "en": "d MMMM y, HH:mm"}
# What a finished action says on the page it returns to (?done=...).
DONE = {"password": N_("Your password is changed. Every other session and API token has ended."),
        "revoked": N_("The API token is revoked.")}


def when(at: datetime | None) -> str:
    """A moment as people here write it, in Oslo time: '30. november 2026 kl. 14:05'."""
    if at is None:
        return ""
    lang = current_language()
    return format_datetime(in_oslo(at), TIME_FORMATS.get(lang, TIME_FORMATS["nb"]), locale=lang)


def _account_page(request: Request, ctx, f: Facilitator, error: str | None = None, status: int = 200, done: str = ""):
    return render(request, "facilitator/account.html", {
        "facilitator": f, "when": when, "error": error,
        "done": gettext(DONE[done]) if done in DONE else None,
        "tokens": auth_sessions.list_live(ctx.db, id_of(f), "api"),
        "sessions": len(auth_sessions.list_live(ctx.db, id_of(f), "session")),
    }, status_code=status)


def _back(target: str) -> RedirectResponse:
    return RedirectResponse(target, status_code=303)


@router.get("/account")
def account(request: Request, ctx: Ctx, f: PageFacilitator, done: str = ""):
    """Password, sessions, API tokens and account deletion."""
    return _account_page(request, ctx, f, done=done)


@router.post("/account/password")
async def change_password(request: Request, ctx: Ctx, f: PageFacilitator,
                          current_password: str = Form(max_length=1000), new_password: str = Form(max_length=1000),
                          csrf: str = Form("")):
    """A new password; this browser stays signed in, every other session and token ends."""
    if not csrf_ok(request, csrf):
        return _back("/facilitator/account")
    try:
        await with_password(ctx, request, f, facilitators.change_password, ctx.db, id_of(f), current_password,
                            new_password, request.state.auth_session)
    except DomainError as e:
        return await run_in_threadpool(_account_page, request, ctx, f, gettext(e.message, **e.params), e.status)
    return _back("/facilitator/account?done=password")


@router.post("/account/logout-everywhere")
def log_out_everywhere(request: Request, ctx: Ctx, f: PageFacilitator, csrf: str = Form("")):
    """End every session (this one too) and revoke every API token."""
    if not csrf_ok(request, csrf):
        return _back("/facilitator/account")
    auth_sessions.revoke_all(ctx.db, id_of(f))
    response = _back("/facilitator/login")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(token_id: str, request: Request, ctx: Ctx, f: PageFacilitator, csrf: str = Form("")):
    """Revoke one API token."""
    if csrf_ok(request, csrf) and len(token_id) == 64:
        auth_sessions.revoke(ctx.db, id_of(f), token_id)
        return _back("/facilitator/account?done=revoked")
    return _back("/facilitator/account")


@router.post("/account/delete")
async def delete_account(request: Request, ctx: Ctx, f: PageFacilitator, password: str = Form(max_length=1000),
                         csrf: str = Form("")):
    """Delete the account with every workshop and answer in it."""
    if not csrf_ok(request, csrf):
        return _back("/facilitator/account")
    try:
        await with_password(ctx, request, f, facilitators.delete_account, ctx.db, ctx.broker, id_of(f), password)
    except DomainError as e:
        return await run_in_threadpool(_account_page, request, ctx, f, gettext(e.message, **e.params), e.status)
    response = _back("/facilitator")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


# --- administration ----------------------------------------------------------------------------

def _admin_page(request: Request, ctx, f: Facilitator, new_link: str | None = None, error: str | None = None,
                status: int = 200):
    try:
        people = facilitators.list_facilitators(ctx.db, id_of(f))
        invitations = facilitators.list_invitations(ctx.db, id_of(f))
    except DomainError as e:
        return render(request, "facilitator/admin.html", {"facilitator": f, "forbidden": True,
                                                          "error": gettext(e.message, **e.params)},
                      status_code=e.status)
    names = {p.id: p.name for p in people}
    rows = [{"token": i.token, "status": facilitators.invitation_status(i), "created_at": i.created_at,
             "expires_at": i.expires_at, "by": names.get(i.invited_by, ""), "used_by": names.get(i.used_by, "")}
            for i in invitations]
    return render(request, "facilitator/admin.html", {
        "facilitator": f, "people": people, "invitations": rows, "new_link": new_link, "when": when,
        "error": error, "days": ctx.settings.invitation_days}, status_code=status)


@router.get("/admin")
def admin(request: Request, ctx: Ctx, f: PageFacilitator):
    """Facilitators and invitations (administrator only)."""
    return _admin_page(request, ctx, f)


@router.post("/admin/invitations")
def create_invitation(request: Request, ctx: Ctx, f: PageFacilitator, csrf: str = Form("")):
    """A new invitation link, shown once on the page."""
    if not csrf_ok(request, csrf):
        return _back("/facilitator/admin")
    try:
        inv = facilitators.invite(ctx.db, id_of(f), ctx.settings.invitation_days)
    except DomainError as e:
        return _admin_page(request, ctx, f, error=gettext(e.message, **e.params), status=e.status)
    return _admin_page(request, ctx, f, new_link=str(request.url_for("invitation_page", token=inv.token)))


def _admin_action(request: Request, ctx, f: Facilitator, csrf: str, action) -> Response:
    """Run one administration change; back to the page, or the page with the reason it was refused."""
    if not csrf_ok(request, csrf):
        return _back("/facilitator/admin")
    try:
        action()
    except DomainError as e:
        return _admin_page(request, ctx, f, error=gettext(e.message, **e.params), status=e.status)
    return _back("/facilitator/admin")


@router.post("/admin/invitations/{token}/revoke")
def revoke_invitation(token: str, request: Request, ctx: Ctx, f: PageFacilitator, csrf: str = Form("")):
    """Make an unused invitation unusable."""
    return _admin_action(request, ctx, f, csrf, lambda: facilitators.revoke_invitation(ctx.db, id_of(f), token))


@router.post("/admin/facilitators/{facilitator_id}/active")
def set_active(facilitator_id: RowId, request: Request, ctx: Ctx, f: PageFacilitator, active: bool = Form(),
               csrf: str = Form("")):
    """Deactivate (sessions and tokens end at once) or reactivate a facilitator."""
    return _admin_action(request, ctx, f, csrf,
                         lambda: facilitators.set_active(ctx.db, id_of(f), facilitator_id, active))


@router.post("/admin/facilitators/{facilitator_id}/admin")
def make_admin(facilitator_id: RowId, request: Request, ctx: Ctx, f: PageFacilitator, csrf: str = Form("")):
    """Make a facilitator an administrator too."""
    return _admin_action(request, ctx, f, csrf, lambda: facilitators.make_admin(ctx.db, id_of(f), facilitator_id))
