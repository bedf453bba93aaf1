"""Finding 7: request bodies over SAMLING_MAX_BODY_BYTES get 413 without being read into memory,
also on a port reached directly (no proxy in front with its own limit)."""
import socket
import time

import httpx

from tests.conftest import sign_up

MIB = 1024 * 1024
BIG = 100 * MIB


def rss_kib(pid: int) -> int:
    """The process's resident set size in KiB."""
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))


def big_json_body(size: int = BIG, chunk: int = 64 * 1024):
    """A JSON body of `size` bytes made on the fly, so the test itself never holds it."""
    yield b'{"code": "'
    sent = 10
    piece = b"1" * chunk
    while sent < size - 2:
        part = piece[:min(chunk, size - 2 - sent)]
        sent += len(part)
        yield part
    yield b'"}'


def post_streamed(server, body, headers=None) -> httpx.Response:
    """POST a generated body to the anonymous join route of the real server."""
    with httpx.Client(timeout=30) as c:
        return c.post(server.base + "/api/v1/join", content=body,
                      headers={"content-type": "application/json", **(headers or {})})


def test_declared_100_mb_body_is_refused_before_it_is_read(server):
    before = rss_kib(server.proc.pid)
    started = time.monotonic()
    r = post_streamed(server, big_json_body(), {"content-length": str(BIG)})
    assert r.status_code == 413
    assert r.json()["detail"]["code"] == "too_large"
    assert time.monotonic() - started < 10
    assert rss_kib(server.proc.pid) - before < 30 * 1024


def test_chunked_100_mb_bodies_stop_at_the_limit(server):
    """No Content-Length: the bytes are counted as they stream in and the request ends at 1 MiB."""
    before = rss_kib(server.proc.pid)
    for _ in range(4):
        started = time.monotonic()
        r = post_streamed(server, big_json_body())
        assert r.request.headers.get("transfer-encoding") == "chunked"
        assert r.status_code == 413, r.text
        assert r.json()["detail"]["code"] == "too_large"
        assert time.monotonic() - started < 10
    assert rss_kib(server.proc.pid) - before < 30 * 1024
    assert httpx.get(server.base + "/healthz").json() == {"status": "ok"}


def test_a_content_length_lie_does_not_buffer_the_rest(server):
    """A request that declares 20 bytes and then streams 100 MB: the server takes the 20 bytes as the
    body, answers, and drops the rest as a broken next request instead of holding it."""
    before = rss_kib(server.proc.pid)
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall(b"POST /api/v1/join HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  b"Content-Length: 20\r\n\r\n")
        sent = 0
        try:
            for part in big_json_body():
                s.sendall(part)
                sent += len(part)
        except OSError:
            pass  # the server closed the connection: what we want
        reply = b""
        try:
            while chunk := s.recv(65536):
                reply += chunk
        except OSError:
            pass
    assert sent < BIG  # the server stopped taking bytes long before the end
    assert reply.startswith(b"HTTP/1.1 4"), reply[:200]
    assert rss_kib(server.proc.pid) - before < 30 * 1024


def test_a_declared_length_that_is_not_a_number_is_refused(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall(b"POST /api/v1/join HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -5\r\n\r\n")
        reply = s.recv(65536)
    assert reply.startswith(b"HTTP/1.1 400"), reply[:200]


def test_bodies_under_the_limit_still_work(server):
    """Ordinary API calls, and a body just under the limit reaches the route (which judges it)."""
    with httpx.Client(base_url=server.base, timeout=30) as c:
        auth = sign_up(c)
        w = c.post("/api/v1/workshops", json={"title": "Grensen"}, headers=auth)
        assert w.status_code == 201
        r = c.post(f"/api/v1/workshops/{w.json()['id']}/activities", headers=auth,
                   json={"kind": "open_text", "prompt": "Hva nå?"})
        assert r.status_code == 201, r.text
        r = c.post("/api/v1/join", content=b"".join(big_json_body(MIB - 100)),
                   headers={"content-type": "application/json"})
        assert r.status_code not in (413, 500)


def test_the_limit_is_a_setting(settings):
    """In process too: over the configured limit 413, at it the route answers."""
    from fastapi.testclient import TestClient

    from app.main import create_app

    small = settings.model_copy(update={"max_body_bytes": 1000})
    with TestClient(create_app(small)) as c:
        over = c.post("/api/v1/auth/token", content=b"x" * 1001, headers={"content-type": "application/json"})
        assert over.status_code == 413 and over.json()["detail"]["code"] == "too_large"
        chunked = c.post("/api/v1/auth/token", content=iter([b"x" * 600, b"x" * 600]),
                         headers={"content-type": "application/json"})
        assert chunked.status_code == 413 and chunked.json()["detail"]["code"] == "too_large"
        assert c.post("/api/v1/auth/token", content=b"x" * 1000,
                      headers={"content-type": "application/json"}).status_code == 422
