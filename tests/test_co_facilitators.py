"""Issue 12: co-facilitation. The owner adds a colleague of this installation who then prepares, steers,
moderates and exports the workshop; only the owner deletes it or adds and removes people."""
import pytest
from starlette.websockets import WebSocketDisconnect

from tests.conftest import PASSWORD, sign_up
from tests.test_accounts import html_log_in, invite

KOLLEGA = "kollega@example.no"


def setup_pair(client):
    """Owner and an invited colleague (bearer headers) and a live workshop of the owner with two activities."""
    owner = sign_up(client)
    colleague = invite(client, owner, KOLLEGA)
    wid = client.post("/api/v1/workshops", json={"title": "Samling 3 – Gygrene", "language": "nb"},
                      headers=owner).json()["id"]
    ids = [client.post(f"/api/v1/workshops/{wid}/activities", json={"kind": "open_text", "prompt": p},
                       headers=owner).json()["id"] for p in ("Hva fungerer godt?", "Hva trenger dere fra oss?")]
    assert client.post(f"/api/v1/workshops/{wid}/live", headers=owner).status_code == 200
    return owner, colleague, wid, ids


def add_colleague(client, owner, wid, **body):
    """Add the colleague (by email unless told otherwise)."""
    r = client.post(f"/api/v1/workshops/{wid}/facilitators", json=body or {"email": KOLLEGA}, headers=owner)
    assert r.status_code == 201, r.text
    return r.json()


def test_colleague_runs_the_workshop_only_while_added(client):
    """Nothing before being added; prepare, steer, moderate, export while added; nothing after removal."""
    owner, colleague, wid, ids = setup_pair(client)
    runs = [("GET", f"/api/v1/workshops/{wid}", None),
            ("PATCH", f"/api/v1/activities/{ids[0]}", {"prompt": "Hva fungerer aller best?"}),
            ("POST", f"/api/v1/workshops/{wid}/commands", {"command": "next"}),
            ("GET", f"/api/v1/workshops/{wid}/live-view", None),
            ("GET", f"/api/v1/workshops/{wid}/export.json", None),
            ("GET", f"/api/v1/workshops/{wid}/export.xlsx", None),
            ("GET", f"/api/v1/workshops/{wid}/facilitators", None)]
    for method, path, body in runs:
        assert client.request(method, path, json=body, headers=colleague).status_code == 404, (method, path)
    assert wid not in [w["id"] for w in client.get("/api/v1/workshops", headers=colleague).json()]

    person = add_colleague(client, owner, wid)
    assert person["email"] == KOLLEGA
    for method, path, body in runs:
        r = client.request(method, path, json=body, headers=colleague)
        assert r.status_code == 200, (method, path, r.status_code, r.text)
    w = client.get(f"/api/v1/workshops/{wid}", headers=owner).json()
    assert w["current_activity_id"] == ids[0]  # the colleague's "next" moved the owner's workshop out of the lobby
    assert w["activities"][0]["prompt"] == "Hva fungerer aller best?"
    r = client.post(f"/api/v1/workshops/{wid}/commands", json={"command": "lock"}, headers=colleague)
    assert r.status_code == 200
    team = client.get(f"/api/v1/workshops/{wid}/facilitators", headers=colleague).json()
    assert team["owner"]["email"] == "fasilitator@example.no"
    assert [c["email"] for c in team["co_facilitators"]] == [KOLLEGA]
    assert wid in [w["id"] for w in client.get("/api/v1/workshops", headers=colleague).json()]

    assert client.delete(f"/api/v1/workshops/{wid}/facilitators/{person['id']}", headers=owner).status_code == 204
    for method, path, body in runs:
        assert client.request(method, path, json=body, headers=colleague).status_code == 404, (method, path)
    assert client.delete(f"/api/v1/workshops/{wid}/facilitators/{person['id']}", headers=owner).status_code == 404


def test_only_the_owner_deletes_or_manages_people(client):
    """A co-facilitator gets 403 for deleting the workshop and adding or removing people."""
    owner, colleague, wid, _ids = setup_pair(client)
    person = add_colleague(client, owner, wid, facilitator_id=None, email=KOLLEGA.upper())
    me = client.get(f"/api/v1/workshops/{wid}/facilitators", headers=owner).json()["owner"]
    assert client.delete(f"/api/v1/workshops/{wid}", headers=colleague).status_code == 403
    r = client.post(f"/api/v1/workshops/{wid}/facilitators", json={"facilitator_id": me["id"]}, headers=colleague)
    assert r.status_code == 403 and r.json()["detail"]["code"] == "not_owner"
    r = client.delete(f"/api/v1/workshops/{wid}/facilitators/{person['id']}", headers=colleague)
    assert r.status_code == 403
    assert client.get(f"/api/v1/workshops/{wid}", headers=colleague).status_code == 200
    # The owner still can.
    assert client.delete(f"/api/v1/workshops/{wid}", headers=owner).status_code == 204
    assert client.get(f"/api/v1/workshops/{wid}", headers=colleague).status_code == 404


