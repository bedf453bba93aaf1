"""The editor's preview: the messages the phone and presenter pages are fed, built from a draft's activity."""
from app.models import Workshop
from app.services.preview import PREVIEW_ID, preview_messages
from tests.test_accounts import html_log_in, invite
from tests.test_api import add, make_workshop

VALUES = ["Tillit", "Respekt", "Åpenhet", "Likeverd", "Mot", "Raushet", "Ærlighet", "Toleranse", "Inkludering"]


def owner_of(client, workshop_id: int) -> int:
    with client.app.state.ctx.db.read() as s:
        return s.get(Workshop, workshop_id).owner_id


def test_a_draft_activity_previews_as_it_will_open(client, auth):
    wid = make_workshop(client, auth)
    add(client, auth, wid, "word_cloud", "Hva er god ledelse for deg?")
    diamond = add(client, auth, wid, "diamond", "Bli enige om 9 verdier", settings={"items": VALUES, "mode": "group"})
    db = client.app.state.ctx.db
    w, messages = preview_messages(db, owner_of(client, wid), diamond["id"])
    phone, = messages["phone"]  # no groups yet: no personal view
    assert phone["type"] == "state" and phone["activity"]["id"] == diamond["id"]
    assert phone["activity"]["settings"]["items"] == VALUES and phone["position"] == 2
    assert phone["participant"]["id"] == PREVIEW_ID and phone["mine"] == {}
    state, results = messages["presenter"]
    assert state["activity"]["prompt"] == "Bli enige om 9 verdier"
    assert results["activity_id"] == diamond["id"] and results["counts"]["answered"] == 0
    # Nothing of the preview is stored: the workshop is still a draft with nothing open.
    assert client.get(f"/api/v1/workshops/{wid}", headers=auth).json()["status"] == "draft"


def test_a_grouped_workshop_previews_a_phone_of_its_first_group(client, auth):
    wid = make_workshop(client, auth)
    diamond = add(client, auth, wid, "diamond", "Bli enige om 9 verdier", settings={"items": VALUES, "mode": "group"})
    for name in ("Gygrene", "Stjernelaget"):
        assert client.post(f"/api/v1/workshops/{wid}/groups", json={"name": name}, headers=auth).status_code == 201
    presets = client.get(f"/api/v1/workshops/{wid}/roles/presets", headers=auth).json()
    assert client.put(f"/api/v1/workshops/{wid}/roles", json={"roles": presets}, headers=auth).status_code == 200
    _w, messages = preview_messages(client.app.state.ctx.db, owner_of(client, wid), diamond["id"])
    _state, personal = messages["phone"]
    assert personal["type"] == "personal" and personal["group"]["name"] == "Gygrene"
    assert personal["role"]["name"] == presets[0]["name"] and personal["activity_id"] == diamond["id"]


def test_the_preview_pages_are_framed_only_by_our_own_and_shown_only_to_who_runs_it(client, auth):
    wid = make_workshop(client, auth)
    a = add(client, auth, wid, "poll", "Hvilken passer best?", settings={"items": ["Ja", "Nei"]})
    html_log_in(client, "fasilitator@example.no")
    for screen in ("phone", "presenter"):
        r = client.get(f"/facilitator/activities/{a['id']}/preview/{screen}")
        assert r.status_code == 200 and "Hvilken passer best?" in r.text and "data-preview=" in r.text
        assert r.headers["x-frame-options"] == "SAMEORIGIN" and "frame-ancestors 'self'" in r.headers["content-security-policy"]
    # Every other page still refuses to be framed.
    assert client.get(f"/facilitator/workshops/{wid}").headers["x-frame-options"] == "DENY"
    invite(client, auth, "annen@example.no")
    client.cookies.clear()
    html_log_in(client, "annen@example.no")
    r = client.get(f"/facilitator/activities/{a['id']}/preview/phone", headers={"accept": "text/html"})
    assert r.status_code == 404 and "Hvilken passer best?" not in r.text
