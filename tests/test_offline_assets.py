"""Nothing a page loads may come from another host: many municipal rooms are offline-ish."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OFF_HOST = re.compile(r"""(?:src|href|action)\s*=\s*["']\s*(?:https?:)?//|@import\s+(?:url\()?["']?\s*(?:https?:)?//|"""
                      r"""url\(\s*["']?\s*(?:https?:)?//|import\s*(?:\(|[^;]*?from)\s*["'](?:https?:)?//""", re.I)


def scanned_files():
    for folder, patterns in ((ROOT / "app" / "templates", ("*.html",)), (ROOT / "static", ("*.js", "*.css", "*.html"))):
        for pattern in patterns:
            for path in folder.rglob(pattern):
                if "vendor" not in path.parts:
                    yield path


def test_scanner_catches_off_host_references():
    """The pattern itself finds the usual ways of loading from a CDN."""
    for bad in ['<script src="https://cdn.example/x.js">', "<link href='//fonts.example/css'>",
                '@import url("https://x/y.css");', 'import x from "https://esm.example/x.js";',
                "background: url(https://x/y.png)"]:
        assert OFF_HOST.search(bad), bad
    assert not OFF_HOST.search('<script src="/static/js/live.js">')


def test_templates_and_static_reference_only_this_host():
    """No template, script or stylesheet references anything off the host."""
    files = list(scanned_files())
    assert len(files) > 10
    offenders = [f"{p.relative_to(ROOT)}: {m.group(0)}" for p in files for m in OFF_HOST.finditer(p.read_text())]
    assert offenders == []


def test_vendored_files_have_licences():
    """Every vendored library folder carries its licence and is listed in static/vendor/README.md."""
    vendor = ROOT / "static" / "vendor"
    listing = (vendor / "README.md").read_text()
    folders = [d for d in vendor.iterdir() if d.is_dir()]
    assert folders
    for d in folders:
        assert any(f.name.upper().startswith(("LICENSE", "LICENCE")) for f in d.iterdir()), d
        assert d.name in listing


def test_api_docs_load_from_this_host(client):
    """The OpenAPI page uses the vendored Swagger UI, not a CDN."""
    html = client.get("/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html
    assert not re.search(r"(src|href)=[\"']https?://", html)
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200


def test_pages_forbid_off_host_loading(client):
    """Pages carry a Content-Security-Policy that only allows this host."""
    response = client.get("/")
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "http" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
