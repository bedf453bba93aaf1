"""Public information pages (privacy notice, accessibility statement) and the operator's form to edit them."""
from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse
from fastapi.templating import Jinja2Templates

from app.config import Settings
from app.deps import Ctx, PageFacilitator
from app.i18n import LANGUAGES, current_language, gettext
from app.services import retention, site_texts
from app.services.errors import DomainError
from app.web import csrf_ok, render

router = APIRouter(include_in_schema=False)
# Norwegian addresses first; the English ones are the same pages.
PATHS = {"privacy": ("/personvern", "/privacy"), "accessibility": ("/tilgjengelighet", "/accessibility")}


def install_template_helpers(templates: Jinja2Templates, settings: Settings) -> None:
    """Template globals: a workshop's deletion date and retention period, and the footer's page links."""
    env = templates.env
    env.globals["deletion_date"] = lambda w: retention.deletion_date_text(w, settings.retention_days,
                                                                          current_language())
    env.globals["retention_days"] = lambda w: retention.days_for(w, settings.retention_days)
    env.globals["default_retention_days"] = settings.retention_days
    env.globals["page_paths"] = {key: paths[0] for key, paths in PATHS.items()}


def _page(key: str):
    def show(request: Request, ctx: Ctx):
        body, _edited = site_texts.get_text(ctx.db, key, current_language(), ctx.settings.retention_days)
        title, html = site_texts.render(body)
        return render(request, "pages/site_text.html",
                      {"title": title or gettext(site_texts.TITLES[key]), "html": html, "key": key})
    show.__name__ = f"{key}_page"
    return show


for _key, _paths in PATHS.items():
    for _path in _paths:
        router.add_api_route(_path, _page(_key), methods=["GET"], name=f"{_key}:{_path}")


def _forbidden(request: Request):
    return render(request, "pages/texts_forbidden.html", {}, status_code=403)


@router.get("/facilitator/texts")
def texts_form(request: Request, ctx: Ctx, f: PageFacilitator, key: str = "privacy", language: str = "",
               saved: bool = False):
    """The operator's editor of one page text in one language (admins only)."""
    if not f.is_admin:
        return _forbidden(request)
    key = key if key in site_texts.KEYS else "privacy"
    language = language if language in LANGUAGES else current_language()
    body, edited = site_texts.get_text(ctx.db, key, language, ctx.settings.retention_days)
    return render(request, "pages/texts_form.html",
                  {"facilitator": f, "key": key, "language": language, "body": body, "edited": edited,
                   "saved": saved, "keys": site_texts.KEYS, "titles": site_texts.TITLES, "paths": PATHS})


@router.post("/facilitator/texts")
def save_texts(request: Request, ctx: Ctx, f: PageFacilitator, key: str = Form(max_length=40),
               language: str = Form(max_length=5), body: str = Form("", max_length=site_texts.MAX_BODY + 1000),
               reset: str = Form(""), csrf: str = Form("")):
    """Save (or, with reset, drop back to the default) one page text."""
    if not f.is_admin:
        return _forbidden(request)
    context = {"facilitator": f, "key": key, "language": language, "body": body, "edited": True, "saved": False,
               "keys": site_texts.KEYS, "titles": site_texts.TITLES, "paths": PATHS}
    if not csrf_ok(request, csrf):
        return render(request, "pages/texts_form.html",
                      {**context, "error": gettext("The form expired. Please try again.")}, status_code=403)
    try:
        site_texts.save_text(ctx.db, key, language, "" if reset else body)
    except DomainError as e:
        return render(request, "pages/texts_form.html", {**context, "error": gettext(e.message, **e.params)},
                      status_code=e.status)
    return RedirectResponse(f"/facilitator/texts?key={key}&language={language}&saved=1", status_code=303)
