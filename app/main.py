"""create_app(): lifespan, middleware, routers, static files and templates."""
import asyncio
import os
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import parse_qs

from fastapi import FastAPI, Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DataError
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Receive, Scope, Send

from app import gc_watch
from app.activities import kind_assets
from app.asset_versions import IMMUTABLE, AssetVersions
from app.body_limit import BodyLimitMiddleware
from app.config import Settings, get_settings
from app.context import AppContext
from app.db import Database
from app.deps import LoginRequired, api_facilitator
from app.docs_page import docs_page
from app.i18n import LANGUAGES, gettext, pick_language, set_language
from app.live.broker import make_broker
from app.live.hub import Hub
from app.routers import (account, api, exports, facilitator, journal, pages, participant, presenter, preview,
                         programme_exports, programmes, ws)
from app.routers import templates as template_routes
from app.services import retention
from app.login_throttle import LoginThrottle
from app.security import HashGate, Signer, warm_up
from app.services import views
from app.services.entry_cache import EntryCache
from app.services.entry_writer import EntryWriter
from app.schemas import ErrorOut
from app.services.errors import DomainError
from app.services.secrets_store import server_secret
from app.throttle import JoinThrottle
from app.web import LANG_COOKIE, make_templates, render

TEMPLATES = Path(__file__).resolve().parent / "templates"


class ViewAdapter:
    """Gives the hub the views of the domain without the hub knowing the domain."""

    def __init__(self, db: Database):
        self.db = db
        self.entries = EntryCache()

    def state(self, workshop_id: int):
        """Snapshot per audience."""
        return views.state_views(self.db, workshop_id)

    def results(self, workshop_id: int, online: int):
        """Results per audience."""
        return views.results_views(self.db, workshop_id, online, self.entries)


class VersionedStaticFiles(StaticFiles):
    """Static files: a URL carrying the file's current version (`?v=<hash>`, see app/asset_versions.py) is
    kept by browsers for a year; any other is revalidated on every use (ETag, a 304 with no body)."""

    def __init__(self, *args, versions: AssetVersions, **kwargs):
        super().__init__(*args, **kwargs)
        self.versions = versions

    def lookup_path(self, path: str):
        # The kinds' scripts and styles live in their folders (app/activities/<kind>/), served as if in static/.
        found = self.versions.extra.get(path)
        if found is not None:
            return str(found), os.stat(found)
        return super().lookup_path(path)

    def file_response(self, full_path, stat_result, scope, status_code=200):
        response = super().file_response(full_path, stat_result, scope, status_code)
        version = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("v", [None])[0]
        current = self.versions.is_current(self.versions.relative(full_path), version)
        response.headers["Cache-Control"] = IMMUTABLE if current else "no-cache"
        return response


class LanguageMiddleware:
    """Sets the context's language from ?lang=, the language cookie, or bokmål."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        conn = HTTPConnection(scope)
        asked, remembered = conn.query_params.get("lang"), conn.cookies.get(LANG_COOKIE)
        set_language(pick_language(asked, remembered))
        if scope["type"] != "http" or asked not in LANGUAGES or asked == remembered:
            await self.app(scope, receive, send)
            return

        async def remember(message):
            # A ?lang= choice sticks for the following pages.
            if message["type"] == "http.response.start":
                cookie = f"{LANG_COOKIE}={asked}; Path=/; Max-Age=31536000; SameSite=Lax"
                message.setdefault("headers", []).append((b"set-cookie", cookie.encode()))
            await send(message)

        await self.app(scope, receive, remember)


def content_security_policy(import_map_hash: str, framed_by: str = "'none'") -> str:
    """The pages' policy: nothing off the host; the one inline script is the import map, allowed by its hash;
    framed by nobody (the editor's previews: by our own pages)."""
    return ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            f"script-src 'self' '{import_map_hash}'; "
            f"connect-src 'self'; frame-ancestors {framed_by}; base-uri 'self'; form-action 'self'")


