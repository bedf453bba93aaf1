"""Templates, cookies and CSRF: the pieces every HTML router shares."""
import json
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.requests import HTTPConnection
from starlette.responses import Response
from starlette.types import Scope

from app.activities import KINDS
from app.asset_versions import AssetVersions
from app.i18n import LANGUAGES, current_language, pick_language, translations
from app.joincode import format_code
from app.security import new_token, tokens_match

CSRF_COOKIE = "samling_csrf"
CSRF_HEADER = "x-csrf-token"
LANG_COOKIE = "samling_lang"
SESSION_COOKIE = "samling_session"
PARTICIPANT_COOKIE = "samling_participant"
DEVICE_COOKIE = "samling_device"


def _gettext(message: str) -> str:
    return translations(current_language()).gettext(message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current_language()).ngettext(singular, plural, n)


def make_templates(directory: str, versions: AssetVersions) -> Jinja2Templates:
    """Jinja2 with the i18n extension bound to the request's language."""
    env = Environment(loader=FileSystemLoader(directory), autoescape=select_autoescape(["html", "xml"]),
                      extensions=["jinja2.ext.i18n"])
    templates = Jinja2Templates(env=env)
    # Added to the environment by the jinja2.ext.i18n extension at run time, so unknown to the type stubs.
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["code"] = lambda c: format_code(c) if c else ""
    env.filters["tojson_attr"] = lambda v: Markup.escape(json.dumps(v, ensure_ascii=False))
    env.globals["LANGUAGES"] = LANGUAGES
    env.globals["kind_names"] = ",".join(KINDS)
    env.globals["asset"] = versions.url  # {{ asset("js/x.js") }}: the file's versioned URL
    env.globals["kind_styles"] = [rel for rel in versions.extra if rel.endswith(".css")]  # each kind's own styles
    env.globals["import_map"] = versions.import_map_tag
    return templates


def scope_language(scope: Scope) -> str:
    """The language a request asks for: ?lang=, else the language cookie, else bokmål."""
    conn = HTTPConnection(scope)
    return pick_language(conn.query_params.get("lang"), conn.cookies.get(LANG_COOKIE))


def is_https(request: Request) -> bool:
    """Whether the browser reached us over https (uvicorn's --proxy-headers fixes the scheme)."""
    return request.url.scheme in ("https", "wss")


def set_cookie(response: Response, request: Request, name: str, value: str, max_age: int | None,
               http_only: bool = True) -> None:
    """A cookie with our standard flags: HttpOnly, SameSite=Lax, Secure over https."""
    response.set_cookie(name, value, max_age=max_age, httponly=http_only, samesite="lax",
                        secure=is_https(request), path="/")


def csrf_token(request: Request) -> str:
    """The double-submit CSRF token of this browser (created on first use, set on the response)."""
    token = request.cookies.get(CSRF_COOKIE)
    if not token or len(token) > 100:
        token = getattr(request.state, "new_csrf", None) or new_token(24)
        request.state.new_csrf = token
    return token


def csrf_ok(request: Request, submitted: str | None) -> bool:
    """Whether a form field or header carries this browser's CSRF token."""
    return tokens_match(request.cookies.get(CSRF_COOKIE), submitted)


def render(request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200) -> Response:
    """A page with the shared context (language, CSRF token) and the CSRF cookie if it is new."""
    templates: Jinja2Templates = request.app.state.templates
    ctx = {"lang": current_language(), "csrf_token": csrf_token(request), **(context or {})}
    response = templates.TemplateResponse(request, name, ctx, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"
    if getattr(request.state, "new_csrf", None):
        set_cookie(response, request, CSRF_COOKIE, request.state.new_csrf, max_age=None)
    return response
