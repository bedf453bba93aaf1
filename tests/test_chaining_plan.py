"""A round planned to be fed by an earlier one: the plan is checked when saved, and resolved into the
list when the round opens (only while its list is empty)."""
import pytest

from app.db import Database
from app.models import Workshop
from app.services import chaining
from tests.test_api import add, command, go_live, join, make_workshop

VALUES = ["Tillit", "Respekt", "Åpenhet", "Likeverd", "Ærlighet", "Toleranse", "Kreativitet", "Inkludering",
          "Retning", "Raushet", "Mot"]
BOARDS = {  # each group's diamond, top slot first
    "Gygrene": ["Tillit", "Respekt", "Åpenhet", "Mot", "Raushet", "Likeverd", "Retning", "Ærlighet", "Toleranse"],
    "Stjernelaget": ["Respekt", "Mot", "Kreativitet", "Tillit", "Raushet", "Likeverd", "Retning", "Ærlighet",
                     "Inkludering"],
}


def patch(client, auth, activity_id: int, settings: dict):
    """PATCH an activity's settings; the response."""
    return client.patch(f"/api/v1/activities/{activity_id}", json={"settings": settings}, headers=auth)


def build_board(client, token: str, diamond_id: int, items: list[str]) -> None:
    """One group member places the group's diamond over the participant websocket."""
    with client.websocket_connect("/ws/participant") as ws:
        ws.send_json({"type": "hello", "token": token})
        assert ws.receive_json()["type"] == "state"
        for slot, item in enumerate(items):
            ws.send_json({"type": "submit", "client_id": f"move-{diamond_id}-{slot:04d}", "activity_id": diamond_id,
                          "payload": {"type": "move", "item": item, "slot": slot}})
            while (msg := ws.receive_json())["type"] not in ("ack", "error"):
                pass
            assert msg["type"] == "ack", msg


@pytest.fixture
def room(client, auth):
    """A live workshop: a self-assessment, a group diamond answered by two groups, then a 100-point round
    with an empty list."""
    wid = make_workshop(client, auth)
    intro = add(client, auth, wid, "scale", "Hvor godt kjenner du de andre sektorene?")
    diamond = add(client, auth, wid, "diamond", "Bli enige om 9 verdier",
                  settings={"items": VALUES, "mode": "group"})
    vote = add(client, auth, wid, "points", "Prioriter verdiene: fordel 100 poeng")
    code = go_live(client, auth, wid)
    command(client, auth, wid, "goto", activity_id=diamond["id"])
    for name, items in BOARDS.items():
        gid = client.post(f"/api/v1/workshops/{wid}/groups", json={"name": name}, headers=auth).json()["id"]
        phone = join(client, code)
        r = client.post(f"/api/v1/workshops/{wid}/groups/move",
                        json={"participant_id": phone["participant_id"], "group_id": gid}, headers=auth)
        assert r.status_code == 204, r.text
        build_board(client, phone["participant_token"], diamond["id"], items)
    return {"wid": wid, "intro": intro, "diamond": diamond, "vote": vote, "phone": phone["participant_token"]}


def settings_of(client, auth, wid: int, activity_id: int) -> dict:
    """An activity's stored settings, as the console reads them."""
    activities = client.get(f"/api/v1/workshops/{wid}", headers=auth).json()["activities"]
    return next(a for a in activities if a["id"] == activity_id)["settings"]


def phone_state(client, token: str) -> dict:
    """The state a phone receives on connecting."""
    with client.websocket_connect("/ws/participant") as ws:
        ws.send_json({"type": "hello", "token": token})
        state = ws.receive_json()
    assert state["type"] == "state"
    return state


def test_the_plan_fills_the_empty_list_when_the_round_opens(client, auth, settings, room):
    vote, diamond = room["vote"], room["diamond"]
    r = patch(client, auth, vote["id"], {"feed": {"source_id": diamond["id"], "n": 3}})
    assert r.status_code == 200, r.text
    assert r.json()["settings"]["feed"] == {"source_id": diamond["id"], "n": 3}
    assert r.json()["settings"]["items"] == []  # nothing resolved before the round opens
    db = Database(settings.database_url)
    try:
        with db.read() as s:
            owner = s.get(Workshop, room["wid"]).owner_id
        expected = chaining.pool(db, owner, vote["id"], diamond["id"], 3)
    finally:
        db.dispose()
    assert expected["lists"] == [BOARDS["Gygrene"][:3], BOARDS["Stjernelaget"][:3]]
    assert expected["items"] == ["Tillit", "Respekt", "Åpenhet", "Mot", "Kreativitet"]

    command(client, auth, room["wid"], "next")  # from the diamond into the 100-point round
    stored = settings_of(client, auth, room["wid"], vote["id"])
    assert stored["items"] == expected["items"]
    assert stored["feed"] == {"source_id": diamond["id"], "n": 3}  # the plan stays, for the console to show
    phone = phone_state(client, room["phone"])
    assert phone["activity"]["id"] == vote["id"]
    assert phone["activity"]["settings"]["items"] == expected["items"]  # what the phones render

    # The facilitator edits the list; leaving and coming back never replaces it.
    r = patch(client, auth, vote["id"], {"items": ["Tillit", "Respekt", "Mot", "Humor"]})
    assert r.status_code == 200, r.text
    command(client, auth, room["wid"], "previous")
    command(client, auth, room["wid"], "goto", activity_id=vote["id"])
    assert settings_of(client, auth, room["wid"], vote["id"])["items"] == ["Tillit", "Respekt", "Mot", "Humor"]


