"""Static files and pages go out compressed, and browsers revalidate their copies instead of refetching."""
import hashlib
import json
import re


def test_scripts_are_compressed_and_revalidated(client):
    """gzip for a client that accepts it; Cache-Control no-cache with an ETag, and a 304 on revalidation."""
    r = client.get("/static/js/participant.js", headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200
    assert r.headers["content-encoding"] == "gzip"
    assert r.headers["cache-control"] == "no-cache"
    etag = r.headers["etag"]
    again = client.get("/static/js/participant.js", headers={"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    plain = client.get("/static/js/participant.js", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.text == r.text


def test_the_largest_vendored_script_shrinks_on_the_wire(client):
    """SortableJS (about 120 KB as vendored) travels at under a third of its size."""
    path = "/static/vendor/sortablejs/sortable.core.esm.js"
    size = len(client.get(path, headers={"Accept-Encoding": "identity"}).content)
    with client.stream("GET", path, headers={"Accept-Encoding": "gzip"}) as r:
        assert r.headers["content-encoding"] == "gzip"
        wire = sum(len(chunk) for chunk in r.iter_raw())
    assert size > 50_000 and wire < size / 3, (size, wire)


def test_pages_and_json_are_compressed(client, auth):
    """The join page and an API answer are compressed too; small answers are not worth it."""
    page = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert page.headers.get("content-encoding") == "gzip"
    small = client.get("/healthz", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in small.headers


def test_pages_link_versioned_files_that_browsers_keep(client):
    """A page names its stylesheet and script with their content hash; such a URL is cached for a year,
    the bare URL (what a module import names) only with revalidation, and an old version never sticks."""
    page = client.get("/").text
    css = re.search(r'href="(/static/css/app\.css\?v=[0-9a-f]{12})"', page).group(1)
    r = client.get(css)
    assert r.status_code == 200 and r.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert client.get("/static/css/app.css").headers["cache-control"] == "no-cache"
    stale = client.get("/static/css/app.css?v=000000000000")
    assert stale.status_code == 200 and stale.headers["cache-control"] == "no-cache"
    assert hashlib.sha256(r.content).hexdigest()[:12] == css.rsplit("=", 1)[1]


def test_the_import_map_versions_every_module_a_page_can_import(client):
    """Every script under static/ (kinds loaded later included) maps to its versioned URL."""
    page = client.get("/").text
    imports = json.loads(re.search(r'<script type="importmap">(.*?)</script>', page, re.S).group(1))["imports"]
    for path in ("/static/js/live.js", "/static/js/kinds/word_cloud.js", "/static/vendor/sortablejs/sortable.core.esm.js"):
        url = imports[path]
        assert url.startswith(path + "?v=")
        assert client.get(url).headers["cache-control"] == "public, max-age=31536000, immutable"