class SecurityHeadersMiddleware:
    """Headers every response carries; pages also get a Content-Security-Policy (nothing off the host)
    unless the route set its own (/docs), and HSTS when the operator turned it on."""

    def __init__(self, app: ASGIApp, csp: str, hsts_seconds: int = 0, hsts_always: bool = False):
        self.app = app
        self.csp = csp.encode()
        self.hsts = f"max-age={hsts_seconds}".encode() if hsts_seconds > 0 else None
        self.hsts_always = hsts_always

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # Browsers ignore HSTS over plain http; behind a proxy the scheme comes from X-Forwarded-Proto.
        hsts = self.hsts if self.hsts and (self.hsts_always or scope.get("scheme") == "https") else None

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                headers += [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin")]
                if hsts:
                    headers.append((b"strict-transport-security", hsts))
                content_type = next((v for k, v in headers if k == b"content-type"), b"")
                if content_type.startswith(b"text/html"):
                    if not any(k == b"content-security-policy" for k, _v in headers):
                        headers.append((b"content-security-policy", self.csp))
                    if not any(k == b"x-frame-options" for k, _v in headers):
                        headers.append((b"x-frame-options", b"DENY"))
            await send(message)

        await self.app(scope, receive, send_with_headers)


def wants_page(request: Request) -> bool:
    """Whether a refusal goes back as a page (a browser opening a page link) rather than JSON (the API)."""
    path = request.url.path
    if path.startswith(("/api/", "/ws/")) or path in ("/api", "/ws"):
        return False
    accept = request.headers.get("accept", "")
    return "text/html" in accept or "json" not in accept


def _uses(dependant: Dependant, call) -> bool:
    """Whether a route depends on `call`, directly or through another dependency."""
    return any(d.call is call or _uses(d, call) for d in dependant.dependencies)


def openapi_schema(app: FastAPI, routes: list) -> dict:
    """The OpenAPI schema as the API really answers: the bearer scheme on the routes that need a facilitator,
    and every refusal (422 included) in the shape of the exception handlers below, `{"detail": {"code",
    "message"}}`, instead of FastAPI's default validation error."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    components = schema.setdefault("components", {})
    components["securitySchemes"] = {"bearer": {
        "type": "http", "scheme": "bearer",
        "description": "The token from POST /api/v1/auth/token (browsers: the session cookie and X-CSRF-Token)."}}
    models = components.setdefault("schemas", {})
    error = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    models.update(error.pop("$defs", {}))
    models["ErrorOut"] = error
    refusal = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
    for route in routes:  # the routers' own routes: the app lists included routers, not their routes
        if not isinstance(route, APIRoute) or not route.include_in_schema:
            continue
        needs_facilitator = _uses(route.dependant, api_facilitator)
        for method in route.methods or ():  # an APIRoute always has its methods
            operation = schema["paths"][route.path_format][method.lower()]
            responses = operation.setdefault("responses", {})
            if "422" in responses:
                responses["422"] = {"description": "The request does not fit (`invalid` with `problems`, or "
                                                   "another code)", "content": refusal}
            if needs_facilitator:
                operation["security"] = [{"bearer": []}]
                responses.setdefault("401", {"description": "No valid token or session (`unauthorised`)",
                                             "content": refusal})
    for unused in ("HTTPValidationError", "ValidationError"):
        models.pop(unused, None)
    app.openapi_schema = schema
    return schema


def create_app(settings: Settings | None = None) -> FastAPI:
    """The ASGI application; the database is migrated and the hub started in the lifespan."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        db = Database(settings.database_url)
        db.migrate()
        secret = settings.secret_key or server_secret(db, "cookie")
        hub = Hub(ViewAdapter(db), interval=settings.results_interval)
        broker = make_broker(hub, settings.redis_url, settings.redis_prefix)
        await broker.start()
        writer = EntryWriter(db, broker)
        await writer.start()
        app.state.ctx = AppContext(settings=settings, db=db, hub=hub, broker=broker, signer=Signer(secret),
                                   writer=writer, throttle=JoinThrottle(
                                       free_per_address=settings.join_free_wrong_per_address,
                                       proof_bits=settings.join_proof_bits,
                                       max_proof_bits=settings.join_proof_max_bits),
                                   login_throttle=LoginThrottle(),
                                   hash_gate=HashGate(settings.hash_concurrency, settings.hash_queue))
        await asyncio.to_thread(warm_up)  # the dummy hash of unknown emails, made once per process
        # Ended workshops past their retention period are deleted at start and then hourly.
        purges = asyncio.create_task(retention.run_purges(db, broker, settings.retention_days,
                                                          settings.retention_check_seconds))
        gc_watch.install()  # last: everything built so far stays for the process's life
        settling = asyncio.create_task(gc_watch.keep_settled())
        try:
            yield
        finally:
            purges.cancel()
            settling.cancel()
            await asyncio.gather(purges, settling, return_exceptions=True)
            gc_watch.thaw()
            await writer.stop()
            await hub.close()
            await broker.stop()
            db.dispose()

    app = FastAPI(title="Samling API", version="1", lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Run live workshops: prepare agendas, go live, steer, export. "
                              "Websocket messages: docs/protocol.md.")
    versions = AssetVersions(Path(settings.static_dir), extra=kind_assets())
    app.state.templates = make_templates(str(TEMPLATES), versions)
    pages.install_template_helpers(app.state.templates, settings)
    # Innermost of ours: its 413 is in the request's language and carries the security headers.
    app.add_middleware(BodyLimitMiddleware, limit=settings.max_body_bytes)
    app.add_middleware(LanguageMiddleware)
    app.state.framed_csp = content_security_policy(versions.import_map_hash, framed_by="'self'")
    app.add_middleware(SecurityHeadersMiddleware, csp=content_security_policy(versions.import_map_hash),
                       hsts_seconds=settings.hsts_seconds,
                       hsts_always=settings.hsts_always)
    # Outermost: scripts, styles, pages and JSON go out compressed (a phone's first load ~4x smaller).
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    # Outside all of ours: the phones' long-lived sockets keep no frames of the layers above (app/routers/ws.py).
    app.add_middleware(ws.PhoneSocketShortcut)

    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError):
        retry = getattr(exc, "retry_after", None)  # throttled or busy: say when to come back
        headers = {"Retry-After": str(retry)} if retry else None
        message = gettext(exc.message, **exc.params)
        if wants_page(request):
            response = render(request, "pages/error.html", {"message": message, "status": exc.status,
                                                            "staff": request.url.path.startswith("/facilitator")},
                              status_code=exc.status)
            response.headers.update(headers or {})
            return response
        return JSONResponse({"detail": {"code": exc.code, "message": message}},
                            status_code=exc.status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        problems = [{"field": ".".join(str(p) for p in e["loc"]), "problem": e["msg"]} for e in exc.errors()]
        return JSONResponse({"detail": {"code": "invalid", "message": gettext("The request is not valid."),
                                        "problems": problems}}, status_code=422)

    @app.exception_handler(OverflowError)
    @app.exception_handler(DataError)
    async def unstorable_value(request: Request, exc: Exception):
        # The last line of defence behind the edge checks (app/ids.py): a value no database column
        # takes (a huge number, a NUL) is the client's mistake, never a 500.
        return JSONResponse({"detail": {"code": "invalid", "message": gettext("The request is not valid.")}},
                            status_code=422)

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired):
        return RedirectResponse(f"/facilitator/login?next={request.url.path}", status_code=303)

    @app.get("/docs", include_in_schema=False)
    def docs():
        # Swagger UI from our own host: the service must work without internet access.
        return docs_page()

    @app.get("/healthz", include_in_schema=False)
    def healthz():
        return {"status": "ok"}

    app.mount("/static", VersionedStaticFiles(directory=settings.static_dir, versions=versions), name="static")
    # The phones' websocket and join routes first: routes are matched in order, once per request.
    routers = (ws.router, api.router, programmes.router, template_routes.router, exports.router, facilitator.router,
               account.router, presenter.router, preview.router, pages.router, participant.router, journal.router,
               programme_exports.router)
    for router in routers:
        app.include_router(router)
    # FastAPI's documented way to customise the schema is replacing this method.
    app.openapi = lambda: openapi_schema(  # type: ignore[method-assign]
        app, [route for router in routers for route in router.routes])
    return app