def test_adding_refuses_strangers_and_is_idempotent(client):
    """Only active facilitators of this installation; twice is once; the owner is not their own colleague."""
    owner, colleague, wid, _ids = setup_pair(client)
    for body in ({"email": "ukjent@example.no"}, {"facilitator_id": 999999}):
        assert client.post(f"/api/v1/workshops/{wid}/facilitators", json=body, headers=owner).status_code == 404
    for body in ({}, {"email": KOLLEGA, "facilitator_id": 2}, {"email": KOLLEGA, "role": "admin"}):
        assert client.post(f"/api/v1/workshops/{wid}/facilitators", json=body, headers=owner).status_code == 422
    me = client.get(f"/api/v1/workshops/{wid}/facilitators", headers=owner).json()["owner"]
    r = client.post(f"/api/v1/workshops/{wid}/facilitators", json={"facilitator_id": me["id"]}, headers=owner)
    assert r.status_code == 409
    person = add_colleague(client, owner, wid)
    assert add_colleague(client, owner, wid, facilitator_id=person["id"]) == person
    team = client.get(f"/api/v1/workshops/{wid}/facilitators", headers=owner).json()
    assert len(team["co_facilitators"]) == 1
    # A deactivated colleague cannot be added.
    assert client.delete(f"/api/v1/workshops/{wid}/facilitators/{person['id']}", headers=owner).status_code == 204
    assert client.patch(f"/api/v1/facilitators/{person['id']}", json={"active": False}, headers=owner).status_code == 200
    assert client.post(f"/api/v1/workshops/{wid}/facilitators", json={"email": KOLLEGA},
                       headers=owner).status_code == 404


def test_two_consoles_see_every_change(client):
    """Owner and co-facilitator each hold a console socket: each one's command reaches both."""
    owner, colleague, wid, ids = setup_pair(client)
    tokens = [h["Authorization"].split()[1] for h in (owner, colleague)]
    with client.websocket_connect(f"/ws/workshop/{wid}/facilitator") as ws:
        ws.send_json({"type": "hello", "token": tokens[1]})
        assert ws.receive_json()["code"] == "unauthorised"  # not yet added
        with pytest.raises(WebSocketDisconnect):
            ws.receive_json()
    add_colleague(client, owner, wid)
    with client.websocket_connect(f"/ws/workshop/{wid}/facilitator") as mine, \
            client.websocket_connect(f"/ws/workshop/{wid}/facilitator") as theirs:
        consoles = (mine, theirs)
        for ws, tok in zip(consoles, tokens):
            ws.send_json({"type": "hello", "token": tok})
            assert ws.receive_json()["type"] == "state"

        def both_see(predicate):
            for ws in consoles:
                for _ in range(20):
                    msg = ws.receive_json()
                    if msg.get("type") == "state" and predicate(msg):
                        break
                else:
                    raise AssertionError("the change did not reach a console")

        assert client.post(f"/api/v1/workshops/{wid}/commands", json={"command": "next"}, headers=owner).status_code == 200
        both_see(lambda m: current_id(m) == ids[0])
        assert client.post(f"/api/v1/workshops/{wid}/commands", json={"command": "lock"},
                           headers=colleague).status_code == 200
        both_see(lambda m: locked(m))


def current_id(state: dict):
    """The current activity's id in a staff state snapshot."""
    return (state.get("activity") or {}).get("id")


def locked(state: dict) -> bool:
    """Whether the current activity is locked in a staff state snapshot."""
    return (state.get("activity") or {}).get("locked") is True


def test_dashboard_and_editor_show_the_sharing(client):
    """The colleague's dashboard lists the shared workshop, marked; their editor has no delete or add."""
    owner, colleague, wid, _ids = setup_pair(client)
    add_colleague(client, owner, wid)
    client.cookies.clear()
    html_log_in(client, KOLLEGA)
    page = client.get("/facilitator").text
    assert "Samling 3 – Gygrene" in page and 'class="pill shared"' in page
    editor = client.get(f"/facilitator/workshops/{wid}").text
    assert "co-facilitators" in editor and f'data-api="/api/v1/workshops/{wid}" data-method="DELETE"' not in editor
    assert f'/api/v1/workshops/{wid}/facilitators" data-method="POST"' not in editor
    assert client.get(f"/facilitator/workshops/{wid}/console").status_code == 200


def test_deleting_an_account_keeps_or_takes_the_shared_workshop(client):
    """A co-facilitator leaving keeps the owner's workshop; the owner leaving takes it with its team."""
    owner, colleague, wid, _ids = setup_pair(client)
    add_colleague(client, owner, wid)
    r = client.post("/api/v1/auth/delete-account", json={"password": PASSWORD}, headers=colleague)
    assert r.status_code == 204, r.text
    assert client.get(f"/api/v1/workshops/{wid}/facilitators", headers=owner).json()["co_facilitators"] == []
    second = invite(client, owner, "tredje@example.no")
    add_colleague(client, owner, wid, email="tredje@example.no")
    other = client.post("/api/v1/workshops", json={"title": "Egen samling"}, headers=second).json()["id"]
    add_colleague(client, second, other, email="fasilitator@example.no")
    third = client.get(f"/api/v1/workshops/{other}/facilitators", headers=second).json()["owner"]["id"]
    # The last administrator cannot leave; make the third facilitator one first.
    assert client.patch(f"/api/v1/facilitators/{third}", json={"is_admin": True}, headers=owner).status_code == 200
    r = client.post("/api/v1/auth/delete-account", json={"password": PASSWORD}, headers=owner)
    assert r.status_code == 204, r.text
    assert client.get(f"/api/v1/workshops/{wid}", headers=second).status_code == 404
    assert client.get(f"/api/v1/workshops/{other}/facilitators", headers=second).json()["co_facilitators"] == []
