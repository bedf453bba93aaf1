"""Facilitator accounts: server-side sessions (finding 6), account deletion (finding 9), invitations and
the administrator, password rules and control characters in log-ins (the Low items)."""
import asyncio
import re
import threading
import time
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, update
from sqlmodel import select
from starlette.websockets import WebSocketDisconnect

from app.config import Settings
from app.db import Database
from app.login_throttle import LoginThrottle
from app.main import create_app
from app.models import AuthSession, Entry, Facilitator, Invitation, Participant, Workshop, utcnow
from app.security import Busy, HashGate
from tests.conftest import PASSWORD, sign_up
from tests.test_live import run

NEW_PASSWORD = "ny og lang setning 42"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def token(client, email: str = "fasilitator@example.no", password: str = PASSWORD, label: str = "") -> str:
    r = client.post("/api/v1/auth/token", json={"email": email, "password": password, "label": label})
    assert r.status_code == 200, r.text
    return r.json()["token"]


def csrf_of(client, path: str = "/facilitator/login") -> str:
    page = client.get(path)
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def html_log_in(client, email: str = "fasilitator@example.no", password: str = PASSWORD) -> str:
    """Log in through the form; the session cookie's value."""
    r = client.post("/facilitator/login", data={"email": email, "password": password, "csrf": csrf_of(client)},
                    follow_redirects=False)
    assert r.status_code == 303, r.text
    return r.cookies.get("samling_session")


def use_cookie(client, value: str) -> None:
    """Put a (copied) session cookie back into the client."""
    client.cookies.delete("samling_session")
    client.cookies.set("samling_session", value, domain="testserver.local")


def invite(client, auth, email: str = "kollega@example.no", password: str = PASSWORD) -> dict[str, str]:
    """An invited second facilitator; their bearer header (the client's cookies are left alone)."""
    r = client.post("/api/v1/invitations", headers=auth)
    assert r.status_code == 201, r.text
    url = r.json()["url"]
    saved = dict(client.cookies)
    r = client.post(url, data={"name": "Kollega", "email": email, "password": password,
                               "csrf": csrf_of(client, url)}, follow_redirects=False)
    assert r.status_code == 303, r.text
    client.cookies.clear()
    for k, v in saved.items():
        client.cookies.set(k, v)
    return bearer(token(client, email, password))


def works(client, headers=None) -> int:
    return client.get("/api/v1/workshops", headers=headers or {}).status_code


@pytest.fixture
def db(client, settings):
    """The same database the app uses, for looking at rows."""
    database = Database(settings.database_url)
    yield database
    database.dispose()


def count(db, model, *where) -> int:
    with db.read() as s:
        return s.exec(select(func.count()).select_from(model).where(*where)).one()


# --- finding 6: sessions end when they should -------------------------------------------------

