"""Preparing a draft workshop over the API: groups, roles and phase plans set before going live are kept."""
GROUPS = ["Gygrene", "Stjernelaget", "Godt og blandet", "Blåveis", "Einingsleiarane", "Tilstedeværelse 2025"]
IGP = [{"label": "individual", "seconds": 180, "turns": False}, {"label": "group", "seconds": 900, "turns": True},
       {"label": "plenary", "seconds": 600, "turns": False}]


def draft(client, auth):
    """A draft workshop with three activities; its id and activity ids."""
    w = client.post("/api/v1/workshops", json={"title": "Samling 3"}, headers=auth).json()
    ids = [client.post(f"/api/v1/workshops/{w['id']}/activities", json={"kind": kind, "prompt": prompt},
                       headers=auth).json()["id"]
           for kind, prompt in [("open_text", "Hva tar du med?"), ("poster", "VERDI"), ("scale", "Hvor trygg?")]]
    return w["id"], ids


def test_a_draft_takes_groups_roles_and_phases_and_keeps_them_when_it_goes_live(client, auth):
    """Everything prepared in the draft is there once it is live and the activity is on screen."""
    wid, ids = draft(client, auth)
    made = [client.post(f"/api/v1/workshops/{wid}/groups", json={"name": n}, headers=auth) for n in GROUPS]
    assert [r.status_code for r in made] == [201] * 6
    r = client.patch(f"/api/v1/groups/{made[0].json()['id']}", json={"name": "Gygrene 2"}, headers=auth)
    assert r.status_code == 200, r.text
    assert client.delete(f"/api/v1/groups/{made[5].json()['id']}", headers=auth).status_code == 204
    presets = client.get(f"/api/v1/workshops/{wid}/roles/presets", headers=auth).json()
    assert client.put(f"/api/v1/workshops/{wid}/roles", json={"roles": presets}, headers=auth).status_code == 200
    assert client.patch(f"/api/v1/workshops/{wid}", json={"group_choice": True}, headers=auth).status_code == 200
    for aid in ids[:2]:
        r = client.put(f"/api/v1/activities/{aid}/phases", json={"phases": IGP}, headers=auth)
        assert r.status_code == 200, r.text
    w = client.get(f"/api/v1/workshops/{wid}", headers=auth).json()
    assert w["status"] == "draft" and w["join_code"] is None

    assert client.post(f"/api/v1/workshops/{wid}/live", headers=auth).status_code == 200
    client.post(f"/api/v1/workshops/{wid}/commands", json={"command": "next"}, headers=auth)
    state = client.get(f"/api/v1/workshops/{wid}/live-view", headers=auth).json()["state"]
    named = [g["name"] for g in state["groups"] if g["id"] is not None]
    assert named == ["Gygrene 2"] + GROUPS[1:5]
    assert [r["preset"] for r in state["roles"]] == ["chair", "guard", "secretary"]
    assert state["group_choice"] is True
    clock = state["activity"]["clock"]
    assert [(p["label"], p["seconds"], p["turns"]) for p in clock["phases"]] == [
        ("individual", 180, False), ("group", 900, True), ("plenary", 600, False)]
    assert clock["index"] == -1
