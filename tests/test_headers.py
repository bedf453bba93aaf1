"""Security headers (issue 10, Low): HSTS as a setting, no server banner, a CSP on /docs too."""
import base64
import hashlib
import re

import httpx
from fastapi.testclient import TestClient

from app.main import create_app
from tests.conftest import Server


def test_no_hsts_by_default(client):
    assert "strict-transport-security" not in client.get("/healthz").headers
    https = TestClient(client.app, base_url="https://testserver")
    assert "strict-transport-security" not in https.get("/healthz").headers


def test_hsts_when_set_goes_on_https_responses_only(settings):
    app = create_app(settings.model_copy(update={"hsts_seconds": 31536000}))
    with TestClient(app, base_url="https://testserver") as https:
        assert https.get("/healthz").headers["strict-transport-security"] == "max-age=31536000"
        assert https.get("/").headers["strict-transport-security"] == "max-age=31536000"
    with TestClient(app) as plain:
        assert "strict-transport-security" not in plain.get("/healthz").headers


def test_hsts_always_goes_on_every_response(settings):
    app = create_app(settings.model_copy(update={"hsts_seconds": 600, "hsts_always": True}))
    with TestClient(app) as plain:
        assert plain.get("/healthz").headers["strict-transport-security"] == "max-age=600"


def inline_scripts(html: str) -> list[str]:
    """Scripts written into the page (no src attribute)."""
    return re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.S)


def script_src(csp: str) -> list[str]:
    directive = next(d.strip() for d in csp.split(";") if d.strip().startswith("script-src"))
    return directive.split()[1:]


def test_docs_has_a_csp_that_allows_exactly_its_own_inline_script(client):
    r = client.get("/docs")
    assert r.status_code == 200 and "SwaggerUIBundle" in r.text
    csp = r.headers["content-security-policy"]
    sources = script_src(csp)
    assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources and "*" not in sources
    scripts = inline_scripts(r.text)
    assert scripts, "Swagger UI starts from an inline script"
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in sources
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
    assert r.headers["x-frame-options"] == "DENY"
    assert len(r.headers.get_list("content-security-policy")) == 1


def test_other_pages_keep_the_strict_policy(client):
    """Pages allow scripts from the host and exactly one inline script: the import map, by its hash."""
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    scripts = inline_scripts(r.text)
    assert len(scripts) == 1 and '"imports"' in scripts[0]
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert script_src(csp) == ["'self'", f"'sha256-{digest}'"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp


def test_real_server_sends_no_banner_and_hsts_behind_a_trusted_proxy(database_url):
    srv = Server(database_url, extra_env={"SAMLING_HSTS_SECONDS": "86400"}).start()
    try:
        r = httpx.get(srv.base + "/healthz")
        assert "server" not in r.headers
        assert "strict-transport-security" not in r.headers  # plain http
        # nginx on loopback (trusted by --forwarded-allow-ips) says the browser came over https.
        r = httpx.get(srv.base + "/healthz", headers={"x-forwarded-proto": "https"})
        assert r.headers["strict-transport-security"] == "max-age=86400"
        assert "server" not in httpx.get(srv.base + "/nowhere").headers
    finally:
        srv.stop()
