"""Join codes remembered for a moment (app/services/live_codes.py) never let a phone into an ended workshop, and a
code found ended is a wrong code again at once."""
import pytest

from app.db import Database
from app.services import participants
from app.services.live_codes import LIVE_CODES
from tests.test_api import go_live, make_workshop


@pytest.fixture
def db(settings):
    """The service-side handle on the app's database (the same URL: the same remembered codes)."""
    database = Database(settings.database_url)
    yield database
    database.dispose()


def test_a_remembered_code_of_an_ended_workshop_is_a_wrong_code(client, auth, db):
    """Joined by a code (remembered now), the workshop ends: the next join by it within the second finds nothing."""
    wid = make_workshop(client, auth)
    code = go_live(client, auth, wid)
    assert client.post("/api/v1/join", json={"code": code, "name": ""}).status_code == 201
    assert LIVE_CODES.workshop_id(db, code) == wid  # remembered
    r = client.post(f"/api/v1/workshops/{wid}/end", headers=auth)
    assert r.status_code == 200, r.text
    r = client.post("/api/v1/join", json={"code": code, "name": ""})
    assert (r.status_code, r.json()["detail"]["code"]) == (404, "wrong_code")
    assert participants.join_by_code(db, code) is None


def test_a_wrong_code_is_never_remembered(db, client):
    """Misses go to the database every time: nothing is kept for them."""
    assert LIVE_CODES.workshop_id(db, "99999999") is None
    assert (db.url, "99999999") not in LIVE_CODES._found


def test_a_remembered_code_does_not_open_the_workshop_live_again_under_a_new_one(client, auth, db):
    """Ended and taken live again within the second (a new code): the old, remembered code opens nothing."""
    wid = make_workshop(client, auth)
    old = go_live(client, auth, wid)
    assert client.post("/api/v1/join", json={"code": old, "name": ""}).status_code == 201
    assert client.post(f"/api/v1/workshops/{wid}/end", headers=auth).status_code == 200
    new = go_live(client, auth, wid)
    assert new != old and LIVE_CODES.workshop_id(db, old) == wid  # still remembered
    r = client.post("/api/v1/join", json={"code": old, "name": ""})
    assert (r.status_code, r.json()["detail"]["code"]) == (404, "wrong_code")
    assert client.post("/api/v1/join", json={"code": new, "name": ""}).status_code == 201
