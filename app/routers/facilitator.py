"""The facilitator's pages: sign-up, log-in, dashboard, agenda editor, live console and programme page."""
from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from app import ui_strings
from app.ids import RowId
from app.models import id_of
from app.activities import KINDS
from app.deps import Ctx, OptionalFacilitator, PageFacilitator, session_id_of_token, session_token, sign_in
from app.i18n import catalog_for_js, current_language, gettext, set_language
from app.security import SESSION_MAX_AGE
from app.local_conventions import long_date
from app.routers.programmes import member_out
from app.services import (agenda, auth_sessions, co_facilitators, exports, facilitators, programmes,
                          report as report_text, report_charts, report_pdf, templates)
from app.services.errors import DomainError
from app.web import SESSION_COOKIE, csrf_ok, render, set_cookie

router = APIRouter(prefix="/facilitator", include_in_schema=False)


async def _signed_in(request: Request, ctx, f, target: str = "/facilitator") -> RedirectResponse:
    safe = target.startswith("/") and not target.startswith("//") and not target.startswith("/\\")
    response = RedirectResponse(target if safe else "/facilitator", status_code=303)
    token = await run_in_threadpool(session_token, ctx, f)  # a new server-side session
    set_cookie(response, request, SESSION_COOKIE, token, max_age=SESSION_MAX_AGE)
    return response


def _refused(request: Request, template: str, context: dict, e: DomainError):
    """The form again with the domain's reason; throttled or busy answers say when to retry."""
    response = render(request, template, {**context, "error": gettext(e.message, **e.params)}, status_code=e.status)
    retry = getattr(e, "retry_after", None)  # throttled or busy
    if retry:
        response.headers["Retry-After"] = str(retry)
    return response


def _csrf_failed(request: Request, template: str, context: dict | None = None):
    return render(request, template, {**(context or {}), "error": gettext("The form expired. Please try again.")},
                  status_code=403)


@router.get("")
def home(request: Request, ctx: Ctx, f: OptionalFacilitator):
    """Sign-up on a fresh installation, log-in when signed out, the dashboard otherwise."""
    if f is None:
        if not facilitators.has_any(ctx.db):
            return render(request, "facilitator/signup.html", {})
        return RedirectResponse("/facilitator/login", status_code=303)
    return render(request, "facilitator/dashboard.html", _dashboard(ctx, f))


def _dashboard(ctx, f) -> dict:
    """The dashboard's context: the workshops and programmes the facilitator runs (each workshop with its
    programme's title), and the templates to start one from."""
    workshops = templates.running_workshops(ctx.db, facilitator_id=id_of(f))
    runs = programmes.list_programmes(ctx.db, facilitator_id=id_of(f))
    return {"facilitator": f, "workshops": workshops, "programmes": runs, "programme_ids": {p.id for p in runs},
            "programme_titles": programmes.titles_of(ctx.db, {w.programme_id for w in workshops if w.programme_id}),
            "template_list": templates.list_templates(ctx.db, facilitator_id=id_of(f))}


@router.post("/signup")
async def signup(request: Request, ctx: Ctx, name: str = Form(max_length=200), email: str = Form(max_length=300),
                 password: str = Form(max_length=1000), csrf: str = Form("")):
    """Create the first facilitator (the administrator)."""
    form = {"name": name, "email": email}
    if not csrf_ok(request, csrf):
        return _csrf_failed(request, "facilitator/signup.html", form)
    try:
        f = await ctx.hash_gate.run(facilitators.sign_up_first, ctx.db, name, email, password)
    except DomainError as e:
        return _refused(request, "facilitator/signup.html", form, e)
    return await _signed_in(request, ctx, f)


@router.get("/login")
def login_page(request: Request, ctx: Ctx, next: str = "/facilitator"):
    """The log-in form (the sign-up form while nobody has signed up)."""
    if not facilitators.has_any(ctx.db):
        return RedirectResponse("/facilitator", status_code=303)
    return render(request, "facilitator/login.html", {"next": next})


@router.post("/login")
async def login(request: Request, ctx: Ctx, email: str = Form(max_length=300),
                password: str = Form(max_length=1000), csrf: str = Form(""), next: str = Form("/facilitator")):
    """Check the credentials and set the session cookie."""
    form = {"email": email, "next": next}
    if not csrf_ok(request, csrf):
        return _csrf_failed(request, "facilitator/login.html", form)
    try:
        f = await sign_in(ctx, request, email, password)
    except DomainError as e:
        return _refused(request, "facilitator/login.html", form, e)
    if f is None:
        return render(request, "facilitator/login.html",
                      {**form, "error": gettext("Wrong email or password.")}, status_code=401)
    return await _signed_in(request, ctx, f, next)


@router.post("/logout")
def logout(request: Request, ctx: Ctx, csrf: str = Form("")):
    """End the session on the server (a copied cookie stops working too) and forget the cookie."""
    response = RedirectResponse("/facilitator/login", status_code=303)
    if csrf_ok(request, csrf):
        found = session_id_of_token(ctx, "session", request.cookies.get(SESSION_COOKIE), SESSION_MAX_AGE)
        if found:
            auth_sessions.revoke(ctx.db, *found)
        response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/invite/{token}", name="invitation_page")
def invitation_page(token: str, request: Request, ctx: Ctx):
    """The sign-up form behind an invitation link."""
    if not facilitators.invitation_open(ctx.db, token):
        return render(request, "facilitator/login.html",
                      {"error": gettext("This invitation is not valid any more."), "next": "/facilitator"},
                      status_code=404)
    return render(request, "facilitator/signup.html", {"invitation": token})


