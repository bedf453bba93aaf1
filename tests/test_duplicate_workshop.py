"""Duplicating a whole workshop for the next cohort: agenda, settings, phase plans, groups and roles; no
participants, answers or moderation (issue 12)."""
import re

from app.i18n import translate_to
from tests.test_api import add, agenda, command, go_live, invite_and_sign_up, join, make_workshop, submit

ROLES = [{"name": "Ordstyrer", "rule": "den med mørkest hår", "duty": "Leder samtalen.", "writes": False},
         {"name": "Sekretær", "rule": "den med nyest bukse", "duty": "Skriver ned.", "writes": True}]
IGP = [{"label": "individual", "seconds": 180, "turns": False}, {"label": "group", "seconds": 900, "turns": True},
       {"label": "plenary", "seconds": 600, "turns": False}]


def ok(r, status: int = 200) -> dict:
    """The JSON of a response that must have `status`."""
    assert r.status_code == status, r.text
    return r.json() if r.content else {}


def groups_view(client, auth, wid: int) -> dict:
    """Groups with members, roles and group choice (the bucket of people in no group has no id)."""
    return ok(client.get(f"/api/v1/workshops/{wid}/groups", headers=auth))


def named(view: dict) -> list[dict]:
    """The workshop's own groups in a groups view, without the bucket of people in no group."""
    return [g for g in view["groups"] if g["id"] is not None]


def people(view: dict) -> int:
    """Everyone who joined, placed in a group or not."""
    return sum(len(g["members"]) for g in view["groups"])


def day_three(client, auth) -> tuple[int, dict, dict, dict]:
    """A live day: two groups with members and drawn roles, a phase plan running on a question, answers,
    a word-cloud merge and a hidden word, a gallery walk whose stops fill the poster's clock."""
    wid = make_workshop(client, auth, "Samling 3 – Verdier og ledelse")
    q = add(client, auth, wid, "open_text", "Hva betyr tillit for deg?", settings={"max_answers": 5})
    cloud = add(client, auth, wid, "word_cloud", "Ett ord om ledelse", settings={"words_per_participant": 2})
    poster = add(client, auth, wid, "poster", "Lag en plakat om gruppens verdier")
    ok(client.put(f"/api/v1/activities/{q['id']}/phases", json={"phases": IGP}, headers=auth))
    ok(client.patch(f"/api/v1/workshops/{wid}", json={"group_choice": False, "retention_days": 30}, headers=auth))
    ok(client.put(f"/api/v1/workshops/{wid}/roles", json={"roles": ROLES}, headers=auth))
    gids = [ok(client.post(f"/api/v1/workshops/{wid}/groups", json={"name": name}, headers=auth), 201)["id"]
            for name in ("Gygrene", "Stjernelaget", "Medarbeiderinvolvering")]
    code = go_live(client, auth, wid)
    phones = [join(client, code) for _ in range(4)]
    for i, p in enumerate(phones):
        ok(client.post(f"/api/v1/workshops/{wid}/groups/move",
                       json={"participant_id": p["participant_id"], "group_id": gids[i % 2]}, headers=auth), 204)
    ok(client.post(f"/api/v1/workshops/{wid}/roles/draw", headers=auth), 204)
    command(client, auth, wid, "goto", activity_id=q["id"])
    command(client, auth, wid, "phase_start", activity_id=q["id"])
    reply = submit(client, phones[0]["participant_token"], q["id"], "Å bli trodd på", "client-q-1")
    assert reply["type"] == "ack", reply
    command(client, auth, wid, "goto", activity_id=cloud["id"])
    for i, word in enumerate(["Tillit", "tilit", "Åpenhet"]):
        assert submit(client, phones[i]["participant_token"], cloud["id"], word, f"client-w-{i}")["type"] == "ack"
    command(client, auth, wid, "merge_words", activity_id=cloud["id"], source="tilit", target="tillit")
    command(client, auth, wid, "hide_word", activity_id=cloud["id"], word="åpenhet")
    command(client, auth, wid, "walk_start", activity_id=poster["id"], present_seconds=60, comment_seconds=120,
            return_seconds=60)
    command(client, auth, wid, "lock", activity_id=q["id"])
    return wid, q, cloud, poster


