"""Static files and pages go out compressed, and browsers revalidate their copies instead of refetching."""


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