@router.post("/invite/{token}")
async def accept_invitation(token: str, request: Request, ctx: Ctx, name: str = Form(max_length=200),
                            email: str = Form(max_length=300), password: str = Form(max_length=1000),
                            csrf: str = Form("")):
    """Sign up through an invitation."""
    form = {"name": name, "email": email, "invitation": token}
    if not csrf_ok(request, csrf):
        return _csrf_failed(request, "facilitator/signup.html", form)
    try:
        f = await ctx.hash_gate.run(facilitators.accept_invitation, ctx.db, token, name, email, password)
    except DomainError as e:
        return _refused(request, "facilitator/signup.html", form, e)
    return await _signed_in(request, ctx, f)


@router.post("/workshops")
def create_workshop(request: Request, ctx: Ctx, f: PageFacilitator, title: str = Form(max_length=300),
                    language: str = Form("nb"), csrf: str = Form("")):
    """Create a workshop and open its editor."""
    if not csrf_ok(request, csrf):
        return RedirectResponse("/facilitator", status_code=303)
    try:
        w = agenda.create_workshop(ctx.db, facilitator_id=id_of(f), title=title, language=language)
    except DomainError as e:
        return render(request, "facilitator/dashboard.html",
                      {**_dashboard(ctx, f), "error": gettext(e.message, **e.params)}, status_code=e.status)
    return RedirectResponse(f"/facilitator/workshops/{w.id}", status_code=303)


@router.get("/workshops/{workshop_id}")
def editor(workshop_id: RowId, request: Request, ctx: Ctx, f: PageFacilitator):
    """The agenda editor, with the groups, roles and timed phases prepared before going live."""
    w, items = agenda.get_workshop(ctx.db, facilitator_id=id_of(f), workshop_id=workshop_id)
    is_owner = w.owner_id == id_of(f)
    return render(request, "facilitator/editor.html",
                  {"facilitator": f, "workshop": w, "activities": items, "kinds": KINDS,
                   "programme_place": programmes.place_of(ctx.db, facilitator_id=id_of(f), workshop=w),
                   "is_owner": is_owner, "team": co_facilitators.team(ctx.db, id_of(f), workshop_id),
                   "colleagues": co_facilitators.candidates(ctx.db, id_of(f), workshop_id) if is_owner else [],
                   "strings": catalog_for_js(current_language(), ui_strings.STAFF)})


@router.get("/workshops/{workshop_id}/console")
def console(workshop_id: RowId, request: Request, ctx: Ctx, f: PageFacilitator):
    """The live console: agenda, navigation, lock, results, moderation, counts."""
    w, items = agenda.get_workshop(ctx.db, facilitator_id=id_of(f), workshop_id=workshop_id)
    return render(request, "facilitator/console.html", {
        "facilitator": f, "workshop": w, "activities": items,
        "programme_place": programmes.place_of(ctx.db, facilitator_id=id_of(f), workshop=w),
        "strings": catalog_for_js(current_language(), ui_strings.STAFF)})


@router.get("/programmes/{programme_id}")
def programme_page(programme_id: RowId, request: Request, ctx: Ctx, f: PageFacilitator):
    """A programme: its settings, workshops in order, network groups, leaders (counts only) and co-facilitators."""
    fid = id_of(f)
    found = programmes.get_programme(ctx.db, facilitator_id=fid, programme_id=programme_id)
    own_free = [w for w in templates.running_workshops(ctx.db, facilitator_id=fid)
                if w.owner_id == fid and w.programme_id is None]  # what "add a workshop you own" offers
    return render(request, "facilitator/programme.html", {
        "facilitator": f, "programme": found.programme, "workshops": found.workshops, "groups": found.groups,
        "is_owner": found.programme.owner_id == fid, "own_free": own_free,
        "team": programmes.team(ctx.db, facilitator_id=fid, programme_id=programme_id),
        "members": [member_out(m) for m in programmes.list_members(ctx.db, facilitator_id=fid,
                                                                  programme_id=programme_id)],
        "template_list": templates.list_templates(ctx.db, facilitator_id=fid)})


def _report(ctx, f, workshop_id: int):
    """The workshop, the day it was held, and its report page's context in the workshop's language (it goes to
    the municipality, whatever language the facilitator's screens use); access as for exports."""
    w, parts, joined = exports.collect(ctx.db, id_of(f), workshop_id)
    set_language(w.language)
    day = report_text.workshop_day(w, parts)
    return w, day, {
        "workshop": w, "parts": parts, "joined": joined, "facilitator": f, "held_on": long_date(day, w.language),
        "answered": report_text.people_answered, "cell": lambda v: report_text.cell(v, w.language),
        "chart": lambda part: report_charts.chart(part, w.language) or ""}


@router.get("/workshops/{workshop_id}/report")
def report(workshop_id: RowId, request: Request, ctx: Ctx, f: PageFacilitator):
    """A printable summary of every activity's result, moderated as the room saw it."""
    return render(request, "facilitator/report.html", _report(ctx, f, workshop_id)[2])


@router.get("/workshops/{workshop_id}/report.pdf")
def report_as_pdf(workshop_id: RowId, request: Request, ctx: Ctx, f: PageFacilitator):
    """The same report as a PDF download; without WeasyPrint's system libraries, the report page says what to install."""
    w, day, context = _report(ctx, f, workshop_id)
    page = render(request, "facilitator/report.html", context)
    try:
        data = report_pdf.pdf_bytes(bytes(page.body).decode(), str(request.base_url), ctx.settings.static_dir)
    except report_pdf.PdfUnavailable:
        return render(request, "facilitator/report.html", {**context, "pdf_missing": report_pdf.SYSTEM_PACKAGES},
                      status_code=503)
    return Response(data, media_type="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{report_pdf.filename(w.title, day.date())}"',
        "Cache-Control": "no-store"})  # answers stay out of browser and proxy caches