def test_the_copy_has_the_day_without_its_people_answers_or_moderation(client, auth):
    """Agenda, settings, phase plans, groups and roles are copied; participants, entries, moderation,
    running clocks, locks and a walk's stops are not; the copy is a draft of the caller's, opened in its editor."""
    wid, *_ = day_three(client, auth)
    old = agenda(client, auth, wid)
    assert old[1]["moderation"]["merges"] and old[0]["clock"]["index"] == 0 and old[0]["locked"]  # the day ran
    assert all(p[0].startswith("walk:") for p in old[2]["clock"]["phases"])

    copy = ok(client.post(f"/api/v1/workshops/{wid}/duplicate", headers=auth), 201)
    assert copy["id"] != wid
    assert copy["title"] == translate_to("nb", "%(title)s (copy)", title="Samling 3 – Verdier og ledelse")
    assert (copy["status"], copy["join_code"], copy["current_activity_id"]) == ("draft", None, None)
    assert (copy["language"], copy["group_choice"], copy["retention_days"]) == ("nb", False, 30)
    assert [(a["kind"], a["prompt"], a["settings"], a["position"]) for a in copy["activities"]] == \
        [(a["kind"], a["prompt"], a["settings"], a["position"]) for a in old]
    assert not {a["id"] for a in copy["activities"]} & {a["id"] for a in old}
    assert [a["moderation"] for a in copy["activities"]] == [{}, {}, {}]
    assert [a["locked"] for a in copy["activities"]] == [False, False, False]
    plan = {"phases": [[p["label"], p["seconds"], p["turns"]] for p in IGP], "index": -1, "deadline": None,
            "remaining": None}
    assert [a["clock"] for a in copy["activities"]] == [plan, {}, {}]  # a plan not started; the walk's stops gone

    old_groups, new_groups = groups_view(client, auth, wid), groups_view(client, auth, copy["id"])
    assert [g["name"] for g in named(new_groups)] == [g["name"] for g in named(old_groups)] == \
        ["Gygrene", "Stjernelaget", "Medarbeiderinvolvering"]
    assert (people(old_groups), people(new_groups)) == (4, 0)
    assert not {g["id"] for g in named(new_groups)} & {g["id"] for g in named(old_groups)}
    assert new_groups["roles"] == old_groups["roles"]
    assert [r["name"] for r in new_groups["roles"]] == ["Ordstyrer", "Sekretær"]
    assert new_groups["group_choice"] is False

    view = ok(client.get(f"/api/v1/workshops/{copy['id']}/export.json", headers=auth))
    assert "Å bli trodd på" not in str(view) and "Tillit" not in str(view) and "tilit" not in str(view)
    assert "Å bli trodd på" in str(ok(client.get(f"/api/v1/workshops/{wid}/export.json", headers=auth)))

    # The original day is untouched and still live.
    after = ok(client.get(f"/api/v1/workshops/{wid}", headers=auth))
    assert after["status"] == "live" and after["activities"] == old
    listed = [w["id"] for w in ok(client.get("/api/v1/workshops", headers=auth))]
    assert listed == [copy["id"], wid]


def test_the_copy_can_go_live_with_its_own_code_and_phases(client, auth):
    """The copy is a real workshop: it goes live under a new code beside the original, and its phases start."""
    wid, *_ = day_three(client, auth)
    copy = ok(client.post(f"/api/v1/workshops/{wid}/duplicate", headers=auth), 201)
    old_code = ok(client.get(f"/api/v1/workshops/{wid}", headers=auth))["join_code"]
    new_code = go_live(client, auth, copy["id"])
    assert new_code and new_code != old_code
    first = copy["activities"][0]["id"]
    started = command(client, auth, copy["id"], "phase_start", activity_id=first)
    assert started["activities"][0]["clock"]["index"] == 0
    phone = join(client, new_code)
    assert phone["workshop_id"] == copy["id"]
    after = groups_view(client, auth, copy["id"])
    assert people(after) == 1 and all(g["members"] == [] for g in named(after))  # no group choice: not placed yet
    assert people(groups_view(client, auth, wid)) == 4