def test_a_list_already_there_is_not_overwritten(client, auth, room):
    vote, diamond = room["vote"], room["diamond"]
    r = patch(client, auth, vote["id"], {"items": ["Humor", "Glede"], "feed": {"source_id": diamond["id"], "n": 2}})
    assert r.status_code == 200, r.text
    command(client, auth, room["wid"], "next")
    assert settings_of(client, auth, room["wid"], vote["id"])["items"] == ["Humor", "Glede"]


def test_a_plan_whose_source_has_no_answers_waits(client, auth, room):
    """An earlier round nobody answered gives nothing: the list stays empty and the plan stays."""
    vote = room["vote"]
    plan_on = add(client, auth, room["wid"], "poll", "Hvilken verdi er viktigst?")
    r = patch(client, auth, plan_on["id"], {"feed": {"source_id": vote["id"], "n": 2}})
    assert r.status_code == 200, r.text
    command(client, auth, room["wid"], "goto", activity_id=plan_on["id"])
    stored = settings_of(client, auth, room["wid"], plan_on["id"])
    assert stored["items"] == [] and stored["feed"] == {"source_id": vote["id"], "n": 2}


@pytest.mark.parametrize("plan", [
    lambda room, other: {"source_id": room["vote"]["id"], "n": 3},  # itself
    lambda room, other: {"source_id": other, "n": 3},  # a round of another workshop
    lambda room, other: {"source_id": room["diamond"]["id"], "n": 0},
    lambda room, other: {"source_id": room["diamond"]["id"], "n": 21},
    lambda room, other: {"source_id": room["diamond"]["id"], "n": "3"},
    lambda room, other: {"source_id": room["intro"]["id"], "n": 3},  # a self-assessment cannot feed a list
    lambda room, other: {"source_id": room["diamond"]["id"]},
    lambda room, other: {"source_id": room["diamond"]["id"], "n": 3, "extra": 1},
    lambda room, other: "diamond",
])
def test_invalid_plans_are_refused(client, auth, room, plan):
    other_wid = make_workshop(client, auth, "Samling 4")
    other = add(client, auth, other_wid, "diamond", "Prioriter", settings={"items": VALUES})
    r = patch(client, auth, room["vote"]["id"], {"feed": plan(room, other["id"])})
    assert r.status_code == 422, r.text
    assert settings_of(client, auth, room["wid"], room["vote"]["id"])["feed"] is None


def test_a_later_round_cannot_feed_an_earlier_one(client, auth, room):
    r = patch(client, auth, room["diamond"]["id"], {"feed": {"source_id": room["vote"]["id"], "n": 3}})
    assert r.status_code == 422, r.text
    r = patch(client, auth, room["intro"]["id"], {"feed": {"source_id": room["diamond"]["id"], "n": 3}})
    assert r.status_code == 422, r.text  # a self-assessment is never fed


def test_a_new_round_with_a_plan_is_checked_too(client, auth, room):
    ok = add(client, auth, room["wid"], "points", "Fordel 100 poeng",
             settings={"feed": {"source_id": room["diamond"]["id"], "n": 3}})
    assert ok["settings"]["feed"] == {"source_id": room["diamond"]["id"], "n": 3}
    r = client.post(f"/api/v1/workshops/{room['wid']}/activities", headers=auth,
                    json={"kind": "points", "prompt": "Fordel 100 poeng", "position": 0,
                          "settings": {"feed": {"source_id": room["diamond"]["id"], "n": 3}}})
    assert r.status_code == 422, r.text


def test_the_plan_can_be_removed(client, auth, room):
    patch(client, auth, room["vote"]["id"], {"feed": {"source_id": room["diamond"]["id"], "n": 3}})
    r = patch(client, auth, room["vote"]["id"], {"feed": None})
    assert r.status_code == 200 and r.json()["settings"]["feed"] is None
    command(client, auth, room["wid"], "next")
    assert settings_of(client, auth, room["wid"], room["vote"]["id"])["items"] == []


def test_a_plan_saved_while_its_round_is_open_fills_the_list_at_once(client, auth, room):
    """The console plans the round on screen: its phones get the list without leaving and coming back."""
    command(client, auth, room["wid"], "next")
    assert phone_state(client, room["phone"])["activity"]["settings"]["items"] == []
    r = patch(client, auth, room["vote"]["id"], {"feed": {"source_id": room["diamond"]["id"], "n": 1}})
    assert r.status_code == 200, r.text
    assert r.json()["settings"]["items"] == ["Tillit", "Respekt"]
    assert phone_state(client, room["phone"])["activity"]["settings"]["items"] == ["Tillit", "Respekt"]