def test_logout_ends_the_session_on_the_server(client):
    """A cookie copied before log-out no longer works afterwards, on pages and on the API."""
    sign_up(client)
    cookie = html_log_in(client)
    assert client.get("/facilitator", follow_redirects=False).status_code == 200
    r = client.post("/facilitator/logout", data={"csrf": csrf_of(client, "/facilitator")}, follow_redirects=False)
    assert r.status_code == 303
    use_cookie(client, cookie)  # the copy
    r = client.get("/facilitator/account", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/facilitator/login")
    assert works(client) == 401


def test_api_logout_revokes_only_that_token(client):
    sign_up(client)
    a, b = token(client), token(client)
    assert client.post("/api/v1/auth/logout", headers=bearer(a)).status_code == 204
    assert works(client, bearer(a)) == 401
    assert works(client, bearer(b)) == 200


def test_logout_everywhere_ends_every_session_and_token(client):
    sign_up(client)
    a, b = token(client), token(client)
    cookie = html_log_in(client)
    assert works(client) == 200
    assert client.post("/api/v1/auth/logout-everywhere", headers=bearer(a)).status_code == 204
    assert works(client, bearer(a)) == 401 and works(client, bearer(b)) == 401
    use_cookie(client, cookie)
    assert works(client) == 401
    # The same from the account page.
    c, d = token(client), token(client)
    html_log_in(client)
    r = client.post("/facilitator/account/logout-everywhere", data={"csrf": csrf_of(client, "/facilitator/account")},
                    follow_redirects=False)
    assert r.status_code == 303
    assert works(client, bearer(c)) == 401 and works(client, bearer(d)) == 401


def test_password_change_keeps_this_session_and_ends_the_others(client):
    sign_up(client)
    mine, other = token(client), token(client)
    cookie = html_log_in(client)
    body = {"current_password": "feil passord 123", "new_password": NEW_PASSWORD}
    assert client.post("/api/v1/auth/password", json=body, headers=bearer(mine)).status_code == 403
    body["current_password"] = PASSWORD
    assert client.post("/api/v1/auth/password", json={**body, "new_password": "passord123"},
                       headers=bearer(mine)).status_code == 422
    assert client.post("/api/v1/auth/password", json=body, headers=bearer(mine)).status_code == 204
    assert works(client, bearer(mine)) == 200
    assert works(client, bearer(other)) == 401
    use_cookie(client, cookie)
    assert works(client) == 401
    assert client.post("/api/v1/auth/token", json={"email": "fasilitator@example.no",
                                                   "password": PASSWORD}).status_code == 401
    # On the account page: this browser stays signed in, the tokens end.
    html_log_in(client, password=NEW_PASSWORD)
    r = client.post("/facilitator/account/password",
                    data={"current_password": NEW_PASSWORD, "new_password": PASSWORD,
                          "csrf": csrf_of(client, "/facilitator/account")}, follow_redirects=False)
    assert r.status_code == 303
    assert client.get("/facilitator/account", follow_redirects=False).status_code == 200
    assert works(client, bearer(mine)) == 401


def test_tokens_are_listed_and_a_revoked_one_is_refused_everywhere(client, db):
    auth = sign_up(client)
    script = token(client, label="eksportskript")
    wid = client.post("/api/v1/workshops", json={"title": "Samling 3"}, headers=auth).json()["id"]
    listed = client.get("/api/v1/auth/tokens", headers=auth).json()
    assert len(listed) == 2 and {t["label"] for t in listed} == {"", "eksportskript"}
    mine = next(t for t in listed if t["label"] == "eksportskript")
    assert re.fullmatch(r"[0-9a-f]{64}", mine["id"]) and mine["id"] not in script
    assert set(mine) == {"id", "label", "created_at", "last_used_at", "expires_at"}
    # The staff socket takes the token before it is revoked ...
    with client.websocket_connect(f"/ws/workshop/{wid}/presenter") as ws:
        ws.send_json({"type": "hello", "token": script})
        assert ws.receive_json()["type"] == "state"
    assert client.delete(f"/api/v1/auth/tokens/{mine['id']}", headers=auth).status_code == 204
    assert client.delete(f"/api/v1/auth/tokens/{mine['id']}", headers=auth).status_code == 404
    assert works(client, bearer(script)) == 401
    # ... and refuses it afterwards.
    with client.websocket_connect(f"/ws/workshop/{wid}/presenter") as ws:
        ws.send_json({"type": "hello", "token": script})
        assert ws.receive_json()["code"] == "unauthorised"
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
        assert closed.value.code == 4401
    assert [t["label"] for t in client.get("/api/v1/auth/tokens", headers=auth).json()] == [""]
    # The database keeps only digests: no row id is a token's secret.
    with db.read() as s:
        assert all(row.id not in script for row in s.exec(select(AuthSession)).all())


def test_last_used_is_written_at_most_once_a_minute(client, db):
    auth = sign_up(client)
    for _ in range(5):
        assert works(client, auth) == 200
    with db.read() as s:
        row = s.exec(select(AuthSession)).one()
    first = row.last_used_at
    assert first is not None
    assert works(client, auth) == 200
    with db.read() as s:
        assert s.exec(select(AuthSession)).one().last_used_at == first


def test_an_open_staff_screen_ends_when_its_session_is_revoked(database_url):
    """A presenter already on screen is closed once its token is revoked (re-checked periodically)."""
    with TestClient(create_app(Settings(database_url=database_url, staff_recheck_seconds=0.2))) as client:
        auth = sign_up(client)
        screen = token(client)
        wid = client.post("/api/v1/workshops", json={"title": "Samling 3"}, headers=auth).json()["id"]
        with client.websocket_connect(f"/ws/workshop/{wid}/presenter") as ws:
            ws.send_json({"type": "hello", "token": screen})
            assert ws.receive_json()["type"] == "state"
            assert client.post("/api/v1/auth/logout", headers=bearer(screen)).status_code == 204
            with pytest.raises(WebSocketDisconnect) as closed:
                while True:
                    ws.receive_json()
            assert closed.value.code == 4401


# --- finding 9: a facilitator can delete their account ----------------------------------------

def test_a_facilitator_deletes_their_account_with_everything_in_it(client, auth, db):
    other = invite(client, auth)
    wid = client.post("/api/v1/workshops", json={"title": "Kollegas samling"}, headers=other).json()["id"]
    act = client.post(f"/api/v1/workshops/{wid}/activities", json={"kind": "open_text", "prompt": "Hva nå?"},
                      headers=other).json()["id"]
    code = client.post(f"/api/v1/workshops/{wid}/live", headers=other).json()["join_code"]
    client.post(f"/api/v1/workshops/{wid}/commands", json={"command": "next", "args": {}}, headers=other)
    p = client.post("/api/v1/join", json={"code": code, "name": "Kari"}).json()
    with client.websocket_connect("/ws/participant") as ws:
        ws.send_json({"type": "hello", "token": p["participant_token"]})
        ws.receive_json()
        ws.send_json({"type": "submit", "client_id": "answer-0001", "activity_id": act, "payload": {"text": "Tillit"}})
        while ws.receive_json()["type"] != "ack":
            pass
    mine = client.post("/api/v1/workshops", json={"title": "Min samling"}, headers=auth).json()["id"]
    with db.read() as s:
        other_id = s.exec(select(Facilitator.id).where(Facilitator.email == "kollega@example.no")).one()
    r = client.post("/api/v1/auth/delete-account", json={"password": "feil passord 123"}, headers=other)
    assert r.status_code == 403
    assert client.post("/api/v1/auth/delete-account", json={"password": PASSWORD}, headers=other).status_code == 204
    assert works(client, other) == 401
    assert client.post("/api/v1/auth/token", json={"email": "kollega@example.no",
                                                   "password": PASSWORD}).status_code == 401
    assert count(db, Facilitator, Facilitator.id == other_id) == 0
    assert count(db, Workshop, Workshop.owner_id == other_id) == 0
    assert count(db, Participant, Participant.workshop_id == wid) == 0
    assert count(db, Entry, Entry.activity_id == act) == 0
    assert count(db, AuthSession, AuthSession.facilitator_id == other_id) == 0
    assert count(db, Invitation, Invitation.used_by == other_id) == 0
    assert client.get(f"/api/v1/workshops/{mine}", headers=auth).status_code == 200  # the admin's stay


def test_the_last_administrator_cannot_leave_others_behind(client, auth, db):
    other = invite(client, auth)
    r = client.post("/api/v1/auth/delete-account", json={"password": PASSWORD}, headers=auth)
    assert r.status_code == 409 and r.json()["detail"]["code"] == "last_admin"
    assert works(client, auth) == 200  # nothing happened
    other_id = next(f["id"] for f in client.get("/api/v1/facilitators", headers=auth).json() if not f["is_admin"])
    assert client.patch(f"/api/v1/facilitators/{other_id}", json={"is_admin": True}, headers=auth).status_code == 200
    assert client.post("/api/v1/auth/delete-account", json={"password": PASSWORD}, headers=auth).status_code == 204
    assert works(client, other) == 200
    assert client.post("/api/v1/invitations", headers=other).status_code == 201  # the new admin invites


def test_the_only_facilitator_can_delete_the_account_in_the_browser(client, db):
    sign_up(client)
    html_log_in(client)
    page = csrf_of(client, "/facilitator/account")
    r = client.post("/facilitator/account/delete", data={"password": "feil passord 123", "csrf": page},
                    follow_redirects=False)
    assert r.status_code == 403 and "The password is wrong" in r.text or "Passordet er feil" in r.text
    r = client.post("/facilitator/account/delete", data={"password": PASSWORD, "csrf": page}, follow_redirects=False)
    assert r.status_code == 303
    assert count(db, Facilitator) == 0
    sign_up(client)  # an empty installation takes a first facilitator again


# --- Low: invitations and the administrator ---------------------------------------------------

def test_only_the_administrator_invites_and_invitations_expire(client, auth, db):
    other = invite(client, auth)
    r = client.post("/api/v1/invitations", headers=other)
    assert r.status_code == 403 and r.json()["detail"]["code"] == "not_admin"
    assert client.get("/api/v1/invitations", headers=other).status_code == 403
    r = client.post("/api/v1/invitations", headers=auth).json()
    with db.read() as s:
        inv = s.get(Invitation, r["token"])
    assert timedelta(days=6, hours=23) < inv.expires_at - inv.created_at <= timedelta(days=7)
    with db.write() as s:
        s.execute(update(Invitation).where(Invitation.token == r["token"]).values(expires_at=utcnow() - timedelta(seconds=1)))
    assert client.get(r["url"]).status_code == 404
    statuses = {i["status"] for i in client.get("/api/v1/invitations", headers=auth).json()}
    assert statuses == {"used", "expired"}


def test_the_administrator_revokes_an_invitation(client, auth):
    r = client.post("/api/v1/invitations", headers=auth).json()
    url = r["url"]
    form = {"name": "Tredje", "email": "tredje@example.no", "password": PASSWORD, "csrf": csrf_of(client, url)}
    assert client.delete(f"/api/v1/invitations/{r['token']}", headers=auth).status_code == 204
    assert client.get(url).status_code == 404
    assert client.post(url, data=form, follow_redirects=False).status_code == 404
    listed = client.get("/api/v1/invitations", headers=auth).json()
    assert [(i["status"], i["url"]) for i in listed] == [("revoked", None)]


def test_admin_page_makes_and_revokes_invitations(client):
    sign_up(client)
    html_log_in(client)
    r = client.post("/facilitator/admin/invitations", data={"csrf": csrf_of(client, "/facilitator/admin")})
    link = re.search(r"<code>([^<]+)</code>", r.text).group(1)
    assert client.get(link).status_code == 200
    tok = link.rsplit("/", 1)[1]
    r = client.post(f"/facilitator/admin/invitations/{tok}/revoke", data={"csrf": csrf_of(client, "/facilitator/admin")})
    assert r.status_code == 200 and client.get(link).status_code == 404


def test_the_administrator_deactivates_and_reactivates_a_facilitator(client, auth):
    other = invite(client, auth)
    cookie_client_token = token(client, "kollega@example.no")
    other_id = next(f["id"] for f in client.get("/api/v1/facilitators", headers=auth).json() if not f["is_admin"])
    assert client.patch(f"/api/v1/facilitators/{other_id}", json={"active": False}, headers=other).status_code == 403
    me = next(f["id"] for f in client.get("/api/v1/facilitators", headers=auth).json() if f["is_admin"])
    assert client.patch(f"/api/v1/facilitators/{me}", json={"active": False}, headers=auth).status_code == 409
    r = client.patch(f"/api/v1/facilitators/{other_id}", json={"active": False}, headers=auth)
    assert r.status_code == 200 and r.json()["active"] is False
    assert works(client, other) == 401 and works(client, bearer(cookie_client_token)) == 401
    r = client.post("/api/v1/auth/token", json={"email": "kollega@example.no", "password": PASSWORD})
    assert r.status_code == 403 and r.json()["detail"]["code"] == "deactivated"
    r = client.post("/api/v1/auth/token", json={"email": "kollega@example.no", "password": "feil passord 123"})
    assert r.status_code == 401  # the wrong password does not learn that the account is deactivated
    assert client.patch(f"/api/v1/facilitators/{other_id}", json={"active": True}, headers=auth).status_code == 200
    assert works(client, other) == 401  # old sessions stay ended
    assert works(client, bearer(token(client, "kollega@example.no"))) == 200


# --- Low: passwords and control characters ----------------------------------------------------

@pytest.mark.parametrize("password", [" " * 10, "\t" * 12, "kort-pass", "passord123", "Sommer2026",
                                      "1234567890", "qwertyuiop", "Velkommen123"])
def test_weak_passwords_are_refused(client, password):
    r = client.post("/api/v1/auth/signup", json={"name": "Fasilitator", "email": "f@example.no",
                                                 "password": password})
    assert r.status_code == 422, r.text
    assert r.json()["detail"]["code"] in ("password", "password_common")


def test_weak_passwords_are_refused_through_invitations(client, auth):
    url = client.post("/api/v1/invitations", headers=auth).json()["url"]
    r = client.post(url, data={"name": "Kollega", "email": "kollega@example.no", "password": "passord123",
                               "csrf": csrf_of(client, url)}, follow_redirects=False)
    assert r.status_code == 422
    assert client.get(url).status_code == 200  # the invitation is still there to use


@pytest.mark.parametrize("email", ["fasilitator\x00@example.no", "\x00", "fasi\x01litator@example.no",
                                   "fasilitator@example.no\x7f"])
def test_control_characters_in_a_log_in_email_are_refused_cleanly(client, email):
    sign_up(client)
    r = client.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD})
    assert r.status_code == 401, r.text
    r = client.post("/facilitator/login", data={"email": email, "password": PASSWORD, "csrf": csrf_of(client)},
                    follow_redirects=False)
    assert r.status_code == 401, r.text
    r = client.post("/api/v1/auth/signup", json={"name": "N", "email": email, "password": PASSWORD})
    assert r.status_code in (409, 422), r.text
    assert client.get("/facilitator/invite/abc%00def").status_code == 404


