"""The /docs page (Swagger UI from our own host) with a Content-Security-Policy of its own."""
import base64
import hashlib
import re

from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def docs_csp(html: str) -> str:
    """The pages' policy, with the page's own inline scripts allowed by hash (no 'unsafe-inline')."""
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
                      for s in _INLINE_SCRIPT.findall(html))
    return ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            f"script-src 'self' {hashes}; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
            "form-action 'self'")


def docs_page() -> HTMLResponse:
    """Swagger UI; FastAPI writes its start-up script inline, so the policy names that script's hash."""
    page = get_swagger_ui_html(openapi_url="/openapi.json", title="Samling API",
                               swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
                               swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
                               swagger_favicon_url="/static/favicon.svg")
    page.headers["content-security-policy"] = docs_csp(bytes(page.body).decode())
    return page
