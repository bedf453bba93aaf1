"""The access log of a real server names no client address and no join code or invitation token."""
import re
import time

import httpx
import pytest

from app.access_log import redact_target
from tests.conftest import ARTIFACTS, PASSWORD, Server


def LoggingServer(database_url: str, **kwargs) -> Server:
    """`samling serve` with uvicorn's access log on (the shared fixture runs at --log-level warning)."""
    return Server(database_url, log_level="info", **kwargs)


def server_log(server: Server) -> str:
    """What the server has logged so far."""
    server.log.flush()
    return (ARTIFACTS / f"server-{server.port}.log").read_text()


def visit(server) -> tuple[str, str]:
    """A facilitator invites someone; a phone joins by code and reloads; the invitee opens the link.
    Returns (join code, invitation token)."""
    with httpx.Client(base_url=server.base, timeout=30, trust_env=False) as fac:
        r = fac.post("/api/v1/auth/signup", json={"name": "F", "email": "f@example.no", "password": PASSWORD})
        assert r.status_code == 201, r.text
        fac.headers["Authorization"] = f"Bearer {r.json()['token']}"
        wid = fac.post("/api/v1/workshops", json={"title": "Samling"}).json()["id"]
        code = fac.post(f"/api/v1/workshops/{wid}/live").json()["join_code"]
        r = fac.post("/api/v1/invitations")
        assert r.status_code in (200, 201), r.text
        token = r.json()["token"]
    with httpx.Client(base_url=server.base, timeout=30, trust_env=False) as phone:
        phone.get("/")
        r = phone.get("/", params={"code": f"{code[:4]} {code[4:]}"})
        assert r.status_code == 303
        page = phone.get(f"/{code}").text
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        assert phone.post(f"/{code}", data={"csrf": csrf, "name": ""}).status_code == 303
        assert "participant.js" in phone.get(f"/{code}").text  # the reload
        phone.get(f"/qr/{code}.svg")
        phone.get("/language/en", params={"next": f"/{code}"})
        assert phone.post("/api/v1/join", json={"code": code}).status_code == 201
    with httpx.Client(base_url=server.base, timeout=30, trust_env=False) as invitee:
        assert invitee.get(f"/facilitator/invite/{token}").status_code == 200
    return code, token


def wait_for(server, needle: str) -> str:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        text = server_log(server)
        if needle in text:
            return text
        time.sleep(0.1)
    return server_log(server)


@pytest.fixture
def logging_server(database_url):
    srv = LoggingServer(database_url).start()
    yield srv
    srv.stop()


def test_access_log_has_no_address_code_or_token(logging_server):
    """After a join by code, a reload and an invitation page, the log has request lines but no
    127.0.0.1, no join code (in any spelling) and no invitation token."""
    code, token = visit(logging_server)
    log = wait_for(logging_server, "/facilitator/invite/")
    assert '"GET /facilitator/invite/[redacted] HTTP/1.1" 200' in log, log[-3000:]
    assert '"GET /[code] HTTP/1.1" 200' in log
    assert "/?code=[code]" in log and "/qr/[code].svg" in log
    requests = [line for line in log.splitlines() if ' - "' in line]
    assert len(requests) >= 10
    # (The start-up banner names the address the server listens on; no request line names a client's.)
    assert not [line for line in requests if "127.0.0.1" in line], requests
    assert code not in log and f"{code[:4]}+{code[4:]}" not in log and f"{code[:4]}%20{code[4:]}" not in log
    assert token not in log


def test_client_addresses_are_logged_only_when_asked(database_url):
    """SAMLING_LOG_CLIENT_ADDRESS=true puts the address back (codes stay redacted)."""
    server = LoggingServer(database_url, extra_env={"SAMLING_LOG_CLIENT_ADDRESS": "true"}).start()
    try:
        code, token = visit(server)
        log = wait_for(server, "/facilitator/invite/")
        requests = [line for line in log.splitlines() if ' - "' in line]
        assert requests and all("127.0.0.1:" in line for line in requests)
        assert code not in log and token not in log
    finally:
        server.stop()


@pytest.mark.parametrize("target, logged", [
    ("/35661019", "/[code]"),
    ("/3566%201019?lang=nb", "/[code]?lang=nb"),
    ("/?code=3566+1019&proof=abc.def:123", "/?code=[code]&proof=[redacted]"),
    ("/qr/3566-1019.svg", "/qr/[code].svg"),
    ("/language/nb?next=%2F35661019", "/language/nb?next=/[code]"),
    ("/facilitator/login?next=/facilitator/invite/s3cr3t-Token",
     "/facilitator/login?next=/facilitator/invite/[redacted]"),
    ("/api/v1/invitations/s3cr3t", "/api/v1/invitations/[redacted]"),
    ("/%EF%BC%93%EF%BC%95%EF%BC%96%EF%BC%96%EF%BC%91%EF%BC%90%EF%BC%91%EF%BC%99", "/[code]"),  # full-width digits
    ("/facilitator/workshops/12/present", "/facilitator/workshops/12/present"),
    ("/static/js/join.js", "/static/js/join.js"),
])
def test_redaction_of_request_targets(target, logged):
    """Codes in paths and query strings, proofs and tokens become placeholders; ids stay readable."""
    assert redact_target(target) == logged
