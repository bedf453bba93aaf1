"""create_app(): lifespan, middleware, routers, static files and templates."""
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Receive, Scope, Send

from app import gc_watch
from app.config import Settings, get_settings
from app.context import AppContext
from app.db import Database
from app.deps import LoginRequired
from app.i18n import LANGUAGES, gettext, pick_language, set_language
from app.live.broker import make_broker
from app.live.hub import Hub
from app.routers import api, exports, facilitator, participant, presenter, ws
from app.security import Signer
from app.services import views
from app.services.entry_cache import EntryCache
from app.services.entry_writer import EntryWriter
from app.services.errors import DomainError
from app.services.secrets_store import server_secret
from app.throttle import FailureThrottle, JoinThrottle
from app.web import LANG_COOKIE, make_templates

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


CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
       "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")


class SecurityHeadersMiddleware:
    """Headers every response carries; pages also get a Content-Security-Policy (nothing off the host)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        page = not scope["path"].startswith("/docs")

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                headers += [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin")]
                content_type = next((v for k, v in headers if k == b"content-type"), b"")
                if page and content_type.startswith(b"text/html"):
                    headers += [(b"content-security-policy", CSP.encode()), (b"x-frame-options", b"DENY")]
            await send(message)

        await self.app(scope, receive, send_with_headers)


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
                                   writer=writer, throttle=JoinThrottle(),
                                   login_throttle=FailureThrottle(limit=10, window=300))
        gc_watch.install()  # last: everything built so far stays for the process's life
        try:
            yield
        finally:
            await writer.stop()
            await hub.close()
            await broker.stop()
            db.dispose()

    app = FastAPI(title="Samling API", version="1", lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Run live workshops: prepare agendas, go live, steer, export. "
                              "Websocket messages: docs/protocol.md.")
    app.state.templates = make_templates(str(TEMPLATES))
    app.add_middleware(LanguageMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)

    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError):
        return JSONResponse({"detail": {"code": exc.code, "message": gettext(exc.message, **exc.params)}},
                            status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        problems = [{"field": ".".join(str(p) for p in e["loc"]), "problem": e["msg"]} for e in exc.errors()]
        return JSONResponse({"detail": {"code": "invalid", "message": gettext("The request is not valid."),
                                        "problems": problems}}, status_code=422)

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired):
        return RedirectResponse(f"/facilitator/login?next={request.url.path}", status_code=303)

    @app.get("/docs", include_in_schema=False)
    def docs():
        # Swagger UI from our own host: the service must work without internet access.
        return get_swagger_ui_html(openapi_url="/openapi.json", title="Samling API",
                                   swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
                                   swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
                                   swagger_favicon_url="/static/favicon.svg")

    @app.get("/healthz", include_in_schema=False)
    def healthz():
        return {"status": "ok"}

    app.mount("/static", StaticFiles(directory=settings.static_dir), name="static")
    for router in (api.router, exports.router, ws.router, facilitator.router, presenter.router, participant.router):
        app.include_router(router)
    return app