def test_control_characters_elsewhere_in_the_account_api_never_give_500(client, auth):
    t = token(client, label="\x00eksport\x1bskript")
    assert works(client, bearer(t)) == 200
    assert "eksportskript" in {x["label"] for x in client.get("/api/v1/auth/tokens", headers=auth).json()}
    assert client.delete("/api/v1/invitations/abc%00def", headers=auth).status_code == 404
    assert client.delete("/api/v1/auth/tokens/" + "a" * 63 + "%00", headers=auth).status_code == 422
    r = client.post("/facilitator/admin/invitations/abc%00/revoke", data={"csrf": "x"}, headers=auth,
                    follow_redirects=False)
    assert r.status_code == 303  # no session cookie here: off to the log-in page, no database query


# --- the pieces behind finding 3 ---------------------------------------------------------------

def test_the_login_throttle_slows_a_stranger_not_the_owner():
    t, now = LoginThrottle(per_pair=10, per_address=30, per_email=100, window=300), 1000.0
    for _ in range(10):
        t.fail("eier@example.no", "stranger", now)
    assert t.retry_after("eier@example.no", "stranger", now) > 0
    assert t.retry_after("eier@example.no", "owner", now) == 0
    t.succeeded("eier@example.no", "owner", now)
    # Guessing spread over many addresses trips the per-email window, except where the owner signs in.
    for i in range(100):
        t.fail("eier@example.no", f"bot{i}", now)
    assert t.retry_after("eier@example.no", "bot-new", now) > 0
    assert t.retry_after("eier@example.no", "owner", now) == 0
    # One address trying many emails trips the per-address window.
    for i in range(30):
        t.fail(f"person{i}@example.no", "sprayer", now)
    assert t.retry_after("ny@example.no", "sprayer", now) > 0
    assert t.retry_after("ny@example.no", "sprayer", now + 301) == 0


def test_the_hash_gate_bounds_concurrency_and_refuses_beyond_its_queue():
    running, peak, lock = [0], [0], threading.Lock()

    def work():
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.2)
        with lock:
            running[0] -= 1
        return "done"

    async def scenario():
        gate = HashGate(slots=2, queue=3)
        return await asyncio.gather(*(gate.run(work) for _ in range(8)), return_exceptions=True)

    outcomes = run(scenario())
    assert outcomes.count("done") == 5
    assert all(isinstance(o, Busy) and o.status == 503 for o in outcomes if o != "done")
    assert peak[0] == 2