def test_english_title_and_a_long_title_stays_within_200_characters(client, auth):
    """The suffix follows the workshop's language; a title at the limit is shortened, never refused."""
    r = ok(client.post("/api/v1/workshops", json={"title": "Day 3", "language": "en"}, headers=auth), 201)
    assert ok(client.post(f"/api/v1/workshops/{r['id']}/duplicate", headers=auth), 201)["title"] == "Day 3 (copy)"
    long = ok(client.post("/api/v1/workshops", json={"title": "Medarbeiderinvolvering " * 8 + "x" * 16,
                                                      "language": "en"}, headers=auth), 201)
    assert len(long["title"]) == 200
    title = ok(client.post(f"/api/v1/workshops/{long['id']}/duplicate", headers=auth), 201)["title"]
    assert len(title) <= 200 and title.endswith(" (copy)") and title.startswith("Medarbeiderinvolvering")
    twice = ok(client.post(f"/api/v1/workshops/{long['id']}/duplicate", headers=auth), 201)
    assert twice["title"] == title and twice["id"] != long["id"]


def test_another_facilitator_cannot_duplicate_it(client, auth):
    """Someone else's workshop is not found, and nothing is created for them."""
    wid = make_workshop(client, auth)
    add(client, auth, wid, "open_text", "Hva betyr tillit for deg?")
    other = invite_and_sign_up(client, auth)
    r = client.post(f"/api/v1/workshops/{wid}/duplicate", headers=other)
    assert r.status_code == 404, r.text
    assert ok(client.get("/api/v1/workshops", headers=other)) == []
    assert client.post("/api/v1/workshops/999999/duplicate", headers=auth).status_code == 404


def test_duplicate_buttons_lead_to_the_new_workshops_editor(client, auth):
    """The dashboard row and the editor offer the copy, going on to the editor of the id the answer gives."""
    other = invite_and_sign_up(client, auth)  # leaves their browser session in the client's cookies
    wid = make_workshop(client, other)
    for url in ("/facilitator", f"/facilitator/workshops/{wid}"):
        page = client.get(url)
        assert page.status_code == 200, url
        assert re.search(rf'data-api="/api/v1/workshops/{wid}/duplicate" data-method="POST"\s+'
                         r'data-then="/facilitator/workshops/\{id\}"', page.text), url


def test_a_feed_plan_points_at_the_copy_of_its_source_with_its_list_empty_again(client, auth):
    """A round planned to be fed by an earlier one (services/chaining.py) is fed by the copy's own earlier
    round, and the list the old day got is gone: the new cohort's answers fill it."""
    wid = make_workshop(client, auth)
    diamond = add(client, auth, wid, "diamond", "Bli enige om 9 verdier",
                  settings={"items": ["Tillit", "Respekt", "Åpenhet", "Mot", "Raushet", "Likeverd", "Retning",
                                      "Ærlighet", "Toleranse"], "mode": "group"})
    vote = add(client, auth, wid, "points", "Prioriter verdiene: fordel 100 poeng")
    ok(client.patch(f"/api/v1/activities/{vote['id']}", headers=auth,
                    json={"settings": {"items": ["Tillit", "Mot"], "feed": {"source_id": diamond["id"], "n": 3}}}))
    copy = ok(client.post(f"/api/v1/workshops/{wid}/duplicate", headers=auth), 201)
    new_diamond, new_vote = copy["activities"]
    assert new_diamond["settings"] == diamond["settings"]
    assert new_vote["settings"]["feed"] == {"source_id": new_diamond["id"], "n": 3}
    assert new_vote["settings"]["items"] == []
    assert agenda(client, auth, wid)[1]["settings"]["items"] == ["Tillit", "Mot"]  # the old day keeps its list
